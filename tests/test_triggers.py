from __future__ import annotations

from cscoach.rules.triggers import first_words


def test_literal_word() -> None:
    assert first_words(r"sorry") == {("sorry", True)}


def test_alternation_and_optional_prefix() -> None:
    assert first_words(r"(?:i|we) (?:can't|cannot)") == {("i", True), ("we", True)}
    assert first_words(r"(?:please )?try") == {("please", True), ("try", True)}


def test_prefix_before_character_class() -> None:
    assert first_words(r"apologi[sz]e") == {("apologi", False)}


def test_unknowable_start_runs_always() -> None:
    assert first_words(r"[a-z]+ing") is None
    assert first_words(r".*help") is None


def test_starts_at_word() -> None:
    from cscoach.rules.triggers import starts_at_word

    assert starts_at_word(r"(?:we|i) can't")
    assert starts_at_word(r"(?:please )?try")
    assert not starts_at_word(r"^\W*(?:what|which)")
    assert not starts_at_word(r"[,.]?\s*but")
    assert not starts_at_word(r"(?:please )?\W+x")


def test_a_repeated_letter_leaves_only_a_prefix_known() -> None:
    """More repeats lengthen the word: "hm+" starts "hmmm", "ha(?:ha)+" starts "hahaha", so
    what is known is a prefix, never the whole word."""
    assert first_words(r"hm+") == {("hm", False)}
    assert first_words(r"m{2,}") == {("mm", False)}
    assert first_words(r"ha(?:ha)+") == {("haha", False)}
    assert first_words(r"f+u+c+k") == {("f", False)}
    assert first_words(r"hello\s+world") == {("hello", True)}  # a repeat of spaces ends it


def test_the_engine_finds_words_with_repeated_letters() -> None:
    from cscoach.rules.engine import builtin_rules

    rules = builtin_rules()
    found = {f.text for f in rules.scan("This is fuuuuck ridiculous", "customer")}
    assert "fuuuuck" in found
    assert [f.rule for f in rules.scan("Hmmm...", "agent")] == ["negative.curt"]
