"""A PatternSet answers as each regex's own search would: it only skips where no match can begin."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cscoach.requests import asks, cues
from cscoach.rules.firstwords import FirstWordIndex, PatternSet

PATTERNS = {
    "whole": re.compile(r"\b(?:we|i)(?:'ll| will) (?:check|call)\b"),
    "prefix": re.compile(r"\bf+u+c+k\w*"),
    "anywhere": re.compile(r"\d{3,} ?(?:yuan|rmb)"),  # first word unknowable: always searched
    "not_at_word": re.compile(r"\b(?:how dare)\b|,\s*(?:right|ok)\s*\?+\s*$"),
}

WORDS = [
    "we'll", "i", "will", "check", "call", "fuuuck", "fck", "300", "yuan", "how", "dare", "you",
    "right", "ok", "please", "visit", "our", "help", "centre", "hotline", "10010", "tomorrow",
    "a", "few", "days", "because", "team", "will", "look", "into", "it", "can't", "log", "in",
    "when", "want", "to", "delete", "my", "account", "refund", "?", ",", ".", "!", "free",
]  # fmt: skip


def searched(patterns: dict[str, re.Pattern[str]], text: str) -> set[str]:
    return {name for name, regex in patterns.items() if regex.search(text)}


def test_found_is_what_each_search_finds() -> None:
    found = PatternSet(PATTERNS)
    for text in (
        "we'll check it tomorrow",
        "i will call you",
        "what the fuuuuck is this",
        "it cost 300 yuan",
        "how dare you",
        "that's fine, right ?",
        "nothing here at all",
        "swell check",  # "we" inside a word starts nothing
    ):
        assert found.found(text) == searched(PATTERNS, text), text


def test_found_can_ask_only_some_names() -> None:
    found = PatternSet(PATTERNS)
    assert found.found("we'll check, how dare you", ["whole"]) == {"whole"}
    assert found.found("it cost 300 yuan", ["whole"]) == set()


def test_the_index_gives_each_key_the_starts_of_its_words() -> None:
    index: FirstWordIndex[str] = FirstWordIndex()
    index.add("we", [("we", True)])
    index.add("fu", [("fu", False)])
    index.add("unknown", None)
    assert index.always == ["unknown"]
    assert index.positions("we go, we'll see fuuu") == {"we": [0, 7], "fu": [17]}
    assert index.positions("we go", wanted=["fu"]) == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_the_request_cue_patterns_answer_as_their_searches(words: list[str]) -> None:
    text = " ".join(words)
    for group in (cues._FOUND_FROM_WORDS, asks._FOUND_FROM_WORDS):
        assert group.found(text) == searched(group._regex, text), text
