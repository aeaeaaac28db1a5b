"""Speed and memory of `cscoach analyze`, against bare VADER as the reference.

The headline is the distinct corpus: every conversation of every shared dataset once (about
10,500 conversations and 53,000 turns, nothing repeated but what real exports repeat), the
throughput of text cscoach has never seen. In one run, interleaved, median of --repeat:

  - bare VADER: a process that calls polarity_scores once on every turn (benchmarks/bare_vader.py)
  - cscoach analyze --format jsonl with one job, and with all cores
  - each as whole-process time, turns per second, the ratio to bare VADER, and peak memory
    (summed over the worker processes)

Then, secondary, corpora recombined from transcripts_examples/ and two datasets at each of
--sizes (they repeat ~1,360 base conversations, which the memos answer): peak memory at each
size, to show it stays flat. And the wall time of `cscoach --help` and of one small file.

    python benchmarks/throughput.py                    # distinct, then 10000 and 100000
    python benchmarks/throughput.py --sizes --repeat 3 # distinct only
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


def run(args: list[str], check: bool = True) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one command and its worker processes: the sum of
    each process's own VmHWM, polled while it runs. getrusage would count this process's memory
    (shared with the child between fork and exec) and only the largest worker."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in _process_tree(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), _high_water_mark(pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    if check and proc.returncode not in (0, 1):
        raise SystemExit(
            f"failed: {' '.join(args)}: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}"
        )
    return elapsed, sum(peaks.values())


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as fh:
                todo.extend(int(child) for child in fh.read().split())
        except (OSError, ValueError):
            pass
    return out


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
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing")
    options = parser.parse_args()
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    vader_script = str(Path(__file__).with_name("bare_vader.py"))
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "one.txt"
        small.write_text(
            "Customer: my order is late\nAgent: Sorry! I've reshipped it today.\n", encoding="utf-8"
        )
        help_times = [run(cscoach("--help"))[0] for _ in range(5)]
        small_times = [run(cscoach("analyze", str(small), "-q", "-j", "1"))[0] for _ in range(5)]
        path, turns = distinct_corpus(Path(tmp))
        commands = {
            "bare VADER on every turn": [sys.executable, vader_script, str(path)],
            "cscoach, 1 job": cscoach("analyze", str(path), "-f", "jsonl", "-q", "-j", "1"),
            f"cscoach, {cores} jobs": cscoach("analyze", str(path), "-f", "jsonl", "-q", "-j", str(cores)),
        }  # fmt: skip
        measured: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
        for _ in range(options.repeat):  # interleaved: the machine's load hits every run alike
            for name, command in commands.items():
                measured[name].append(run(command))
        conversations = sum(1 for _ in path.open(encoding="utf-8"))
        rows = []
        for size in sorted(options.sizes):
            corpus, corpus_turns = build_corpus(base_conversations(), size, Path(tmp))
            elapsed, rss = run(cscoach("analyze", str(corpus), "-f", "jsonl", "-q", "-j", "1"))
            rows.append((size, corpus_turns, corpus_turns / elapsed, rss / 1024))
            print(f"measured {corpus.name}", file=sys.stderr)
    print(f"cores: {cores}; `cscoach --help`: {median(help_times):.3f} s; one small file: "
          f"{median(small_times):.3f} s (median of 5)\n")  # fmt: skip
    print(f"distinct corpus: {conversations:,} conversations, {turns:,} turns; "
          f"median of {options.repeat} interleaved runs\n")  # fmt: skip
    print("| run | whole-process time | turns/s | vs bare VADER | vs 1 job | peak memory |")
    print("|---|---:|---:|---:|---:|---:|")
    vader = median([t for t, _ in measured["bare VADER on every turn"]])
    one = median([t for t, _ in measured["cscoach, 1 job"]])
    for name, runs in measured.items():
        elapsed = median([t for t, _ in runs])
        versus_one = f"{one / elapsed:.2f}x" if name.startswith("cscoach") else "-"
        print(f"| {name} | {elapsed:.1f} s | {turns / elapsed:,.0f} | {vader / elapsed:.2f}x "
              f"| {versus_one} | {max(r for _, r in runs) / 1024:,.0f} MB |")  # fmt: skip
    if rows:
        print("\nrecombined corpora (repeating ~1,360 base conversations), one job, one run:\n")
        print("| conversations | turns | turns/s | peak memory |")
        print("|---:|---:|---:|---:|")
        for size, corpus_turns, speed, rss in rows:
            print(f"| {size:,} | {corpus_turns:,} | {speed:,.0f} | {rss:,.0f} MB |")
        print(f"\npeak memory, {rows[-1][0]:,} vs {rows[0][0]:,} conversations: "
              f"{rows[-1][3] / rows[0][3]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
