"""Does cscoach read customer negativity right? Precision and recall of upset customer turns
(TurnResult.upset: customer_negative beyond a plain fault report, which the labels count as
neutral) on 80 real customer turns labelled by hand (customer_negative_labels.tsv: ids and
labels only; the text is read from the shared datasets).

    python benchmarks/customer_negative_check.py [DATASETS_DIR] [--errors]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
SOURCES = ("ibm-twitter-dev.jsonl", "stc3-dev.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="?", type=Path, default=DATASETS)
    parser.add_argument("--errors", action="store_true", help="list the turns read wrong")
    parser.add_argument(
        "--no-upset-model", action="store_true", help="the rules and VADER alone decide"
    )
    args = parser.parse_args()
    with (HERE / "customer_negative_labels.tsv").open(encoding="utf-8") as fh:
        rows = list(
            csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        )
    wanted = {row["conversation"] for row in rows}
    analyzer = Analyzer(upset_model=None) if args.no_upset_model else Analyzer()
    found: dict[tuple[str, int], tuple[bool, str]] = {}
    for conv in load([str(args.datasets / name) for name in SOURCES]):
        if isinstance(conv, ReadError) or conv.id not in wanted:
            continue
        for tr in analyzer.analyze(conv).turns:
            found[(conv.id, tr.index)] = (tr.upset, tr.turn.text)
    tp = fp = fn = tn = 0
    errors = []
    for row in rows:
        predicted, text = found[(row["conversation"], int(row["turn"]))]
        gold = row["negative"] == "1"
        tp, fp, fn, tn = (
            tp + (gold and predicted),
            fp + (predicted and not gold),
            fn + (gold and not predicted),
            tn + (not gold and not predicted),
        )
        if gold != predicted:
            errors.append(("missed" if gold else "false alarm", " ".join(text.split())[:160]))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{len(rows)} turns, {tp + fn} negative: precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f} (tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )
    if args.errors:
        for kind, text in errors:
            print(f"  {kind}: {text}")


if __name__ == "__main__":
    main()
