"""One self-contained HTML file (no scripts, no network): each conversation's report with the
highlighted transcript, a chart of its scores and of the customer's sentiment, then a summary.
Every string from a transcript goes through ``html.escape``."""

from __future__ import annotations

from html import escape as _escape
from typing import TextIO

from ..model import ConversationResult, TurnResult
from .base import UNSCORED_NOTE, Renderer, RenderOptions
from .rows import SCORE_COLUMNS
from .safe import visible_controls


def escape(text: str) -> str:
    """HTML-escaped, control characters made visible."""
    return _escape(visible_controls(text))


STYLE = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:980px;
color:#1d2433;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:2px solid #e3e7ef;padding-bottom:.3rem}
.meta{color:#5a6478;overflow-wrap:anywhere}.inferred{color:#a15c00}.fail{color:#b3261e;font-weight:600}
.charts{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
.turn{margin:.6rem 0;padding:.5rem .8rem;border-radius:8px;background:#f5f7fb}
.turn.agent{background:#eef6ff}.turn.bot,.turn.system{background:#f3f3f3;color:#666}
.who{font-weight:600}.role{color:#5a6478;font-weight:400}
.badge{display:inline-block;font-size:.75rem;padding:0 .45rem;margin-left:.3rem;border-radius:9px;
background:#d9f2e3;color:#14532d}.badge.bad{background:#fde2e1;color:#8c1d18}.badge .conf{opacity:.7;font-size:.7rem}
mark.good{background:#c8f0d7}mark.bad{background:#fbc9c5}
.text{white-space:pre-wrap;margin-top:.25rem}
ol.tips li{margin:.5rem 0}.quote{color:#444;font-style:italic}.rewrite{color:#14532d}
.wide{overflow-x:auto}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #e3e7ef;text-align:right}
td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}
"""
BAD_TAGS = {"negative_language", "customer_negative", "escalation_request"}


def color(value: int | None) -> str:
    if value is None:
        return "#c4c9d4"
    return "#2e9e5b" if value >= 80 else "#d49b00" if value >= 60 else "#d1453b"


def score_chart(scores: dict[str, int | None]) -> str:
    """Horizontal bars, one per dimension; n/a drawn as an empty grey track."""
    row, label_w, bar_w = 22, 130, 260
    parts = [f'<svg class="chart scores" role="img" aria-label="scores" width="{label_w + bar_w + 40}" '
             f'height="{row * len(SCORE_COLUMNS) + 4}" xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
    for i, dim in enumerate(SCORE_COLUMNS):
        y, value = i * row + 2, scores.get(dim)
        width = 0 if value is None else round(bar_w * value / 100)
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="12">{escape(dim.replace("_", " "))}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#eef0f4"/>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="14" fill="{color(value)}"/>'
        )
        shown = "n/a" if value is None else str(value)
        parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}" font-size="12">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def sentiment_chart(points: tuple[float, ...]) -> str:
    """The customer's sentiment per turn, -1..1, as a line with dots."""
    width, height, pad = 300, 120, 12
    if not points:
        return ""
    step = (width - 2 * pad) / max(1, len(points) - 1)
    xy = [
        (pad + i * step, pad + (1 - (p + 1) / 2) * (height - 2 * pad)) for i, p in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    mid = height / 2
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color(round(50 + 50 * p))}"/>'
                   for (x, y), p in zip(xy, points, strict=True))  # fmt: skip
    return (
        f'<svg class="chart sentiment" role="img" aria-label="customer sentiment" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<rect width="{width}" height="{height}" fill="#f8f9fc"/>'
        f'<line x1="0" y1="{mid}" x2="{width}" y2="{mid}" stroke="#c4c9d4" stroke-dasharray="4 3"/>'
        f'<polyline points="{path}" fill="none" stroke="#3b6fd8" stroke-width="2"/>{dots}'
        f'<text x="4" y="12" font-size="10" fill="#5a6478">+1</text>'
        f'<text x="4" y="{height - 4}" font-size="10" fill="#5a6478">-1</text></svg>'
    )


def _confidence(value: float) -> str:
    return f' <small class="conf">{value:.2f}</small>' if value < 1 else ""


def highlighted(tr: TurnResult) -> str:
    text, out, pos = tr.turn.text, [], 0
    for f in sorted(tr.findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos:
            continue  # overlapping span: the earlier one is already marked
        kind = "bad" if f.tag in BAD_TAGS else "good"
        out.append(escape(text[pos : f.start]))
        out.append(
            f'<mark class="{kind}" title="{escape(f.rule)} · confidence {f.confidence:.2f}">'
            f"{escape(text[f.start : f.end])}</mark>"
        )
        pos = f.end
    out.append(escape(text[pos:]))
    return "".join(out)


class HtmlRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._summary: list[tuple[str, dict[str, int | None]]] = []
        self._started = False

    def _start(self) -> None:
        self.stream.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>cscoach report</title><style>{STYLE}</style></head><body>\n"
            "<h1>cscoach report</h1>\n"
        )
        self._started = True

    def write(self, result: ConversationResult) -> None:
        if not self._started:
            self._start()
        conv = result.conversation
        scores = dict(result.scores)
        self._summary.append((conv.id, scores))
        out = [f'<section class="conversation" id="{escape(conv.id)}"><h2>{escape(conv.id)}</h2>']
        meta = f"agent: {escape(conv.agent or 'unknown')} · channel: {escape(conv.channel or 'unknown')}"
        meta += f" · turns: {len(conv.turns)} · source: {escape(conv.source or '-')}"
        out.append(f'<p class="meta">{meta}</p>')
        if conv.roles_inferred:
            out.append('<p class="inferred">Roles were inferred from content.</p>')
        failures = self.options.thresholds.failures(result)
        if failures:
            out.append(f'<p class="fail">Failed: {escape("; ".join(failures))}</p>')
        traj = result.customer_sentiment
        out.append('<div class="charts">' + score_chart(scores))
        if traj is not None:
            caption = f"customer sentiment {traj.start:+.2f} → {traj.end:+.2f} ({traj.trend})"
            out.append(
                f"<figure>{sentiment_chart(traj.points)}<figcaption>{caption}</figcaption></figure>"
            )
        out.append("</div><h3>Transcript</h3>")
        for tr in result.turns:
            badges = "".join(
                f'<span class="badge{" bad" if t in BAD_TAGS else ""}">{escape(t)}'
                f"{_confidence(tr.confidence(t))}</span>"
                for t in sorted(tr.tags)
            )
            who = escape(tr.turn.speaker or tr.turn.role)
            out.append(
                f'<div class="turn {tr.turn.role}"><span class="who">#{tr.index} {who} '
                f'<span class="role">({tr.turn.role})</span></span>{badges}'
                f'<div class="text">{highlighted(tr)}</div></div>'
            )
        out.append("<h3>Tips</h3>")
        if result.tips:
            out.append('<ol class="tips">')
            for tip in result.tips:
                item = f"<b>{escape(tip.tag)}</b> {escape(tip.tip)}<br>"
                item += f'<span class="quote">“{escape(tip.quote)}”</span>'
                if tip.rewrite:
                    item += f'<br><span class="rewrite">Try: “{escape(tip.rewrite)}”</span>'
                    if self.options.explain:
                        earns = escape(", ".join(tip.rewrite_tags) or "no tag")
                        item += f'<br><small class="checked">checked: earns {earns}</small>'
                out.append(f"<li>{item}</li>")
            out.append("</ol>")
        elif result.status == "unscored":
            out.append(f'<p class="unscored">{escape(UNSCORED_NOTE)}</p>')
        else:
            out.append("<p>Nothing to improve found.</p>")
        out.append("</section>\n")
        self.stream.write("".join(out))

    def close(self) -> None:
        if not self._started:
            self._start()
        if len(self._summary) > 1:
            self.stream.write(self._summary_html())
        self.stream.write("</body></html>\n")

    def _summary_html(self) -> str:
        row, label_w, bar_w = 20, 180, 300
        chart = [f'<svg class="chart overall" role="img" aria-label="overall scores" width="{label_w + bar_w + 40}" '
                 f'height="{row * len(self._summary) + 4}" xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
        for i, (conv_id, scores) in enumerate(self._summary):
            y, value = i * row + 2, scores.get("overall")
            width = 0 if value is None else round(bar_w * value / 100)
            chart.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(conv_id[:28])}</text>')
            chart.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{width}" height="14" fill="{color(value)}"/>'
            )
            chart.append(
                f'<text x="{label_w + width + 6}" y="{y + 14}" font-size="12">{value if value is not None else "n/a"}</text>'
            )
        chart.append("</svg>")
        head = "".join(f"<th>{escape(d.replace('_', ' '))}</th>" for d in SCORE_COLUMNS)
        rows = "".join(
            f'<tr><td><a href="#{escape(conv_id)}">{escape(conv_id)}</a></td>'
            + "".join(
                f"<td>{'n/a' if scores.get(d) is None else scores[d]}</td>" for d in SCORE_COLUMNS
            )
            + "</tr>"
            for conv_id, scores in self._summary
        )
        return (
            f'<section class="summary"><h2>Summary</h2>{"".join(chart)}'
            f"<div class=wide><table><tr><th>conversation</th>{head}</tr>{rows}</table></div></section>\n"
        )
