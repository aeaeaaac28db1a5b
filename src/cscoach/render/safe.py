"""Making transcript text inert wherever it is shown."""

from __future__ import annotations

_CONTROL = {
    c: "\ufffd"
    for c in [*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0), 0x2028, 0x2029,
              *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if c != 10
}  # fmt: skip
"""C0 and C1 controls (terminal escapes), Unicode line separators and bidi overrides, which can
break lines or disguise text."""


def visible_controls(text: str) -> str:
    """Control characters (terminal escape sequences, bells, NULs) as U+FFFD; offsets kept."""
    return text.translate(_CONTROL)
