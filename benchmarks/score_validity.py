"""Does the overall score mean something? Spearman correlation with human quality ratings.

stc3-dev.jsonl holds real helpdesk dialogues, each rated by 19 annotators for customer
satisfaction (S), effectiveness (E) and task accomplishment (A), -2..2 (metadata.quality_mean).

    python benchmarks/score_validity.py [../shared/datasets/stc3-dev.jsonl]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.scoring import DIMENSIONS

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "stc3-dev.jsonl"


def spearman(a: pd.Series, b: pd.Series) -> float:
    """Spearman's rho: Pearson's r on average ranks (no scipy needed)."""
    return float(a.rank().corr(b.rank()))


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    analyzer = Analyzer()
    rows = []
    for conv in load([path]):
        if isinstance(conv, ReadError):
            print(conv, file=sys.stderr)
            continue
        quality = conv.metadata.get("quality_mean")
        if not quality:
            continue
        result = analyzer.analyze(conv)
        customer = [
            t.sentiment
            for t in result.turns
            if t.turn.role == "customer" and t.sentiment is not None
        ]
        rows.append(
            {
                **{f"q_{k}": v for k, v in quality.items()},
                **{d: result.scores.get(d) for d in ("overall", *DIMENSIONS)},
                "customer_last_sentiment": customer[-1] if customer else None,
            }
        )
    frame = pd.DataFrame(rows)
    targets = [c for c in ("q_S", "q_E", "q_A") if c in frame]
    print(f"{len(frame)} rated conversations from {path}")
    print(f"{'score':<26}{'n':>5}" + "".join(f"{t[2:]:>8}" for t in targets))
    for column in ("overall", *DIMENSIONS, "customer_last_sentiment"):
        sub = frame[[column, *targets]].dropna(subset=[column])
        corr = [spearman(sub[column], sub[t]) for t in targets]
        print(f"{column:<26}{len(sub):>5}" + "".join(f"{c:>8.3f}" for c in corr))


if __name__ == "__main__":
    main()
