"""Which turns pulled a dimension down: for failure messages in CI reports."""

from __future__ import annotations

from ..model import ConversationResult, Tip

_TIP_TAGS = {"positive_language": {"negative_language"}, "courtesy": set(), "outcome": set()}


def weakest_tips(result: ConversationResult, dimension: str, limit: int = 3) -> list[Tip]:
    """The tips about ``dimension`` (most urgent first), or the top tips for ``overall``."""
    tags = _TIP_TAGS.get(dimension, {dimension})
    chosen = (
        list(result.tips) if dimension == "overall" else [t for t in result.tips if t.tag in tags]
    )
    return chosen[:limit]


def describe(result: ConversationResult, dimension: str) -> str:
    tips = weakest_tips(result, dimension)
    if not tips:
        return "no single turn stands out"
    return "; ".join(f'turn {t.turn}: "{t.quote}" ({t.tip})' for t in tips)
