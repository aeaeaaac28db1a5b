"""A reply that defers the customer's request with a promise but no time frame gets a
follow_up tip; one with a time, a later time, or a suggestion passed on does not."""

from __future__ import annotations

import pytest

from cscoach.followups import SUGGESTION, TIME_FRAME

ASK = ("customer", "My refund hasn't arrived yet. Can you check where it is?")
PROMISE = "I've passed this to our billing team and they will contact you."


def _follow_ups(analyze, *turns):
    return [t for t in analyze(*turns).tips if t.tag == "follow_up"]


def test_a_promise_with_no_time_is_coached_with_both_quotes(analyze) -> None:
    (tip,) = _follow_ups(analyze, ASK, ("agent", PROMISE))
    assert tip.turn == 2 and tip.quote == PROMISE
    assert tip.context is not None and tip.context.turn == 1
    assert "Can you check where it is?" in tip.context.quote
    assert "not when" in tip.tip and tip.rewrite is None  # only the agent knows a time to keep


@pytest.mark.parametrize(
    "reply",
    [
        "I've passed this to our billing team and they will contact you within 24 hours.",
        "I've passed this to our billing team and they will call you tomorrow.",
        "I've passed this to our billing team; expect their email by Friday.",
    ],
)
def test_a_promise_with_a_time_is_not_coached(analyze, reply: str) -> None:
    assert not _follow_ups(analyze, ASK, ("agent", reply))


def test_a_time_given_in_a_later_turn_answers_it(analyze) -> None:
    later = ("agent", "They will call you tomorrow morning.")
    assert not _follow_ups(analyze, ASK, ("agent", PROMISE), ("customer", "ok"), later)


def test_vague_times_are_not_a_time_frame(analyze) -> None:
    vague = "I've passed this to our billing team and they will contact you as soon as possible."
    assert _follow_ups(analyze, ASK, ("agent", vague))
    for text in ("as soon as possible", "shortly after", "later", "soon"):
        assert not TIME_FRAME.search(f"We will contact you {text}."), text


def test_a_suggestion_passed_on_owes_no_date() -> None:
    assert SUGGESTION.search("Suggestion: could you add a dark mode?")
    assert SUGGESTION.search("Please add an export button.")
    assert not SUGGESTION.search("Can you check where my refund is?")
    assert not SUGGESTION.search("Please refund me.")


def test_an_answered_request_gets_no_follow_up_tip(analyze) -> None:
    answered = ("agent", "Your refund was issued today; it shows on your card in 3 days.")
    assert not _follow_ups(analyze, ASK, answered)


def test_passing_it_on_is_no_promise_to_come_back(analyze) -> None:
    """'I'll report it to the product department' tells the customer nothing will come back:
    asking for a time to hear back misses the point."""
    reply = ("agent", "I've recorded your problem and reported it to the relevant department.")
    assert not _follow_ups(analyze, ASK, reply)


@pytest.mark.parametrize(
    "reply",
    [
        "I've recorded your problem. Please wait patiently.",
        "I've passed it to our working staff, and they will contact with you soon.",
        "We will verify it and reply you as soon as possible.",
        "Please stay tuned for our reply.",
        "You will be contacted by our billing team.",
    ],
)
def test_asks_to_wait_and_translated_promises_are_promises(analyze, reply: str) -> None:
    """'Please wait patiently' tells the customer something will come, as 'they will contact
    you' does; translated forms ('contact with you', 'reply you') are the same promise."""
    assert _follow_ups(analyze, ASK, ("agent", reply))


def test_a_promise_made_while_asking_for_details_is_owed_a_time(analyze) -> None:
    reply = "Please send us your order number via private message and we will contact you later."
    (tip,) = _follow_ups(analyze, ASK, ("agent", reply))
    assert tip.turn == 2


def test_the_reply_to_the_details_asked_for_can_owe_the_time(analyze) -> None:
    """Asked for details, the customer sends them; the next reply passes the case on and says
    to expect a call, with no time."""
    (tip,) = _follow_ups(
        analyze,
        ASK,
        ("agent", "Could you send me your order number, please?"),
        ("customer", "It's 55120."),
        ("agent", "Thanks. I've passed it on; please keep an eye on the call from our staff."),
    )
    assert tip.turn == 4 and "call from our staff" in tip.quote


ROUNDS = (
    ASK,
    ("agent", "Could you send me your order number, please?"),
    ("customer", "It's 55120."),
    ("agent", "Thanks. Which card did you pay with?"),
    ("customer", "My Visa card."),
)


def test_after_rounds_of_questions_the_promise_that_ends_them_owes_the_time(analyze) -> None:
    """The agent asks for one detail, then another; the reply to the last details promises to
    come back with no time: the customer still does not know when."""
    promise = ("agent", "Thanks. We will record it and feed back to you.")
    (tip,) = _follow_ups(analyze, *ROUNDS, promise)
    assert tip.turn == 6 and tip.quote == "We will record it and feed back to you."
    assert tip.context is not None and tip.context.turn == 1


@pytest.mark.parametrize(
    "last",
    [
        "Thanks. The refund went to your Visa card on Monday; it shows in 3 days.",
        "Thanks. We will feed back to you by Friday.",
    ],
)
def test_rounds_that_end_in_an_answer_or_a_time_get_no_tip(analyze, last: str) -> None:
    assert not _follow_ups(analyze, *ROUNDS, ("agent", last))


def test_a_promise_is_coached_on_the_request_it_answers(analyze) -> None:
    """The customer sends the details with a request of their own ("Please resolve it as soon
    as possible"): the promise that follows defers that one, not the first."""
    again = ("customer", "It's 55120. Please resolve this issue as soon as possible.")
    promise = ("agent", "We have reported the issue to our staff. Please stay tuned.")
    asked = ("agent", "Could you send me your order number, please?")
    (tip,) = _follow_ups(analyze, ASK, asked, again, promise)
    assert tip.turn == 4 and tip.context is not None and tip.context.turn == 3


def test_speaking_to_someone_else_is_no_promise(analyze) -> None:
    reply = ("agent", "You could speak to your coworkers about it. Have you tried that?")
    assert not _follow_ups(analyze, ASK, reply)


@pytest.mark.parametrize(
    "reply",
    [
        "Could you please provide your name and contact number via private message?",
        "Please send us your contact information via private message. Thank you!",
        "Please send us the phone number through which we can contact you via private message.",
    ],
)
def test_asking_for_contact_details_is_no_promise(analyze, reply: str) -> None:
    """'contact number' names a detail: nothing was promised, so no time is owed."""
    assert not _follow_ups(analyze, ASK, ("agent", reply))


def test_a_question_promises_nothing(analyze) -> None:
    """'Can you be contacted on ...?' asks; 'the email you're getting' is no 'email you', nor
    'the call you answered'; 'sorry to reply you late' apologises for the past."""
    for reply in (
        "Can you be contacted via the phone number 186****0071?",
        "Mind sharing a screenshot of the email you're getting about this.",
        "Please send us a private message about the call you answered, such as the number.",
        "I am sorry to reply you late. Which card did you pay with?",
    ):
        assert not _follow_ups(analyze, ASK, ("agent", reply)), reply


def test_a_long_sentence_is_quoted_from_the_clause_that_promises(analyze) -> None:
    reply = (
        "To check the problem soon, please provide your personal information via private "
        "message, such as client name, contact number, fixed phone number, broadband number "
        "and so on and we will reply to you soon."
    )
    (tip,) = _follow_ups(analyze, ASK, ("agent", reply))
    assert tip.quote.startswith("…") and tip.quote.endswith("we will reply to you soon.")


def test_an_upset_customers_jab_is_not_quoted_as_the_request(analyze) -> None:
    """A promise to come back answers what was asked to be done: the request is quoted; an
    upset customer's jab is not ('Is it the answering machine?'), and the tip then names the
    turn only."""
    jab = (
        "customer",
        "My order is still not confirmed after three days, this is ridiculous. Is it the "
        "answering machine?",
    )
    (tip,) = _follow_ups(analyze, jab, ("agent", PROMISE))
    assert tip.context is None and "request at turn 1" in tip.tip
    asked = (
        "customer",
        "This is ridiculous, my order is still not confirmed! Please handle it today.",
    )
    (tip,) = _follow_ups(analyze, asked, ("agent", PROMISE))
    assert tip.context is not None and tip.context.quote == "Please handle it today."


def test_a_promise_the_same_turn_keeps_is_not_coached(analyze) -> None:
    """Messages run together in one turn: "I'll check and reply to you soon." then the result
    with its fix. The promise was kept."""
    asked = ("agent", "Could you send me your order number, please?")
    sent = ("customer", "It's 55120.")
    promise = "OK. I will check the issue and reply to you soon."
    kept = (
        f"{promise} Hello! We checked the order: the refund was stopped by a bank error. Please "
        "restart the refund from the Billing page and it will go through."
    )
    assert not _follow_ups(analyze, ASK, asked, sent, ("agent", kept))
    assert _follow_ups(analyze, ASK, asked, sent, ("agent", promise))


def test_a_fault_report_deferred_with_no_time_is_coached(analyze) -> None:
    """A fault report is a request for help (GUIDELINES-requests.md): "they will contact you
    later" leaves that customer as unsure when as a question would. The tip quotes the fault."""
    fault = (
        "customer",
        "The broadband in my flat has not worked for three days. The red light keeps blinking.",
    )
    reply = ("agent", "We have reported your issue to the local team. They will contact you later.")
    (tip,) = _follow_ups(analyze, fault, reply)
    assert tip.turn == 2 and tip.quote == "They will contact you later."
    assert tip.context is not None and "has not worked for three days" in tip.context.quote


def test_hoping_to_hear_from_the_customer_is_no_promise(analyze) -> None:
    reply = ("agent", "I've passed this to billing. Hope to hear back from you soon!")
    assert not _follow_ups(analyze, ASK, reply)
