"""Markdown for pull-request comments and wikis: a section per conversation, then a summary."""

from __future__ import annotations

from typing import TextIO

from ..logline import one_line
from ..model import ConversationResult
from .base import Renderer, RenderOptions
from .rows import SCORE_COLUMNS
from .safe import markdown_text as escape


def score(value: int | None) -> str:
    return "n/a" if value is None else str(value)


class MarkdownRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._rows: list[str] = []

    def write(self, result: ConversationResult) -> None:
        conv = result.conversation
        out = self.stream
        out.write(f"## {escape(conv.id)}\n\n")
        meta = [f"agent: {escape(conv.agent or 'unknown')}", f"turns: {len(conv.turns)}"]
        if conv.source:
            meta.append(f"source: {escape(one_line(conv.source))}")
        if conv.roles_inferred:
            meta.append("roles inferred")
        out.write(" · ".join(meta) + "\n\n")
        out.write("| dimension | score |\n| --- | ---: |\n")
        for dim in SCORE_COLUMNS:
            out.write(f"| {dim.replace('_', ' ')} | {score(result.scores.get(dim))} |\n")
        failures = self.options.thresholds.failures(result)
        if failures:
            out.write("\n**Failed:** " + "; ".join(escape(f) for f in failures) + "\n")
        if result.tips:
            out.write("\n**Tips**\n\n")
            for n, tip in enumerate(result.tips, start=1):
                out.write(f"{n}. `{tip.tag}` {escape(tip.tip)}\n   > {escape(tip.quote)}\n")
                if tip.rewrite:
                    out.write(f"\n   Try: *{escape(tip.rewrite)}*\n")
                    if self.options.explain:
                        earns = ", ".join(tip.rewrite_tags) or "no tag"
                        out.write(f"   (checked: the rewrite earns {escape(earns)})\n")
        out.write("\n")
        cells = " | ".join(score(result.scores.get(d)) for d in SCORE_COLUMNS)
        self._rows.append(
            f"| {escape(conv.id)} | {escape(conv.agent or '-')} | {cells} | {len(result.tips)} |"
        )

    def close(self) -> None:
        if len(self._rows) < 2:
            return
        header = " | ".join(d.replace("_", " ") for d in SCORE_COLUMNS)
        self.stream.write(f"## Summary\n\n| conversation | agent | {header} | tips |\n")
        self.stream.write("| --- | --- |" + " ---: |" * (len(SCORE_COLUMNS) + 1) + "\n")
        self.stream.write("\n".join(self._rows) + "\n")
