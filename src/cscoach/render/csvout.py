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
from .safe import csv_cell as safe_cell


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
