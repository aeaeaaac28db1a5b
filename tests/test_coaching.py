from __future__ import annotations

import pytest

from cscoach.coaching import quote
from cscoach.rewrites import KEPT_BUDGET


def test_negative_language_tip_quotes_the_turn_and_rewrites(analyze) -> None:
    result = analyze(("customer", "Can you move my delivery?"), ("agent", "Hi. We can't do that."))
    tip = next(t for t in result.tips if t.tag == "negative_language")
    assert tip.turn == 2
    assert tip.quote == "We can't do that."
    assert "Say what you can do" in tip.tip
    assert tip.rewrite is None  # the rule's "Here's what I can do: ..." is a blank, not a rewrite


def test_missing_empathy_tip_names_the_customer_turn(analyze) -> None:
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"),
        ("agent", "Refunds take five days."),
    )
    (tip,) = [t for t in result.tips if t.tag in ("empathy", "apology")]
    assert tip.tip.startswith("turn 1: the customer was upset")
    assert "neither acknowledged how they feel nor apologised" in tip.tip and "turn 2" in tip.tip
    assert tip.context is not None and tip.context.turn == 1
    assert tip.context.quote == "I was charged twice and I'm really angry about it!"
    assert tip.quote == "Refunds take five days."  # the agent's words, never the customer's
    assert tip.rewrite and "frustrating" in tip.rewrite and "this charge" in tip.rewrite
    assert tip.rewrite.endswith("Refunds take five days.")  # keeps the turn's facts


def test_no_empathy_rewrite_dresses_up_a_reply_that_missed_the_question(analyze) -> None:
    """An apology put before a non-answer is no better reply: the empathy tip keeps its point
    and drops its rewrite, and the unanswered-question tip says what is missing."""
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice! Can I get a refund for it?"),
        ("agent", "Thanks for reaching out! Have a great day."),
    )
    (empathy,) = [t for t in result.tips if t.tag == "empathy"]
    assert empathy.rewrite is None and "neither acknowledged" in empathy.tip
    assert [t for t in result.tips if t.tag == "unanswered_question"]


def test_the_tip_names_the_turn_that_apologised(analyze) -> None:
    """The apology came in the second reply: the tip on the first does not say it apologised."""
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice and I'm furious!"),
        ("agent", "Refunds take five days."),
        ("customer", "Ok."),
        ("agent", "Sorry for the trouble."),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert (
        tip.turn == 2 and "turn 2 did not acknowledge how they feel (turn 4 apologised)" in tip.tip
    )


def test_an_apology_answers_mild_upset_but_not_strong_emotion(analyze) -> None:
    mild = analyze(
        ("customer", "My parcel is late again."), ("agent", "Sorry about that! It ships today.")
    )
    assert not [t for t in mild.tips if t.tag == "empathy"]
    furious = analyze(
        ("customer", "This is a disgrace, I'm furious and disgusted, worst service ever!"),
        ("agent", "Sorry about that! It ships today."),
    )
    (tip,) = [t for t in furious.tips if t.tag == "empathy"]
    assert "apologised but did not acknowledge how they feel" in tip.tip


STORY = "I booked a room for the 7th. On the 25th I was told it would only be kept until 8 pm. "


@pytest.mark.parametrize(
    ("feeling", "strong"),
    [
        ("I had to pay again at the desk. This is a disgusting scam and I am furious!", True),
        ("I had to pay again at the desk, which was a bit annoying.", False),
    ],
)
def test_one_furious_sentence_in_a_long_account_is_strong_emotion(
    analyze, feeling: str, strong: bool
) -> None:
    """The turn's mean sentiment is diluted by the neutral sentences of the story; how strongly
    the customer felt is read at their most negative sentence."""
    result = analyze(
        ("customer", STORY + feeling + " My reference is 4411."),
        ("agent", "We are sorry for the inconvenience. The refund is on its way."),
    )
    assert result.turns[0].upset
    assert result.turns[0].sentiment is not None and result.turns[0].sentiment > -0.6
    tips = [t for t in result.tips if t.tag == "empathy"]
    assert bool(tips) is strong
    if strong:
        assert "apologised but did not acknowledge how they feel" in tips[0].tip


def test_empathy_answers_an_upset_customer_without_the_word_sorry(analyze) -> None:
    result = analyze(
        ("customer", "This is ridiculous, I was charged twice!"),
        ("agent", "I can imagine how frustrating that is. I've refunded the second charge."),
    )
    assert not [t for t in result.tips if t.tag in ("empathy", "apology")]


def test_tips_are_ordered_by_priority(analyze) -> None:
    result = analyze(
        ("customer", "This is a disgrace, my order is broken!"),
        ("agent", "You should have checked it. Okay."),
    )
    tags = [t.tag for t in result.tips]
    assert tags[:2] == ["negative_language", "empathy"]


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


LONG_ISSUE = "my airpods aren't working and i'm ready to flip the fuck out, the left one is dead"


def test_a_canned_reply_to_a_problem_is_coached_with_the_agents_words(analyze) -> None:
    """The customer's words go in the context, the agent's in the quote, and no rewrite puts
    the customer's words (or their profanity) in the agent's mouth."""
    asked = LONG_ISSUE + ". What do I do?"
    result = analyze(("customer", asked), ("agent", "Thanks, we value your feedback."))
    (tip,) = [t for t in result.tips if t.tag == "unanswered_question"]
    assert tip.quote == "Thanks, we value your feedback."
    assert tip.context is not None and tip.context.turn == 1
    assert tip.context.quote == "What do I do?"
    assert tip.rewrite is None


@pytest.mark.parametrize(
    "reply",
    [
        "So sorry for the hassle with a deadline today. Reset them from Settings.",
        "Which model are they, and did they fall in water?",
        "I can see the left one stopped charging. Reset them from Settings.",
        "Reset them from Settings > Bluetooth > Forget, then pair again.",
        "Is the left airpod in the case dead too?",
    ],
)
def test_no_unanswered_tip_when_the_reply_engages_the_point(analyze, reply: str) -> None:
    result = analyze(("customer", LONG_ISSUE), ("agent", reply))
    assert not [t for t in result.tips if t.tag == "unanswered_question"]


def test_resolution_tip_quotes_the_sentence_it_is_about(analyze) -> None:
    result = analyze(
        ("customer", "Can you move my delivery to Friday?"),
        ("agent", "@dana Hey! Thanks! We have noted your message about the delivery. Bye!"),
    )
    (tip,) = [t for t in result.tips if t.tag == "resolution"]
    assert tip.quote == "We have noted your message about the delivery."


@pytest.mark.parametrize(
    ("customer", "claim"),
    [
        ("I bought the pack a month ago and never got the coins.", "complained"),
        ("WHERE IS MY ORDER, I PAID TWO WEEKS AGO", "was exasperated"),
        ("Please help, I need the refund urgently.", "said it was urgent"),
        ("This is a disgrace, I'm furious and disgusted!", "was upset"),
    ],
)
def test_empathy_tip_says_what_the_quote_shows(analyze, customer: str, claim: str) -> None:
    """The tip's claim is the one its quote bears out: a complaint is "complained", a strongly
    negative turn "was upset"."""
    result = analyze(("customer", customer), ("agent", "Please reinstall the app."))
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.tip.startswith(f"turn 1: the customer {claim} (")


@pytest.mark.parametrize(
    ("customer", "opening"),
    [
        ("I bought the pack a month ago and never got the coins.", "frustrating"),
        ("Please help, I need the refund urgently.", "urgent"),
        ("I'm cancelling and reporting you to the ombudsman.", "let you down"),
    ],
)
def test_empathy_rewrite_answers_what_the_customer_showed(
    analyze, customer: str, opening: str
) -> None:
    """The rewrite's opening fits the cue (a complaint, time pressure, a threat to go
    further), keeps the agent's own words after it, and earns empathy when read back."""
    result = analyze(("customer", customer), ("agent", "Please reinstall the app."))
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and opening in tip.rewrite.split(".")[0]
    assert tip.rewrite.endswith("Please reinstall the app.")
    assert "empathy" in tip.rewrite_tags


def test_a_wait_or_a_repeat_named_elsewhere_in_the_turn_opens_it_a_charge_does_not() -> None:
    """The angriest sentence often names no fact: a wait, a repeat, nobody getting back or how
    staff behaved is read from the rest of the turn; a charge or a fault only from the quote."""
    from cscoach.openers import opening

    angry = "This is ridiculous!"
    waited = ("I have been waiting two weeks for my parcel.", angry)
    assert opening(angry, "complaint", None, True, turn=waited).startswith(
        "I'm sorry you've had to wait this long"
    )
    charged = ("My card was charged twice.", angry)
    assert opening(angry, "complaint", None, True, turn=charged).startswith(
        "I'm sorry about this, and"
    )
    assert opening("My card was charged twice!", "complaint", None, True).startswith(
        "I'm sorry about the trouble with this charge"
    )


def test_every_empathy_opening_earns_empathy_and_no_negative_language(analyzer) -> None:
    """The stock and the situation openings alike: a rewrite's opening must earn what it is
    there to add, and the apologies an apology."""
    from cscoach.openers import (
        APOLOGY_OPENERS,
        FEELING_OPENERS,
        SITUATION_APOLOGIES,
        SITUATION_FEELINGS,
    )

    apologies = (*APOLOGY_OPENERS.values(), *SITUATION_APOLOGIES.values())
    for opener in (*apologies, *FEELING_OPENERS.values(), *SITUATION_FEELINGS.values()):
        tags = {f.tag for f in analyzer.rules.scan(opener, "agent")}
        assert "empathy" in tags and "negative_language" not in tags, opener
    for opener in apologies:
        assert "apology" in {f.tag for f in analyzer.rules.scan(opener, "agent")}, opener


def test_empathy_tip_quotes_the_sentence_that_shows_the_feeling(analyze) -> None:
    """Of several upset cues, the tip quotes the angriest (by its words, then its sentence),
    not the first."""
    result = analyze(
        ("customer", "I am locked out of my account. This is terrible and I am so angry."),
        ("agent", "Please reset your password from the login page."),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.context is not None and tip.context.quote == "This is terrible and I am so angry."
    assert tip.quote == "Please reset your password from the login page."


def test_no_resolution_tip_when_the_customer_ends_happy(analyze) -> None:
    result = analyze(
        ("customer", "Thanks a million for your patient explanations! Have a nice day!"),
        ("agent", "My pleasure, sir."),
    )
    assert not [t for t in result.tips if t.tag in ("resolution", "unanswered_question")]


def test_a_fix_without_a_follow_up_line_is_not_flagged(analyze) -> None:
    result = analyze(
        ("customer", "How do I change the language of my search results?"),
        ("agent", "Try these steps: https://support.example.com/lang"),
    )
    assert not [t for t in result.tips if t.tag == "resolution"]


def test_follow_up_invitations_are_a_courteous_close(rules) -> None:
    for text in ("Let us know if this helps.", "Don't hesitate to reach back out."):
        kinds = {(f.tag, f.kind) for f in rules.scan(text, "agent")}
        assert ("closing", "follow_up") in kinds, text


@pytest.mark.parametrize(
    ("customer_last", "expect_tip"),
    [("That worked, thank you!", False), ("It still doesn't work, this is useless.", True)],
)
def test_no_resolution_tip_once_the_customer_confirms_the_fix(
    analyze, customer_last: str, expect_tip: bool
) -> None:
    result = analyze(
        ("customer", "The app crashes when I export."),
        ("agent", "Clear the cache in Settings > Storage, then export again."),
        ("customer", customer_last),
    )
    open_end = [t for t in result.tips if t.tag in ("resolution", "no_reply")]
    assert bool(open_end) is expect_tip  # "still doesn't work" asks for help: no reply came


def test_no_resolution_tip_while_the_agent_waits_for_details(analyze) -> None:
    result = analyze(
        ("customer", "My order never arrived."), ("agent", "Sorry! What's your order number?")
    )
    assert not [t for t in result.tips if t.tag == "resolution"]


def test_identical_tips_are_given_once(analyze) -> None:
    result = analyze(
        ("customer", "Can you refund it?"),
        ("agent", "We can't do that."),
        ("customer", "Why?"),
        ("agent", "We can't do that."),
    )
    keys = [(t.tag, t.quote, t.rewrite) for t in result.tips]
    assert len(keys) == len(set(keys))


def test_quote_skips_greetings_and_handles() -> None:
    assert quote("@KrishmrW Hey! The refund is on its way.") == "The refund is on its way."
    assert quote("Thanks! Bye.") == "Thanks!"  # nothing better to show
    assert quote("Hi. Try a restart. Thanks!", last=True) == "Try a restart."


@pytest.mark.parametrize(
    ("report", "upset"),
    [
        ("When I sign in on my PS4 I get an error with login.", False),
        ("I encountered this problem during download.", False),
        ("The download failed halfway with a problem in step 2.", False),
        ("My tablet went dead after the update.", False),
        ("How do I report a fraud message I was sent?", False),
        ("Where do I buy the Criminal Enterprise bundle?", False),
        ("My account got hacked yesterday, what now?", False),
        ("My tablet went dead after the update and I am so sad and worried.", True),
        ("I get an error every single time, this is awful and I'm furious!", True),
        ("Your app is garbage, I hate this stupid error.", True),
    ],
)
def test_reporting_a_fault_is_not_being_upset(analyze, report: str, upset: bool) -> None:
    """Words that name what went wrong (error, problem, damaged) are not feelings: a plain
    report gets no "the customer was upset" tip; anger about the same fault still does."""
    result = analyze(("customer", report), ("agent", "Please reinstall the app from the store."))
    assert ("customer_negative" in result.turns[0].tags) is upset
    assert bool([t for t in result.tips if t.tag == "empathy"]) is upset


@pytest.mark.parametrize(
    ("report", "upset"),
    [
        ("I can't log in to my account.", False),
        ("The parcel arrived damaged.", False),
        ("My phone is not working.", False),
        ("I can't log in again, this is so annoying.", True),
        ("I can't log in and I've been trying for days.", True),
        ("I can't log in and I am so sad and worried.", True),  # VADER reads the feeling
    ],
)
def test_a_fault_report_owes_no_empathy_but_stays_a_problem(
    analyze, report: str, upset: bool
) -> None:
    """A fault report keeps the customer_negative tag (kind "problem"): the issue is open. Only
    a turn that shows how they feel owes empathy and gets "the customer was upset"."""
    result = analyze(("customer", report), ("agent", "Please reinstall the app from the store."))
    customer = result.turns[0]
    assert "customer_negative" in customer.tags
    assert customer.upset is upset
    assert bool([t for t in result.tips if t.tag == "empathy"]) is upset
    assert (result.scores["empathy"] is None) is not upset


@pytest.mark.parametrize(
    ("message", "upset"),
    [
        ("WOULD SOMEONE PLEASE HELP ME!! My kids' mail accounts are gone.", True),
        ("My contacts disappeared this morning. What do I do!!!", True),
        # punctuation alone is no feeling: "??" and "?!" on a plain question
        ("Where is the data we agreed on? Where is my data??", False),
        ("Is the upgrade free??", False),
        ("Why is it still charging me?! I cancelled in May.", True),
        ("Where is my parcel? It said Monday.", False),
        ("THANK YOU SO MUCH, the parcel just came!!!", False),  # shouting for joy
        ("I play GTA on my PS4 and the app shows an OK button.", False),  # acronyms
    ],
)
def test_a_shouting_customer_is_upset(analyze, message: str, upset: bool) -> None:
    result = analyze(("customer", message), ("agent", "Please reinstall the app."))
    assert result.turns[0].upset is upset
    assert any(f.rule == "context.shouting" for f in result.turns[0].findings) is upset


def test_a_fault_report_left_unanswered_at_the_end_is_still_an_open_problem(analyze) -> None:
    result = analyze(
        ("customer", "Where is my parcel?"),
        ("agent", "It was delivered this morning."),
        ("customer", "It arrived damaged."),
    )
    (tip,) = [t for t in result.tips if t.tag in ("resolution", "no_reply")]
    assert tip.tag == "resolution" and "still reporting a problem" in tip.tip
    assert tip.quote == "" and tip.turn == 3  # the reply that never came
    assert tip.context is not None and tip.context.quote == "It arrived damaged."
    assert not [t for t in result.tips if t.tag == "empathy"]


def test_one_empathy_tip_per_reply_quoting_the_most_upset_turn(analyze) -> None:
    result = analyze(
        ("customer", "I'm locked out of my account again, this is annoying."),
        ("customer", "This is a disgrace, I'm furious and disgusted, worst service ever!"),
        ("agent", "Reset your password from the sign-in page."),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.turn == 3 and tip.tip.startswith("turn 2: the customer was upset")


def test_a_request_tip_on_a_reply_replaces_the_general_no_fix_tip_there() -> None:
    from dataclasses import replace

    from cscoach.analyzer import Analyzer
    from cscoach.coaching import tips_for
    from cscoach.model import Conversation, Turn

    analyzer = Analyzer()
    conversation = Conversation(
        "c",
        (
            Turn("customer", "Why did my bill go up this month?"),
            Turn("agent", "Please DM us or call our hotline."),  # a DM alone is no redirect tip
        ),
    )
    turns = analyzer.tagged(conversation)
    (request,) = analyzer.requests.track(turns)
    as_read = tips_for(turns, analyzer.rules, requests=[request])
    assert [t.tag for t in as_read if t.turn == 2] == ["resolution"]
    redirected = replace(request, handling="redirect", confidence=1.0, sure=True, kind="question")
    tips = tips_for(turns, analyzer.rules, requests=[redirected])
    assert [t.tag for t in tips if t.turn == 2] == ["redirect"]


def test_the_empathy_rewrite_drops_a_leading_but(analyze) -> None:
    """'I'm sorry ... But we can restart it' reads as taking the apology back."""
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"),
        ("agent", "But we can refund the second charge today."),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and tip.rewrite.endswith(
        " We can refund the second charge today."
    )


@pytest.mark.parametrize(
    ("agent", "kept"),
    [
        ("@Jo (2/2) We can refund the second charge today.", "We can refund the second"),
        (
            "@Jo We can refund the second charge today (1/2)",
            "We can refund the second charge today",
        ),
        ("@Jo It was charged on 5/6 and we can refund it today.", "It was charged on 5/6 and"),
    ],
)
def test_the_empathy_rewrite_drops_a_tweet_threads_counter(analyze, agent: str, kept: str) -> None:
    """ "(2/2)" numbers the tweets of a thread, not the rewrite's sentences; a date stays."""
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"), ("agent", agent)
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and "/2" not in tip.rewrite
    _, _, rest = tip.rewrite.partition(". ")
    assert rest.startswith(kept)


@pytest.mark.parametrize(
    ("agent", "kept"),
    [
        ("Please take it easy. We can refund the second charge today.", "We can refund"),
        ("Don't worry. We can refund the second charge today.", "We can refund"),
        ("Take it easy.", None),
    ],
)
def test_the_empathy_rewrite_drops_a_sentence_telling_them_how_to_feel(
    analyze, agent: str, kept: str | None
) -> None:
    """An opening that says their frustration is understood, then "take it easy", takes it
    back: the rewrite keeps the next sentence with substance, or the opening alone."""
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"), ("agent", agent)
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert "easy" not in tip.rewrite and "worry" not in tip.rewrite
    _, _, rest = tip.rewrite.partition(". ")
    assert rest.startswith(kept) if kept else rest == ""


@pytest.mark.parametrize(
    ("agent", "kept"),
    [
        ("Happy New Year. We can refund the second charge today.", "We can refund"),
        (
            "I am the editor of Acme Customer Service. We can refund the second charge today.",
            "We can refund",
        ),
        ("I see! We can refund the second charge today.", "We can refund"),
        ("Oh? We can refund the second charge today.", "We can refund"),  # a sound, no more
        ("Well, we can refund the second charge today.", "Well, we can refund"),  # a sentence
        (
            "Our records show two payments. Please try paying again from the Billing page.",
            "Our records show two payments. Please try paying again",
        ),
    ],
)
def test_the_empathy_rewrite_keeps_the_replys_fix_not_its_courtesies(
    analyze, agent: str, kept: str
) -> None:
    """The rewrite puts the opening before what the reply does for the customer: not before a
    season's greeting, a self-introduction or an "I see!"."""
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"), ("agent", agent)
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    _, _, rest = tip.rewrite.partition(". ")
    assert rest.startswith(kept)


def test_the_empathy_rewrite_keeps_a_short_replys_explanation_beside_its_link(analyze) -> None:
    """A short reply is kept whole: "More here: <link>" alone would drop the explanation the
    link belongs to."""
    agent = (
        "Thanks for the details – the creator has likely chosen to hold your comments for "
        "review. More here: https://support.example.com/answer/9483359?visit_id=6371216651685"
    )
    result = analyze(
        ("customer", "My comments are hidden on every video and I'm really angry about it!"),
        ("agent", agent),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert "the creator has likely chosen to hold your comments" in tip.rewrite
    assert tip.rewrite.endswith("visit_id=6371216651685")


def test_the_empathy_rewrite_of_a_long_reply_keeps_its_fix_whole(analyze) -> None:
    """Past the budget the rewrite keeps the sentence with the fix first, whole: never cut with
    "…" (a rewrite with blanks is dropped)."""
    filler = (
        "Our records for the account show a payment on the third of the month. The second "
        "payment reached the ledger late on Tuesday afternoon. Billing runs reconciliation "
        "every weekday before noon, eastern time. Statements are mailed at the start of each "
        "quarter to the address on file. Card issuers sometimes hold duplicate authorisations "
        "for several business days. Refunds of a duplicate charge return to the same card they "
        "came from. Our finance team audits the ledger at the end of every month. Receipts for "
        "both payments are kept in the account history for seven years. Each statement lists "
        "the merchant code beside the amount. Tax on each payment is shown on its own line."
    )
    assert len(filler) > KEPT_BUDGET
    agent = f"{filler} Please try paying again from the Billing page and it will go through."
    result = analyze(
        ("customer", "I was charged twice and I'm really angry about it!"), ("agent", agent)
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert tip.rewrite.endswith(
        "Please try paying again from the Billing page and it will go through."
    )
    assert "…" not in tip.rewrite  # never cut inside a sentence
    assert any(s not in tip.rewrite for s in filler.split(". "))  # the budget dropped some


def test_the_empathy_rewrite_adds_the_feeling_to_the_agents_apology_not_in_its_place(
    analyze,
) -> None:
    """A reply that apologised to a very upset customer is told to say how they feel too: the
    rewrite keeps the agent's apology, then the feeling, then the reply's question."""
    result = analyze(
        ("customer", "What the hell is this? I am so furious, it is a disgrace!"),
        ("agent", "Hello. I am sorry for that. Could you tell me which browser you use?"),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert "apologised but did not acknowledge" in tip.tip
    assert tip.rewrite is not None
    assert tip.rewrite.startswith("I am sorry for that. ")
    assert tip.rewrite.endswith("Could you tell me which browser you use?")
    assert "frustrat" in tip.rewrite
    dear = analyze(
        ("customer", "What the hell is this? I am so furious, it is a disgrace!"),
        ("agent", "Dear customer, we are sorry for that. Which browser do you use?"),
    )
    (tip,) = [t for t in dear.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and tip.rewrite.startswith("We are sorry for that. ")


def test_the_empathy_rewrite_says_a_repeated_sentence_once(analyze) -> None:
    agent = (
        "You may call 10010 to query the data record. And you may call 10010 to query the data "
        "record. Your plan renews on the first."
    )
    result = analyze(
        ("customer", "You took my data again, I'm really angry about it!"), ("agent", agent)
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert tip.rewrite.count("10010") == 1 and tip.rewrite.endswith(
        "Your plan renews on the first."
    )


def test_an_empathy_rewrite_takes_the_privacy_fix_for_the_public_ask(analyze) -> None:
    """The rewrite never keeps a sentence another tip on the turn faults: the public ask for a
    phone number comes back moved to a private message."""
    result = analyze(
        ("customer", "This is ridiculous, the machine ate my money and I'm furious!"),
        ("agent", "Please provide your phone number so we can refund you."),
        channel="twitter",
    )
    tags = {t.tag for t in result.tips}
    assert {"empathy", "privacy"} <= tags
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert tip.rewrite.endswith("your phone number in a private message so we can refund you.")


def test_an_empathy_rewrite_leaves_out_a_promise_the_follow_up_tip_faults(analyze) -> None:
    result = analyze(
        ("customer", "My refund hasn't arrived yet, this is ridiculous! Please check where it is."),
        (
            "agent",
            "I've checked your order. I've passed this to our billing team and they will "
            "contact you.",
        ),
    )
    assert "follow_up" in {t.tag for t in result.tips}
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and tip.rewrite.endswith("I've checked your order.")


@pytest.mark.parametrize(
    ("customer", "worried"),
    [
        ("I'm so worried and scared, my account was hacked and the money is gone!", True),
        ("This is ridiculous, my account was hacked and the money is gone!", False),
        ("I'm not worried, I'm furious: my account was hacked and the money is gone!", False),
    ],
)
def test_the_empathy_opening_names_worry_where_the_customer_shows_it(
    analyze, customer: str, worried: bool
) -> None:
    result = analyze(("customer", customer), ("agent", "Please send us the account name."))
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert ("worried" in tip.rewrite) is worried


def test_a_quote_shows_the_cue_at_the_end_of_a_long_sentence(analyze) -> None:
    """The tip says the customer said it was urgent: the quote must show "ASAP", however long
    the sentence before it."""
    long = (
        "My account was locked on Monday morning and the recovery page asks for a code that goes "
        "to an old phone number which I no longer own, and the form on your site only loops "
        "back to the start, so please fix it ASAP"
    )
    result = analyze(("customer", long), ("agent", "Please send us your account name."))
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.context is not None and tip.context.quote.startswith("…")
    assert "ASAP" in tip.context.quote


def test_a_long_replys_rewrite_keeps_its_answer_to_the_complaint(analyze) -> None:
    """Over the budget, the sentence that takes up the customer's own words (here the only
    answer about the warranty) stays; a generic fallback line goes first."""
    agent = (
        "The warranty service of the Wuhan shops ended in June. "
        "You may apply for a return or an exchange within the validity period of the order. "
        "You cannot get a new unit after three months, but you can send it to our service "
        "centre to get it repaired free of charge. "
        "You may also return the unit to the factory for repair, which takes about ten days. "
        "Our service centres are open from nine to six on weekdays and from ten to four on "
        "Saturdays. Please bring the purchase invoice and the warranty card with the unit, and "
        "the charger and cable that came in the box. "
        "If you have any other problem, please call 400-0818666, 0755-23084007, or 0755-2308665."
    )
    assert len(agent) > KEPT_BUDGET
    result = analyze(
        (
            "customer",
            "You are liars! I was told I could get warranty service in Wuhan but there's none.",
        ),
        ("agent", agent),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert "The warranty service of the Wuhan shops ended in June." in tip.rewrite
    assert "0755" not in tip.rewrite  # the fallback that takes up nothing they said is dropped
    assert "repaired free of charge" in tip.rewrite  # the fix stays


@pytest.mark.parametrize(
    ("thanks", "kept"),
    [
        ("Thanks for the screenshot!", True),  # names what they sent: heard
        ("Thanks for reaching out!", False),  # a courtesy only
    ],
)
def test_the_empathy_rewrite_keeps_a_thanks_that_shows_they_were_heard(
    analyze, thanks: str, kept: bool
) -> None:
    result = analyze(
        (
            "customer",
            "The export fails every time and I'm really angry about it! Screenshot attached.",
        ),
        ("agent", f"{thanks} Have you tried the Software Only renderer as a test?"),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None
    assert (thanks in tip.rewrite) is kept
    assert tip.rewrite.endswith("Have you tried the Software Only renderer as a test?")


@pytest.mark.parametrize(
    ("customer", "opening"),
    [
        (
            "My parcel is lost and I'm so disappointed with you!",
            "I can hear how disappointed you are",
        ),
        ("I'm really sad, my late father's watch came back broken!", "I can hear how sad you are"),
        # anger and worry keep their stock openings (blind reads preferred them)
        ("I'm so angry, my card was charged twice, ridiculous!", "I can see how frustrating"),
        ("I'm so angry, my card was charged twice, ridiculous!", "trouble with this charge"),
        ("It makes me really anxious that my card was charged twice!", "why you're worried"),
        # no feeling named: the stock opening for the cue
        ("I bought the pack a month ago and never got the coins.", "I can see how frustrating"),
        # politeness and a feeling denied name nothing
        ("I'm afraid the parcel never came and this is ridiculous!", "I can see how frustrating"),
        (
            "I'm not angry, but this is the third broken phone, ridiculous!",
            "I can see how frustrating",
        ),
        # a complaint's "depressed" means fed up: said back it reads as a diagnosis
        ("The phone broke again, I'm really depressed, ridiculous!", "I can see how frustrating"),
        # fear of what may happen is worry
        ("I am afraid I will lose my job because my laptop broke!", "why you're worried"),
    ],
)
def test_the_empathy_opening_says_back_the_feeling_the_customer_named(
    analyze, customer: str, opening: str
) -> None:
    result = analyze(("customer", customer), ("agent", "Please reinstall the app."))
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and opening in tip.rewrite


@pytest.mark.parametrize(
    ("said", "found"),
    [
        ("I called three times and nobody got back to me!", "no_reply"),
        ("You never replied to my email, this is ridiculous.", "no_reply"),
        ("The app crashed again, ridiculous!", "recurs"),
        ("It keeps crashing every time I open it!", "recurs"),
        ("It still doesn't work after the update!", "persists"),
        ("My order is still being confirmed after three days!", "persists"),
        ("Your staff treated me like a criminal.", "treated"),
        ("I have been waiting for two weeks for my parcel!", "wait"),
        ("My order has not arrived yet, terrible service.", "wait"),
        ("You deducted 50 yuan from my account without asking!", "charge"),
        ("Where is my refund?!", "charge"),
        ("I can't log in to my account, this is terrible.", "fault"),
        ("Your staff's attitude was awful.", "treated"),
        # none of these reports one
        ("I hope this never happens again.", None),
        ("The cashback will still be paid to me, right?", None),
        ("My charger is fine, it's the screen.", None),
        ("This is ridiculous.", None),
        ("Can't you contact me?", None),
        ("I can't accept it.", None),
        ("There is a delay in the game whenever I jump.", None),
    ],
)
def test_what_the_customer_reports_picks_the_opening(said: str, found: str | None) -> None:
    from cscoach.openers import situation

    assert situation(said) == found


def test_the_opening_names_the_situation_unless_a_feeling_or_a_stronger_cue_does() -> None:
    from cscoach.openers import opening

    waited = "I have been waiting for two weeks for my parcel!"
    assert opening(waited, "complaint", None, apologising=True).startswith(
        "I'm sorry you've had to wait this long"
    )
    assert opening(waited, "complaint", None, apologising=False).startswith("Waiting this long")
    assert opening(waited, "complaint", "disappointed", apologising=True) == (
        "I'm sorry about this; I can hear how disappointed you are."
    )
    assert "urgent" in opening(waited, "urgency", None, apologising=True)
    assert opening("This is ridiculous.", "complaint", None, apologising=True) == (
        "I'm sorry about this, and I can see how frustrating it is."
    )


def test_an_empathy_rewrite_drops_only_the_sentence_in_negative_words(analyze) -> None:
    """The opening takes the place of the negative words; the fix after them stays (it used to
    go too, leaving the opening alone)."""
    result = analyze(
        ("customer", "This is ridiculous, my order arrived broken!"),
        ("agent", "You should have checked it on delivery. I've sent a replacement today."),
    )
    (tip,) = [t for t in result.tips if t.tag == "empathy"]
    assert tip.rewrite is not None and "should have" not in tip.rewrite
    assert tip.rewrite.endswith("I've sent a replacement today.")
