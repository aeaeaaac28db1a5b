"""Flat rows of a result, shared by the tabular outputs (csv, summary)."""

from __future__ import annotations

from typing import Any

from ..gate import Thresholds
from ..model import ConversationResult
from ..people import agent_in, team_in
from ..scoring import DIMENSIONS

SCORE_COLUMNS = ("overall", *DIMENSIONS)


def conversation_row(
    result: ConversationResult, thresholds: Thresholds | None = None
) -> dict[str, Any]:
    conv = result.conversation
    agent_turns = [t for t in result.turns if t.turn.role == "agent"]
    row: dict[str, Any] = {
        "id": conv.id,
        "source": conv.source,
        "agent": agent_in(conv.metadata, conv.agent),
        "team": team_in(conv.metadata),
        "channel": conv.channel,
        "turns": len(result.turns),
        "agent_turns": len(agent_turns),
        "roles_inferred": conv.roles_inferred,
    }
    row.update({dim: result.scores.get(dim) for dim in SCORE_COLUMNS})
    traj = result.customer_sentiment
    row["sentiment_start"] = None if traj is None else round(traj.start, 4)
    row["sentiment_end"] = None if traj is None else round(traj.end, 4)
    row["sentiment_trend"] = None if traj is None else traj.trend
    row["tips"] = len(result.tips)
    row["critical"] = len(result.critical)
    if thresholds is not None:
        row["passed"] = not thresholds.failures(result)
    return row


def turn_rows(result: ConversationResult) -> list[dict[str, Any]]:
    conv = result.conversation
    return [
        {
            "id": conv.id,
            "source": conv.source,
            "index": tr.index,
            "role": tr.turn.role,
            "speaker": tr.turn.speaker,
            "timestamp": tr.turn.timestamp,
            "sentiment": None if tr.sentiment is None else round(tr.sentiment, 4),
            "tags": ";".join(sorted(tr.tags)),
            "rules": ";".join(sorted({f.rule for f in tr.findings})),
            "text": tr.turn.text,
        }
        for tr in result.turns
    ]
