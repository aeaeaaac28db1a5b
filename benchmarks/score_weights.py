"""Choosing the overall score's weights on dev data: for each candidate weighting, the overall
score's Spearman with stc3-dev's customer-satisfaction ratings (S), its correlation with the
outcome dimension (the customer's mood) on the shared real chats, and with each behaviour
dimension, and with how well the agent handled the customer's requests as people labelled it
(cs-requests-dev). The overall score must measure the agent: outcome is shown beside it, and may only
be mixed in with a small weight. Prints the defaults, then the weightings that keep the overall
score's correlation with outcome below 0.6 and with every behaviour at 0.2 or more, best S first.

    python benchmarks/score_weights.py
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.scoring import BEHAVIOURS, DEFAULT_WEIGHTS

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
REAL_CHATS = ("stc3-dev.jsonl", "ibm-twitter-dev.jsonl", "abcd-sample.jsonl")
LABELS = Path(__file__).resolve().parent / "labels" / "cs-requests-dev.jsonl"
MAX_OUTCOME_CORRELATION = 0.6
MIN_BEHAVIOUR_CORRELATION = 0.2


def spearman(a: pd.Series, b: pd.Series) -> float:
    return float(a.rank().corr(b.rank()))


HANDLED = frozenset({"answered", "clarify", "deferred"})
"""Handlings that serve the request (GUIDELINES-requests.md); partial counts half."""


def labelled_handling() -> dict[str, float]:
    """Per conversation of cs-requests-dev, the share of its labelled requests the agent
    handled (two labellers agreed on each label): how well the agent handled it, by people."""
    served: dict[str, list[float]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row.get("request") or row.get("handling") in (None, "no_reply"):
            continue
        value = 1.0 if row["handling"] in HANDLED else 0.5 if row["handling"] == "partial" else 0.0
        served.setdefault(row["id"].rsplit(":", 1)[0], []).append(value)
    return {conv: sum(v) / len(v) for conv, v in served.items()}


def frame() -> pd.DataFrame:
    analyzer = Analyzer()
    handled = labelled_handling()
    rows = []
    for name in REAL_CHATS:
        for conv in load([str(DATASETS / name)]):
            if isinstance(conv, ReadError):
                continue
            result = analyzer.analyze(conv)
            quality = conv.metadata.get("quality_mean") or {}
            rows.append(
                {
                    "set": name,
                    "S": quality.get("S"),
                    "handled": handled.get(conv.id),
                    **dict(result.scores),
                }
            )
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
    labelled = data["handled"].notna()
    out = {
        "S": spearman(score[stc3], data.loc[stc3, "S"]),
        "H": spearman(score[labelled], data.loc[labelled, "handled"]),
        "outcome": float(score.corr(data["outcome"].astype(float))),
    }
    for dim in BEHAVIOURS:
        sub = data[dim].notna()
        out[dim] = float(score[sub].corr(data.loc[sub, dim].astype(float)))
    return out


GRID: dict[str, tuple[float, ...]] = {
    "outcome": (0.5, 1.0, 2.0, 3.0),
    "resolution": (1.0, 2.0, 3.0),
    "active_listening": (1.0, 2.0, 3.0),
    "courtesy": (0.25, 0.5, 1.0),
    "positive_language": (1.0, 2.0, 3.0),
    "empathy": (0.25, 0.5, 1.0),
    "apology": (0.25, 0.5),
}
SHOWN = 10


def meets(figures: dict[str, float]) -> bool:
    """The overall score measures the agent: it follows no single dimension, least of all the
    customer's mood, and moves with every behaviour."""
    return figures["outcome"] < MAX_OUTCOME_CORRELATION and all(
        figures[d] >= MIN_BEHAVIOUR_CORRELATION for d in BEHAVIOURS if d != "personalization"
    )


def merit(figures: dict[str, float]) -> float:
    """What a weighting is chosen by: the mean of its Spearman with the stc3 annotators'
    satisfaction and with the share of requests the agent handled, as labelled by people."""
    return (figures["S"] + figures["H"]) / 2


def row(label: str, figures: dict[str, float]) -> str:
    cells = [f"{figures['S']:.3f}", f"{figures['H']:.3f}", f"{figures['outcome']:.2f}"]
    cells += [f"{figures[d]:.2f}" for d in BEHAVIOURS]
    return f"| {label} | " + " | ".join(cells) + f" | {'yes' if meets(figures) else 'no'} |"


def main() -> None:
    data = frame()
    print(f"{len(data)} conversations ({', '.join(REAL_CHATS)})")
    candidates = []
    for values in itertools.product(*GRID.values()):
        weights = {**DEFAULT_WEIGHTS, **dict(zip(GRID, values, strict=True))}
        candidates.append((weights, evaluate(data, weights)))
    passing = sorted((c for c in candidates if meets(c[1])), key=lambda c: -merit(c[1]))
    print(f"{len(candidates)} weightings tried, {len(passing)} measure the agent\n")
    header = ["weights", "S (stc3)", "H (handled)", "r outcome", *(d[:6] for d in BEHAVIOURS)]
    header.append("ok")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    print(row("**defaults**", evaluate(data, dict(DEFAULT_WEIGHTS))))
    for weights, figures in passing[:SHOWN]:
        label = ", ".join(f"{d} {weights[d]:g}" for d in GRID)
        print(row(label, figures))
    best_any = max(candidates, key=lambda c: c[1]["S"])
    print(
        f"\nhighest S of any weighting tried: {best_any[1]['S']:.3f} (r outcome "
        f"{best_any[1]['outcome']:.2f}, outcome weight {best_any[0]['outcome']:g})"
    )
    n = int(data["handled"].notna().sum())
    print(f"H: Spearman with the labelled share of requests handled, on {n} conversations")


if __name__ == "__main__":
    main()
