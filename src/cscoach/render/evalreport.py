"""Terminal tables for ``cscoach eval``."""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..evaluate import Disagreement, Evaluation
from .safe import visible_controls


def render_evaluation(
    console: Console,
    ev: Evaluation,
    min_gold: int = 1,
    rules: Evaluation | None = None,
    cross_validated: Mapping[str, float] | None = None,
) -> None:
    """The agreement table; with ``rules``, the rules-only F1 beside it, and with
    ``cross_validated``, the model's F1 on its own training data (from its card)."""
    cross_validated = cross_validated or {}
    table = Table(
        title=f"Agreement with gold labels: {ev.turns} agent turns in {ev.conversations} conversations",
        box=box.SIMPLE_HEAVY,
    )
    names = ["tag", "gold", "predicted", "precision", "recall", "F1", "kappa"]
    if rules is not None:
        names.append("rules F1")
    if cross_validated:
        names.append("train CV F1")
    for name in names:
        table.add_column(name, justify="left" if name == "tag" else "right")
    for s in ev.stats.values():
        style = "" if s.gold >= min_gold else "dim"
        row = [
            Text(s.tag, style=style), str(s.gold), str(s.predicted),
            f"{s.precision:.2f}", f"{s.recall:.2f}", _f1(s.f1, s.gold), f"{s.kappa:.2f}",
        ]  # fmt: skip
        if rules is not None:
            baseline = rules.stats.get(s.tag)
            row.append(_f1(baseline.f1, baseline.gold) if baseline else Text("-"))
        if cross_validated:
            value = cross_validated.get(s.tag)
            row.append(Text("rules" if value is None else f"{value:.2f}", style="dim"))
        table.add_row(*row)
    micro = ev.micro(min_gold)
    chosen = ev.tags(min_gold)
    kappa = sum(s.kappa for s in chosen) / len(chosen) if chosen else 0.0
    table.add_section()
    macro = ["macro", "", "", "", "", f"{ev.macro_f1(min_gold):.2f}", f"{kappa:.2f}"]
    if rules is not None:
        macro.append(f"{_macro_over(rules, [s.tag for s in chosen]):.2f}")
    table.add_row(*macro)
    table.add_row(
        "micro", "", "", f"{micro.precision:.2f}", f"{micro.recall:.2f}", f"{micro.f1:.2f}", ""
    )
    console.print(table)
    if min_gold > 1:
        console.print(f"averages over tags with at least {min_gold} gold positives", style="dim")
    if rules is not None:
        console.print(
            "rules F1: the phrase rules alone on the same turns; train CV F1: the model's "
            "cross-validated F1 on its training data",
            style="dim",
        )


def _macro_over(ev: Evaluation, tags: list[str]) -> float:
    chosen = [ev.stats[t].f1 for t in tags if t in ev.stats]
    return sum(chosen) / len(chosen) if chosen else 0.0


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
            line = Text(f"{visible_controls(e.conversation)} turn {e.turn}: ", style="bold")
            line.append(visible_controls(" ".join(e.text.split())))
            rules = ", ".join(e.rules) or "none"
            line.append(f"\n    rules fired: {rules}", style="dim")
            console.print(line)
