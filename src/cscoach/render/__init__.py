"""Renderers: each turns results into one output format and knows nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from .base import Renderer, RenderOptions
from .csvout import CsvRenderer
from .github import GitHubRenderer
from .html import HtmlRenderer
from .jsonout import JsonLinesRenderer, JsonRenderer
from .junit import JUnitRenderer
from .markdown import MarkdownRenderer
from .sarif import SarifRenderer
from .terminal import TerminalRenderer

RENDERERS: dict[str, Callable[[TextIO, RenderOptions], Renderer]] = {
    "terminal": TerminalRenderer,
    "json": JsonRenderer,
    "jsonl": JsonLinesRenderer,
    "csv": CsvRenderer,
    "markdown": MarkdownRenderer,
    "html": HtmlRenderer,
    "junit": JUnitRenderer,
    "github": GitHubRenderer,
    "sarif": SarifRenderer,
}

__all__ = ["RENDERERS", "RenderOptions", "Renderer"]
