"""Rendering a Summary: rich tables in the terminal, JSON, or Markdown."""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

import pandas as pd
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..summary import Summary
from .markdown import escape
from .safe import visible_controls
from .terminal import SHORT

TITLES = {
    "agents": "Per agent (mean scores)",
    "teams": "Per team (mean scores)",
    "tags": "Tags (rate per 100 agent turns)",
    "dimensions": "Dimensions",
    "worst": "Worst conversations",
    "changes": "Changes against the baseline",
}


MAX_TEXT = 70


def _cell(value: Any, compact: bool = False) -> str:
    """One table cell; ``compact`` (narrow terminal tables) rounds means to whole points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if compact else f"{value:.1f}"
    text = str(value)
    return text if len(text) <= MAX_TEXT or not compact else text[: MAX_TEXT - 1] + "…"


def _frames(summary: Summary) -> list[tuple[str, pd.DataFrame]]:
    frames = [
        (key, getattr(summary, key)) for key in ("agents", "teams", "tags", "dimensions", "worst")
    ]
    if summary.changes is not None:
        frames.append(("changes", summary.changes))
    return frames


SCRIPTS_TITLE = "Scripted replies: the same message whatever the customer said"


def render_terminal(summary: Summary, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False)
    noun = "conversation" if summary.conversations == 1 else "conversations"
    console.print(f"[bold]{summary.conversations} {noun}[/bold]")
    legend = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    console.print(f"[dim]{legend}[/dim]")
    for key, frame in _frames(summary):
        table = Table(
            title=TITLES[key], box=box.SIMPLE_HEAD, title_justify="left", collapse_padding=True
        )
        flat = frame.reset_index()
        compact = key in ("agents", "teams", "worst")
        for n, column in enumerate(flat.columns):
            name = SHORT.get(str(column), str(column).replace("_", " "))
            name = "n" if column == "conversations" else name
            if n < frame.index.nlevels or column == "agent":  # names in full, folded
                table.add_column(name, overflow="fold", min_width=10 if n == 0 else None)
            else:
                table.add_column(name, justify="left" if column == "top_tip" else "right")
        for row in flat.itertuples(index=False):
            table.add_row(*(Text(visible_controls(_cell(v, compact))) for v in row))  # inert text
        console.print(table)
    if summary.themes:
        table = Table(
            title="Recurring customer complaint themes", box=box.SIMPLE_HEAD, title_justify="left"
        )
        table.add_column("phrase")
        table.add_column("count", justify="right")
        for phrase, count in summary.themes:
            table.add_row(Text(visible_controls(phrase)), str(count))
        console.print(table)
    if summary.scripts:
        table = Table(title=SCRIPTS_TITLE, box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("message", overflow="fold")
        table.add_column("n", justify="right")
        table.add_column("customer msgs", justify="right")
        for message, count, contexts in summary.scripts:
            table.add_row(Text(visible_controls(message)), str(count), str(contexts))
        console.print(table)


def render_json(summary: Summary, stream: TextIO) -> None:
    stream.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")


def render_markdown(summary: Summary, stream: TextIO) -> None:
    stream.write(f"# cscoach summary\n\n{summary.conversations} conversations\n\n")
    for key, frame in _frames(summary):
        flat = frame.reset_index()
        stream.write(
            f"## {TITLES[key]}\n\n| " + " | ".join(escape(str(c)) for c in flat.columns) + " |\n"
        )
        stream.write("|" + " --- |" * len(flat.columns) + "\n")
        for row in flat.itertuples(index=False):
            stream.write("| " + " | ".join(escape(_cell(v)) for v in row) + " |\n")
        stream.write("\n")
    if summary.themes:
        stream.write("## Recurring customer complaint themes\n\n")
        stream.write("".join(f"- {escape(p)} ({n})\n" for p, n in summary.themes) + "\n")
    if summary.scripts:
        stream.write(f"## {SCRIPTS_TITLE}\n\n| message | conversations | customer messages |\n")
        stream.write("| --- | ---: | ---: |\n")
        for message, count, contexts in summary.scripts:
            stream.write(f"| {escape(message)} | {count} | {contexts} |\n")
        stream.write("\n")


SUMMARY_RENDERERS = {"terminal": render_terminal, "json": render_json, "markdown": render_markdown}
