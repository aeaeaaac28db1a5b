"""Renderers: each turns results into one output format and knows nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from .base import Renderer
from .jsonout import JsonLinesRenderer, JsonRenderer
from .terminal import TerminalRenderer

RENDERERS: dict[str, Callable[[TextIO], Renderer]] = {
    "terminal": TerminalRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
}

__all__ = ["RENDERERS", "Renderer"]
