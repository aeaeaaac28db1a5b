"""How a report quotes a turn: one line, bounded."""

from __future__ import annotations

MAX_QUOTE = 160
"""The longest quote a report shows: a sentence or a phrase, never a pasted page."""


WORD_CUT = 0.6
"""A clipped quote ends at the last space before the limit, unless that would keep less than
this share of it (one long word, a link): then it is cut inside the word."""


def clipped(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` on one line with single spaces, cut with "…" past ``limit`` characters, between
    words where it can be (QA-lead reads flagged quotes cut off mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < WORD_CUT * limit:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:") + "…"
