from __future__ import annotations

from cscoach.coaching import second_person


def test_negative_language_tip_quotes_the_turn_and_rewrites(analyze) -> None:
    result = analyze(("customer", "Can you move my delivery?"), ("agent", "Hi. We can't do that."))
    tip = next(t for t in result.tips if t.tag == "negative_language")
    assert tip.turn == 2
    assert tip.quote == "We can't do that."
    assert tip.rewrite and tip.rewrite.startswith("Here's what I can do")


def test_missing_empathy_tip_names_the_customer_turn(analyze) -> None:
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"),
        ("agent", "Refunds take five days."),
    )
    tip = next(t for t in result.tips if t.tag == "empathy")
    assert tip.tip.startswith("turn 1: the customer was upset")
    assert "no acknowledgement" in tip.tip and "turn 2" in tip.tip
    assert tip.quote == "I was charged twice and I'm really angry about it!"
    assert "frustrating" in (tip.rewrite or "")


def test_tips_are_ordered_by_priority(analyze) -> None:
    result = analyze(
        ("customer", "This is a disgrace, my order is broken!"),
        ("agent", "You should have checked it. Okay."),
    )
    tags = [t.tag for t in result.tips]
    assert tags[0] == "negative_language"
    assert tags.index("empathy") < tags.index("resolution")


def test_excellent_conversation_gets_no_tips(analyze) -> None:
    result = analyze(
        ("customer:Dana", "Hi, I'm annoyed: my parcel for order 5521 arrived broken."),
        (
            "agent",
            "Hi Dana, thanks for reaching out and I'm sorry, I can imagine how annoying that is. "
            "Just to confirm, the parcel for order 5521 arrived broken? I've sent a replacement "
            "and you'll receive tracking within the hour.",
        ),
    )
    assert result.tips == ()


def test_second_person() -> None:
    assert (
        second_person("I was charged twice for my order") == "you were charged twice for your order"
    )
