"""Every built-in rule carries examples that must fire and must not (proselint-style)."""

from __future__ import annotations

import pytest

from cscoach.rules.engine import builtin_rules

RULES = builtin_rules().rules
FIRE = [(r.id, ex) for r in RULES for ex in r.examples_fire]
PASS = [(r.id, ex) for r in RULES for ex in r.examples_pass]


def test_every_rule_has_examples_both_ways() -> None:
    missing = [r.id for r in RULES if not r.examples_fire or not r.examples_pass]
    assert missing == []


@pytest.mark.parametrize(("rule_id", "example"), FIRE)
def test_example_fires(rule_id: str, example: str) -> None:
    rules = builtin_rules()
    rule = rules.by_id[rule_id]
    hits = [f for f in rules.scan(example, rule.role) if f.rule == rule_id]
    assert hits, f"{rule_id} should fire on {example!r}"
    for f in hits:
        assert example[f.start : f.end] == f.text


@pytest.mark.parametrize(("rule_id", "example"), PASS)
def test_example_does_not_fire(rule_id: str, example: str) -> None:
    rules = builtin_rules()
    rule = rules.by_id[rule_id]
    hits = [f.text for f in rules.scan(example, rule.role) if f.rule == rule_id]
    assert hits == [], f"{rule_id} should not fire on {example!r}"
