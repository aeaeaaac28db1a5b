"""The team overview as HTML: headline figures, score distributions, per-agent and per-team
tables, the most frequent tips, failed conversations, the trend, complaint themes and changes.
``cscoach summary -f html`` is this page alone; the ``analyze`` HTML report puts it on top of
its conversation list."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..summary import BINS, Summary
from .htmlpage import color, escape
from .terminal import SHORT

FAILED_SHOWN = 50
LONG_COLUMNS = {"top_tips", "example", "failure", "top_tip", "quote", "message"}
LABELS = {"conversations": "n", "pass_rate": "pass %", "per_100_turns": "per 100 turns"}


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    return escape(value)


def frame_table(
    frame: pd.DataFrame, links: list[str] | None = None, *, sortable: bool = True
) -> str:
    """``frame`` as a table; the first column links to ``links[i]`` when given. Text columns
    align left and fold; every cell is escaped."""
    flat = frame.reset_index()
    text = {c for c in flat.columns if not pd.api.types.is_numeric_dtype(flat[c])}
    head = "".join(
        f'<th class="{"text" if c in text else "num"}" title="{escape(str(c).replace("_", " "))}">'
        f"{escape(LABELS.get(str(c)) or SHORT.get(str(c)) or str(c).replace('_', ' '))}</th>"
        for c in flat.columns
    )
    rows = []
    for i, row in enumerate(flat.itertuples(index=False)):
        cells = []
        for n, (column, value) in enumerate(zip(flat.columns, row, strict=True)):
            shown = _cell(value)
            if n == 0 and links:
                shown = f'<a href="{escape(links[i])}">{shown}</a>'
            kind = "long" if column in LONG_COLUMNS else "text" if column in text else ""
            cells.append(f'<td class="{kind}">{shown}</td>' if kind else f"<td>{shown}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    klass = ' class="sortable"' if sortable else ""
    return (
        f'<div class="wide"><table{klass}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def histogram(name: str, counts: list[int]) -> str:
    """Conversations per score band of BINS, as bars coloured like the scores they hold."""
    width, height, pad = 200, 90, 16
    peak = max(counts, default=0) or 1
    step = width / max(1, len(counts))
    bars = []
    for i, count in enumerate(counts):
        low, high = BINS[i], min(100, BINS[i + 1] - 1)
        h = round((height - 2 * pad) * count / peak)
        x, y = i * step + 2, height - pad - h
        bars.append(
            f'<rect x="{x:.0f}" y="{y}" width="{step - 4:.0f}" height="{h}" fill="{color(low)}">'
            f"<title>{low}-{high}: {count}</title></rect>"
            f'<text x="{x + step / 2 - 2:.0f}" y="{y - 3}" font-size="10" text-anchor="middle">{count}</text>'
            f'<text x="{x + step / 2 - 2:.0f}" y="{height - 3}" font-size="9" text-anchor="middle" '
            f'fill="#5a6478">{low}</text>'
        )
    label = escape(name.replace("_", " "))
    return (
        f'<figure class="hist"><svg class="chart histogram" role="img" aria-label="{label} scores" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>'
        f"<figcaption>{label}: {sum(counts)} scored</figcaption></figure>"
    )


def trend_chart(trend: pd.DataFrame) -> str:
    """Conversations per period as grey bars, mean overall score (0-100) as a blue line."""
    width, height, pad = 760, 180, 24
    n = len(trend)
    step = (width - 2 * pad) / max(1, n)
    peak = max(1, int(trend["conversations"].max()))
    parts: list[str] = []
    segments: list[list[str]] = [[]]  # the line breaks where a period has no conversation
    label_every = max(1, math.ceil(n / 12))
    for i, (period, row) in enumerate(trend.iterrows()):
        x = pad + i * step
        h = (height - 2 * pad) * row["conversations"] / peak
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - pad - h:.1f}" width="{max(1.0, step - 2):.1f}" '
            f'height="{h:.1f}" fill="#d5dbe7"><title>{escape(period)}: {int(row["conversations"])} '
            f"conversations, mean overall {_cell(row['overall'])}</title></rect>"
        )
        if pd.isna(row["overall"]):
            segments.append([])
        else:
            y = height - pad - (height - 2 * pad) * row["overall"] / 100
            segments[-1].append(f"{x + step / 2:.1f},{y:.1f}")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 6}" font-size="10" fill="#5a6478">{escape(period)}</text>'
            )
    line = "".join(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="#3b6fd8" stroke-width="2"/>'
        if len(points) > 1
        else f'<circle cx="{points[0].split(",")[0]}" cy="{points[0].split(",")[1]}" r="2.5" '
        'fill="#3b6fd8"/>'
        for points in segments
        if points
    )
    return (
        f'<svg class="chart trend" role="img" aria-label="trend" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">'
        f'<text x="{pad}" y="12" font-size="11" fill="#5a6478">bars: conversations (max {peak}) · '
        f"line: mean overall score (0-100)</text>{''.join(parts)}{line}</svg>"
    )


def sections(summary: Summary, anchor: str | None = "c") -> list[tuple[str, str, str]]:
    """(id, title, HTML) of each part of the overview that has something to show. Failed
    conversations link to ``#{anchor}{position}`` when ``anchor`` is given."""
    out = [("overview", "Overview", _headline(summary) + _histograms(summary) + _legend())]
    out.append(("agents", "Per agent", frame_table(summary.agents)))
    if len(summary.teams) > 1 or "unknown" not in summary.teams.index:
        out.append(("teams", "Per team", frame_table(summary.teams)))
    if len(summary.tips):
        out.append(("tips", "Most frequent tips", frame_table(summary.tips)))
    if len(summary.failed):
        out.append(("failed", "Failed conversations", _failed(summary, anchor)))
    if summary.trend is not None:
        table = frame_table(summary.trend)
        out.append(("trend", "Trend", trend_chart(summary.trend) + table))
    if summary.themes:
        themes = pd.DataFrame(
            [(t.phrase, t.conversations, t.quote) for t in summary.themes],
            columns=["theme", "conversations", "quote"],
        ).set_index("theme")
        out.append(("themes", "Recurring customer complaint themes", frame_table(themes)))
    if summary.changes is not None:
        out.append(("changes", "Changes against the baseline", frame_table(summary.changes)))
    if summary.scripts:
        scripts = pd.DataFrame(
            summary.scripts, columns=["message", "conversations", "customer_messages"]
        ).set_index("message")
        out.append(("scripted", "Scripted replies", frame_table(scripts)))
    return out


def _headline(summary: Summary) -> str:
    n = summary.conversations
    failed = len(summary.failed)
    overall = summary.dimensions.loc["overall", "mean"]
    cards = [
        (f"{n:,}", "conversation" if n == 1 else "conversations"),
        (f"{100 * (n - failed) / max(1, n):.0f}%", f"passed ({n - failed:,})"),
        (f"{failed:,}", "failed"),
        (_cell(overall), "mean overall score"),
    ]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{value}</b>{escape(label)}</div>' for value, label in cards
    ) + "</div>"  # fmt: skip


def _legend() -> str:
    names = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    return f'<p class="note">Score columns: {escape(names)}. Click a column head to sort.</p>'


def _histograms(summary: Summary) -> str:
    figures = "".join(histogram(dim, counts) for dim, counts in summary.distributions.items())
    return f'<h3>Score distributions</h3><div class="hists">{figures}</div>'


def _failed(summary: Summary, anchor: str | None) -> str:
    shown = summary.failed.head(FAILED_SHOWN)
    links = None
    if anchor is not None:
        links = [f"#{anchor}{n}" for n in summary.failed_positions[:FAILED_SHOWN]]
    more = len(summary.failed) - len(shown)
    note = ""
    if more > 0:
        where = "tick “failed only” in the list below" if anchor else "see -f json"
        note = f'<p class="note">{more:,} more failed: {where}.</p>'
    return '<p class="note">Lowest overall score first.</p>' + frame_table(shown, links) + note
