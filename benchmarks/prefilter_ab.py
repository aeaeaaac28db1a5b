"""The Hyperscan prefilter against the pure-Python index, on the distinct corpus, in one run.

Two figures, each the median of --repeat runs, the two paths interleaved:

  - the rule scan alone: every turn of the corpus through a fresh ``RuleSet.scan`` (its role's
    patterns), in this process, the Hyperscan database's compile and warm-up included
  - the whole analysis: ``cscoach analyze --format json`` with ``CSCOACH_HYPERSCAN=0`` and
    without, whole-process time

Then both paths' JSON outputs are compared byte for byte. Needs the ``fast`` extra.

    python benchmarks/prefilter_ab.py [--repeat 3] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import distinct_corpus, run

PATHS = {"python": "0", "hyperscan": "1"}


def turns_of(corpus: Path) -> list[tuple[str, str]]:
    out = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            for turn in json.loads(line)["turns"]:
                role = "customer" if turn.get("role") == "customer" else "agent"
                out.append((turn.get("text") or "", role))
    return out


def scan_time(turns: list[tuple[str, str]], hyperscan: bool) -> float:
    from cscoach.rules.engine import RuleSet, builtin_rules

    start = time.perf_counter()
    rules = RuleSet(builtin_rules().rules, hyperscan=hyperscan)
    for text, role in turns:
        rules.scan(text, role)
    return time.perf_counter() - start


def analyze(corpus: Path, path: str, jobs: int, output: Path | None = None) -> tuple[float, int]:
    os.environ["CSCOACH_HYPERSCAN"] = PATHS[path]
    command = [sys.executable, "-m", "cscoach", "analyze", str(corpus), "-f", "json", "-q"]
    command += ["-j", str(jobs)]
    try:
        if output is None:
            return run(command)
        with output.open("w") as fh:
            subprocess.run(command, stdout=fh, check=False)
        return 0.0, 0
    finally:
        del os.environ["CSCOACH_HYPERSCAN"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, turns = distinct_corpus(Path(tmp))
        texts = turns_of(corpus)
        scans: dict[str, list[float]] = {name: [] for name in PATHS}
        wholes: dict[str, list[float]] = {name: [] for name in PATHS}
        for _ in range(args.repeat):
            for name in PATHS:
                scans[name].append(scan_time(texts, name == "hyperscan"))
        for _ in range(args.repeat):
            for name in PATHS:
                wholes[name].append(analyze(corpus, name, args.jobs)[0])
        outputs = {name: Path(tmp) / f"{name}.json" for name in PATHS}
        for name, path in outputs.items():
            analyze(corpus, name, 2, path)
        same = outputs["python"].read_bytes() == outputs["hyperscan"].read_bytes()
        size = outputs["python"].stat().st_size
    print(f"distinct corpus: {turns:,} turns; median of {args.repeat} interleaved runs")
    for label, figures in (("rule scan alone", scans), (f"analyze -j {args.jobs}", wholes)):
        python, fast = (statistics.median(figures[name]) for name in PATHS)
        print(f"{label:>16}: python {python:6.2f} s  hyperscan {fast:6.2f} s  "
              f"speed-up {python / fast:.2f}x")  # fmt: skip
    print(f"json outputs: {'identical' if same else 'DIFFER'} ({size:,} bytes)")


if __name__ == "__main__":
    main()
