"""How a report clips a quote: one line, bounded, cut between words."""

from __future__ import annotations

from cscoach.quotes import clipped


def test_a_short_text_is_kept_on_one_line() -> None:
    assert clipped("Where is\n my   order?") == "Where is my order?"


def test_a_long_text_is_cut_between_words() -> None:
    text = "I have waited three weeks for the replacement router, nobody called"
    out = clipped(text, 40)
    assert out == "I have waited three weeks for the…"
    assert len(out) <= 40 and out[:-1] in text


def test_punctuation_before_the_cut_is_dropped() -> None:
    assert clipped("Refunds take five days, sometimes longer", 27) == "Refunds take five days…"


def test_one_long_word_is_cut_inside_it() -> None:
    link = "see https://support.example.com/articles/" + "a" * 80
    out = clipped(link, 40)
    assert len(out) == 40 and out.endswith("…") and out.startswith("see https://")
