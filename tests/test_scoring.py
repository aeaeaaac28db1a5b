from __future__ import annotations

import pytest

from cscoach.scoring import DIMENSIONS


def test_calm_conversation_has_no_empathy_or_apology_owed(analyze) -> None:
    result = analyze(
        ("customer", "How do I change the email address on my account?"),
        ("agent", "Happy to help! Go to Settings > Account and choose Change email."),
    )
    assert result.scores["empathy"] is None
    assert result.scores["apology"] is None
    assert result.scores["overall"] is not None


def test_courtesy_is_owed_only_where_the_customer_needed_something(analyze) -> None:
    """A reply to thanks or praise alone owes no greeting or closing: courtesy is n/a there, so
    "You are welcome." is not ranked among the worst conversations for missing them."""
    thanks = analyze(
        ("customer", "Thanks a lot, the technician was great!"), ("agent", "You are welcome.")
    )
    assert thanks.scores["courtesy"] is None and thanks.scores["overall"] is not None
    asked = analyze(
        ("customer", "How do I change the email address on my account?"),
        ("agent", "Go to Settings > Account and choose Change email."),
    )
    assert asked.scores["courtesy"] == 0


def test_empathy_owed_after_negative_turn_and_judged_on_next_agent_turns(analyze) -> None:
    upset = ("customer", "This is ridiculous, I was charged twice and nobody answers my emails!")
    cold = analyze(upset, ("agent", "Refunds take 5 days."))
    warm = analyze(
        upset, ("agent", "I'm so sorry, I can imagine how frustrating that is. I've refunded it.")
    )
    assert cold.scores["empathy"] == 0 and cold.scores["apology"] == 0
    assert warm.scores["empathy"] == 100 and warm.scores["apology"] == 100
    assert warm.scores["overall"] > cold.scores["overall"]


def test_empathy_is_graded_by_how_the_reply_acknowledged_the_customer(analyze) -> None:
    upset = ("customer", "This is ridiculous, I was charged twice and nobody answers my emails!")
    replies = {
        "I can imagine how frustrating that is. I've refunded it.": 100,
        "Sorry for the trouble. I've refunded it.": 50,
        "Refunds take 5 days.": 0,
    }
    for reply, empathy in replies.items():
        result = analyze(upset, ("agent", reply))
        assert result.scores["empathy"] == empathy, reply
    bare_sorry = analyze(upset, ("agent", "Sorry for the trouble. I've refunded it."))
    assert bare_sorry.scores["apology"] == 100


def test_empathy_averages_over_every_upset_turn(analyze) -> None:
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice!"),
        ("agent", "I can imagine how frustrating that is. I've refunded it."),
        ("customer", "Now the refund is missing too, this is absurd!"),
        ("agent", "Refunds take 5 days."),
    )
    assert result.scores["empathy"] == 50


def test_low_empathy_names_the_turns_left_cold_and_the_bare_apologies(analyze) -> None:
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice!"),
        ("agent", "Sorry for the trouble. I've refunded it."),
        ("customer", "Now the refund is missing too, this is absurd!"),
        ("agent", "Refunds take 5 days."),
    )
    assert result.scores["empathy"] == 25
    (why,) = [r.why for r in result.reasons if r.dimension == "empathy"]
    assert "after the customer was upset (turn 3)" in why
    assert "only a bare apology after turn 1" in why


def test_a_restatement_without_apology_is_not_called_an_apology(analyze) -> None:
    """Credit earned by restating the problem is named as such: a reader must not look for an
    apology the reason says was there."""
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice for order 5512!"),
        ("agent", "I see you were charged twice for order 5512. Refunds take 5 days."),
    )
    (why,) = [r.why for r in result.reasons if r.dimension == "empathy"]
    assert (
        "only showed the problem was heard (a restatement or a question on its details; no apology) after turn 1"
        in why
    )
    assert "bare apology" not in why


def test_personalization_applies_only_where_the_export_names_the_customer(analyze) -> None:
    ask = "Where is my parcel?"
    reply = "Hi Dana, it left our warehouse today and arrives tomorrow."
    named_used = analyze(("customer:Dana Whitfield", ask), ("agent", reply))
    named_unused = analyze(
        ("customer:Dana Whitfield", ask), ("agent", "It left our warehouse today.")
    )
    unnamed = analyze(("customer", ask), ("agent", reply))
    assert named_used.scores["personalization"] == 100
    assert named_unused.scores["personalization"] == 0
    assert unnamed.scores["personalization"] is None  # no name to use: nothing to judge
    assert "personalization" in unnamed.turns[1].tags  # the name used is still shown


def test_overall_ranks_the_agent_more_than_the_customers_mood(analyze) -> None:
    """Same agent, a calm or a furious customer; same customer, the agent does well or badly:
    the agent's behaviour must move the overall score more."""
    calm = ("customer", "My order 5512 arrived broken. Can you send a new one?")
    furious = ("customer", "My order 5512 arrived broken!!! This is a disgrace, I'm furious.")
    good = (
        "agent",
        "Hi, thanks for letting us know, and I'm so sorry, I can imagine how disappointing "
        "that is. I've sent a replacement for order 5512 today; you'll get tracking within "
        "24 hours.",
    )
    bad = ("agent", "Not our problem, you should have checked it.")
    end = ("customer", "Ok.")
    mood = (
        analyze(calm, good, end).scores["overall"] - analyze(furious, good, end).scores["overall"]
    )
    behaviour = (
        analyze(furious, good, end).scores["overall"] - analyze(furious, bad, end).scores["overall"]
    )
    assert behaviour > abs(mood)


def test_negative_language_lowers_positive_language(analyze) -> None:
    good = analyze(
        ("customer", "Can I get a refund?"), ("agent", "Happy to help, I've refunded it.")
    )
    bad = analyze(("customer", "Can I get a refund?"), ("agent", "Calm down. We can't do that."))
    assert good.scores["positive_language"] == 100
    assert bad.scores["positive_language"] < 50


def test_resolution_from_solution_and_next_steps(analyze) -> None:
    ask = ("customer", "My package never arrived, where is it?")
    neither = analyze(ask, ("agent", "Okay."))
    both = analyze(ask, ("agent", "I've reshipped it and you'll receive tracking within 24 hours."))
    confirmed = analyze(
        ask, ("agent", "I've reshipped it."), ("customer", "Got it, thanks, that worked!")
    )
    assert neither.scores["resolution"] == 0
    assert both.scores["resolution"] == 100
    assert confirmed.scores["resolution"] == 100


def test_a_reply_that_only_sends_the_customer_elsewhere_offers_no_fix(analyze) -> None:
    """A redirect instead of an answer is no solution (GUIDELINES-requests.md), even where its
    "you can dial ..." reads like one; a fix that comes with a pointer keeps its credit."""
    ask = ("customer", "My internet drops every evening. Can you fix it?")
    sent = analyze(
        ask,
        (
            "agent",
            "Hi, you can dial 969112 to request a repair. If you have any problem afterwards, "
            "you can contact us again.",
        ),
    )
    fixed = analyze(
        ask,
        (
            "agent",
            "I've reset the line from our side, so it should hold now. If it drops again, you "
            "can call 969112.",
        ),
    )
    assert "solution" in sent.turns[1].tags  # the tag stays; resolution does not count it
    assert sent.scores["resolution"] == 0
    assert fixed.scores["resolution"] >= 60


def test_resolution_is_na_when_there_was_nothing_to_resolve(analyze) -> None:
    """Praise or banter asks for no fix: resolution does not apply (it is not a 0)."""
    praise = analyze(
        ("customer", "Your new store in town is lovely, we had a great time there!"),
        ("agent", "Glad you enjoyed it!"),
    )
    assert praise.scores["resolution"] is None
    assert not [r for r in praise.reasons if r.dimension == "resolution"]
    fault = analyze(("customer", "My parcel arrived damaged."), ("agent", "Glad to hear from you!"))
    assert fault.scores["resolution"] == 0  # a fault report leaves something to resolve


def test_a_last_message_that_asks_nothing_is_owed_no_reply(analyze) -> None:
    """A statement closing the conversation, left without a reply, costs the agent nothing (no
    tip says it was owed one); a question left so does."""
    opening = ("customer", "Your new store in town is lovely, we had a great time there!")
    thanks = ("agent", "Glad you enjoyed it!")
    aside = analyze(
        opening,
        thanks,
        ("customer", "The coffee machine was broken, there is no way of fixing it~"),
    )
    assert aside.scores["active_listening"] is None
    asked = analyze(opening, thanks, ("customer", "When does the store open on Sundays?"))
    assert asked.scores["active_listening"] == 0 and asked.scores["resolution"] is not None


def test_no_agent_turns_means_nothing_applies(analyze) -> None:
    result = analyze(("customer", "hello?"))
    assert all(result.scores[d] is None for d in ("overall", *DIMENSIONS))


def test_scores_are_integers_in_range(analyze) -> None:
    result = analyze(
        ("customer:Dana", "I'm angry, it broke again!"), ("agent", "Hi Dana, sorry about that.")
    )
    for value in result.scores.values():
        assert value is None or (isinstance(value, int) and 0 <= value <= 100)


def test_weights_change_the_overall() -> None:
    from conftest import conversation

    from cscoach.analyzer import Analyzer

    conv = conversation(("customer", "Can I get a refund?"), ("agent", "We can't do that."))
    for dim in ("positive_language", "resolution"):
        only = Analyzer(weights=dict.fromkeys(DIMENSIONS, 0) | {dim: 1}).analyze(conv)
        assert only.scores["overall"] == only.scores[dim]
    assert only.scores["positive_language"] != only.scores["resolution"]


def test_paraphrase_of_customer_words_counts_as_listening(analyze) -> None:
    result = analyze(
        ("customer", "The invoice for April lists fourteen seats but we only have eleven users."),
        ("agent", "Let me check why the April invoice lists fourteen seats."),
    )
    agent_turn = result.turns[1]
    assert any(f.rule == "context.paraphrase" for f in agent_turn.findings)


def test_sentiment_trajectory(analyze) -> None:
    result = analyze(
        ("customer", "This is awful, I'm furious."),
        ("agent", "I'm sorry, I've fixed it."),
        ("customer", "Great, thank you so much, I love it!"),
    )
    traj = result.customer_sentiment
    assert traj is not None and traj.start < 0 < traj.end and traj.trend == "improved"


def test_complaint_after_the_last_reply_caps_resolution(analyze) -> None:
    helped = ("agent", "I've reset your password; you'll get an email within 5 minutes.")
    fine = analyze(("customer", "I can't log in."), helped)
    still = analyze(
        ("customer", "I can't log in."), helped, ("customer", "Still not working, this is useless.")
    )
    assert fine.scores["resolution"] == 100 and still.scores["resolution"] == 40


def test_outcome_follows_how_the_customer_ends(analyze) -> None:
    happy = analyze(
        ("customer", "My order is late."),
        ("agent", "Sorry! Resent."),
        ("customer", "Great, it arrived, thanks!"),
    )
    angry = analyze(
        ("customer", "My order is late."),
        ("agent", "Sorry! Resent."),
        ("customer", "Still nothing. Awful service."),
    )
    assert happy.scores["outcome"] > 60 > angry.scores["outcome"]


def test_a_customer_who_says_it_is_solved_ended_well_however_angry_they_opened(analyze) -> None:
    result = analyze(
        ("customer", "This is ridiculous!!! My internet has been down for three days, awful!"),
        ("agent", "Sorry! We reset your line."),
        ("customer", "The problem was solved. Thank you!"),
    )
    assert "resolution_confirmed" in result.turns[2].tags
    assert result.scores["outcome"] is not None and result.scores["outcome"] >= 75


def test_outcome_is_unknown_when_the_customer_never_wrote_back(analyze) -> None:
    """One complaint and one reply: how it ended is unknown, and the opening mood is not an
    ending (no reason may say the customer "ended upset")."""
    result = analyze(
        ("customer", "My order is late and I'm furious about it."), ("agent", "Sorry! Resent.")
    )
    assert result.scores["outcome"] is None
    assert result.scores["overall"] is not None
    assert not [r for r in result.reasons if r.dimension == "outcome"]


@pytest.mark.parametrize(
    ("customer", "agent", "listened"),
    [
        # a yes/no question that tests the customer's own detail checks understanding
        ("My AirPods case drains in an hour.", "Does the case drain with the lid closed?", True),
        # a request phrased as a question is not a check of understanding
        ("Can you assist me with SSO?", "Can you share your details so someone can assist?", False),
        # an open question needs two of the customer's words
        ("The export fails on large files.", "Which version are you using?", False),
        (
            "The export fails on large files.",
            "How large are the files when the export fails?",
            True,
        ),
        # regret about the customer's own detail acknowledges it, like "sorry to hear the ..."
        ("My boyfriend and I fight every day.", "I'm sorry that your boyfriend is so harsh.", True),
        ("My boyfriend and I fight every day.", "I can relate to the fights, honestly.", True),
        # a bare apology shares nothing with what the customer said
        ("My boyfriend and I fight every day.", "I'm sorry about that.", False),
        # one shared word in a plain statement is only the same topic
        ("My boyfriend and I fight every day.", "Fights happen in every couple.", False),
        # an answer reuses the question's terms without checking or acknowledging anything
        (
            "What is the monthly fee of the toll and local card?",
            "The toll and local card monthly fee is 5 yuan.",
            False,
        ),
        ("The April invoice lists 14 seats.", "Let me check why the invoice lists 14 seats.", True),
        # "let us know" and "please see" ask or point; they acknowledge nothing
        ("I can't play GTA online.", "Please let us know what platform you play on.", False),
        ("The export fails on large files.", "Please see the guide for large exports.", False),
        ("The export fails on large files.", "I see the export fails on large files.", True),
        # pointing back at the customer's own point ("about your ...", "... is important to us")
        ("My comments don't show up.", "About your comments not showing, clear the cache.", True),
        ("My comments don't show up.", "Learn more about the comments feature here.", False),
        ("The charger case drains fast.", "Your charger case working is important to us.", True),
    ],
)
def test_questions_and_acknowledgements_echoing_the_customer(
    analyze, customer: str, agent: str, listened: bool
) -> None:
    agent_turn = analyze(("customer", customer), ("agent", agent)).turns[1]
    assert any(f.rule == "context.paraphrase" for f in agent_turn.findings) is listened


def test_the_gate_passes_a_good_agent_and_can_gate_the_outcome_apart(tmp_path) -> None:
    """Good replies to a customer who stays angry: the agent's score passes the gate; the
    outcome, gated on its own, fails."""
    import json

    from typer.testing import CliRunner

    from cscoach.cli import app

    chat = {"id": "c1", "turns": [
        {"role": "customer", "text": "My order 5512 arrived broken. Can you send a new one?"},
        {"role": "agent", "text": "Hi, thanks for telling us, and I'm so sorry, I can imagine "
                                  "how disappointing that is. I've sent a replacement for order "
                                  "5512 today; you'll get tracking within 24 hours."},
        {"role": "customer", "text": "Useless. I'm furious and I hate this company."},
        {"role": "agent", "text": "I'm sorry you feel let down, I understand how frustrating "
                                  "this is. The replacement ships today and I'll email you the "
                                  "tracking number within 24 hours."}]}  # fmt: skip
    path = tmp_path / "chat.jsonl"
    path.write_text(json.dumps(chat) + "\n", encoding="utf-8")
    runner = CliRunner()
    scores = json.loads(runner.invoke(app, ["analyze", str(path), "-f", "json"]).stdout)["scores"]
    assert scores["overall"] >= 50 > scores["outcome"]
    assert runner.invoke(app, ["analyze", str(path), "-q", "--fail-under", "50"]).exit_code == 0
    gated = runner.invoke(app, ["analyze", str(path), "-q", "--fail-under", "outcome=50"])
    assert gated.exit_code == 1


def test_a_request_answered_by_a_later_part_of_a_thread_is_not_counted(analyze) -> None:
    """ "@jo 2/2 ..." continues a reply whose first part the export lacks: whether it answered
    is unknown, so active listening does not count the request (nor does a tip fault it)."""
    cut = analyze(
        ("customer", "Can I get a refund for the double charge?"),
        ("agent", "@jo 2/2 Have a great day!"),
    )
    whole = analyze(
        ("customer", "Can I get a refund for the double charge?"),
        ("agent", "@jo Have a great day!"),
    )
    assert whole.scores["active_listening"] is not None and whole.scores["active_listening"] < 50
    assert cut.scores["active_listening"] is None
    assert not [t for t in cut.tips if t.tag == "unanswered_question"]
    assert [t for t in whole.tips if t.tag == "unanswered_question"]


ASK_FOR_DETAILS = (
    "We are sorry for the trouble. Please send us your account number and contact number via "
    "private message so that we can check it for you."
)


def test_saying_the_same_ask_again_after_the_customer_objected_costs_listening(analyze) -> None:
    """The restated tip's finding costs active listening as a re-ask does, and the Why names
    it; the same two asks with a calm detail between them (the customer gave what was asked
    for, so asking again for more is the talk going on) cost nothing."""
    report = ("customer", "My broadband has been down for three days. Please fix it.")
    objected = ("customer", "You already have my number! Why do you keep asking? Useless!")
    calm = ("customer", "Here is the screenshot of the error.")
    second = ("agent", ASK_FOR_DETAILS.replace("We are sorry", "Sorry"))
    again = analyze(report, ("agent", ASK_FOR_DETAILS), objected, second)
    went_on = analyze(report, ("agent", ASK_FOR_DETAILS), calm, second)
    assert any(t.tag == "restated" for t in again.tips)
    assert not any(t.tag == "restated" for t in went_on.tips)
    assert again.scores["active_listening"] < went_on.scores["active_listening"]
    why = " ".join(r.why for r in again.reasons)
    assert "turn 4 said turn 2's message again after the customer wrote back at turn 3" in why
