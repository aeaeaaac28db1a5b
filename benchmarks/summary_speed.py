"""How long ``cscoach summary`` takes to build its tables from saved results (no analysis):
prints the median of --repeats runs of summarize() over the given result JSONL files.

Compare two versions by running it under each, interleaved (the machine is shared and noisy):

    for i in 1 2 3; do PYTHONPATH=old/src python benchmarks/summary_speed.py r.jsonl; \\
                       python benchmarks/summary_speed.py r.jsonl; done
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from cscoach.summary import read_results, summarize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path, help="result JSONL (-f jsonl)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = [row for path in args.results for row in read_results(path)]
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        summarize(rows)
        times.append(time.perf_counter() - start)
    print(f"{len(rows)} results: median {statistics.median(times):.2f} s over {args.repeats} runs")


if __name__ == "__main__":
    main()
