"""Which sentence of an upset customer's turn an empathy tip quotes, where the upset model (not a
phrase rule) found the upset: fitted and checked on labelled turns.

Two labellers, reading only benchmarks/labels/upset-quote-guide.md and the turns, picked the
sentence that best shows the customer upset in 87 cs-train turns (conversations in no dev set)
where VADER's choice and the model's differed; the 77 they agreed on are kept as ids and the
picked sentence's offset (benchmarks/labels/upset-quote-train.jsonl), joined with
../shared/datasets at run time. Prints how often each way of choosing picks their sentence
(cross-validated for the fitted one: five seeds of five folds), and the fitted weights, which
upset.QUOTE_WEIGHTS holds. Needs the train extra (scikit-learn).

Then the check on dev turns it was never fitted on (benchmarks/labels/upset-quote-dev.jsonl):
two other labellers, with the same guide, on 120 customer-service dev turns drawn from the 476
where the shipped weights and the old choice (VADER's most negative sentence, else the model's)
pick different sentences.

    python benchmarks/upset_quote.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.upset import QUOTE_WEIGHTS

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels" / "upset-quote-train.jsonl"
DEV_LABELS = HERE / "labels" / "upset-quote-dev.jsonl"
DEV_SETS = ("stc3-dev.jsonl", "ibm-twitter-dev.jsonl", "cs-dev.jsonl", "cs-hard-dev.jsonl")
C = 0.1
SEEDS = 5
FOLDS = 5
OLD_NEGATIVE_SENTENCE = -0.05
"""Before QUOTE_WEIGHTS, a sentence VADER read at or below this was quoted first."""

Item = tuple[int, list[list[float]]]


def items(labels: Path = LABELS, sets: tuple[str, ...] = ("cs-train.jsonl",)) -> list[Item]:
    """Each labelled turn: the index of the labellers' sentence among the candidates, and the
    candidates' features."""
    wanted = {row["id"]: row["start"] for row in map(json.loads, labels.read_text().splitlines())}
    analyzer = Analyzer()
    assert analyzer.upset is not None
    out = []
    for conv in load([str(DATASETS / name) for name in sets]):
        if isinstance(conv, ReadError):
            continue
        for turn in analyzer.detect(conv):
            start = wanted.get(f"{conv.id}:{turn.index}")
            if start is None:
                continue
            spans, features = analyzer.upset.quote_candidates(turn.doc)
            rows = [[row[name] for name in QUOTE_WEIGHTS] if row else [] for row in features]
            # -1: the labellers' sentence is no candidate (a greeting, a link): a miss for all
            gold = next((i for i, (s, e) in enumerate(spans) if s <= start < e), -1)
            out.append((gold, rows))
    return out


def pick(weights: list[float], rows: list[list[float]]) -> int:
    if len(rows) <= 1:
        return 0
    scores = [sum(w * x for w, x in zip(weights, row, strict=True)) for row in rows]
    return max(range(len(rows)), key=lambda i: (scores[i], -i))


def old_choice(rows: list[list[float]]) -> int:
    """VADER's most negative sentence where one reads negative, else the model's."""
    if len(rows) <= 1:
        return 0
    if min(row[0] for row in rows) <= OLD_NEGATIVE_SENTENCE:
        return min(range(len(rows)), key=lambda i: (rows[i][0], i))
    return max(range(len(rows)), key=lambda i: (rows[i][1], -i))


def fit(train: list[Item]) -> list[float]:
    from sklearn.linear_model import LogisticRegression

    x = [row for _, rows in train for row in rows]
    y = [int(i == gold) for gold, rows in train for i in range(len(rows))]  # -1: no positive
    return list(LogisticRegression(C=C, max_iter=2000).fit(x, y).coef_[0])


def cross_validated(data: list[Item]) -> float:
    hits = 0
    for seed in range(SEEDS):
        order = list(range(len(data)))
        random.Random(seed).shuffle(order)
        for fold in range(FOLDS):
            test = set(order[fold::FOLDS])
            weights = fit([data[i] for i in order if i not in test])
            hits += sum(pick(weights, data[i][1]) == data[i][0] for i in test)
    return hits / SEEDS


def compare(name: str, data: list[Item]) -> None:
    n = len(data)
    chance = sum(1 / len(rows) for gold, rows in data if gold >= 0)
    old = sum(old_choice(rows) == gold for gold, rows in data)
    shipped = sum(pick(list(QUOTE_WEIGHTS.values()), rows) == gold for gold, rows in data)
    print(f"{name}: {n} labelled turns; the labellers' sentence is picked by")
    print(f"  chance: {chance:.1f} ({chance / n:.0%})")
    print(f"  VADER's most negative sentence, else the model's: {old} ({old / n:.0%})")
    print(f"  the shipped weights: {shipped} ({shipped / n:.0%})")


def main() -> None:
    data = items()
    compare("cs-train", data)
    cv = cross_validated(data)
    print(f"  the weights fitted, cross-validated: {cv:.1f} ({cv / len(data):.0%})")
    print("fitted on all of cs-train (upset.QUOTE_WEIGHTS):")
    for name, weight in zip(QUOTE_WEIGHTS, fit(data), strict=True):
        print(f'    "{name}": {weight:.2f},')
    compare("dev, never fitted on", items(DEV_LABELS, DEV_SETS))


if __name__ == "__main__":
    main()
