"""The renderer protocol: results go in one at a time, in order."""

from __future__ import annotations

from typing import TextIO

from ..model import ConversationResult


class Renderer:
    """Receives each result as it is ready, then ``close`` once at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, result: ConversationResult) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Called once after the last result (also after an interrupted run)."""
