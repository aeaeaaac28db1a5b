"""CSV: one row per conversation with every score, or one per turn with ``--per-turn``.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..model import ConversationResult
from .base import Renderer, RenderOptions
from .rows import conversation_row, turn_rows

_FORMULA_START = ("=", "+", "-", "@")
_LEADING = " \t\r\n\x0b\x0c" + "".join(map(chr, range(0, 32)))


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: a formula start after any leading whitespace or
    control character ("\\r=1+1") is defused with an apostrophe."""
    if isinstance(value, str) and value.lstrip(_LEADING).startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._writer: csv.DictWriter | None = None

    @staticmethod
    def prepare(result: ConversationResult, options: RenderOptions) -> list[dict[str, Any]]:
        rows = (
            turn_rows(result)
            if options.per_turn
            else [conversation_row(result, options.thresholds)]
        )
        return [{k: safe_cell(v) for k, v in row.items()} for row in rows]

    def write(self, prepared: list[dict[str, Any]]) -> None:
        for row in prepared:
            if self._writer is None:
                self._writer = csv.DictWriter(
                    self.stream, fieldnames=list(row), lineterminator="\n", quoting=csv.QUOTE_ALL
                )  # every cell quoted: a lone carriage return can never start a new row
                self._writer.writeheader()
            self._writer.writerow(row)
        self.stream.flush()
