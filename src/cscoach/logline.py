"""Lines for stderr and CI logs: always one line, always inert."""

from __future__ import annotations

_LOG = {
    **{c: f"\\x{c:02x}" for c in [*range(0, 32), 127]},
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): " ",
    **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)},
    **{
        c: f"\\u{c:04x}"
        for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x2028, 0x2029]
    },
}


MAX_LINE = 300
"""A log line is at most this long; the rest is summarised."""


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Text for a log line: one line, inert, bounded. Newlines, terminal escapes, C1 controls
    and bidi overrides are shown as escapes, so an id cannot forge a second line (a "FAIL" or a
    CI "::error::" annotation) or recolour the terminal."""
    text = text.translate(_LOG)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 40]}… ({len(text) - limit + 40:,} more characters)"
