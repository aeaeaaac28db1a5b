"""Which sentence of an upset customer's turn an empathy tip quotes, where the upset model (not a
phrase rule) found the upset: fitted and checked on labelled turns.

Two labellers, reading only benchmarks/labels/upset-quote-guide.md and the turns, picked the
sentence that best shows the customer upset in cs-train turns (conversations in no dev set): 87
where VADER's choice and the model's differed, then a draw of 200 more from every upset turn
with two sentences or more (benchmarks/upset_quote_labelling.py). The 261 they agreed on are
kept as ids and the picked sentence's offset (benchmarks/labels/upset-quote-train.jsonl),
joined with ../shared/datasets at run time. Prints how often each way of choosing picks their
sentence (cross-validated for the fitted one: five seeds of five folds, at each C of
``C_GRID``), and the weights fitted at the best C, which upset.QUOTE_WEIGHTS holds. Needs the
train extra (scikit-learn).

Then the check on dev turns (benchmarks/labels/upset-quote-dev.jsonl): two other labellers,
with the same guide, on 120 customer-service dev turns drawn from the 476 where the weights shipped
then and the old choice (VADER's most negative sentence, else the model's) picked
different sentences. Some of those turns are cs-train turns too (the shared datasets draw
cs-train from the same threads), so the figures are printed again without them.

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
C_GRID = (0.1, 0.3, 1.0)
"""The regularisation strengths tried; cross-validation on cs-train picks one."""
SEEDS = 5
FOLDS = 5
OLD_NEGATIVE_SENTENCE = -0.05
"""Before QUOTE_WEIGHTS, a sentence VADER read at or below this was quoted first."""

Item = tuple[int, list[list[float]]]


def items(
    labels: Path = LABELS,
    sets: tuple[str, ...] = ("cs-train.jsonl",),
    leave_out: frozenset[str] = frozenset(),
) -> list[Item]:
    """Each labelled turn: the index of the labellers' sentence among the candidates, and the
    candidates' features. Turns whose text is in ``leave_out`` are left out."""
    wanted = {row["id"]: row["start"] for row in map(json.loads, labels.read_text().splitlines())}
    analyzer = Analyzer()
    assert analyzer.upset is not None
    out = []
    for conv in load([str(DATASETS / name) for name in sets]):
        if isinstance(conv, ReadError):
            continue
        for turn in analyzer.detect(conv):
            start = wanted.get(f"{conv.id}:{turn.index}")
            if start is None or turn.doc.text in leave_out:
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


def training_texts() -> frozenset[str]:
    """Every customer turn's text in cs-train. The shared datasets draw cs-train's items from
    the same threads as stc3-dev and ibm-twitter-dev, so some dev turns are training turns."""
    return frozenset(
        turn.text
        for conv in load([str(DATASETS / "cs-train.jsonl")])
        if not isinstance(conv, ReadError)
        for turn in conv.turns
        if turn.role == "customer"
    )


def fit(train: list[Item], c: float) -> list[float]:
    from sklearn.linear_model import LogisticRegression

    x = [row for _, rows in train for row in rows if row]
    y = [int(i == gold) for gold, rows in train for i, row in enumerate(rows) if row]  # -1: none
    return list(LogisticRegression(C=c, max_iter=2000).fit(x, y).coef_[0])


def cross_validated(data: list[Item], c: float) -> float:
    hits = 0
    for seed in range(SEEDS):
        order = list(range(len(data)))
        random.Random(seed).shuffle(order)
        for fold in range(FOLDS):
            test = set(order[fold::FOLDS])
            weights = fit([data[i] for i in order if i not in test], c)
            hits += sum(pick(weights, data[i][1]) == data[i][0] for i in test)
    return hits / SEEDS


def compare(name: str, data: list[Item], fitted: list[float] | None = None) -> None:
    n = len(data)
    chance = sum(1 / len(rows) for gold, rows in data if gold >= 0)
    old = sum(old_choice(rows) == gold for gold, rows in data)
    shipped = sum(pick(list(QUOTE_WEIGHTS.values()), rows) == gold for gold, rows in data)
    print(f"{name}: {n} labelled turns; the labellers' sentence is picked by")
    print(f"  chance: {chance:.1f} ({chance / n:.0%})")
    print(f"  VADER's most negative sentence, else the model's: {old} ({old / n:.0%})")
    print(f"  the shipped weights: {shipped} ({shipped / n:.0%})")
    if fitted is not None:
        hits = sum(pick(fitted, rows) == gold for gold, rows in data)
        print(f"  the weights fitted now: {hits} ({hits / n:.0%})")


def main() -> None:
    data = items()
    compare("cs-train", data)
    scores = {c: cross_validated(data, c) for c in C_GRID}
    for c, cv in scores.items():
        print(f"  the weights fitted at C {c}, cross-validated: {cv:.1f} ({cv / len(data):.0%})")
    best = max(C_GRID, key=lambda c: (scores[c], -c))
    weights = fit(data, best)
    print(f"fitted on all of cs-train at C {best} (upset.QUOTE_WEIGHTS):")
    for name, weight in zip(QUOTE_WEIGHTS, weights, strict=True):
        print(f'    "{name}": {weight:.2f},')
    compare("dev", items(DEV_LABELS, DEV_SETS), weights)
    compare(
        "dev turns that are no cs-train turn",
        items(DEV_LABELS, DEV_SETS, training_texts()),
        weights,
    )


if __name__ == "__main__":
    main()
