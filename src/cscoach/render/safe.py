"""Making transcript text inert wherever it is shown."""

from __future__ import annotations

_CONTROL = {c: "\ufffd" for c in [*range(0, 9), *range(11, 32), 127] if c != 10}


def visible_controls(text: str) -> str:
    """Control characters (terminal escape sequences, bells, NULs) as U+FFFD; offsets kept."""
    return text.translate(_CONTROL)
