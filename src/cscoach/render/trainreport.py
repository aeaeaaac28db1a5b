"""The table ``cscoach train`` prints: per tag, the rules alone against the cross-validated model."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from ..tagger.train import TagReport

WIDE = 100


def render_training(
    console: Console, reports: Sequence[TagReport], card: str = "MODEL_CARD.md"
) -> None:
    table = Table(
        title="Cross-validated on the training data: rules F1, and the model's P, R, F1",
        box=box.SIMPLE_HEAVY,
    )
    wide = console.width >= WIDE
    columns = ("tag", "positives", "rules", "P", "R", "F1", *(("thresholds",) if wide else ()))
    for name in columns:
        table.add_column(name, justify="left" if name == "tag" else "right", no_wrap=True)
    table.add_column("by", no_wrap=True)
    learned = []
    for r in reports:
        cv = r.cross_validated
        table.add_row(
            r.tag,
            str(r.positives),
            f"{r.rules.f1:.2f}",
            f"{cv.precision:.2f}" if cv else "-",
            f"{cv.recall:.2f}" if cv else "-",
            f"{cv.f1:.2f}" if cv else "-",
            *((_thresholds(r),) if wide else ()),
            r.decided_by,
        )
        learned.append(cv.f1 if r.decided_by == "model" and cv else r.rules.f1)
    if reports:
        table.add_section()
        rules_macro = sum(r.rules.f1 for r in reports) / len(reports)
        macro = f"{sum(learned) / len(learned):.2f}"
        table.add_row("macro", "", f"{rules_macro:.2f}", "", "", macro, *([""] if wide else []), "")
    console.print(table)
    if wide:
        console.print(
            "thresholds: where no rule for the tag fired / where one did (below it the model "
            "overrules the rule); never: the model only overrules, it adds nothing",
            style="dim",
        )
    else:
        console.print(f"(thresholds from {WIDE} columns, and in {card})", style="dim")
    for r in reports:
        if r.reason:
            console.print(f"{r.tag}: kept on the rules: {r.reason}")


def _thresholds(report: TagReport) -> str:
    if report.threshold_with_rule is None:
        return "-"
    plain = "never" if report.threshold is None else f"{report.threshold:.2f}"
    return f"{plain} / {report.threshold_with_rule:.2f}"
