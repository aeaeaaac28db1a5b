"""Does every dimension separate? For each real-chat dev set, each dimension's share of
conversations where it applies, and of those the share at 0 and at 100 (a dimension at either
end in most conversations ranks nobody), with its median.

    python benchmarks/score_distribution.py [FILE.jsonl ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.scoring import DIMENSIONS

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
REAL_CHATS = ("ibm-twitter-dev.jsonl", "stc3-dev.jsonl", "abcd-sample.jsonl")
MOST = 0.5


def scores(path: str, analyzer: Analyzer) -> pd.DataFrame:
    rows = []
    for conv in load([path]):
        if not isinstance(conv, ReadError):
            rows.append(dict(analyzer.analyze(conv).scores))
    return pd.DataFrame(rows, columns=["overall", *DIMENSIONS], dtype=float)


def main() -> None:
    paths = sys.argv[1:] or [str(DATASETS / name) for name in REAL_CHATS]
    analyzer = Analyzer()
    print("| set | dimension | applies | at 0 | at 100 | median | separates |")
    print("|---|---|---|---|---|---|---|")
    for path in paths:
        frame = scores(path, analyzer)
        for dim in ("overall", *DIMENSIONS):
            values = frame[dim].dropna()
            if values.empty:
                print(f"| {Path(path).stem} | {dim} | 0 of {len(frame)} | | | | n/a |")
                continue
            zero, full = (values == 0).mean(), (values == 100).mean()
            ok = "yes" if max(zero, full) <= MOST else "**no**"
            print(
                f"| {Path(path).stem} | {dim} | {len(values)} of {len(frame)} | {zero:.0%} "
                f"| {full:.0%} | {values.median():.0f} | {ok} |"
            )


if __name__ == "__main__":
    main()
