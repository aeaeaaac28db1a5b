"""Themes say what customers contact about: placeholders, sign-offs, file lines and answers to
the agent's questions never become one, and a team can exclude its own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from cscoach.config import ConfigError, load_settings
from cscoach.summary import summarize
from cscoach.themes import ThemeCounter, ThemeOptions, contact_sentences


def chat(conv_id: str, *turns: tuple[str, str], requests: list | None = None) -> dict:
    """A saved result; ``requests`` as the tracker saves them ((turn, start, end) tuples)."""
    result = {
        "id": conv_id, "scores": {"overall": 50}, "tips": [], "critical": [],
        "turns": [{"index": n, "role": role, "text": text, "tags": []}
                  for n, (role, text) in enumerate(turns, start=1)],
    }  # fmt: skip
    if requests is not None:
        result["requests"] = [
            {"turn": turn, "asks": {"start": start, "end": end}, "handling": "answered"}
            for turn, start, end in requests
        ]
    return result


MASKED = [
    chat(
        f"m{i}",
        ("customer", f"Hello, my parcel to #ADDRESS# never arrived, order #NUMBER#. {closing}"),
        ("agent", "Sorry about that! I've sent a replacement."),
        ("customer", "Customer uploaded image.jpeg (alphanumeric)"),
        ("customer", "Best regards, #NAME#. Have a nice day!"),
    )
    for i, closing in enumerate(["Kind regards", "Thanks in advance", "Sent from my iPhone"] * 2)
]


def test_placeholders_sign_offs_and_file_lines_are_never_themes() -> None:
    phrases = [t.phrase for t in summarize(MASKED).themes]
    assert phrases[:1] == ["parcel"] or "parcel" in " ".join(phrases)
    noise = {"number", "address", "name", "regards", "best", "nice", "day", "image", "jpeg",
             "uploaded", "alphanumeric", "iphone", "advance"}  # fmt: skip
    assert not noise & {word for phrase in phrases for word in phrase.split()}, phrases


def test_the_link_a_twitter_export_leaves_for_a_url_is_no_theme() -> None:
    dropped = [
        chat(f"t{i}", ("customer", "My refund never came, any ideas?? link"), ("agent", "On it."))
        for i in range(4)
    ]
    said = [
        chat(f"s{i}", ("customer", "The link you sent me is broken."), ("agent", "Here it is."))
        for i in range(4)
    ]
    words = lambda results: {w for t in summarize(results).themes for w in t.phrase.split()}  # noqa: E731
    assert "refund" in words(dropped) and "link" not in words(dropped)
    assert "link" in words(said)


def test_a_theme_quotes_the_customer_from_their_own_words() -> None:
    results = [
        chat(f"a{i}", ("customer", "@ Acme Customer Service Why is my parcel so late?"),
             ("agent", "It ships today."))
        for i in range(4)
    ]  # fmt: skip
    (theme,) = [t for t in summarize(results).themes if "parcel" in t.phrase]
    assert theme.quote == "Why is my parcel so late?"


def test_answers_to_the_agents_question_are_not_what_customers_contact_about() -> None:
    """Six customers want to return a sofa; asked which colour, each answers "Chic Grey". The
    tracker marked the return request only; the colour is an answer, never a theme."""
    results = [
        chat(
            f"s{i}",
            ("customer", "I want to return my sofa, it is too big."),
            ("agent", "Of course! Which colour did you order?"),
            ("customer", "The chic grey velvet one."),
            requests=[(1, 0, 26)],
        )
        for i in range(6)
    ]
    phrases = " ".join(t.phrase for t in summarize(results).themes)
    assert "sofa" in phrases and "return" in phrases
    assert "grey" not in phrases and "velvet" not in phrases and "chic" not in phrases


def test_only_request_and_complaint_sentences_count_when_requests_were_tracked() -> None:
    turns = [
        {"index": 1, "role": "customer", "text": "Love the shop. My refund is missing!",
         "tags": [{"tag": "customer_negative", "start": 15, "end": 36}]},
        {"index": 2, "role": "agent", "text": "Let me check."},
        {"index": 3, "role": "customer", "text": "Also the voucher code fails. Cheers.",
         "tags": []},
    ]  # fmt: skip
    tracked = [{"turn": 3, "asks": {"start": 0, "end": 28}}]
    said = [text[s:e] for text, s, e in contact_sentences(turns, tracked)]
    assert said == ["My refund is missing!", "Also the voucher code fails."]
    untracked = [text[s:e] for text, s, e in contact_sentences(turns, None)]
    assert "Love the shop." in untracked  # no tracker output: every sentence of the customer's


def test_a_team_excludes_its_own_words_and_phrases() -> None:
    results = [
        chat(f"a{i}", ("customer", "My acme premium blender arrived cracked, I want a refund."))
        for i in range(4)
    ]
    plain = " ".join(t.phrase for t in summarize(results).themes)
    assert "blender" in plain and "premium" in plain
    options = ThemeOptions(ignore=("acme premium", "blender"))
    mine = " ".join(t.phrase for t in summarize(results, themes=options).themes)
    assert "premium" not in mine and "blender" not in mine and "refund" in mine


def test_theme_exclusions_come_from_cscoach_toml(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text('[themes]\nignore = ["acme premium", "blender"]\n', encoding="utf-8")
    assert load_settings(config).theme_options() == ThemeOptions(("acme premium", "blender"))
    config.write_text('[themes]\nskip = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"themes\.skip: unknown key"):
        load_settings(config)
    config.write_text("themes = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="themes: expected a table"):
        load_settings(config)


def test_a_word_mostly_said_in_one_pair_is_shown_as_that_pair() -> None:
    results = [chat(f"d{i}", ("customer", "Dropped calls all week near home.")) for i in range(4)]
    results += [chat("e", ("customer", "The app dropped my photos."))]
    themes = summarize(results).themes
    assert [(t.phrase, t.conversations) for t in themes][:1] == [("dropped calls", 4)]
    assert "near home" in [t.phrase for t in themes]


def test_partitions_merge_into_the_same_themes() -> None:
    whole, first, second = ThemeCounter(), ThemeCounter(), ThemeCounter()
    for n, result in enumerate(MASKED):
        whole.add(result)
        (first if n < 3 else second).add(result)
    first.merge(second)
    assert first.top(10) == whole.top(10)
