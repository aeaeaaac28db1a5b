"""How a report quotes a turn: one line, bounded."""

from __future__ import annotations

MAX_QUOTE = 160
"""The longest quote a report shows: a sentence or a phrase, never a pasted page."""


def clipped(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` on one line with single spaces, cut with "…" past ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
