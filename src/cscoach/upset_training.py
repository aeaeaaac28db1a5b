"""Training examples for the upset model: labelled customer turns joined with their
conversations. Labels come as JSON Lines, one customer turn each, keyed
``CONVERSATION_ID:TURN``::

    {"id": "T-1042:3", "upset": true}

The model reads only turns no rule found upset, so it learns from those alone; the labels of
the turns the rules did find upset come back beside the examples, for the rules' figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .model import Conversation, TurnResult
from .sentiment import polarities, turn_polarity
from .tagger.train import Example, TrainingError, turn_label_rows
from .upset import UPSET, upset_features

BETA = 0.5
"""The upset model's settings and thresholds maximise F0.5: a tip that says the customer was
upset must be right more often than the reading is complete."""


def read_upset_labels(path: Path) -> dict[str, bool]:
    """Upset labels by item id; TrainingError naming the file and line on a bad one."""
    labels: dict[str, bool] = {}
    for number, row in turn_label_rows(path):
        if not isinstance(row.get("upset"), bool):
            raise TrainingError(f'{path}:{number}: needs "upset": true or false')
        labels[row["id"]] = row["upset"]
    return labels


def upset_examples(
    conversations: Iterable[tuple[Conversation, Sequence[TurnResult]]],
    labels: Mapping[str, bool],
    origin: str = "",
) -> tuple[list[Example], list[bool]]:
    """One example per labelled customer turn no rule found upset; and the labels of the
    labelled turns the rules did find upset."""
    examples: list[Example] = []
    ruled: list[bool] = []
    for conversation, turns in conversations:
        for tr in turns:
            upset = labels.get(f"{conversation.id}:{tr.index}")
            if upset is None or tr.turn.role != "customer":
                continue
            if tr.upset:
                ruled.append(upset)
                continue
            polarity, _ = turn_polarity(tr.doc)
            lowest = min(polarities(tr.doc), default=0.0)
            features = upset_features(tr.doc, tr.findings, polarity, lowest)
            examples.append(
                Example(
                    frozenset(features),
                    frozenset({UPSET}) if upset else frozenset(),
                    frozenset({UPSET}),
                    frozenset(),
                    origin=origin,
                )
            )
    return examples, ruled
