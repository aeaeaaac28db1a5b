"""Bounded memos for text: exports repeat (macros, templates, "Thanks!"), so what was computed
for a text is kept for the next time it appears, within a fixed memory budget."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

TURN_ENTRIES = 8192
"""Entries in each memo keyed by a turn's text."""
SENTENCE_ENTRIES = 1 << 15
"""Entries in each memo keyed by one sentence or one word."""
SHORT_TEXT_CHARS = 1000
"""Texts up to this long share the big memo. Longer ones (pasted logs, documents) rarely
repeat: they get a small memo of their own, enough for the several passes over one turn, so
the big memo holds at most 8 MB of text and long texts never push out the short ones."""
LONG_ENTRIES = 32


def memo_text(
    maxsize: int,
) -> Callable[[Callable[Concatenate[str, P], R]], Callable[Concatenate[str, P], R]]:
    """Like ``functools.lru_cache(maxsize)``, for functions whose first argument is a text, with
    texts over SHORT_TEXT_CHARS kept apart in a memo of LONG_ENTRIES."""

    def decorate(fn: Callable[Concatenate[str, P], R]) -> Callable[Concatenate[str, P], R]:
        short = lru_cache(maxsize=maxsize)(fn)
        long = lru_cache(maxsize=LONG_ENTRIES)(fn)

        @wraps(fn)
        def call(text: str, *args: P.args, **kwargs: P.kwargs) -> R:
            return (long if len(text) > SHORT_TEXT_CHARS else short)(text, *args, **kwargs)

        return call

    return decorate
