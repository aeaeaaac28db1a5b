"""The team overview as HTML: headline figures, score distributions, per-agent and per-team
tables, the most frequent tips, failed conversations, the trend, complaint themes and changes.
``cscoach summary -f html`` is this page alone; the ``analyze`` HTML report puts it on top of
its conversation list."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from markupsafe import Markup

from ..summary import BANDS, BINS, MACROS_SHOWN, Summary
from .groups import ALL_ROW, UNKNOWN_AGENTS, Cell, group_rows, legend, measures, work_frame
from .htmlpage import color
from .safe import html
from .terminal import SHORT

FAILED_SHOWN = 50
LONG_COLUMNS = {"top_tips", "example", "failure", "top_tip", "quote", "message", "sentence"}
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


def histogram(name: str, counts: list[int], bins: tuple[int, ...] = BINS) -> Markup:
    """Conversations per score band of ``bins``, as bars coloured like the scores they hold."""
    width, height, pad = (200 if len(counts) <= 5 else 420), 90, 16
    peak = max(counts, default=0) or 1
    step = width / max(1, len(counts))
    bars = []
    for i, count in enumerate(counts):
        low, high = bins[i], min(100, bins[i + 1] - 1)
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
    """(id, title, HTML) of each part of the overview that has something to show. Failed and
    lowest-scored conversations link to ``#{anchor}{position}`` when ``anchor`` is given."""
    out = [("overview", "Overview", _headline(summary) + _histograms(summary) + _legend())]
    out.append(("worst", "Lowest scores first", _worst(summary, anchor)))
    if summary.pass_rates is not None and len(summary.pass_rates):
        out.append(("thresholds", "Pass rate by threshold", _thresholds(summary)))
    if summary.agents_unknown:
        out.append(("agents", "Per agent", Markup('<p class="note">{}</p>').format(UNKNOWN_AGENTS)))
    else:
        out.append(("agents", "Per agent", _groups(summary, "agent")))
    if len(summary.teams) > 1 or "unknown" not in summary.teams.index:
        out.append(("teams", "Per team", _groups(summary, "team")))
    if len(summary.tips):
        out.append(("tips", "Most frequent tips", frame_table(summary.tips)))
    if len(summary.failed):
        title = "Failed conversations" if summary.gated else "Critical rule hits"
        out.append(("failed", title, _failed(summary, anchor)))
    if summary.trend is not None:
        table = frame_table(summary.trend)
        out.append(("trend", "Trend", trend_chart(summary.trend) + table))
    if summary.themes:
        themes = pd.DataFrame(
            [(t.phrase, t.conversations, t.quote) for t in summary.themes],
            columns=["theme", "conversations", "quote"],
        ).set_index("theme")
        out.append(("themes", "What customers contact about", frame_table(themes)))
    if summary.changes is not None:
        out.append(("changes", "Changes against the baseline", frame_table(summary.changes)))
    if summary.scripts:
        scripts = pd.DataFrame(
            summary.scripts, columns=["message", "conversations", "customer_messages"]
        ).set_index("message")
        out.append(("scripted", "Scripted replies", frame_table(scripts)))
    if summary.macros:
        lines = pd.DataFrame(summary.macros[:MACROS_SHOWN], columns=["sentence", "conversations"])
        note = Markup(
            '<p class="note">Agent sentences sent in many conversations of this batch '
            "(openers, closers, canned lines): transcripts mark them macro.</p>"
        )
        out.append(("macros", "Macro lines", note + frame_table(lines.set_index("sentence"))))
    return out


def _headline(summary: Summary) -> Markup:
    """Figures on top: a pass rate only where a threshold was set (else scores only)."""
    n = summary.conversations
    flagged = len(summary.failed)
    overall = summary.dimensions.loc["overall", "mean"]
    cards = [(f"{n:,}", "conversation" if n == 1 else "conversations")]
    if summary.gated:
        cards += [
            (f"{100 * (n - flagged) / max(1, n):.0f}%", f"passed ({n - flagged:,})"),
            (f"{flagged:,}", "failed"),
        ]
    elif flagged:
        cards.append((f"{flagged:,}", "with a critical rule hit"))
    cards.append((_cell(overall), "mean overall score"))
    body = Markup('<div class="cards">{}</div>').format(
        Markup("").join(
            Markup('<div class="card"><b>{}</b>{}</div>').format(value, label)
            for value, label in cards
        )
    )
    if not summary.gated:
        body += Markup(
            '<p class="note">No threshold set: scores only, nothing passes or fails on its score. '
            "See the pass rate by threshold below to choose one (--fail-under N).</p>"
        )
    return body


def _legend() -> Markup:
    names = ", ".join(f"{short} = {dim.replace('_', ' ')}" for dim, short in SHORT.items())
    return Markup(
        '<p class="note">Score columns: {}. Click a column head of a table to sort it by that '
        "column; n/a stays last either way.</p>"
    ).format(names)


def _worst(summary: Summary, anchor: str | None) -> Markup:
    """The lowest overall scores, worst first, each with its top tip."""
    links = None
    if anchor is not None:
        links = [f"#{anchor}{n}" for n in summary.worst_positions]
    return Markup('<p class="note">The {} lowest overall scores, worst first.</p>{}').format(
        len(summary.worst), frame_table(summary.worst, links, sortable=False)
    )


def _groups(summary: Summary, key: str) -> Markup:
    """Per agent or team: each cell the mean (pass rate), its 95% interval and n, marked ▲ or
    ▼ where it differs from everyone's beyond chance and ≈ (grey) where the data cannot tell."""
    names = measures(summary)
    head = Markup("").join(
        Markup('<th class="num" title="{}">{}</th>').format(
            m.replace("_", " "), LABELS.get(m) or SHORT.get(m) or m
        )
        for m in names
    )
    rows = []
    for name, count, cells in group_rows(summary, key):
        everyone = name == ALL_ROW
        shown = Markup("").join(_group_cell(cells[m], everyone) for m in names)
        rows.append(
            Markup('<tr{}><td class="text">{}</td><td>{}</td>{}</tr>').format(
                Markup(' class="everyone"') if everyone else "", name, count, shown
            )
        )
    table = Markup(
        '<div class="wide"><table class="sortable groups"><thead><tr><th class="text">{}</th>'
        '<th class="num">n</th>{}</tr></thead><tbody>{}</tbody></table></div>'
    ).format(key, head, Markup("").join(rows))
    work = frame_table(work_frame(summary, key))
    return Markup('{}<p class="note">{}</p><h3>Requests and critical rule hits</h3>{}').format(
        table, legend(summary), work
    )


def _group_cell(cell: Cell, everyone: bool) -> Markup:
    if cell.empty:
        return Markup('<td class="na">-</td>')
    mark = "" if everyone else cell.mark
    kind = "within" if cell.vs_all == "within" and not everyone else "differs" if mark else ""
    return Markup('<td class="{}" data-v="{}" title="{}">{}{}<small>{} · n={}</small></td>').format(
        kind,
        f"{cell.value:.1f}",
        f"95% interval {cell.interval_text()}, n={cell.n}",
        cell.value_text(),
        f" {mark}" if mark else "",
        cell.interval_text(),
        cell.n,
    )


def _thresholds(summary: Summary) -> Markup:
    """How many conversations each overall threshold would pass, and the overall scores in
    ten-point bands, so a lead can choose a threshold knowing what it fails."""
    rates = summary.pass_rates
    assert rates is not None
    rows = Markup("").join(
        Markup(
            "<tr><td>overall ≥ {}</td><td>{} of {}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
        ).format(
            level,
            int(row["at_or_above"]),
            int(row["scored"]),
            _cell(row["pass_rate"]),
            "-" if pd.isna(row["low"]) else f"{row['low']:.0f}–{row['high']:.0f}%",
            "your threshold" if row["gate"] else "",
        )
        for level, row in rates.iterrows()
    )
    table = Markup(
        '<div class="wide"><table><thead><tr><th class="text">threshold</th><th>at or above</th>'
        "<th>pass %</th><th>95% interval</th><th></th></tr></thead><tbody>{}</tbody></table></div>"
    ).format(rows)
    return table + histogram("overall (ten-point bands)", summary.overall_bands, BANDS)


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
