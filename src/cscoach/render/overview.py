"""The team overview as HTML: headline figures, score distributions, per-agent and per-team
tables, the most frequent tips, failed conversations, the trend, complaint themes and changes.
``cscoach summary -f html`` is this page alone; the ``analyze`` HTML report puts it on top of
its conversation list."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..summary import BINS, Summary
from .htmlpage import color
from .safe import html
from .terminal import SHORT

FAILED_SHOWN = 50
LONG_COLUMNS = {"top_tips", "example", "failure", "top_tip", "quote", "message"}
LABELS = {"conversations": "n", "pass_rate": "pass %", "per_100_turns": "per 100 turns"}


def _cell(value: Any) -> Markup:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Markup("-")
    if isinstance(value, float):
        return html(f"{value:.0f}" if value.is_integer() else f"{value:.1f}")
    return html(value)


def frame_table(
    frame: pd.DataFrame, links: list[str] | None = None, *, sortable: bool = True
) -> Markup:
    """``frame`` as a table; the first column links to ``links[i]`` when given. Text columns
    align left and fold; every cell and name goes in through an escaping template."""
    flat = frame.reset_index()
    text = {c for c in flat.columns if not pd.api.types.is_numeric_dtype(flat[c])}
    head = Markup("").join(
        Markup('<th class="{}" title="{}">{}</th>').format(
            "text" if c in text else "num",
            str(c).replace("_", " "),
            LABELS.get(str(c)) or SHORT.get(str(c)) or str(c).replace("_", " "),
        )
        for c in flat.columns
    )
    rows = []
    for i, row in enumerate(flat.itertuples(index=False)):
        cells = []
        for n, (column, value) in enumerate(zip(flat.columns, row, strict=True)):
            shown = _cell(value)
            if n == 0 and links:
                shown = Markup('<a href="{}">{}</a>').format(links[i], shown)
            kind = "long" if column in LONG_COLUMNS else "text" if column in text else ""
            template = Markup('<td class="{}">{}</td>') if kind else Markup("<td>{1}</td>")
            cells.append(template.format(kind, shown))
        rows.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    return Markup(
        '<div class="wide"><table{}><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>'
    ).format(Markup(' class="sortable"') if sortable else "", head, Markup("").join(rows))


def histogram(name: str, counts: list[int]) -> Markup:
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
            Markup(
                '<rect x="{x:.0f}" y="{y}" width="{w:.0f}" height="{h}" fill="{fill}">'
                "<title>{low}-{high}: {count}</title></rect>"
                '<text x="{mid:.0f}" y="{above}" font-size="10" text-anchor="middle">{count}</text>'
                '<text x="{mid:.0f}" y="{bottom}" font-size="9" text-anchor="middle" '
                'fill="#5a6478">{low}</text>'
            ).format(
                x=x,
                y=y,
                w=step - 4,
                h=h,
                fill=color(low),
                low=low,
                high=high,
                count=count,
                mid=x + step / 2 - 2,
                above=y - 3,
                bottom=height - 3,
            )
        )
    return Markup(
        '<figure class="hist"><svg class="chart histogram" role="img" aria-label="{label} scores" '
        'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">{bars}</svg>'
        "<figcaption>{label}: {scored} scored</figcaption></figure>"
    ).format(
        label=name.replace("_", " "), width=width, height=height,
        bars=Markup("").join(bars), scored=sum(counts),
    )  # fmt: skip


def trend_chart(trend: pd.DataFrame) -> Markup:
    """Conversations per period as grey bars, mean overall score (0-100) as a blue line."""
    width, height, pad = 760, 180, 24
    n = len(trend)
    step = (width - 2 * pad) / max(1, n)
    peak = max(1, int(trend["conversations"].max()))
    parts: list[Markup] = []
    segments: list[list[str]] = [[]]  # the line breaks where a period has no conversation
    label_every = max(1, math.ceil(n / 12))
    for i, (period, row) in enumerate(trend.iterrows()):
        x = pad + i * step
        h = (height - 2 * pad) * row["conversations"] / peak
        parts.append(
            Markup(
                '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#d5dbe7">'
                "<title>{period}: {n} conversations, mean overall {mean}</title></rect>"
            ).format(
                x=x + 1,
                y=height - pad - h,
                w=max(1.0, step - 2),
                h=h,
                period=period,
                n=int(row["conversations"]),
                mean=_cell(row["overall"]),
            )
        )
        if pd.isna(row["overall"]):
            segments.append([])
        else:
            y = height - pad - (height - 2 * pad) * row["overall"] / 100
            segments[-1].append(f"{x + step / 2:.1f},{y:.1f}")
        if i % label_every == 0:
            parts.append(
                Markup('<text x="{:.1f}" y="{}" font-size="10" fill="#5a6478">{}</text>').format(
                    x, height - 6, period
                )
            )
    line = Markup("").join(
        Markup('<polyline points="{}" fill="none" stroke="#3b6fd8" stroke-width="2"/>').format(
            " ".join(points)
        )
        if len(points) > 1
        else Markup('<circle cx="{}" cy="{}" r="2.5" fill="#3b6fd8"/>').format(
            *points[0].split(",")
        )
        for points in segments
        if points
    )
    return Markup(
        '<svg class="chart trend" role="img" aria-label="trend" viewBox="0 0 {w} {h}" '
        'width="100%" style="max-width:{w}px" xmlns="http://www.w3.org/2000/svg">'
        '<text x="{pad}" y="12" font-size="11" fill="#5a6478">bars: conversations (max {peak}) · '
        "line: mean overall score (0-100)</text>{parts}{line}</svg>"
    ).format(w=width, h=height, pad=pad, peak=peak, parts=Markup("").join(parts), line=line)


def sections(summary: Summary, anchor: str | None = "c") -> list[tuple[str, str, Markup]]:
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


def _headline(summary: Summary) -> Markup:
    n = summary.conversations
    failed = len(summary.failed)
    overall = summary.dimensions.loc["overall", "mean"]
    cards = [
        (f"{n:,}", "conversation" if n == 1 else "conversations"),
        (f"{100 * (n - failed) / max(1, n):.0f}%", f"passed ({n - failed:,})"),
        (f"{failed:,}", "failed"),
        (_cell(overall), "mean overall score"),
    ]
    return Markup('<div class="cards">{}</div>').format(
        Markup("").join(
            Markup('<div class="card"><b>{}</b>{}</div>').format(value, label)
            for value, label in cards
        )
    )


def _legend() -> Markup:
    names = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    return Markup('<p class="note">Score columns: {}. Click a column head to sort.</p>').format(
        names
    )


def _histograms(summary: Summary) -> Markup:
    figures = Markup("").join(
        histogram(dim, counts) for dim, counts in summary.distributions.items()
    )
    return Markup('<h3>Score distributions</h3><div class="hists">{}</div>').format(figures)


def _failed(summary: Summary, anchor: str | None) -> Markup:
    shown = summary.failed.head(FAILED_SHOWN)
    links = None
    if anchor is not None:
        links = [f"#{anchor}{n}" for n in summary.failed_positions[:FAILED_SHOWN]]
    more = len(summary.failed) - len(shown)
    note = Markup("")
    if more > 0:
        where = "tick “failed only” in the list below" if anchor else "see -f json"
        note = Markup('<p class="note">{:,} more failed: {}.</p>').format(more, where)
    return Markup('<p class="note">Lowest overall score first.</p>{}{}').format(
        frame_table(shown, links), note
    )
