"""Markdown for pull-request comments and wikis: a section per conversation, then a summary."""

from __future__ import annotations

from typing import TextIO

from ..logline import one_line
from ..model import ConversationResult
from ..requests.cues import HANDLING_TEXT
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
        if result.reasons:
            out.write(f"\n**Why {result.overall}:**\n\n")
            for reason in result.reasons:
                dimension = reason.dimension.replace("_", " ")
                out.write(f"- {dimension} {reason.score}: {escape(reason.why)}\n")
        failures = self.options.thresholds.failures(result)
        if failures:  # without a threshold only a critical rule hit is listed, never a fail
            label = "Failed" if self.options.thresholds.active else "Critical rule hit"
            out.write(f"\n**{label}:** " + "; ".join(escape(f) for f in failures) + "\n")
        if result.requests:
            out.write(
                "\n**Requests**\n\n| turn | asks | handling | reply |\n| ---: | --- | --- | --- |\n"
            )
            for request in result.requests:
                handling = HANDLING_TEXT[request.handling]
                if request.reask is not None:
                    handling += f"; asked again for the {request.reask.detail}"
                replies = ", ".join(map(str, request.replies)) or "-"
                asks = escape(one_line(request.asks))
                out.write(f"| {request.turn} | {asks} | {handling} | {replies} |\n")
        if result.tips:
            out.write("\n**Tips**\n\n")
            for n, tip in enumerate(result.tips, start=1):
                out.write(f"{n}. `{tip.tag}` {escape(tip.tip)}\n")
                if tip.context is not None:
                    said = escape(tip.context.quote)
                    out.write(f"   - customer said (turn {tip.context.turn}): “{said}”\n")
                if tip.quote:
                    out.write(f"   - you said (turn {tip.turn}): “{escape(tip.quote)}”\n")
                else:
                    out.write(f"   - no reply after turn {tip.turn}\n")
                if tip.rewrite:
                    out.write(f"   - try: *{escape(tip.rewrite)}*\n")
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
