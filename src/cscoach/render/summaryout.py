"""Rendering a Summary: rich tables in the terminal, JSON, Markdown, or an HTML page."""

from __future__ import annotations

import json
import math
from importlib.resources import files
from typing import Any, TextIO

import pandas as pd
from rich import box
from rich.table import Table
from rich.text import Text

from ..summary import Summary
from .htmlpage import navigation, page_end, page_start, script, section
from .markdown import escape
from .overview import sections
from .safe import inert_console, visible_controls
from .terminal import SHORT

TITLES = {
    "agents": "Per agent (pass rate, mean scores)",
    "teams": "Per team (pass rate, mean scores)",
    "agent_tips": "Top tips per agent (conversations given each)",
    "tags": "Tags (rate per 100 agent turns)",
    "dimensions": "Dimensions",
    "tips": "Most frequent tips (conversations given one)",
    "failed": "Failed conversations (lowest first)",
    "worst": "Worst conversations",
    "trend": "Trend",
    "changes": "Changes against the baseline",
}
FAILED_SHOWN = 20
LABELS = {
    "conversations": "n",
    "pass_rate": "pass%",
    "per_100_turns": "per 100",
    "critical": "crit",
    "requests": "asked",
    "unanswered_pct": "unans%",
    "redirected_pct": "redir%",
}
FOLDED = {"agent", "top_tips", "example", "failure", "top_tip"}


def _cell(value: Any, compact: bool = False) -> str:
    """One table cell; ``compact`` (narrow terminal tables) rounds means to whole points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if compact else f"{value:.1f}"
    return str(value)


def _frames(summary: Summary, failed_shown: int | None = None) -> list[tuple[str, pd.DataFrame]]:
    keys = ["agents", "teams", "tags", "dimensions", "tips"]
    if list(summary.teams.index) == ["unknown"]:
        keys.remove("teams")  # no conversation names a team: the table would say nothing
    frames = [(key, getattr(summary, key)) for key in keys]
    if len(summary.failed):
        frames.append(("failed", summary.failed.head(failed_shown or len(summary.failed))))
    frames.append(("worst", summary.worst))
    for key in ("trend", "changes"):
        if getattr(summary, key) is not None:
            frames.append((key, getattr(summary, key)))
    return frames


def _themes_frame(summary: Summary) -> pd.DataFrame:
    return pd.DataFrame(
        [(t.phrase, t.conversations, t.quote) for t in summary.themes],
        columns=["theme", "conversations", "example"],
    ).set_index("theme")


SCRIPTS_TITLE = "Scripted replies: the same message whatever the customer said"


def render_terminal(summary: Summary, stream: TextIO) -> None:
    console = inert_console(stream)
    noun = "conversation" if summary.conversations == 1 else "conversations"
    failed = len(summary.failed)
    console.print(
        Text(f"{summary.conversations} {noun}", style="bold")
        + Text(f", {summary.conversations - failed} passed, {failed} failed")
    )
    legend = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    console.print(Text(legend, style="dim"))
    frames = _frames(summary, FAILED_SHOWN)
    if summary.themes:
        frames.append(("themes", _themes_frame(summary)))
    if "top_tips" in summary.agents:  # a table of its own: beside the scores it would not fit
        at = frames.index(("agents", summary.agents))
        frames[at] = ("agents", summary.agents.drop(columns="top_tips"))
        tips = summary.agents[["conversations", "pass_rate", "top_tips"]]
        frames.insert(at + 1, ("agent_tips", tips))
    for key, frame in frames:
        title = TITLES.get(key, "Recurring customer complaint themes")
        if key == "failed" and len(summary.failed) > len(frame):
            title += f": {len(frame)} of {len(summary.failed)} (all in -f json or -f html)"
        console.print(
            _table(title, frame, compact=key in ("agents", "agent_tips", "teams", "worst"))
        )
    if summary.scripts:
        table = Table(title=SCRIPTS_TITLE, box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("message", overflow="fold")
        table.add_column("n", justify="right")
        table.add_column("customer msgs", justify="right")
        for message, count, contexts in summary.scripts:
            table.add_row(Text(visible_controls(message)), str(count), str(contexts))
        console.print(table)


def _table(title: str, frame: pd.DataFrame, compact: bool) -> Table:
    """A frame as a rich table: names and long text fold (never cut), numbers align right."""
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", collapse_padding=True)
    flat = frame.reset_index()
    for n, column in enumerate(flat.columns):
        name = LABELS.get(str(column)) or SHORT.get(str(column), str(column).replace("_", " "))
        if n < frame.index.nlevels or column in FOLDED:
            width = 10 if n == 0 else 16 if column in FOLDED - {"agent"} else None
            table.add_column(name, overflow="fold", min_width=width)
        else:
            table.add_column(name, justify="right")
    for row in flat.itertuples(index=False):
        table.add_row(*(Text(visible_controls(_cell(v, compact))) for v in row))  # inert text
    return table


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
        stream.write(
            "".join(
                f"- **{escape(t.phrase)}** ({t.conversations} conversations): “{escape(t.quote)}”\n"
                for t in summary.themes
            )
            + "\n"
        )
    if summary.scripts:
        stream.write(f"## {SCRIPTS_TITLE}\n\n| message | conversations | customer messages |\n")
        stream.write("| --- | ---: | ---: |\n")
        for message, count, contexts in summary.scripts:
            stream.write(f"| {escape(message)} | {count} | {contexts} |\n")
        stream.write("\n")


def render_html(summary: Summary, stream: TextIO) -> None:
    """The team overview page (the top of the analyze HTML report, without the list)."""
    parts = sections(summary, anchor=None)
    sort = files(__package__).joinpath("sort.js").read_text(encoding="utf-8")
    stream.write(page_start("cscoach summary", (sort,)) + "<h1>cscoach summary</h1>\n")
    stream.write(navigation(parts))
    for key, title, body in parts:
        stream.write(section(key, title, body))
    stream.write(script(sort) + "\n" + page_end())


SUMMARY_RENDERERS = {
    "terminal": render_terminal,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
