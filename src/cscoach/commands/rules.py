"""``cscoach rules``: list the rules, or show one in full."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import fail, failing_on, output_stream, settings_from
from .options import ConfigOption

RuleIdArgument = Annotated[
    str | None,
    typer.Argument(help="Show one rule in full.", show_default=False, metavar="RULE_ID"),
]


def rules(rule_id: RuleIdArgument = None, config: ConfigOption = None) -> None:
    """List every rule (id, tag, what it finds, an example that fires), or show one in full.

    Examples:

      cscoach rules

      cscoach rules negative.dismissive
    """
    from ..config import ConfigError
    from ..render.rulesdoc import render_rule, render_rules
    from ..render.safe import inert_console

    settings = settings_from(config)
    with failing_on(ConfigError):
        rule_set = settings.rule_set()
    rule = None if rule_id is None else rule_set.by_id.get(rule_id)
    if rule_id is not None and rule is None:
        fail(f"no rule {rule_id!r} (see 'cscoach rules' for the list)")
    with output_stream(None) as stream:
        console = inert_console(stream)
        if rule is None:
            render_rules(console, rule_set)
        else:
            render_rule(console, rule, rule_set)
