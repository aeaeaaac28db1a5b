"""The literal factors behind the one-pass rule scan: sound (every match holds one), and the
scan with them finds exactly what the regexes alone find."""

from __future__ import annotations

import re

import pytest

from cscoach.rules import factors
from cscoach.rules.engine import RuleSet, builtin_rules
from cscoach.rules.factors import required_factors
from cscoach.rules.schema import rule_from_mapping
from cscoach.text import normalise

RULES = builtin_rules()
SENTENCES = sorted(
    {normalise(ex) for r in RULES.rules for ex in (*r.examples_fire, *r.examples_pass)}
)


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"(?<![\w'])(?:sorry)", 0, {"sorry"}),
        # adjacent literals and alternations of literals are spelled out together...
        (r"(?:sorry|apologies) for", 0, {"sorry for", "apologies for"}),
        (
            r"(?:we|i) (?:can't|cannot|can not) \w+",
            0,
            {"we can't ", "we cannot ", "we can not ", "i can't ", "i cannot ", "i can not "},
        ),
        # ... only as far as a text is long enough (LONG_ENOUGH), the fewest texts first
        (r"you (?:mentioned|said) (?:that|earlier)", 0, {"you mentioned", "you said"}),
        (
            r"(?:i|we) (?:see|understand) (?:your|the) (?:issue|problem)",
            0,
            {"your issue", "your problem", "the issue", "the problem"},
        ),
        (r"you(?:'re| are)? (?:\w+ )?upset", 0, {"upset"}),  # a free word ends the run
        # "please bear with us" holds "bear with us": the shorter text is enough
        (r"(?:please )?bear with us", 0, {"bear with us"}),
        (r"(?:apologies|apologise)", 0, {"apologies", "apologise"}),
        # a question mark filters as well as a word of three letters ("yes" holds "es", "no"...)
        (r"\b(?:right|correct|yes|no)\s*\?$", 0, {"?"}),
        (r"^\W*(?:you|your|u|it)\b[^.!?]{0,100}\?", 0, {"?"}),
        (r"\.\.", 0, None),  # a mark of a sentence's every end is no filter
        (r"thank(?:s| you)", 0, {"thanks", "thank you"}),
        (r"Refund", re.IGNORECASE, {"refund"}),
        (r"(?:kindly )*wait", 0, {"wait"}),
        (r"\w+ly", 0, None),  # no literal of 3 characters is required
        (r"(?:sorry|\d+)", 0, None),  # one alternative needs no literal
        (r"(?:ab)+c", 0, None),  # "ab" and "c" are too short to filter anything
    ],
)
def test_required_factors(pattern: str, flags: int, expected: set[str] | None) -> None:
    found = required_factors(re.compile(pattern, flags))
    assert found == (None if expected is None else frozenset(expected))


def test_no_more_than_max_spelled_texts_spell_out_a_run(monkeypatch) -> None:
    monkeypatch.setattr(factors, "MAX_SPELLED", 4)
    # "we will refund", "i can replace", ...: 12 texts; " refund" and " replace" are two
    found = required_factors(re.compile(r"(?:we|i) (?:will|shall|can) (?:refund|replace)"))
    assert found == frozenset({" refund", " replace"})


def test_every_match_of_every_built_in_pattern_holds_one_of_its_factors() -> None:
    checked = 0
    for pattern in RULES._patterns:
        required = required_factors(pattern.regex)
        if required is None:
            continue
        for sentence in SENTENCES:
            for match in pattern.regex.finditer(sentence):
                assert any(f in match.group() for f in required), (pattern.rule.id, sentence)
                checked += 1
    assert checked > 300


def test_the_scan_with_factors_finds_what_the_regexes_alone_find(monkeypatch) -> None:
    texts = [ex for r in RULES.rules for ex in (*r.examples_fire, *r.examples_pass)]
    with_factors = {(t, role): RULES.scan(t, role) for t in texts for role in ("agent", "customer")}
    monkeypatch.setattr(factors.FactorIndex, "possible", lambda self, sentence: None)
    plain = RuleSet(RULES.rules)  # new memos, every pattern a candidate
    for (text, role), found in with_factors.items():
        assert plain.scan(text, role) == found, text


def test_a_config_rule_joins_the_same_index() -> None:
    custom = rule_from_mapping(
        {"id": "acme.banned", "tag": "negative_language", "patterns": ["per my last email"],
         "message": "Banned."},
        where="test", origin="config",
    )  # fmt: skip
    extended = RULES.plus([custom])
    index = extended._factors["agent"]
    assert index.possible("as per my last email, no.") >= {len(extended._patterns) - 1}
    found = extended.scan("As per my last email, no.", "agent")
    assert [f.text for f in found if f.rule == "acme.banned"] == ["per my last email"]


def test_factor_sets_are_read_back_from_the_cache_and_a_bad_entry_is_rebuilt(
    tmp_path, monkeypatch
) -> None:
    """The second read of the same patterns comes from the cache without parsing them; a
    damaged or mismatched entry is parsed again, to the same sets."""
    from cscoach import cachedir

    monkeypatch.setenv(cachedir.ENV_DIR, str(tmp_path))
    patterns = [(0, re.compile(r"we (?:cannot|can't) refund")), (1, re.compile(r"\w+"))]
    first = factors.factor_sets(patterns)
    assert first == [required_factors(patterns[0][1]), None] and first[0]
    (entry,) = tmp_path.glob("factors-*.json")

    def parse_nothing(regex):
        raise AssertionError("parsed again")

    with monkeypatch.context() as patched:
        patched.setattr(factors, "required_factors", parse_nothing)
        assert factors.factor_sets(patterns) == first
    for damaged in (b"not json", b"[]", b'{"a": 1}'):
        cachedir.write(entry.name, damaged)
        assert factors.factor_sets(patterns) == first
