"""Training examples for the request model: labelled customer turns joined with their
conversations. Labels come as JSON Lines, one customer turn each, keyed
``CONVERSATION_ID:TURN`` (GUIDELINES-requests.md's format)::

    {"id": "T-1042:3", "request": true, "handling": "redirect", "reask": false}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import HANDLINGS, REQUEST_LABELS, Conversation, TurnResult
from ..tagger.train import Example, TrainingError, turn_label_rows
from .features import handling_features
from .track import candidates

HANDLING_LABELS = frozenset(REQUEST_LABELS[1:])


def read_labels(path: Path) -> dict[str, dict[str, Any]]:
    """Request labels by item id; TrainingError naming the file and line on a bad one."""
    labels: dict[str, dict[str, Any]] = {}
    for number, row in turn_label_rows(path):
        if not isinstance(row.get("request"), bool):
            raise TrainingError(f'{path}:{number}: needs "request": true or false')
        if row["request"] and row.get("handling") not in HANDLINGS:
            raise TrainingError(f"{path}:{number}: handling must be one of {', '.join(HANDLINGS)}")
        labels[row["id"]] = row
    return labels


def request_examples(
    conversations: Iterable[tuple[Conversation, Sequence[TurnResult]]],
    labels: Mapping[str, Mapping[str, Any]],
    origin: str = "",
) -> list[Example]:
    """One example per labelled customer turn (does it ask?), and one per labelled request
    that got a reply (how was it handled?)."""
    out = []
    for conversation, turns in conversations:
        for candidate in candidates(turns):
            tr, features, pair = candidate.customer, candidate.features, candidate.pair
            row = labels.get(f"{conversation.id}:{tr.index}")
            if row is None:
                continue
            rule = frozenset({"request"}) if "t:request" in features else frozenset()
            asked = frozenset({"request"}) if row["request"] else frozenset()
            out.append(
                Example(frozenset(features), asked, frozenset({"request"}), rule, origin=origin)
            )
            if not row["request"] or row["handling"] == "no_reply" or not pair.reply:
                continue
            reply_features, by_rules = handling_features(pair)
            reply_features.add(f"t:{by_rules}")
            out.append(
                Example(
                    frozenset(reply_features),
                    frozenset({row["handling"]}),
                    HANDLING_LABELS,
                    frozenset({by_rules}),
                    origin=origin,
                )
            )
    return out
