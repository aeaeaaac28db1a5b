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

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._writer: csv.DictWriter | None = None

    def write(self, result: ConversationResult) -> None:
        if self.options.per_turn:
            rows = turn_rows(result)
        else:
            rows = [conversation_row(result, self.options.thresholds)]
        for row in rows:
            if self._writer is None:
                self._writer = csv.DictWriter(
                    self.stream, fieldnames=list(row), lineterminator="\n"
                )
                self._writer.writeheader()
            self._writer.writerow({k: safe_cell(v) for k, v in row.items()})
        self.stream.flush()
