"""Every text path takes time linear in its input, whatever the punctuation, whitespace and
repetition: no regex or loop rescans what it has already read."""

from __future__ import annotations

import itertools
import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cscoach.analyzer import Analyzer
from cscoach.model import Conversation, Turn
from cscoach.text import sentence_spans

ANALYZER = Analyzer()
SIZE = 16_000
"""Characters per turn: a quadratic path takes seconds here, a linear one milliseconds."""
RATIO = 20
"""Time per character may be at most this many times that of plain prose of the same size."""
_FRESH = itertools.count()
"""Every text is new, so no memo answers from a cache."""

PUNCTUATION = list(".!?,;:-…'\"()[]*~“”’。！？/")
WHITESPACE = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\r\n"]
WORDS = ["help", "Mr", "A", "1", "no", "URGENT", "e.g", "sorry"]
RUN = st.tuples(st.sampled_from(PUNCTUATION + WHITESPACE + WORDS), st.integers(1, 500))
PATTERN = st.lists(RUN, min_size=1, max_size=4).map(lambda runs: "".join(s * n for s, n in runs))


def _fill(unit: str) -> str:
    """``unit`` repeated to SIZE characters, with a plain boundary after it so the sentence
    splitter cannot skip the text, and a number so no cache has seen it."""
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    return f"{text} x. Then y {next(_FRESH)}."


def _seconds(text: str) -> float:
    turns = (Turn("customer", text), Turn("agent", text))
    start = time.perf_counter()
    ANALYZER.analyze(Conversation("t", turns))
    return time.perf_counter() - start


def _prose() -> str:
    return _fill("My order is late again and I would like a refund, please. ")


@settings(max_examples=25, deadline=None, derandomize=True)
@given(unit=PATTERN)
@example(unit="help")  # one 16,000-letter word: the email pattern once retried it from each letter
def test_adversarial_text_costs_per_character_what_prose_does(unit: str) -> None:
    adversarial = _seconds(_fill(unit))
    baseline = min(_seconds(_prose()) for _ in range(2))
    assert adversarial <= RATIO * baseline + 0.05, (unit[:60], adversarial, baseline)


def test_a_long_run_of_punctuation_is_split_in_linear_time() -> None:
    """The finding: a customer turn of 19,000 "!" took 9 s in the sentence splitter."""
    for mark in "!.?…":
        text = f"help {mark * 19_000}x. Then y {next(_FRESH)}."
        start = time.perf_counter()
        spans = sentence_spans(text)
        assert time.perf_counter() - start < 0.5, mark
        assert spans and spans[-1][1] == len(text)


def test_a_long_run_of_spaces_is_split_in_linear_time() -> None:
    text = f"help! {' ' * 19_000}x {next(_FRESH)}"
    start = time.perf_counter()
    sentence_spans(text)
    assert time.perf_counter() - start < 0.5


def test_user_patterns_with_overlapping_repeats_side_by_side_are_refused(tmp_path) -> None:
    from typer.testing import CliRunner

    from cscoach.cli import app
    from cscoach.redos import adjacent_overlapping_repeats as adjacent

    assert adjacent(r"\s*\s*!") and adjacent(r"\w+\w+\.x") and adjacent(r"\w+\s*\w+")
    assert adjacent(".*.*x") and adjacent("a*[ab]+")
    assert not adjacent(r"\w+ \w+") and not adjacent(r"\d+\s+\d+") and not adjacent("a+b+")
    assert not adjacent("per my last (?:email|message)") and not adjacent(r"[^,]*,\s*")
    config = tmp_path / "cscoach.toml"
    config.write_text(
        '[[rules]]\nid = "team.slow"\ntag = "negative_language"\n'
        "patterns = ['''\\w+\\w+\\w+\\.x''']\nmessage = \"m\"\n"
    )
    path = tmp_path / "c.txt"
    path.write_text("Customer: where is it\nAgent: " + "a" * 3000 + " done\n")
    result = CliRunner().invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 2 and "side by side" in result.stderr and "rules[1]" in result.stderr


def test_no_built_in_pattern_has_overlapping_repeats_side_by_side() -> None:
    from cscoach.redos import adjacent_overlapping_repeats
    from cscoach.rules.engine import builtin_rules

    for rule in builtin_rules().rules:
        for pattern in (*rule.patterns, *rule.unless_after, *rule.unless_before):
            assert not adjacent_overlapping_repeats(pattern), (rule.id, pattern)
