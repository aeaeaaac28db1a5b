"""Build and check the built-in upset model (src/cscoach/tagger/builtin/upset.json).

Training data: customer turns of cs-train.jsonl (conversations in no dev set) that two
labellers, reading only benchmarks/labels/customer-upset-guide.md and the turns, labelled
alike (benchmarks/labels/customer-upset-train.jsonl: ids and labels only; the text is read
from ../shared/datasets at run time). The tagger's trainer fits it: cross-validated settings
and thresholds, a fixed seed, the same file format and a model card.

Then the check on turns nobody fitted on: benchmarks/customer_negative_labels.tsv (80 dev
customer turns labelled by hand), upset as the rules alone read it and with the model.

    python benchmarks/upset_model.py          # fit, write the built-in, print the figures
    python benchmarks/upset_model.py --check  # figures of the shipped model only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import UPSET_LABELS
from cscoach.sentiment import polarities, turn_polarity
from cscoach.tagger.card import write_model
from cscoach.tagger.train import Example, build_model, file_facts, fit
from cscoach.tagger.weights import builtin_model
from cscoach.upset import UPSET, upset_features

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels" / "customer-upset-train.jsonl"
BUILTIN = HERE.parent / "src" / "cscoach" / "tagger" / "builtin"
SEED = 0
FOLDS = 5
BETA = 0.5
"""Thresholds maximise F0.5: a tip that says the customer was upset must be right more often
than the model is complete."""


def examples(analyzer: Analyzer) -> tuple[list[Example], list, list[bool]]:
    """The labelled customer turns no rule found upset, as training examples; the
    conversations; and the labels of the turns the rules did find upset."""
    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[row["id"]] = row["upset"]
    conversations = [
        c for c in load([str(DATASETS / "cs-train.jsonl")]) if not isinstance(c, ReadError)
    ]
    out = []
    ruled: list[bool] = []
    for conversation in conversations:
        for tr in analyzer.detect(conversation):
            upset = labels.get(f"{conversation.id}:{tr.index}")
            if upset is None or tr.turn.role != "customer":
                continue
            if tr.upset:
                ruled.append(upset)
                continue  # the model only reads turns no rule found upset: so it is trained
            polarity, _ = turn_polarity(tr.doc)
            lowest = min(polarities(tr.doc), default=0.0)
            features = upset_features(tr.doc, tr.findings, polarity, lowest)
            out.append(
                Example(
                    frozenset(features),
                    frozenset({UPSET}) if upset else frozenset(),
                    frozenset({UPSET}),
                    frozenset(),
                    origin="cs-train.jsonl",
                )
            )
    return out, conversations, ruled


def build() -> None:
    plain = Analyzer(model=None, request_model=None, upset_model=None)
    rows, conversations, ruled = examples(plain)
    print(
        f"{len(rows) + len(ruled)} labelled customer turns: the rules find {len(ruled)} upset "
        f"({sum(ruled)} rightly); the model learns from the other {len(rows)} "
        f"({sum(UPSET in e.labels for e in rows)} upset)"
    )
    tags, reports = fit(rows, seed=SEED, folds=FOLDS, labels=UPSET_LABELS, beta=BETA)
    facts = file_facts([DATASETS / "cs-train.jsonl", LABELS], conversations)
    for entry in facts["files"]:
        entry["labelled_agent_turns"] = len(rows)  # the column counts labelled customer turns
    facts["counted"] = "labelled customer turns"
    write_model(BUILTIN, build_model(tags, reports, facts, SEED, FOLDS, task="upset"))
    for report in reports:
        print(json.dumps(report.to_dict().get("cross_validated")), "model, cross-validated")
        print("decided by", report.decided_by, report.reason)
    builtin_model.cache_clear()


def check() -> None:
    """The dev check, in a fresh process so it reads the built-in just written."""
    script = HERE / "customer_negative_check.py"
    for label, flags in (("rules alone", ["--no-upset-model"]), ("with the upset model", [])):
        out = subprocess.run(
            [sys.executable, str(script), *flags], capture_output=True, text=True, check=True
        )
        print(f"dev (customer_negative_labels.tsv), {label}: {out.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only the dev figures")
    args = parser.parse_args()
    if not args.check:
        build()
    check()


if __name__ == "__main__":
    main()
