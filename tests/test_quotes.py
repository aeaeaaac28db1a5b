"""How a report clips a quote: one line, bounded, cut between words, from the customer's own
words rather than the @-mentions their post opens with."""

from __future__ import annotations

import pytest
from conftest import conversation

from cscoach.analyzer import Analyzer
from cscoach.quotes import TRAILING_MENTIONS, address_end, clipped, quoted, words_end


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


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("@ China Unicom Customer Service Why is there no signal?", "Why is there no signal?"),
        ("@ China Mobile @ China Unicom  Do you think it is fair?", "Do you think it is fair?"),
        (
            "@ Acme Beijing Customer  Service  I am sorry to say it broke",
            "I am sorry to say it broke",
        ),
        (
            "@ Customer Service of Acme [Complaint] Just now it failed",
            "[Complaint] Just now it failed",
        ),
        ("@AcmeHelp I need a refund", "I need a refund"),
        (
            "@kingg_joe__ For help with the game, visit our site",
            "For help with the game, visit our site",
        ),
        ("@valz761 @jo_plays Glad to hear it works", "Glad to hear it works"),
        ("@Emanuele_TV\nHere is the link", "Here is the link"),
    ],
)
def test_a_quote_starts_after_the_mentions_a_post_opens_with(text: str, words: str) -> None:
    assert text[address_end(text) :] == words


def test_mentions_are_found_where_a_sentence_starts_inside_the_text() -> None:
    text = "It stopped again. @ Acme Beijing Customer Service You are so careless."
    start = text.index("@")
    assert text[address_end(text, start) :] == "You are so careless."
    assert address_end(text, start, limit=start + 3) == start + 3  # never past the limit


@pytest.mark.parametrize(
    "text",
    [
        "@Acme fix this now",  # lowercase: the customer is writing already
        "@ Jia Yue-ting, please note.",
        "@Acme AI is down again",  # "I" inside a word is no boundary
        "@ Acme Support http://t.cn/x",
        "Why is it down @Acme?",
        "@CCTV315 Japan Jonan reported it",  # a name that runs on: digits after a capital
        "@LeTV Customer Service refund me",
        "@jo_plays @Acme fix this",  # a handle, then a name with no plain end
    ],
)
def test_no_cut_without_a_plain_boundary(text: str) -> None:
    assert address_end(text) == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "@a " + "A " * 20000 + "x",
        "@a_1 " * 20000 + "@Acme",
        "@" + "a1" * 20000 + "!",
        "@a_" * 20000,
    ],
)
def test_long_runs_of_names_are_read_in_linear_time(hostile: str) -> None:
    assert address_end(hostile) == 0


def test_tips_quote_the_customer_from_their_own_words() -> None:
    result = Analyzer().analyze(
        conversation(
            ("customer", "@ Acme Customer Service I am very disappointed with your service."),
            ("agent", "Please send us your account number."),
        )
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.context is not None
    assert tip.context.quote == "I am very disappointed with your service."
    (request,) = result.requests
    assert request.asks.startswith("I am very disappointed")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("You know the reason @ Acme Guangdong Customer Service @ NOKIA", "You know the reason"),
        (
            "What can I do ???@ Acme Customer Service @Acme Marketing @LUO Yonghao",
            "What can I do ???",
        ),
        ("Fix it now @Acme http://t.cn/zQqDu0h", "Fix it now"),
        ("We told @Acme Support many times but nobody replied.", None),
        ("I require that @Acme Customer Service Beijing give me an explanation.", None),
        ("Getting tired of seeing this @AcmeSupport link", None),
        ("@ Acme Customer Service @Jo Smith", None),
    ],
)
def test_a_quote_ends_before_the_mentions_a_post_closes_with(text: str, words: str | None) -> None:
    """A run of @-mentions (with any link) after the customer's words is whom the post
    addresses, not what they said; a mention the sentence goes on after is part of it."""
    assert quoted(text, 0, len(text)) == (words or text)


def test_a_closing_run_is_read_back_over_a_bounded_number_of_mentions() -> None:
    """A span of hundreds of mentions is read back over its last few only (each check reads to
    the span's end): only those are cut, rather than cost quadratic time."""
    run = " ".join(f"@ Acme Service {n}" for n in range(TRAILING_MENTIONS))
    assert quoted(f"Fix it now {run}", 0, 400) == "Fix it now"
    mention = "@ Acme Service 1 "
    text = "Fix it now " + mention * 400
    assert words_end(text, 0, len(text)) == len(text) - len(mention) * TRAILING_MENTIONS - 1


def test_an_empathy_tip_quotes_the_upset_without_the_closing_mentions() -> None:
    result = Analyzer().analyze(
        conversation(
            ("customer", "This is ridiculous, nobody fixed it @ Acme Customer Service @Acme"),
            ("agent", "Please send us your account number."),
        )
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.context is not None
    assert tip.context.quote == "This is ridiculous, nobody fixed it"


def test_tips_quote_the_agent_without_the_handle_a_reply_opens_with() -> None:
    result = Analyzer().analyze(
        conversation(
            ("customer", "@AcmeHelp My game crashes on start, can you help me?"),
            ("agent", "@jo_plays Please visit our help site https://help.acme.example/"),
        )
    )
    quotes = [t.quote for t in result.tips if t.turn == 2]
    assert quotes and all(q.startswith("Please visit our help site") for q in quotes)
