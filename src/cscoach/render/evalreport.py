"""Terminal tables for ``cscoach eval``."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..evaluate import Disagreement, Evaluation


def render_evaluation(console: Console, ev: Evaluation, min_gold: int = 1) -> None:
    table = Table(
        title=f"Agreement with gold labels: {ev.turns} agent turns in {ev.conversations} conversations",
        box=box.SIMPLE_HEAVY,
    )
    for name in ("tag", "gold", "predicted", "precision", "recall", "F1", "kappa"):
        table.add_column(name, justify="left" if name == "tag" else "right")
    for s in ev.stats.values():
        style = "" if s.gold >= min_gold else "dim"
        table.add_row(
            Text(s.tag, style=style), str(s.gold), str(s.predicted),
            f"{s.precision:.2f}", f"{s.recall:.2f}", _f1(s.f1, s.gold), f"{s.kappa:.2f}",
        )  # fmt: skip
    micro = ev.micro(min_gold)
    chosen = ev.tags(min_gold)
    kappa = sum(s.kappa for s in chosen) / len(chosen) if chosen else 0.0
    table.add_section()
    table.add_row("macro", "", "", "", "", f"{ev.macro_f1(min_gold):.2f}", f"{kappa:.2f}")
    table.add_row(
        "micro", "", "", f"{micro.precision:.2f}", f"{micro.recall:.2f}", f"{micro.f1:.2f}", ""
    )
    console.print(table)
    if min_gold > 1:
        console.print(f"averages over tags with at least {min_gold} gold positives", style="dim")


def _f1(value: float, gold: int) -> Text:
    style = "green" if value >= 0.8 else "yellow" if value >= 0.6 else "red"
    return Text(f"{value:.2f}", style=style if gold else "dim")


def render_errors(console: Console, errors: list[Disagreement]) -> None:
    for kind, title in (
        ("fp", "False positives (tagged, not in gold)"),
        ("fn", "False negatives (in gold, missed)"),
    ):
        chosen = [e for e in errors if e.kind == kind]
        console.print(Text(f"{title}: {len(chosen)}", style="bold underline"))
        for e in chosen:
            line = Text(f"{e.conversation} turn {e.turn}: ", style="bold")
            line.append(" ".join(e.text.split()))
            rules = ", ".join(e.rules) or "none"
            line.append(f"\n    rules fired: {rules}", style="dim")
            console.print(line)
