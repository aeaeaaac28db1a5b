"""Terminal listing and full view of rules for ``cscoach rules``."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..rules.engine import RuleSet
from ..rules.precision import measured, measured_on
from ..rules.schema import Rule
from .safe import visible_controls

WIDE = 120
"""Below this many columns the example column is left out (cscoach rules ID shows them)."""


def render_rules(console: Console, rules: RuleSet) -> None:
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{len(rules.rules)} rules (cscoach rules RULE_ID for one in full)",
    )
    wide = console.width >= WIDE
    table.add_column("id", no_wrap=True)
    if wide:
        table.add_column("tag", no_wrap=True)
    table.add_column("precision", no_wrap=True, justify="right")
    table.add_column("finds", overflow="fold")
    if wide:
        table.add_column("fires on", overflow="fold")
    figures = measured()
    for rule in rules.rules:
        example = rule.examples_fire[0] if rule.examples_fire else ""
        style = "bold red" if rule.critical else ""
        shown = str(figures[rule.id]) if rule.id in figures else "-"
        if wide:
            table.add_row(
                Text(visible_controls(rule.id), style=style), rule.tag, shown, Text(visible_controls(rule.message)),
                Text(visible_controls(example), style="italic"),
            )  # fmt: skip
        else:
            table.add_row(
                Text(visible_controls(rule.id), style=style),
                shown,
                Text(visible_controls(rule.message)),
            )
    for rule_id, tag, finds in (
        ("context.paraphrase", "active_listening", "Reuses the customer's own content words."),
        ("context.name", "personalization", "Addresses the customer by name."),
        ("context.resource_link", "solution", "Links to help content."),
        ("context.sentiment", "customer_negative", "Customer turn with VADER score <= -0.4."),
        (
            "context.shouting",
            "customer_negative",
            'Customer shouts or is exasperated (three capitals, "!!!", "??").',
        ),
    ):
        shown = str(figures[rule_id]) if rule_id in figures else "-"
        if wide:
            table.add_row(Text(rule_id), tag, shown, finds, "")
        else:
            table.add_row(Text(rule_id), shown, finds)
    console.print(table)
    console.print(
        Text(
            ("" if wide else f"(tags and examples from {WIDE} columns, or: cscoach rules ID)\n")
            + "precision: how often the rule's tag is right where it fires, on "
            f"{', '.join(measured_on())} (right/hits); red: critical rules",
            style="dim",
        )
    )


def render_rule(console: Console, rule: Rule, rules: RuleSet) -> None:
    head = Text(visible_controls(rule.id), style="bold")
    head.append(f"  tag {rule.tag} / kind {rule.kind}", style="dim")
    if rule.critical:
        head.append("  critical", style="bold red")
    console.print(head)
    console.print(Text(visible_controls(rule.message)))
    if rule.doc:
        console.print(Text(visible_controls(rule.doc)))
    console.print(Text(f"source: {visible_controls(rule.origin)}", style="dim"))
    figures = measured().get(rule.id)
    if figures is not None:
        console.print(Text(f"measured precision: {figures} on {', '.join(measured_on())}"))
    if rule.tip:
        console.print(Text("tip: ", style="bold").append(visible_controls(rule.tip)))
    if rule.rewrite:
        console.print(
            Text("use instead: ", style="bold").append(
                visible_controls(rule.rewrite), style="green"
            )
        )
    _examples(console, "fires on", rule.examples_fire, rule, rules, "green")
    _examples(console, "does not fire on", rule.examples_pass, rule, rules, "red")
    console.print(Text("patterns:", style="bold"))
    for pattern in rule.patterns:
        console.print(Text(f"  {visible_controls(pattern)}", style="cyan"))
    options = [name for name in ("question", "critical") if getattr(rule, name)]
    if not rule.negatable:
        options.append("fires even after a negation")
    if rule.unless_after:
        options.append(f"cancelled when followed by: {' | '.join(rule.unless_after)}")
    if rule.unless_before:
        options.append(f"cancelled when preceded by: {' | '.join(rule.unless_before)}")
    for option in options:
        console.print(Text(f"  {visible_controls(option)}", style="dim"))


def _examples(
    console: Console, title: str, examples: tuple[str, ...], rule: Rule, rules: RuleSet, style: str
) -> None:
    if not examples:
        return
    console.print(Text(f"{title}:", style="bold"))
    for example in examples:
        line = Text("  ")
        found = [f for f in rules.scan(example, rule.role) if f.rule == rule.id]
        text = Text(visible_controls(example), style="italic")
        for f in found:
            text.stylize(f"bold {style}", f.start, f.end)
        console.print(line + text)
