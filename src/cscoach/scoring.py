"""The rubric: what each dimension asks of the agent, when it applies, and the overall score.

A dimension is scored only where it applies: empathy is owed after the customer shows negative
emotion, an apology after a complaint. Where nothing was owed the score is None (N/A), never a
free 100 that would flatter the overall score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import TurnResult
from .rules.context import first_name

DIMENSIONS: tuple[str, ...] = (
    "active_listening",
    "empathy",
    "apology",
    "positive_language",
    "resolution",
    "personalization",
    "courtesy",
)

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "active_listening": 1.0,
    "empathy": 1.5,
    "apology": 1.0,
    "positive_language": 1.5,
    "resolution": 2.0,
    "personalization": 0.5,
    "courtesy": 0.5,
}

RESPONSE_WINDOW = 2
"""How many agent turns after a customer's turn can still answer what it owed."""

NEGATIVE_PENALTY = 35
"""Points each piece of negative language costs the positive_language dimension."""


@dataclass(frozen=True, slots=True)
class Owed:
    """A customer turn that called for something, and the agent turn that gave it (if any)."""

    customer_turn: int
    answered_by: int | None


def owed(turns: Sequence[TurnResult], trigger: str, answers: frozenset[str]) -> list[Owed]:
    """For each customer turn tagged ``trigger``, the first agent turn within the window that
    carries one of ``answers`` (or None). Only customer turns followed by an agent turn count."""
    out: list[Owed] = []
    for i, tr in enumerate(turns):
        if tr.turn.role != "customer" or trigger not in tr.tags:
            continue
        following = [t for t in turns[i + 1 :] if t.turn.role == "agent"][:RESPONSE_WINDOW]
        if not following:
            continue
        hit = next((t.index for t in following if t.tags & answers), None)
        out.append(Owed(tr.index, hit))
    return out


def _ratio(items: list[Owed]) -> int | None:
    if not items:
        return None
    return round(100 * sum(o.answered_by is not None for o in items) / len(items))


def score(
    turns: Sequence[TurnResult], weights: Mapping[str, float] | None = None
) -> dict[str, int | None]:
    """Every dimension 0-100 or None, plus ``overall``: the weighted mean of those that apply."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    agent = [t for t in turns if t.turn.role == "agent"]
    customer = [t for t in turns if t.turn.role == "customer"]
    scores: dict[str, int | None] = dict.fromkeys(("overall", *DIMENSIONS))
    if not agent:
        return scores
    agent_tags = frozenset().union(*(t.tags for t in agent))
    counts = _tag_counts(agent)

    scores["active_listening"] = _listening(turns, agent)
    scores["empathy"] = _ratio(owed(turns, "customer_negative", frozenset({"empathy"})))
    apology = _ratio(owed(turns, "customer_negative", frozenset({"apology", "empathy"})))
    scores["apology"] = apology
    positive = 100 if "positive_language" in agent_tags else 75
    scores["positive_language"] = max(0, positive - NEGATIVE_PENALTY * counts["negative_language"])
    scores["resolution"] = _resolution(agent_tags, customer)
    if any(first_name(t.turn.speaker) for t in customer):
        scores["personalization"] = 100 if "personalization" in agent_tags else 0
    elif "personalization" in agent_tags:
        scores["personalization"] = 100
    courtesy = [tag in agent_tags for tag in ("greeting", "gratitude", "closing")]
    scores["courtesy"] = round(100 * sum(courtesy) / len(courtesy))

    applicable = [(d, scores[d]) for d in DIMENSIONS if scores[d] is not None and weights[d] > 0]
    total = sum(weights[d] for d, _ in applicable)
    if total:
        scores["overall"] = round(sum(weights[d] * s for d, s in applicable) / total)
    return scores


def _tag_counts(agent: Sequence[TurnResult]) -> dict[str, int]:
    counts: dict[str, int] = {"negative_language": 0}
    for tr in agent:
        for f in tr.findings:
            counts[f.tag] = counts.get(f.tag, 0) + 1
    return counts


def _listening(turns: Sequence[TurnResult], agent: Sequence[TurnResult]) -> int | None:
    """Share of agent replies to a substantive customer turn that show they took it in; half of
    them is full marks, since not every reply needs a restatement."""
    opportunities = hits = 0
    last_customer_words = 0
    for tr in turns:
        if tr.turn.role == "customer":
            last_customer_words = len(tr.turn.text.split())
        elif tr.turn.role == "agent":
            if last_customer_words >= 6:
                opportunities += 1
                hits += "active_listening" in tr.tags
            last_customer_words = 0
    if not opportunities:
        return None
    needed = max(1, (opportunities + 1) // 2)
    return min(100, round(100 * hits / needed))


def _resolution(agent_tags: frozenset[str], customer: Sequence[TurnResult]) -> int:
    if any("resolution_confirmed" in t.tags for t in customer[-2:]):
        return 100
    points = 0
    if "solution" in agent_tags:
        points += 60
    if "next_steps" in agent_tags:
        points += 40 if points else 50
    if not points and "clarifying_question" in agent_tags:
        points = 30
    return points
