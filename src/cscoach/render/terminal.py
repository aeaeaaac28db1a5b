"""The rich terminal report: header, scores with bars, sentiment sparkline, tagged transcript, tips.

Everything from a transcript goes in as ``rich.text.Text`` with its controls made visible, on a
console that reads no string as markup (``safe.inert_console``), so "[bold]" or "[/]" in a
message is shown literally and no escape sequence reaches the terminal. Rich itself honours NO_COLOR and drops escape codes off a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from rich import box
from rich.console import Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..ingest.roles import role_from_label
from ..logline import one_line
from ..macros import MacroCounter
from ..model import ConversationResult, Request, TurnResult
from ..requests.cues import HANDLING_TEXT, NOT_HANDLED
from ..scoring import DIMENSIONS
from .base import UNSCORED_NOTE, Renderer, RenderOptions, no_tips_note
from .safe import inert_console, visible_controls

GOOD_TAGS = {
    "active_listening", "empathy", "apology", "positive_language", "clarifying_question",
    "solution", "next_steps", "personalization", "gratitude", "greeting", "closing",
    "resolution_confirmed",
}  # fmt: skip
SPARK = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 20


def score_style(value: int | None) -> str:
    if value is None:
        return "dim"
    return "green" if value >= 80 else "yellow" if value >= 60 else "red"


def bar(value: int | None) -> Text:
    if value is None:
        return Text("n/a", style="dim")
    filled = round(value / 100 * BAR_WIDTH)
    return Text("█" * filled, style=score_style(value)) + Text(
        "░" * (BAR_WIDTH - filled), style="dim"
    )


def sparkline(points: tuple[float, ...]) -> str:
    """Sentiment -1..1 as block characters, one per customer turn."""
    return "".join(SPARK[min(len(SPARK) - 1, int((p + 1) / 2 * len(SPARK)))] for p in points)


def tag_style(tag: str) -> str:
    if tag in ("negative_language", "customer_negative", "escalation_request"):
        return "bold white on red"
    if tag in GOOD_TAGS:
        return "black on green"
    return "black on cyan"


WINDOW = 200
"""Conversations held back before printing, so that sentences recurring across them can be
marked macro: each window is printed with the macros found in it and every window before."""


class TerminalRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self.console = inert_console(stream)
        self.results: list[tuple[str, str | None, dict[str, int | None], int, int]] = []
        self._held: list[ConversationResult] = []
        self._macros = MacroCounter()

    def write(self, result: ConversationResult) -> None:
        self._macros.add({"role": t.turn.role, "text": t.turn.text} for t in result.turns)
        self._held.append(result)
        if len(self._held) >= WINDOW:
            self._flush()
        conv = result.conversation
        self.results.append(
            (conv.id, conv.agent, dict(result.scores), len(result.tips), len(result.critical))
        )

    def _flush(self) -> None:
        macros = self._macros.macros(self.options.scripts)
        for result in self._held:
            scripted = macros.scripted_spans(
                (t.index, t.turn.role, t.turn.text) for t in result.turns
            )
            self.console.print(report(result, self.options.explain, scripted))
            self.console.print()
        self._held = []

    def close(self) -> None:
        self._flush()
        if len(self.results) > 1:
            self.console.print(summary(self.results))


def report(
    result: ConversationResult,
    explain: bool = False,
    macros: Mapping[int, list[tuple[int, int]]] | None = None,
) -> Panel:
    """One conversation's panel; ``macros``: turn index -> its macro sentences."""
    conv = result.conversation
    asked = {r.turn: r for r in result.requests}
    macros = macros or {}
    parts = [
        _header(result),
        _scores(result),
        _sentiment(result),
        _reasons(result),
        Text("Transcript", style="bold underline"),
        *(_turn(tr, asked.get(tr.index), macros.get(tr.index, [])) for tr in result.turns),
        _tips(result, explain),
    ]
    title = Text(one_line(conv.id), style="bold")  # inert: no escapes, no new lines
    return Panel(
        Group(*[p for p in parts if p is not None]),
        title=title,
        title_align="left",
        box=box.ROUNDED,
    )


def _header(result: ConversationResult) -> Text:
    conv = result.conversation
    agents = sum(t.turn.role == "agent" for t in result.turns)
    fields = [
        ("agent", conv.agent or "unknown"),
        ("channel", conv.channel or "unknown"),
        ("turns", f"{len(conv.turns)} ({agents} agent)"),
        ("source", conv.source or "-"),
    ]
    text = Text()
    for label, value in fields:
        text.append(f"{label}: ", style="dim").append(visible_controls(str(value))).append("   ")
    if conv.roles_inferred:
        text.append("\nroles inferred from content (use --agent NAME to set them)", style="yellow")
    return text


def _scores(result: ConversationResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("dimension")
    table.add_column("score", justify="right")
    table.add_column("")
    for dim in ("overall", *DIMENSIONS):
        value = result.scores.get(dim)
        shown = Text("n/a" if value is None else str(value), style=score_style(value))
        name = Text(dim.replace("_", " "), style="bold" if dim == "overall" else "")
        table.add_row(name, shown, bar(value))
    return table


def _reasons(result: ConversationResult) -> Group | None:
    """Why each low dimension is low, one line each, the costliest first."""
    if not result.reasons:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="yellow", no_wrap=True)
    grid.add_column()
    for reason in result.reasons:
        grid.add_row(
            f"{reason.dimension.replace('_', ' ')} {reason.score}", visible_controls(reason.why)
        )
    return Group(Text(f"Why {result.overall}", style="bold underline"), grid)


def _sentiment(result: ConversationResult) -> Text | None:
    traj = result.customer_sentiment
    if traj is None:
        return None
    style = {"improved": "green", "worsened": "red"}.get(traj.trend, "yellow")
    text = Text("customer sentiment  ", style="dim")
    text.append(sparkline(traj.points), style=style)
    text.append(f"  {traj.start:+.2f} → {traj.end:+.2f} ", style="")
    text.append(traj.trend, style=f"bold {style}")
    return text


MAX_SHOWN_CHARS = 5_000
"""A turn longer than this (a pasted log) is cut in the terminal, with a marker: drawing
megabytes in a panel takes minutes and helps nobody. The JSON formats keep every character."""


def _turn(
    tr: TurnResult, request: Request | None = None, macros: list[tuple[int, int]] | None = None
) -> Padding:
    turn = tr.turn
    head = Text(f"#{tr.index} ", style="bold")
    head.append(
        visible_controls(turn.speaker or turn.role),
        style="bold cyan" if turn.role == "agent" else "bold",
    )
    if turn.speaker and role_from_label(turn.speaker) != turn.role:
        head.append(f" ({turn.role})", style="dim")  # "Jo (Support)" already says it
    if tr.sentiment is not None:
        head.append(
            f"  sentiment {tr.sentiment:+.2f}", style=score_style(round(50 + 50 * tr.sentiment))
        )
    for tag in sorted(tr.tags):
        head.append(" ")
        head.append(f" {tag} ", style=tag_style(tag))
        if (confidence := tr.confidence(tag)) < 1:
            head.append(f"{confidence:.2f}", style="dim")
        if tag == "customer_negative" and not tr.upset:
            head.append("fault report, not upset", style="dim")
    if macros:
        head.append(" ")
        head.append(" macro ", style="black on grey70")
    shown = turn.text[:MAX_SHOWN_CHARS]
    body = Text(visible_controls(shown))
    if len(turn.text) > MAX_SHOWN_CHARS:
        body.append(f" … [{len(turn.text) - MAX_SHOWN_CHARS:,} more characters not shown]", "dim")
    for f in tr.findings:
        style = "bold red underline" if f.tag == "negative_language" else "bold green"
        if turn.role == "customer":
            style = "italic red" if f.tag != "resolution_confirmed" else "italic green"
        body.stylize(style, f.start, f.end)
    if turn.role in ("bot", "system"):
        body.stylize("dim")
    for start, end in macros or ():
        body.stylize("dim italic", start, min(end, MAX_SHOWN_CHARS))
    lines = [head, Padding(body, (0, 0, 0, 4))]
    if request is not None:
        body.stylize("underline", request.start, request.end)
        lines.append(Padding(_request_mark(request), (0, 0, 0, 4)))
    return Padding(Group(*lines), (0, 0, 1, 0))


def _request_mark(request: Request) -> Text:
    """How the request this customer turn makes was handled, and by which turns."""
    unhandled = request.handling in NOT_HANDLED or request.reask is not None
    replies = ", ".join(map(str, request.replies))
    text = Text("↳ request: ", style="dim")
    text.append(HANDLING_TEXT[request.handling], style="bold red" if unhandled else "bold blue")
    if replies:
        text.append(f" by turn {replies}", style="dim")
    if request.reask is not None:
        text.append(f" · asked again for the {request.reask.detail}", style="red")
    return text


def _tips(result: ConversationResult, explain: bool = False) -> Group:
    title = Text("Tips", style="bold underline")
    if result.status == "unscored":
        return Group(title, Text(UNSCORED_NOTE, style="bold yellow"))
    if not result.tips:
        note = no_tips_note(result.scores)
        return Group(title, Text(note, style="green" if note.startswith("Nothing") else "yellow"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold")
    grid.add_column(overflow="fold")  # a long link in a quote or rewrite wraps, never cut with "…"
    for n, tip in enumerate(result.tips, start=1):
        body = Text(f"[{tip.tag}] ", style="magenta").append(visible_controls(tip.tip))
        if tip.context is not None:
            body.append(f"\ncustomer said (turn {tip.context.turn}): ", style="dim")
            body.append(f"“{visible_controls(tip.context.quote)}”", style="yellow")
        if tip.quote:
            body.append(f"\nyou said (turn {tip.turn}): ", style="dim")
            body.append(f"“{visible_controls(tip.quote)}”", style="italic")
        else:
            body.append(f"\nno reply after turn {tip.turn}", style="dim")
        if tip.rewrite:
            rewrite = visible_controls(tip.rewrite)
            body.append("\ntry: ", style="dim").append(f"“{rewrite}”", style="green")
            if explain:
                body.append("\n     checked: earns ", style="dim")
                body.append(", ".join(tip.rewrite_tags) or "no tag", style="dim italic")
                body.append("; no negative language", style="dim")
        grid.add_row(f"{n}.", body)
    return Group(title, grid)


SHORT = {
    "overall": "all",
    "active_listening": "lis",
    "empathy": "emp",
    "apology": "apo",
    "positive_language": "pos",
    "resolution": "res",
    "personalization": "per",
    "courtesy": "crt",
    "outcome": "out",
}


def summary(rows: list[tuple[str, str | None, dict[str, int | None], int, int]]) -> Group:
    """The per-conversation table with a legend for its short column names."""
    legend = ", ".join(f"{SHORT[d]} = {d.replace('_', ' ')}" for d in ("overall", *DIMENSIONS))
    return Group(summary_table(rows), Text(f"{legend}, crit = critical rule hits", style="dim"))


def summary_table(rows: list[tuple[str, str | None, dict[str, int | None], int, int]]) -> Table:
    dims = ("overall", *DIMENSIONS)
    table = Table(title="Summary", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("conversation", overflow="fold", min_width=12)  # ids are copied: never cut
    table.add_column("agent", overflow="fold", min_width=6)
    for dim in dims:
        table.add_column(SHORT[dim], justify="right", no_wrap=True, width=3)
    table.add_column("crit", justify="right", no_wrap=True, width=4)
    for conv_id, agent, scores, _tips, critical in rows:
        cells = [_cell(scores.get(d)) for d in dims]
        crit = Text(str(critical), style="bold red" if critical else "dim")
        table.add_row(_plain(conv_id), _plain(agent or "-"), *cells, crit)
    return table


def _plain(text: str) -> Text:
    """Text from a transcript as a table cell: never markup, controls made visible."""
    return Text(visible_controls(text))


def _cell(value: int | None) -> Text:
    return Text("-" if value is None else str(value), style=score_style(value))
