"""Choosing the overall score's weights on dev data: for each candidate weighting, the overall
score's Spearman with stc3-dev's customer-satisfaction ratings (S), its correlation with the
outcome dimension (the customer's mood) on the shared real chats, and with each behaviour
dimension. The overall score must measure the agent: outcome is shown beside it, and may only
be mixed in with a small weight.

    python benchmarks/score_weights.py
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.scoring import BEHAVIOURS, DEFAULT_WEIGHTS

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
REAL_CHATS = ("stc3-dev.jsonl", "ibm-twitter-dev.jsonl", "abcd-sample.jsonl")
MAX_OUTCOME_CORRELATION = 0.6
MIN_BEHAVIOUR_CORRELATION = 0.2


def spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


def frame() -> pd.DataFrame:
    analyzer = Analyzer()
    rows = []
    for name in REAL_CHATS:
        for conv in load([str(DATASETS / name)]):
            if isinstance(conv, ReadError):
                continue
            result = analyzer.analyze(conv)
            quality = conv.metadata.get("quality_mean") or {}
            rows.append({"set": name, "S": quality.get("S"), **dict(result.scores)})
    return pd.DataFrame(rows)


def overall(data: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """The weighted mean of the dimensions that apply, as scoring.score computes it."""
    columns = [d for d, w in weights.items() if w > 0]
    values = data[columns].astype(float)
    w = pd.Series({d: weights[d] for d in columns})
    mask = values.notna()
    total = (mask * w).sum(axis=1)
    return (values.fillna(0) * w).sum(axis=1) / total.where(total > 0)


def evaluate(data: pd.DataFrame, weights: dict[str, float]) -> dict[str, float]:
    score = overall(data, weights)
    stc3 = data["set"] == "stc3-dev.jsonl"
    out = {
        "S": spearman(score[stc3], data.loc[stc3, "S"]),
        "outcome": float(score.corr(data["outcome"].astype(float))),
    }
    for dim in BEHAVIOURS:
        sub = data[dim].notna()
        out[dim] = float(score[sub].corr(data.loc[sub, dim].astype(float)))
    return out


def main() -> None:
    data = frame()
    print(f"{len(data)} conversations ({', '.join(REAL_CHATS)})\n")
    header = ["weights", "S (stc3)", "r outcome", *(d[:6] for d in BEHAVIOURS), "ok"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    candidates = []
    for outcome, resolution, listening in itertools.product(
        (0.0, 0.5, 1.0, 2.0), (1.0, 2.0, 3.0), (1.0, 2.0, 3.0)
    ):
        weights = {
            **DEFAULT_WEIGHTS,
            "outcome": outcome,
            "resolution": resolution,
            "active_listening": listening,
        }
        figures = evaluate(data, weights)
        ok = figures["outcome"] < MAX_OUTCOME_CORRELATION and all(
            figures[d] >= MIN_BEHAVIOUR_CORRELATION for d in BEHAVIOURS if d != "personalization"
        )
        candidates.append((ok, figures["S"], weights, figures))
        label = f"outcome {outcome}, resolution {resolution}, listening {listening}"
        cells = [f"{figures['S']:.3f}", f"{figures['outcome']:.2f}"]
        cells += [f"{figures[d]:.2f}" for d in BEHAVIOURS]
        print(f"| {label} | " + " | ".join(cells) + f" | {'yes' if ok else 'no'} |")
    best = max((c for c in candidates if c[0]), key=lambda c: c[1], default=None)
    current = evaluate(data, dict(DEFAULT_WEIGHTS))
    print(f"\ncurrent weights: S {current['S']:.3f}, r outcome {current['outcome']:.2f}")
    if best:
        print(f"best that measures the agent: S {best[1]:.3f} with {best[2]}")


if __name__ == "__main__":
    main()
