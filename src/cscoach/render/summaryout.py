"""Rendering a Summary: rich tables in the terminal, JSON, Markdown, or an HTML page."""

from __future__ import annotations

import json
import math
from importlib.resources import files
from typing import Any, TextIO

import pandas as pd
from markupsafe import Markup
from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..summary import MACROS_SHOWN, Summary
from .groups import ALL_ROW, UNKNOWN_AGENTS, Cell, group_rows, legend, measures, work_frame
from .htmlpage import navigation, page_end, page_start, script, section
from .markdown import escape
from .overview import sections
from .safe import inert_console, visible_controls
from .terminal import SHORT

TITLES = {
    "agents": "Per agent (mean score, 95% interval, n)",
    "teams": "Per team (mean score, 95% interval, n)",
    "agent_work": "Per agent: requests, critical rule hits and top tips",
    "team_work": "Per team: requests and critical rule hits",
    "pass_rates": "Pass rate at each overall threshold (to help pick one)",
    "tags": "Tags (rate per 100 agent turns)",
    "dimensions": "Dimensions",
    "tips": "Most frequent tips (conversations given one)",
    "failed": "Failed conversations (lowest first)",
    "critical": "Critical rule hits (lowest first)",
    "worst": "Lowest-scored conversations (review these first)",
    "trend": "Trend",
    "changes": "Changes against the baseline",
    "themes": "What customers contact about (from their requests and complaints)",
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
    "at_or_above": "at or above",
    "interval": "95% interval",
}
FOLDED = {"agent", "top_tips", "example", "failure", "top_tip", "sentence"}


def headline(summary: Summary) -> str:
    """The first line: how many conversations, and what passed or failed (with a threshold)
    or hit a critical rule (without one: nothing passes or fails on its score)."""
    noun = "conversation" if summary.conversations == 1 else "conversations"
    flagged = len(summary.failed)
    if summary.gated:
        return f"{summary.conversations} {noun}, {summary.conversations - flagged} passed, {flagged} failed"
    hits = f", {flagged} with a critical rule hit" if flagged else ""
    return f"{summary.conversations} {noun}{hits} (no threshold set: scores only, no pass or fail)"


def _cell(value: Any, compact: bool = False) -> str:
    """One table cell; ``compact`` (narrow terminal tables) rounds means to whole points."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if compact else f"{value:.1f}"
    return str(value)


def _frames(summary: Summary, failed_shown: int | None = None) -> list[tuple[str, pd.DataFrame]]:
    """The plain tables, in order (the per-agent and per-team score tables are drawn apart)."""
    frames = []
    if not summary.agents_unknown:
        frames.append(("agent_work", work_frame(summary, "agent")))
    if _has_teams(summary):
        frames.append(
            ("team_work", work_frame(summary, "team").drop(columns="top_tips", errors="ignore"))
        )
    if summary.pass_rates is not None and len(summary.pass_rates):
        frames.append(("pass_rates", _pass_rate_frame(summary)))
    frames += [(key, getattr(summary, key)) for key in ("tags", "dimensions", "tips")]
    if len(summary.failed):
        key = "failed" if summary.gated else "critical"
        frames.append((key, summary.failed.head(failed_shown or len(summary.failed))))
    frames.append(("worst", summary.worst))
    for key in ("trend", "changes"):
        if getattr(summary, key) is not None:
            frames.append((key, getattr(summary, key)))
    if summary.themes:
        frames.append(("themes", _themes_frame(summary)))
    return frames


def _has_teams(summary: Summary) -> bool:
    """Whether any conversation names a team (else the table would say nothing)."""
    return list(summary.teams.index) != ["unknown"]


def _pass_rate_frame(summary: Summary) -> pd.DataFrame:
    rates = summary.pass_rates
    assert rates is not None
    return pd.DataFrame(
        {
            "at_or_above": [
                f"{a} of {n}" for a, n in zip(rates["at_or_above"], rates["scored"], strict=True)
            ],
            "pass_rate": rates["pass_rate"].to_numpy(),
            "interval": [
                "-" if pd.isna(lo) else f"{lo:.0f}–{hi:.0f}%"
                for lo, hi in zip(rates["low"], rates["high"], strict=True)
            ],
            "gate": ["your threshold" if g else "" for g in rates["gate"]],
        },
        index=pd.Index([f"overall ≥ {t}" for t in rates.index], name="threshold"),
    )


def _themes_frame(summary: Summary) -> pd.DataFrame:
    return pd.DataFrame(
        [(t.phrase, t.conversations, t.quote) for t in summary.themes],
        columns=["theme", "conversations", "example"],
    ).set_index("theme")


SCRIPTS_TITLE = "Scripted replies: the same message whatever the customer said"
MACROS_TITLE = "Macro lines: agent sentences sent in many conversations (marked macro)"


def _macros_frame(summary: Summary) -> pd.DataFrame:
    shown = summary.macros[:MACROS_SHOWN]
    return pd.DataFrame(shown, columns=["sentence", "conversations"]).set_index("sentence")


def render_terminal(summary: Summary, stream: TextIO) -> None:
    console = inert_console(stream)
    console.print(Text(headline(summary), style="bold"))
    legend = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    console.print(Text(legend, style="dim"))
    if summary.agents_unknown:
        console.print(Text(UNKNOWN_AGENTS, style="yellow"))
    else:
        console.print(_group_table(summary, "agent"))
    if _has_teams(summary):
        console.print(_group_table(summary, "team"))
    for key, frame in _frames(summary, FAILED_SHOWN):
        title = TITLES[key]
        if key in ("failed", "critical") and len(summary.failed) > len(frame):
            title += f": {len(frame)} of {len(summary.failed)} (all in -f json or -f html)"
        compact = key in ("agent_work", "team_work", "worst")
        console.print(_table(title, frame, compact=compact))
    if summary.scripts:
        table = Table(title=SCRIPTS_TITLE, box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("message", overflow="fold")
        table.add_column("n", justify="right")
        table.add_column("customer msgs", justify="right")
        for message, count, contexts in summary.scripts:
            table.add_row(Text(visible_controls(message)), str(count), str(contexts))
        console.print(table)
    if summary.macros:
        console.print(_table(MACROS_TITLE, _macros_frame(summary), compact=False))


def _group_table(summary: Summary, key: str) -> Group:
    """Per agent or team: a column per measure, each cell the mean (marked ▲, ▼ or ≈), its 95%
    interval and n on three short lines; cells the data cannot tell from everyone's are dim."""
    table = Table(
        title=TITLES["agents" if key == "agent" else "teams"],
        box=box.SIMPLE_HEAD,
        title_justify="left",
        collapse_padding=True,
    )
    table.add_column(key, overflow="fold", min_width=10)
    table.add_column("n", justify="right")
    for measure in measures(summary):
        table.add_column(LABELS.get(measure) or SHORT.get(measure, measure), justify="right")
    for name, count, cells in group_rows(summary, key):
        shown = [_terminal_cell(cells[m], name == ALL_ROW) for m in measures(summary)]
        table.add_row(Text(visible_controls(name)), str(count), *shown)
    return Group(table, Text(legend(summary), style="dim"))


def _terminal_cell(cell: Cell, everyone: bool) -> Text:
    if cell.empty:
        return Text("-", style="dim")
    mark = "" if everyone else cell.mark
    style = "dim" if cell.vs_all == "within" else "bold" if mark else ""
    return Text(f"{cell.value_text()}{mark}\n{cell.interval_text()}\nn={cell.n}", style=style)


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
    stream.write(f"# cscoach summary\n\n{escape(headline(summary))}\n\n")
    if summary.agents_unknown:
        stream.write(f"{escape(UNKNOWN_AGENTS)}\n\n")
    groups = [] if summary.agents_unknown else ["agent"]
    for key in groups + (["team"] if _has_teams(summary) else []):
        _markdown_table(
            stream, TITLES["agents" if key == "agent" else "teams"], _markdown_groups(summary, key)
        )
        stream.write(f"{escape(legend(summary))}\n\n")
    for key, frame in _frames(summary):
        if key == "themes":
            continue
        _markdown_table(stream, TITLES[key], frame)
    if summary.themes:
        stream.write(f"## {TITLES['themes']}\n\n")
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
    if summary.macros:
        _markdown_table(stream, MACROS_TITLE, _macros_frame(summary))


def _markdown_groups(summary: Summary, key: str) -> pd.DataFrame:
    rows = [
        {key: name, "conversations": count, **{m: cells[m].inline() for m in measures(summary)}}
        for name, count, cells in group_rows(summary, key)
    ]
    return pd.DataFrame(rows).set_index(key)


def _markdown_table(stream: TextIO, title: str, frame: pd.DataFrame) -> None:
    flat = frame.reset_index()
    stream.write(f"## {title}\n\n| " + " | ".join(escape(str(c)) for c in flat.columns) + " |\n")
    stream.write("|" + " --- |" * len(flat.columns) + "\n")
    for row in flat.itertuples(index=False):
        stream.write("| " + " | ".join(escape(_cell(v)) for v in row) + " |\n")
    stream.write("\n")


def render_html(summary: Summary, stream: TextIO) -> None:
    """The team overview page (the top of the analyze HTML report, without the list)."""
    parts = sections(summary, anchor=None)
    sort = files(__package__).joinpath("sort.js").read_text(encoding="utf-8")
    stream.write(page_start("cscoach summary", (sort,)) + Markup("<h1>cscoach summary</h1>\n"))
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
