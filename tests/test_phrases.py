"""Each tag with phrases that must fire and phrases that must not: negation, the customer's words
quoted back, refusals followed by an alternative."""

from __future__ import annotations

import pytest
from conftest import tags_of

MUST_FIRE = [
    ("apology", "I'm so sorry for the mix-up with your order."),
    ("apology", "We apologise for the inconvenience."),
    ("empathy", "I can imagine how stressful that must have been."),
    ("empathy", "That sounds really frustrating."),
    ("active_listening", "Just to confirm, the app crashes when you import a PDF?"),
    ("active_listening", "Thanks for the screenshot, that helps."),
    ("positive_language", "Happy to help with that today!"),
    ("negative_language", "We can't do that."),
    ("negative_language", "Calm down, please."),
    ("negative_language", "You should have read the terms."),
    ("negative_language", "Sorry if you feel that way."),
    ("clarifying_question", "Which browser are you using?"),
    ("clarifying_question", "Please DM us your order number."),
    ("solution", "Please try clearing your browser cache."),
    ("solution", "I've refunded the duplicate payment."),
    ("next_steps", "I'll escalate this and update you within 24 hours."),
    ("next_steps", "Our billing team will contact you tomorrow."),
    ("gratitude", "Thank you for your patience."),
    ("greeting", "Hello and welcome to Acme support!"),
    ("closing", "Is there anything else I can help with today?"),
]

MUST_NOT_FIRE = [
    ("apology", "I'm not sorry about the policy."),
    ("apology", "Sorry, but we cannot refund digital goods."),
    ("apology", "Sorry if you feel that way."),
    ("empathy", "I don't understand why you did that."),
    ("empathy", "Sorry for the trouble."),
    ("negative_language", "I can't refund it, but I can replace it today."),
    ("negative_language", "We can't change the date, however we can offer a voucher instead."),
    ("negative_language", 'You wrote "calm down" and I understand why that upset you.'),
    ("negative_language", "I understand you can't log in; let's fix that."),
    ("clarifying_question", "Is there anything else I can help with?"),
    ("clarifying_question", "How can I help you today?"),
    ("gratitude", "No thanks are needed."),
    ("positive_language", "I'm not happy to help with that."),
    ("next_steps", "We will not be able to change that."),
    ("active_listening", "I see."),
]


@pytest.mark.parametrize(("tag", "text"), MUST_FIRE)
def test_fires(rules, tag: str, text: str) -> None:
    assert tag in tags_of(rules, text)


@pytest.mark.parametrize(("tag", "text"), MUST_NOT_FIRE)
def test_does_not_fire(rules, tag: str, text: str) -> None:
    assert tag not in tags_of(rules, text)


@pytest.mark.parametrize(
    ("tag", "text"),
    [
        ("escalation_request", "I want to speak to a manager right now."),
        ("resolution_confirmed", "That worked, thank you!"),
        ("customer_negative", "This is ridiculous, I was charged twice."),
    ],
)
def test_customer_tags(rules, tag: str, text: str) -> None:
    assert tag in tags_of(rules, text, role="customer")


def test_customer_rules_do_not_run_on_agent_turns(rules) -> None:
    assert "escalation_request" not in tags_of(rules, "I can escalate this to a manager.")


def test_agent_rules_do_not_run_on_customer_turns(rules) -> None:
    assert "apology" not in tags_of(rules, "Sorry, one more question.", role="customer")


def test_findings_carry_the_exact_span(rules) -> None:
    text = "Hi Dana! I'm sorry you were charged twice."
    (apology,) = [f for f in rules.scan(text, "agent") if f.tag == "apology"]
    assert text[apology.start : apology.end] == apology.text == "sorry"


def test_urls_and_handles_do_not_trigger_rules(rules) -> None:
    text = "@thankyou_bot see https://example.com/sorry-help-thanks"
    assert rules.scan(text, "agent") == []


@pytest.mark.parametrize(
    "reply",
    [
        "We  can understand your feeling.",
        "We can\u00a0understand your feeling.",
        "We can\tunderstand your feeling.",
    ],
)
def test_phrases_match_across_loose_whitespace(analyze, reply: str) -> None:
    """Exports carry double spaces, no-break spaces and tabs; a phrase still reads as written,
    and its evidence is the text as written."""
    result = analyze(("customer", "This is so annoying."), ("agent", reply))
    (finding,) = [f for f in result.turns[1].findings if f.rule == "empathy.understand"]
    assert finding.text == reply[: reply.index(" your") + len(" your feeling")]


@pytest.mark.parametrize(
    ("rule", "role", "whole_word", "inside_a_longer_word"),
    [
        (
            "customer.resolved",
            "customer",
            "Thanks, it is all back to normal.",
            "All background apps are cleared.",
        ),
        ("customer.resolved", "customer", "I got it, thanks!", "I got items I never ordered."),
        (
            "empathy.understand",
            "agent",
            "Sending hugs your way.",
            "The data usage this month is huge.",
        ),
        (
            "positive.willing",
            "agent",
            "No problem, I'll fix it.",
            "There was no problematic number.",
        ),
        ("closing.wrap_up", "agent", "Cheers, Sam", "Thanks! #cheersandbeers"),
        ("solution.steps", "agent", "You have to restart it.", "You have too many devices linked."),
        (
            "next_steps.commitment",
            "agent",
            "We will ship it by Friday.",
            "Our shop is open on Saturdays.",
        ),
    ],
)
def test_a_phrase_ends_on_a_word_boundary(
    rules, rule: str, role: str, whole_word: str, inside_a_longer_word: str
) -> None:
    """A phrase is matched as whole words: "hug" is not "huge", "all back" is not "all
    background", "no problem" is not "no problematic" (QA read AA: "All background apps are
    cleared" read as the customer confirming the fix)."""
    assert rule in {f.rule for f in rules.scan(whole_word, role)}
    assert rule not in {f.rule for f in rules.scan(inside_a_longer_word, role)}
