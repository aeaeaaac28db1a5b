"""The result JSON of DESIGN.md: a list (or one object) for json, one line each for jsonl."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..model import ConversationResult
from .base import Renderer, RenderOptions

_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
"""Characters some readers take for line ends: escaped, so one JSON line is always one line."""


def dumps(data: Any, *, indent: int | None = None) -> str:
    text = _dumps(data, indent)
    # they are rare, and finding one is a fast search; str.translate walks every character
    if any(chr(code) in text for code in _LINE_BREAKS):
        text = text.translate(_LINE_BREAKS)
    return text


def _dumps(data: Any, indent: int | None) -> str:
    return json.dumps(
        data,
        ensure_ascii=False,
        indent=indent,
        separators=None if indent else (",", ":"),
        allow_nan=False,  # strict JSON: NaN and Infinity are not JSON, and consumers reject them
    )


class JsonLinesRenderer(Renderer):
    @staticmethod
    def prepare(result: ConversationResult, options: RenderOptions) -> str:
        return dumps(result.to_dict()) + "\n"

    def write(self, prepared: str) -> None:
        self.stream.write(prepared)
        self.stream.flush()


class JsonRenderer(Renderer):
    """One object for a single conversation, a list for several (streamed, never all in memory)."""

    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._pending: str | None = None
        self._count = 0

    @staticmethod
    def prepare(result: ConversationResult, options: RenderOptions) -> str:
        return _indent(dumps(result.to_dict(), indent=2))

    def write(self, prepared: str) -> None:
        text = prepared
        if self._count == 1:
            self.stream.write("[\n" + self._pending)
        if self._count >= 1:
            self.stream.write(",\n" + text)
        else:
            self._pending = text
        self._count += 1

    def close(self) -> None:
        if self._count == 0:
            self.stream.write("[]\n")
        elif self._count == 1:
            self.stream.write(dumps(json.loads(self._pending or "{}"), indent=2) + "\n")
        else:
            self.stream.write("\n]\n")


def _indent(text: str) -> str:
    """Indent JSON one level. Split on "\\n" only: json.dumps escapes newlines in strings, but
    not U+0085 or U+2028, which str.splitlines would also split on (inside a string)."""
    return "\n".join("  " + line for line in text.split("\n"))
