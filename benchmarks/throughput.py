"""Speed and memory of `cscoach analyze`, against bare VADER as the reference.

Builds a realistic corpus by recombining transcripts_examples/ and two real datasets
(ibm-twitter-dev.jsonl, stc3-dev.jsonl) deterministically, at each size, and measures in one run:

  (a) bare VADER: polarity_scores once on every turn's text, turns per second (the reference)
  (b) cscoach analyze --format jsonl, one job: turns per second, and its peak RSS
  (c) the same with all cores
  (d) peak RSS of (b) at every size, and the ratio between the largest and smallest
  (e) wall time of `cscoach --help` and of analysing one small file

The recombined corpus repeats its ~1,360 base conversations (7x at 10k, 74x at 100k), and
cscoach memoises per sentence and per turn, so repeats are cheap. A last row, "distinct",
measures the same on every conversation of every dataset once (~9,000, nothing repeated but
what real exports repeat): the throughput of text cscoach has not seen before.

Each timing is the median of --repeat runs. Usage:

    python benchmarks/throughput.py                    # sizes 10000 and 100000
    python benchmarks/throughput.py --sizes 2000 --repeat 3
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
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
SOURCES = ("ibm-twitter-dev.jsonl", "stc3-dev.jsonl")


def base_conversations() -> list[dict]:
    """Canonical conversation dicts: the bundled examples (read by cscoach) and the datasets."""
    from cscoach.ingest import ReadError, load

    out = []
    for conv in load([str(ROOT / "transcripts_examples")]):
        if isinstance(conv, ReadError):
            continue
        turns = [{"role": t.role, "speaker": t.speaker, "text": t.text} for t in conv.turns]
        out.append(
            {
                "id": conv.id,
                "channel": conv.channel,
                "metadata": dict(conv.metadata),
                "turns": turns,
            }
        )
    for name in SOURCES:
        with (DATASETS / name).open(encoding="utf-8") as fh:
            out.extend(json.loads(line) for line in fh if line.strip())
    return out


def build_corpus(base: list[dict], size: int, folder: Path) -> tuple[Path, int]:
    """``size`` conversations cycling through ``base``, each with a unique id; returns the
    path and the number of turns."""
    path = folder / f"corpus-{size}.jsonl"
    turns = 0
    with path.open("w", encoding="utf-8") as fh:
        for n, conv in enumerate(islice(cycle(base), size)):
            fh.write(
                json.dumps({**conv, "id": f"{conv.get('id', 'c')}-{n}"}, ensure_ascii=False) + "\n"
            )
            turns += len(conv["turns"])
    return path, turns


def distinct_corpus(folder: Path) -> tuple[Path, int]:
    """Every canonical dataset once, each conversation with a unique id."""
    path = folder / "corpus-distinct.jsonl"
    turns = 0
    with path.open("w", encoding="utf-8") as out:
        for source in sorted(DATASETS.glob("*.jsonl")):
            for n, line in enumerate(source.open(encoding="utf-8")):
                conv = json.loads(line)
                conv["id"] = f"{source.stem}-{n}"
                out.write(json.dumps(conv, ensure_ascii=False) + "\n")
                turns += len(conv["turns"])
    return path, turns


def bare_vader(path: Path) -> tuple[float, int]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    texts = [t["text"] for line in path.open(encoding="utf-8") for t in json.loads(line)["turns"]]
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return time.perf_counter() - start, len(texts)


def run(args: list[str], check: bool = True) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one command. The peak is the child's own VmHWM, polled
    while it runs: getrusage would also count this process's memory, shared with the child
    between fork and exec."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _high_water_mark(proc.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    if check and proc.returncode not in (0, 1):
        raise SystemExit(
            f"failed: {' '.join(args)}: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}"
        )
    return elapsed, peak


def _high_water_mark(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cscoach(*args: str) -> list[str]:
    return [sys.executable, "-m", "cscoach", *args]


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per timing at the smallest size"
    )
    options = parser.parse_args()
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    base = base_conversations()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "one.txt"
        small.write_text(
            "Customer: my order is late\nAgent: Sorry! I've reshipped it today.\n", encoding="utf-8"
        )
        help_times = [run(cscoach("--help"))[0] for _ in range(5)]
        small_times = [run(cscoach("analyze", str(small), "-q", "-j", "1"))[0] for _ in range(5)]
        corpora = [build_corpus(base, size, Path(tmp)) for size in sorted(options.sizes)]
        corpora.append(distinct_corpus(Path(tmp)))
        for index, (path, turns) in enumerate(corpora):
            repeat = options.repeat if index == 0 else 1
            vader = median([turns / bare_vader(path)[0] for _ in range(repeat)])
            one = [
                run(cscoach("analyze", str(path), "-f", "jsonl", "-q", "-j", "1"))
                for _ in range(repeat)
            ]
            many = [
                run(cscoach("analyze", str(path), "-f", "jsonl", "-q", "-j", str(cores)))
                for _ in range(repeat)
            ]
            size = (
                "distinct"
                if path.stem.endswith("distinct")
                else f"{int(path.stem.split('-')[1]):,}"
            )
            rows.append({
                "size": size, "conversations": sum(1 for _ in path.open(encoding="utf-8")),
                "turns": turns, "vader": vader,
                "one": turns / median([t for t, _ in one]), "rss": max(r for _, r in one) / 1024,
                "many": turns / median([t for t, _ in many]),
            })  # fmt: skip
            print(f"measured {path.name}", file=sys.stderr)
    print(
        f"cores: {cores}; timings are medians of {options.repeat} runs at the smallest size, 1 run above it"
    )
    print(
        f"(e) cscoach --help: {median(help_times):.3f} s; one small file: {median(small_times):.3f} s (median of 5)"
    )
    print()
    print(f"{'corpus':>9} {'conversations':>13} {'turns':>9} {'(a) VADER':>11} {'(b) 1 job':>11} {'b/a':>6} "
          f"{'(c) ' + str(cores) + ' jobs':>12} {'c/b':>6} {'(d) peak RSS':>13}")  # fmt: skip
    for r in rows:
        print(f"{r['size']:>9} {r['conversations']:>13,} {r['turns']:>9,} {r['vader']:>9,.0f}/s {r['one']:>9,.0f}/s {r['one'] / r['vader']:>6.2f} "
              f"{r['many']:>10,.0f}/s {r['many'] / r['one']:>6.2f} {r['rss']:>10,.0f} MB")  # fmt: skip
    recombined = rows[:-1]
    if len(recombined) > 1:
        print(
            f"\npeak RSS ratio, {recombined[-1]['size']} vs {recombined[0]['size']} conversations: "
            f"{recombined[-1]['rss'] / recombined[0]['rss']:.2f}"
        )


if __name__ == "__main__":
    main()
