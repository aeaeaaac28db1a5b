"""Renderers: each turns results into one output format and knows nothing else.

A renderer's module is imported only when its format is asked for: the HTML report needs
pandas (for its team overview), and a run that writes JSON should not pay for it at start.
"""

from __future__ import annotations

from importlib import import_module

from .base import Renderer, RenderOptions, Reported, report

_MODULES: dict[str, tuple[str, str]] = {
    "terminal": ("terminal", "TerminalRenderer"),
    "json": ("jsonout", "JsonRenderer"),
    "jsonl": ("jsonout", "JsonLinesRenderer"),
    "csv": ("csvout", "CsvRenderer"),
    "markdown": ("markdown", "MarkdownRenderer"),
    "html": ("html", "HtmlRenderer"),
    "junit": ("junit", "JUnitRenderer"),
    "github": ("github", "GitHubRenderer"),
    "sarif": ("sarif", "SarifRenderer"),
}
FORMATS: tuple[str, ...] = tuple(_MODULES)


def renderer_for(fmt: str) -> type[Renderer]:
    """The renderer class of an output format (one of FORMATS)."""
    module, name = _MODULES[fmt]
    return getattr(import_module(f".{module}", __name__), name)


__all__ = ["FORMATS", "RenderOptions", "Renderer", "Reported", "renderer_for", "report"]
