from __future__ import annotations

import pytest

from cscoach.rules.engine import RuleSet
from cscoach.rules.schema import RuleError, rule_from_mapping


def make(**overrides: object):
    data = {
        "id": "acme.banned",
        "tag": "negative_language",
        "patterns": ["no can do"],
        "message": "Banned.",
    }
    data.update(overrides)
    return rule_from_mapping(data, where="test")


def test_custom_rule_fires_with_span(rules) -> None:
    extended = rules.plus([make()])
    found = [f for f in extended.scan("Sorry, no can do.", "agent") if f.rule == "acme.banned"]
    assert [(f.text, f.start, f.end) for f in found] == [("no can do", 7, 16)]


def test_disabling_a_rule_removes_its_findings(rules) -> None:
    text = "Thanks for waiting!"
    assert any(f.rule == "gratitude.thanks" for f in rules.scan(text, "agent"))
    assert not any(
        f.rule == "gratitude.thanks"
        for f in rules.without(["gratitude.thanks"]).scan(text, "agent")
    )


def test_disabling_unknown_rule_is_an_error(rules) -> None:
    with pytest.raises(RuleError, match="nope"):
        rules.without(["nope"])


def test_duplicate_rule_ids_rejected() -> None:
    with pytest.raises(RuleError, match="twice"):
        RuleSet([make(), make()])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tag": "kindness"}, "not a tag id"),
        ({"patterns": []}, "at least one pattern"),
        ({"patterns": ["(unclosed"]}, "bad regular expression"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"negatable": "yes"}, "expected true or false"),
    ],
)
def test_schema_errors_name_the_key(overrides: dict, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        make(**overrides)


def test_quoted_customer_words_are_not_the_agents(rules) -> None:
    text = 'You said "this is useless and you can\'t do anything" and you are right to be annoyed.'
    assert not any(f.tag == "negative_language" for f in rules.scan(text, "agent"))


def test_pattern_without_literal_start_still_runs() -> None:
    rule = make(patterns=[r"[a-z]+ly unacceptable"])
    found = RuleSet([rule]).scan("That is totally unacceptable.", "agent")
    assert [f.text for f in found] == ["totally unacceptable"]
