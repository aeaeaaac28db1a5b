"""Renderers: each turns results into one output format and knows nothing else."""

from __future__ import annotations

from .base import Renderer, RenderOptions, Reported, report
from .csvout import CsvRenderer
from .github import GitHubRenderer
from .html import HtmlRenderer
from .jsonout import JsonLinesRenderer, JsonRenderer
from .junit import JUnitRenderer
from .markdown import MarkdownRenderer
from .sarif import SarifRenderer
from .terminal import TerminalRenderer

RENDERERS: dict[str, type[Renderer]] = {
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

__all__ = ["RENDERERS", "RenderOptions", "Renderer", "Reported", "report"]
