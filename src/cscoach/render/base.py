"""The renderer protocol: results go in one at a time, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from ..gate import Thresholds
from ..model import ConversationResult


@dataclass(frozen=True, slots=True)
class RenderOptions:
    thresholds: Thresholds = field(default_factory=Thresholds)
    per_turn: bool = False
    """csv: one row per turn instead of one per conversation."""


class Renderer:
    """Receives each result as it is ready, then ``close`` once at the end."""

    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        self.stream = stream
        self.options = options or RenderOptions()

    def write(self, result: ConversationResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Called once after the last result (also after an interrupted run)."""
