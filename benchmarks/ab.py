"""Before and after, in one run: `cscoach analyze` from two source trees on the same corpus.

Runs alternate (A, B, A, B, ...) so machine noise falls on both alike; prints the median
turns per second of each, their ratio, and peak memory. The corpus is the benchmark's distinct
corpus (every dataset once), unless --corpus names a JSONL file. Then both trees' outputs are
compared: a speed-up must leave the bytes as they were (the first differing line is named).

    git worktree add /tmp/before <commit>
    python benchmarks/ab.py /tmp/before/src [--repeat 3] [--jobs 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import distinct_corpus, run

ROOT = Path(__file__).resolve().parents[1]


def timed(src: Path, corpus: Path, jobs: int) -> tuple[float, int]:
    os.environ["PYTHONPATH"] = str(src)
    try:
        return run([sys.executable, "-m", "cscoach", "analyze", str(corpus), "-f", "jsonl", "-q",
                    "-j", str(jobs)])  # fmt: skip
    finally:
        del os.environ["PYTHONPATH"]


def output(src: Path, corpus: Path, jobs: int) -> list[str]:
    """The result lines one tree writes for the corpus."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "cscoach", "analyze", str(corpus), "-f", "jsonl", "-q"]
    done = subprocess.run([*command, "-j", str(jobs)], capture_output=True, text=True, env=env)
    return done.stdout.splitlines()


def compare(before: list[str], after: list[str]) -> str:
    if before == after:
        return f"outputs: identical ({len(after):,} result lines)"
    for number, (old, new) in enumerate(zip(before, after, strict=False), start=1):
        if old != new:
            return f"outputs: DIFFER, first at result line {number}"
    return f"outputs: DIFFER, {len(before):,} lines before and {len(after):,} after"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other tree's src/ folder")
    parser.add_argument("--after", type=Path, default=ROOT / "src")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, turns = (
            (args.corpus, sum(len(line) > 1 for line in args.corpus.open()))
            if args.corpus
            else distinct_corpus(Path(tmp))
        )
        results: dict[str, list[tuple[float, int]]] = {"before": [], "after": []}
        for _ in range(args.repeat):
            for name, src in (("before", args.before), ("after", args.after)):
                results[name].append(timed(src, corpus, args.jobs))
        same = compare(output(args.before, corpus, 2), output(args.after, corpus, 2))
    unit = "turns" if not args.corpus else "lines"
    print(f"corpus: {corpus.name}, {turns:,} {unit}; --jobs {args.jobs}; median of {args.repeat}")
    speed = {}
    for name, runs in results.items():
        seconds = statistics.median(t for t, _ in runs)
        speed[name] = turns / seconds
        peak = max(r for _, r in runs) / 1024
        print(f"{name:>7}: {seconds:6.2f} s  {speed[name]:8,.0f} {unit}/s  peak RSS {peak:6.0f} MB")
    print(f"after / before: {speed['after'] / speed['before']:.2f}")
    print(same)


if __name__ == "__main__":
    main()
