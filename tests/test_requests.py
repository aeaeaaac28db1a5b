"""Request tracking: each customer request, how the reply handled it, re-asks, and the tips
and scores built on them. Every phrase here is written by the tests."""

from __future__ import annotations

import json

import pytest
from conftest import conversation

from cscoach.analyzer import Analyzer
from cscoach.requests.asks import find_asks
from cscoach.requests.cues import reply_cues
from cscoach.requests.slots import TRIED_STEP
from cscoach.tagger.weights import ModelError, builtin_model, parse_model

ANALYZER = Analyzer()
RULES_ONLY = Analyzer(request_model=None)


def requests(*turns: tuple[str, str], analyzer: Analyzer = ANALYZER):
    return analyzer.analyze(conversation(*turns)).requests


def handling(customer: str, agent: str, analyzer: Analyzer = ANALYZER) -> str:
    (request,) = requests(("customer", customer), ("agent", agent), analyzer=analyzer)
    return request.handling


class TestWhatAsks:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("When will my refund arrive?", "question"),
            ("Please cancel my subscription.", "request"),
            ("Can you move my delivery to Friday", "request"),
            ("I want to change my billing address.", "request"),
            ("My card was charged twice for the same order.", "problem"),
            ("The app keeps crashing when I log in.", "problem"),
            ("Are you kidding me?", "rhetorical"),
            ("Really?", "rhetorical"),
            ("Please reply to my email about the refund.", "request"),
            ("I need a refund for the broken kettle.", "request"),
            ("I want you to explain the new fees.", "request"),
            ("I need it fixed before Friday.", "request"),
            ("I wish to cancel my membership.", "request"),
            ("My phone won't charge and I don't know what to do.", "request"),
            ("What to do!!!", "request"),
            ("I changed the browser but it still failed.", "request"),
            ("I restarted it but nothing changed.", "request"),
            ("When I want to delete a video, it gets stuck.", "problem"),
            ("Every time I need to log in, it fails.", "problem"),
            ("I need a holiday after this week.", "wish"),
            ("I want to be more patient with my kids.", "wish"),
            ("I wish I could sleep better.", "wish"),
            ("I wish you all the best.", "wish"),
            ("Good thanks, how are you?", "rhetorical"),
            ("And you?", "rhetorical"),
            ("Are you still there sir?", "rhetorical"),
            ("Hello, how're you?", "rhetorical"),
            ("Can I ask first how you're doing today?", "rhetorical"),
            ("I waited three weeks for a refund. Can you IMAGINE??", "rhetorical"),
            ("When will this outage ever end?", "rhetorical"),
            ("How are you going to fix my router?", "question"),
            ("When will the outage end?", "question"),
            ("Hello.. I'm good.. Thank you.. How are you?", "rhetorical"),
            ("Is anyone there?", "rhetorical"),
            ("Is anyone there who can refund me?", "question"),
            ("My router is broken, how are you going to fix it?", "question"),
            ("Why?", "question"),
            ("How come??", "question"),
            ("What?!", "rhetorical"),
            ("Do you believe my card doesn't have GSM?", "rhetorical"),
            ("They dared to ask for a good comment with such service?", "rhetorical"),
            ("Is it useful speaking it out?", "rhetorical"),
            ("Is there any point in calling again?", "rhetorical"),
            ("You are cheating us?", "rhetorical"),
            ("Do you think I can get a refund?", "question"),
            ("Is this useful for gaming?", "question"),
            ("Is it usually this slow?", "question"),
            ("Are you cheaper than the others?", "question"),
        ],
    )
    def test_kinds_of_asks(self, text: str, kind: str) -> None:
        (ask,) = find_asks(text)
        assert ask.kind == kind

    def test_a_bare_why_asks_about_the_sentence_before_it(self) -> None:
        text = "I sent both numbers. They still cannot find the payment. Why?"
        (ask,) = find_asks(text)
        assert ask.kind == "question"
        assert text[ask.start : ask.end] == "They still cannot find the payment. Why?"
        result = ANALYZER.analyze(
            conversation(("agent", "Please send us the order number."), ("customer", text))
        )
        (tip,) = [t for t in result.tips if t.tag == "no_reply"]
        assert tip.context is not None
        assert tip.context.quote.endswith("They still cannot find the payment. Why?")

    @pytest.mark.parametrize(
        "text",
        [
            "Thanks so much, that's great.",
            "Hello there.",
            "Order 55120.",
            "Yes, on Android.",
            "Please reply to me as soon as possible.",
            "Respond ASAP please!!",
        ],
    )
    def test_no_ask(self, text: str) -> None:
        assert find_asks(text) == ()

    def test_a_question_to_the_agent_from_an_upset_customer_is_a_reproach(self) -> None:
        (calm,) = find_asks("Can you send me the invoice again?")
        (angry,) = find_asks("Can you send me the invoice again?", upset=True)
        assert calm.kind == "question" and angry.kind == "rhetorical"

    @pytest.mark.parametrize(
        "customer",
        ["Thank you so much, it works now!", "Hi there.", "Why is it so hard to get help?"],
    )
    def test_thanks_greetings_and_reproach_are_not_requests(self, customer: str) -> None:
        assert requests(("customer", customer), ("agent", "You're welcome!")) == ()

    def test_an_answer_to_the_agents_question_is_not_a_request(self) -> None:
        found = requests(
            ("customer", "My parcel never arrived. Where is it?"),
            ("agent", "Sorry! What's your order number?"),
            ("customer", "It's 55120."),
            ("agent", "Thanks, it ships today and arrives Monday."),
        )
        assert [r.turn for r in found] == [1]


class TestHandling:
    question = "Can I cancel my plan for free before the renewal date?"

    @pytest.mark.parametrize(
        "reply",
        [
            "Yes, you can cancel for free any time before the renewal date in Settings > Plan.",
            "Yes, cancelling before the renewal date is free.",
        ],
    )
    def test_answered(self, reply: str) -> None:
        assert handling(self.question, reply) == "answered"

    def test_clarify(self) -> None:
        reply = "Happy to check! Could you tell me the email address on the account?"
        assert handling(self.question, reply) == "clarify"

    def test_deferred(self) -> None:
        reply = "I've passed this to our billing team and they will email you within 24 hours."
        assert handling(self.question, reply) == "deferred"

    def test_redirect(self) -> None:
        reply = "Please contact our phone support team at 0800 123 456."
        assert handling(self.question, reply) == "redirect"

    @pytest.mark.parametrize(
        "reply", ["Thanks for reaching out! Have a great day.", "Hello! We value your feedback."]
    )
    def test_missed(self, reply: str) -> None:
        assert handling(self.question, reply) == "missed"

    def test_no_reply(self) -> None:
        found = requests(
            ("customer", "Where is my parcel?"),
            ("agent", "It left the warehouse this morning and arrives Monday."),
            ("customer", "Can I change the delivery address to my office?"),
        )
        assert [(r.turn, r.handling, r.replies) for r in found] == [
            (1, "answered", (2,)),
            (3, "no_reply", ()),
        ]

    def test_partial_names_the_ask_left_out(self) -> None:
        found = requests(
            (
                "customer",
                "Please cancel the ebook order I placed yesterday. Also, where can I download "
                "the PDF version of the manual?",
            ),
            ("agent", "I've cancelled the ebook order, and the refund is on its way."),
            analyzer=RULES_ONLY,
        )
        (request,) = found
        assert request.handling == "partial"
        assert request.unanswered and "PDF" in request.unanswered

    def test_the_rules_alone_read_each_handling(self) -> None:
        assert handling(self.question, "Please call our hotline.", RULES_ONLY) == "redirect"
        assert handling(self.question, "Which plan are you on?", RULES_ONLY) == "clarify"
        assert handling(self.question, "Thanks! Bye.", RULES_ONLY) == "missed"

    def test_asking_the_same_again_means_it_was_not_answered(self) -> None:
        found = requests(
            ("customer", "How do I export my contacts to a spreadsheet?"),
            ("agent", "Great question! Our app has lots of export features you will love."),
            ("customer", "But how do I export my contacts to a spreadsheet?"),
        )
        assert found[0].handling == "missed"


class TestReAsk:
    @pytest.mark.parametrize(
        ("customer", "agent", "detail"),
        [
            (
                "My order 55120 never came, where is it?",
                "Could you send us your order number?",
                "order number",
            ),
            (
                "I can't log in to my account, my email is dana@example.com. Can you help?",
                "Sure, what's the email address on the account?",
                "email address",
            ),
            (
                "The game crashes on start on Windows 10. How can I fix it?",
                "Which operating system are you using?",
                "device or system",
            ),
            (
                "It was updated to the latest system version 2.1.4. Why does it overheat now?",
                "Sorry to hear that. What is your system version?",
                "app or system version",
            ),
            (
                "I'm on the 30GB monthly plan. Why can't I roll my data over?",
                "Which plan are you on at the moment?",
                "plan or package",
            ),
        ],
    )
    def test_re_asks_name_the_detail_and_where_it_was_given(
        self, customer: str, agent: str, detail: str
    ) -> None:
        (request,) = requests(("customer", customer), ("agent", agent))
        assert request.reask is not None
        assert request.reask.detail == detail
        assert request.reask.given.turn == 1 and request.reask.asked.turn == 2

    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            ("My parcel never came, where is it?", "Could you send us your order number?"),
            ("My order 55120 never came.", "Just to confirm your order number is 55120?"),
            ("Is the latest version out yet? The app keeps crashing.", "Which version are you on?"),
            ("The app keeps crashing since the update.", "What is your app version?"),
            ("Can I change my plan to a cheaper one?", "Which plan are you on at the moment?"),
        ],
    )
    def test_first_asks_and_confirmations_are_not_re_asks(self, customer: str, agent: str) -> None:
        assert all(r.reask is None for r in requests(("customer", customer), ("agent", agent)))

    @pytest.mark.parametrize(
        ("customer", "said"),
        [
            ("I tried recovering my account but I get an error. Help?", "I tried recovering"),
            (
                "Please help, I lost my old account and I tryed everything on the account "
                "recovery page, help?",
                "…lost my old account and I tryed everything",  # five words lead in
            ),
            ("My account recovery fails every time. What now?", "My account recovery fails"),
            ("I have trouble recovering my account, what do I do?", "I have trouble"),
            (
                "I have been unable to recover my account since I forgot the password. What can I do?",
                "I have been unable to recover my account",
            ),
            (
                "The site won't let me recover my account. I have the email and password.",
                "The site won't let me recover my account.",
            ),
        ],
    )
    def test_asking_if_they_tried_a_step_they_said_they_tried_is_a_re_ask(
        self, customer: str, said: str
    ) -> None:
        agent = (
            "Just to confirm, have you already tried recovering your account using the steps "
            "here: https://example.com/recover"
        )
        (request,) = requests(("customer", customer), ("agent", agent))
        assert request.reask is not None and request.reask.detail == TRIED_STEP
        assert request.reask.given.turn == 1 and request.reask.given.quote.startswith(said)
        assert request.reask.asked.quote.startswith("Just to confirm, have you already tried")

    @pytest.mark.parametrize(
        "customer",
        [
            "How do I recover my account?",  # asks how: not tried yet
            "I pressed the reset key and the phone is still dead. What now?",  # another step
            'Your help page says "Can\'t get into your account? Make a new one!" Really?',  # quoted
            "I can't recover my photos after the update. Can you help?",  # another thing
            "Please let me recover my account, it is urgent.",  # asks to: not tried yet
        ],
    )
    def test_asking_if_they_tried_a_step_they_did_not_mention_trying_is_not(
        self, customer: str
    ) -> None:
        agent = (
            "Have you tried recovering your account, or pressing the power button for 20 seconds?"
        )
        assert all(r.reask is None for r in requests(("customer", customer), ("agent", agent)))


class TestTips:
    def test_missed_tip_quotes_the_agent_and_names_the_request(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "Can I cancel my plan for free before the renewal date?"),
                ("agent", "Thanks for reaching out! Have a great day."),
            )
        )
        (tip,) = [t for t in result.tips if t.tag == "unanswered_question"]
        assert tip.turn == 2 and tip.quote == "Thanks for reaching out! Have a great day."
        assert tip.context is not None and tip.context.turn == 1
        assert "cancel my plan for free" in tip.context.quote
        assert "turn 2 did not answer the customer's question at turn 1" in tip.tip
        assert tip.rewrite is None

    def test_redirect_without_a_reason_is_a_tip_with_one_it_is_not(self) -> None:
        ask = ("customer", "Why was I charged twice this month?")
        bare = ANALYZER.analyze(
            conversation(ask, ("agent", "Please call our hotline at 0800 123."))
        )
        (tip,) = [t for t in bare.tips if t.tag == "redirect"]
        assert tip.quote == "Please call our hotline at 0800 123."
        reason = "Please call our hotline at 0800 123 so that we can check your card securely."
        explained = ANALYZER.analyze(conversation(ask, ("agent", reason)))
        assert not [t for t in explained.tips if t.tag == "redirect"]

    @pytest.mark.parametrize(
        ("reply", "tipped"),
        [
            ("Please submit a request here and we will assist: https://example.com/help", False),
            ("Please call 10010. Our billing staff will contact you to sort it out.", False),
            ("Please submit a request here: https://example.com/help", True),  # go, no more
            ("Please call our hotline at 0800 123, it will be quicker.", True),  # no next step
        ],
    )
    def test_a_redirect_that_says_what_will_happen_there_is_no_tip(
        self, reply: str, tipped: bool
    ) -> None:
        result = ANALYZER.analyze(
            conversation(("customer", "Why was I charged twice this month?"), ("agent", reply))
        )
        assert any(t.tag == "redirect" for t in result.tips) is tipped

    @pytest.mark.parametrize(
        "question",
        [
            "How do I open a support ticket?",
            "Where do I report a faulty charger?",
            "What's the number to call for lost cards?",
        ],
    )
    def test_pointing_to_where_the_customer_asked_to_go_answers_it(self, question: str) -> None:
        reply = "Please submit the form at our help centre and our team will take it from there."
        result = ANALYZER.analyze(conversation(("customer", question), ("agent", reply)))
        (request,) = result.requests
        assert request.handling == "answered"
        assert not [t for t in result.tips if t.tag == "redirect"]

    def test_a_question_about_something_else_sent_away_is_still_a_redirect(self) -> None:
        reply = "Please call our hotline at 0800 123."
        assert handling("Where do I report a faulty charger?", reply) == "answered"
        for question in ("Why is my ticket still open after a week?", "How much is the fee?"):
            result = ANALYZER.analyze(conversation(("customer", question), ("agent", reply)))
            (request,) = result.requests
            assert request.handling == "redirect", question

    def test_re_ask_tip_rewrite_uses_what_the_customer_gave(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "My order 55120 never came, where is it?"),
                ("agent", "Sorry! Could you send us your order number?"),
            )
        )
        (tip,) = [t for t in result.tips if t.tag == "re_asking"]
        assert tip.quote == "Could you send us your order number?"
        assert tip.context is not None and tip.context.turn == 1
        assert tip.rewrite and "55120" in tip.rewrite and "..." not in tip.rewrite

    def test_tried_step_tip_quotes_what_they_tried_and_offers_no_stock_rewrite(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "I tried recovering my account but I get an error. Help?"),
                ("agent", "Have you tried recovering your account at example.com/recover?"),
            )
        )
        (tip,) = [t for t in result.tips if t.tag == "re_asking"]
        assert tip.tip.startswith("turn 2 asks whether the customer tried a step that turn 1")
        assert tip.context is not None and tip.context.quote.startswith("I tried recovering")
        assert tip.rewrite is None  # only the agent knows the next step

    def test_last_message_without_reply(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "Where is my parcel?"),
                ("agent", "It arrives Monday."),
                ("customer", "Can you deliver it to my office instead?"),
            )
        )
        (tip,) = [t for t in result.tips if t.tag == "no_reply"]
        assert tip.turn == 3 and tip.quote == ""
        assert tip.context is not None and "office" in tip.context.quote
        assert "last message (turn 3)" in tip.tip

    def test_several_messages_after_the_last_reply_are_one_silence(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "Where is my parcel?"),
                ("agent", "It arrives Monday."),
                ("customer", "Can you deliver it to my office instead?"),
                ("customer", "And can I change the time slot too?"),
                ("customer", "Hello?"),
            )
        )
        (tip,) = [t for t in result.tips if t.tag == "no_reply"]
        assert tip.turn == 3 and "messages at turns 3 and 4 ask" in tip.tip
        assert "last message" not in tip.tip

    @pytest.mark.parametrize(
        "reply",
        [
            "Could you tell me the email address on the account?",
            "I've passed this to our billing team and they will email you within 24 hours.",
        ],
    )
    def test_clarify_and_deferred_are_quiet(self, reply: str) -> None:
        result = ANALYZER.analyze(
            conversation(("customer", "Why was I charged twice this month?"), ("agent", reply))
        )
        assert not [
            t for t in result.tips if t.tag in ("unanswered_question", "redirect", "no_reply")
        ]


class TestUnansweredToTheEnd:
    """Clarifying is quiet unless the request stays unanswered to the end: the customer gave
    the details and no later agent turn answered, fixed, explained or said what happens next."""

    ask = ("customer", "Why does the app crash when I open my photos?")
    clarify = ("agent", "Could you tell me which phone model you are using?")
    details = ("customer", "A Pixel 6, with the latest update installed.")

    def unanswered(self, *turns: tuple[str, str]) -> list:
        result = ANALYZER.analyze(conversation(*turns))
        return [t for t in result.tips if t.tag == "unanswered_question"]

    def test_details_given_and_no_reply(self) -> None:
        (tip,) = self.unanswered(self.ask, self.clarify, self.details)
        assert tip.turn == 3 and tip.quote == ""
        assert "turn 2 asked for details" in tip.tip and "gave them at turn 3" in tip.tip
        assert tip.context is not None and tip.context.turn == 1

    def test_after_a_run_of_questions_the_last_answer_decides(self) -> None:
        more = ("agent", "OK! Please provide the version of your mobile phone client.")
        version = ("customer", "The client version is 3.7.1.")
        no_detail = ("customer", "The browser plays it fine.")
        (tip,) = self.unanswered(self.ask, self.clarify, no_detail, more, version)
        assert tip.turn == 5 and "turn 4 asked for details" in tip.tip
        assert not self.unanswered(self.ask, self.clarify, no_detail, more)

    def test_a_fault_report_left_after_its_details_gets_it_too(self) -> None:
        report = ("customer", "The app crashes every time I open my photos.")
        (tip,) = self.unanswered(report, self.clarify, self.details)
        assert "customer's problem at turn 1" in tip.tip

    def test_details_given_and_a_reply_that_closes_quotes_it(self) -> None:
        closing = ("agent", "Thank you for the information. Have a nice day!")
        (tip,) = self.unanswered(self.ask, self.clarify, self.details, closing)
        assert tip.turn == 4 and tip.quote == "Thank you for the information."

    @pytest.mark.parametrize(
        "answer",
        [
            "Please clear the app's cache in Settings > Apps and restart it.",
            "Our engineers will look into it and reply within two days.",
            "This is caused by a known bug in that update; a fix ships next week.",
        ],
    )
    def test_a_later_answer_fix_or_promise_closes_it(self, answer: str) -> None:
        assert self.unanswered(self.ask, self.clarify, self.details, ("agent", answer)) == []

    def test_quiet_while_the_customer_has_not_answered(self) -> None:
        assert self.unanswered(self.ask, self.clarify) == []

    def test_quiet_when_a_later_agent_turn_asks_them_more(self) -> None:
        more = ("agent", "Thanks. Does it happen with every album or only one?")
        assert self.unanswered(self.ask, self.clarify, self.details, more) == []

    @pytest.mark.parametrize(
        "back",
        [
            "Never mind, the problem has been handled now. Thanks a lot!",
            "It works now, thank you.",
            "OK. I have sent you a private message.",
            "A Pixel 6. Can you send me the steps by email?",
        ],
    )
    def test_quiet_when_their_answer_settles_it_goes_private_or_asks_anew(self, back: str) -> None:
        assert self.unanswered(self.ask, self.clarify, ("customer", back)) == []

    def test_thanks_beside_the_details_still_counts_as_details(self) -> None:
        back = ("customer", "Thanks. It is a Pixel 6 with the latest update.")
        assert len(self.unanswered(self.ask, self.clarify, back)) == 1

    def test_a_new_request_left_has_its_own_tip_not_this_one(self) -> None:
        follow = ("customer", "A Pixel 6. Can you also tell me how to back up my photos?")
        result = ANALYZER.analyze(conversation(self.ask, self.clarify, follow))
        assert [t.tag for t in result.tips if t.tag in ("unanswered_question", "no_reply")] == [
            "no_reply"
        ]


class TestScore:
    question = ("customer", "How do I reset my router?")
    answer = ("agent", "Hold the reset button for ten seconds, then wait for the green light.")

    @pytest.mark.parametrize(
        ("last", "counted"),
        [
            ("Thanks! Can I also change the wifi name?", True),
            ("I tried that. How do I reset it if the button is stuck?", True),
            ("I tried it and it did not help. How to handle it? It is OK now. Thank you!", False),
            ("I have sent you a private message. Please check.", False),
        ],
    )
    def test_a_last_message_counts_in_the_score_where_the_tip_says_it_is_owed(
        self, last: str, counted: bool
    ) -> None:
        result = ANALYZER.analyze(conversation(self.question, self.answer, ("customer", last)))
        before = ANALYZER.analyze(conversation(self.question, self.answer))
        tipped = any(t.tag == "no_reply" for t in result.tips)
        assert tipped == counted
        listening = (result.scores["active_listening"], before.scores["active_listening"])
        assert (listening[0] < listening[1]) == counted, listening

    def test_listening_is_the_share_handled_less_re_asks(self) -> None:
        def listening(*turns: tuple[str, str]) -> int | None:
            return ANALYZER.analyze(conversation(*turns)).scores["active_listening"]

        question = ("customer", "Can I cancel my plan for free before the renewal date?")
        assert listening(question, ("agent", "Yes, cancelling before renewal is free.")) == 100
        assert listening(question, ("agent", "Thanks for reaching out! Have a great day.")) < 30
        assert listening(("customer", "Thanks, bye!"), ("agent", "Bye!")) is None
        reask = listening(
            ("customer", "My order 55120 never came, where is it?"),
            ("agent", "Sorry! Could you send us your order number?"),
        )
        assert reask is not None and reask <= 50  # clarified, less half a request asked again

    ask = ("customer", "My broadband has been down for three days. When will it be repaired?")
    details = (
        "agent",
        "Sorry for the trouble. Please provide your broadband account and contact number via "
        "private message so that we can check it.",
    )

    @pytest.mark.parametrize(
        ("later", "left_open"),
        [
            # the customer wrote again and the agent only asked again: never got past
            (
                [
                    ("customer", "You already have my number, nobody came for three days!"),
                    ("agent", "Please provide your account and contact number, thank you."),
                ],
                True,
            ),
            ([("customer", "Still waiting, this is useless.")], True),
            ([("customer", "I have sent you a private message.")], False),  # out of sight
            ([("customer", "It works again now, thanks.")], False),  # settled
            (
                [
                    ("customer", "It is 02055501234, the account is in my name."),
                    (
                        "agent",
                        "Thanks. An engineer will visit tomorrow between 9 and 12 to repair the "
                        "line.",
                    ),
                ],
                False,
            ),
            ([], False),  # the customer has not written since
        ],
    )
    def test_a_clarification_left_open_to_the_end_earns_half(
        self, later: list[tuple[str, str]], left_open: bool
    ) -> None:
        result = ANALYZER.analyze(conversation(self.ask, self.details, *later))
        (request,) = result.requests
        assert request.handling == "clarify" and request.credit > 0.9
        full = round(100 * request.credit)  # the model's weighing of the reading, uncapped
        assert result.scores["active_listening"] == (50 if left_open else full)

    def test_a_customer_writing_twice_before_the_reply_is_not_unanswered(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "Can I cancel my plan for free before the renewal date?"),
                ("customer", "And will I get a refund for this month?"),
                (
                    "agent",
                    "Yes, cancelling before the renewal date is free, and yes, you get a "
                    "refund for this month.",
                ),
            )
        )
        assert [r.handling for r in result.requests] == ["no_reply", "answered"]
        assert result.scores["active_listening"] >= 90  # the first is answered with the second


class TestContract:
    def test_requests_in_the_result_json(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "My order 55120 never came, where is it?"),
                ("agent", "Sorry! Could you send us your order number?"),
            )
        )
        (entry,) = json.loads(json.dumps(result.to_dict()))["requests"]
        assert entry["turn"] == 1 and entry["replies"] == [2]
        assert entry["asks"] == {
            "text": "My order 55120 never came, where is it?",
            "start": 0,
            "end": 39,
            "kind": "question",
        }
        assert entry["handling"] == "clarify" and 0 < entry["confidence"] <= 1
        assert entry["reask"]["detail"] == "order number"
        assert entry["reask"]["given"] == {"turn": 1, "quote": "order 55120"}

    def test_the_request_model_is_its_own_task(self) -> None:
        model = builtin_model("requests")
        assert model.task == "requests" and model.tags["request"].learned
        with pytest.raises(ModelError, match="not 'tags'"):
            parse_model(model.to_json(), "requests.json")
        assert parse_model(model.to_json(), "x", "requests").to_json() == model.to_json()


def test_reply_cues() -> None:
    assert {"redirect", "redirect_private"} <= reply_cues("Please DM us and we'll sort it out.")
    assert "redirect_reason" in reply_cues("Please DM us so we can check your account.")
    assert "defer" in reply_cues("We will look into it and get back to you.")
    assert "asks_details" in reply_cues("Could you send a screenshot?")
    assert "pleasantry_only" in reply_cues("Thanks! Have a nice day.")
    assert "answer_form" in reply_cues("Yes, it does.")
    assert "answer_form" in reply_cues("@sam Hey there! We don't have the rights to that show.")
    assert "answer_form" not in reply_cues("Hey there! Thanks for reaching out.")
    assert "answer_form" in reply_cues("I believe so, both use USB-C.")
    assert "redirect" not in reply_cues("Please provide the version of your mobile phone client.")
    assert "redirect" in reply_cues("Please phone our support line.")


@pytest.mark.parametrize(
    "reply",
    [
        "Thanks for your feedback. The product team will look into it and reply this week.",
        "Our engineers are going to check the logs and fix it.",
        "The relevant department will verify your bill.",
        "We will record your advice.",
        "Xiao Li will check the message on time.",
        "Your complaint has been registered.",
        "Please stay tuned for our reply.",
        "Changing the default is under discussion now.",
        "Your advice will be submitted without delay.",
    ],
)
def test_a_promise_by_the_agent_or_a_named_team_is_a_deferral(reply: str) -> None:
    assert "defer" in reply_cues(reply)


@pytest.mark.parametrize(
    "reply",
    [
        "The team is proud of this release.",
        "Our engineers built the app in two weeks.",
        "The department will be closed on Monday.",
        "You will check the settings first, then restart.",
        "Stay with the monthly plan.",
    ],
)
def test_a_team_named_without_a_promise_is_not(reply: str) -> None:
    assert "defer" not in reply_cues(reply)


class TestTraining:
    """`cscoach train --requests`: the request model from labels joined with transcripts."""

    @staticmethod
    def _data(tmp_path):
        items = ["refund", "invoice", "password", "delivery", "plan", "router", "order", "card"]
        conversations, labels = [], []
        for n in range(48):
            item = items[n % len(items)]
            if n % 3 == 0:
                customer, agent, label = (
                    f"Thanks for the help with my {item}, all good now.",
                    "You're welcome!",
                    {"request": False},
                )
            elif n % 3 == 1:
                customer, agent, label = (
                    f"Can you tell me when my {item} will be sorted?",
                    f"Your {item} was sorted today, at 10 am.",
                    {"request": True, "handling": "answered", "reask": False},
                )
            else:
                customer, agent, label = (
                    f"Why is my {item} wrong again this month?",
                    "Please call our hotline for that.",
                    {"request": True, "handling": "redirect", "reask": False},
                )
            conversations.append(
                {
                    "id": f"c{n}",
                    "turns": [
                        {"role": "customer", "text": customer},
                        {"role": "agent", "text": agent},
                    ],
                }
            )
            labels.append({"id": f"c{n}:1", **label})
        data = tmp_path / "conversations.jsonl"
        data.write_text("\n".join(json.dumps(c) for c in conversations) + "\n")
        label_file = tmp_path / "labels.jsonl"
        label_file.write_text("\n".join(json.dumps(row) for row in labels) + "\n")
        return data, label_file

    def test_trains_a_model_analyze_then_uses(self, tmp_path) -> None:
        from typer.testing import CliRunner

        from cscoach.cli import app

        data, label_file = self._data(tmp_path)
        out = tmp_path / "model"
        runner = CliRunner()
        args = ["train", str(data), "--requests", str(label_file), "-o", str(out)]
        result = runner.invoke(app, [*args, "--min-positives", "10", "--folds", "2", "-j", "1"])
        assert result.exit_code == 0, result.output
        model = json.loads((out / "requests.json").read_text())
        assert model["task"] == "requests" and set(model["tags"]) >= {"request", "answered"}
        assert "request model card" in (out / "REQUESTS_CARD.md").read_text()
        assert not (out / "model.json").exists()  # the tagger was not retrained
        analysed = runner.invoke(
            app, ["analyze", str(data), "-f", "jsonl", "-q", "--model", str(out)]
        )
        assert analysed.exit_code in (0, 1), analysed.output

    @pytest.mark.parametrize(
        ("line", "problem"),
        [
            ("{not json", "invalid JSON"),
            ('{"request": true}', "CONVERSATION_ID:TURN"),
            ('{"id": "c1:1", "request": true, "handling": "ignored"}', "handling must be one of"),
        ],
    )
    def test_bad_label_lines_are_one_line_errors(self, tmp_path, line: str, problem: str) -> None:
        from typer.testing import CliRunner

        from cscoach.cli import app

        data, _ = self._data(tmp_path)
        bad = tmp_path / "bad.jsonl"
        bad.write_text(line + "\n")
        result = CliRunner().invoke(app, ["train", str(data), "--requests", str(bad), "-o", "x"])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert f"{bad}:1: " in result.stderr and problem in result.stderr


def test_thanks_before_any_reply_confirm_no_resolution() -> None:
    early = ANALYZER.analyze(
        conversation(
            ("customer", "Thanks for the help! My parcel is late, where is it?"),
            ("agent", "Sorry! It arrives Monday."),
        )
    )
    assert "resolution_confirmed" not in early.turns[0].tags
    after = ANALYZER.analyze(
        conversation(
            ("customer", "My parcel is late, where is it?"),
            ("agent", "Sorry! It arrives Monday."),
            ("customer", "Thanks for the help!"),
        )
    )
    assert "resolution_confirmed" in after.turns[2].tags


@pytest.mark.parametrize(
    ("customer", "agent", "rewrite"),
    [
        (
            "I play on my PS4 and the game crashes. How do I fix it?",
            "Which console are you playing on?",
            "Thanks for mentioning you're on PS4.",
        ),
        (
            "My order 55120 never came, where is it?",
            "Sorry! Could you send us your order number?",
            "Thanks for the order number (order 55120); I'm looking it up now.",
        ),
        (
            "I'm on version 2.3.1 of the app and it crashes. How do I fix it?",
            "Which version of the app do you use?",
            "Thanks for letting me know the version you're on (version 2.3.1).",
        ),
    ],
)
def test_re_ask_rewrites_read_as_sentences(customer: str, agent: str, rewrite: str) -> None:
    result = ANALYZER.analyze(conversation(("customer", customer), ("agent", agent)))
    (tip,) = [t for t in result.tips if t.tag == "re_asking"]
    assert tip.rewrite == rewrite


@pytest.mark.parametrize(
    ("customer", "agent"),
    [
        ("I need a holiday after this week.", "Thanks for reaching out! Have a great day."),
        ("Good thanks, how are you?", "Thanks for reaching out! Have a great day."),
        ("How long does the battery last on one charge?", "About two years of normal use."),
        ("Can the plan be paused while I travel?", "Definitely, from the Plan page."),
        ("Will the old charger work with the new model?", "I believe so, both use USB-C."),
    ],
)
def test_no_unanswered_tip_for_wishes_small_talk_or_answers_in_kind(
    customer: str, agent: str
) -> None:
    result = ANALYZER.analyze(conversation(("customer", customer), ("agent", agent)))
    assert not [t for t in result.tips if t.tag == "unanswered_question"]


@pytest.mark.parametrize(
    ("customer", "agent"),
    [
        ("I need a refund for the broken kettle.", "Thanks for reaching out! Have a great day."),
        ("How long does the battery last on one charge?", "Thanks for your feedback!"),
    ],
)
def test_a_request_or_question_with_no_answer_still_gets_one(customer: str, agent: str) -> None:
    result = ANALYZER.analyze(conversation(("customer", customer), ("agent", agent)))
    assert [t.turn for t in result.tips if t.tag == "unanswered_question"] == [2]


def test_statements_get_no_unanswered_tip_but_count_in_the_score() -> None:
    result = ANALYZER.analyze(
        conversation(
            ("customer", "My internet has been down since yesterday and the router light is red."),
            ("agent", "Thanks for reaching out! Have a great day."),
        )
    )
    assert [r.kind for r in result.requests] == ["problem"]
    assert not [t for t in result.tips if t.tag == "unanswered_question"]
    assert result.scores["active_listening"] is not None


@pytest.mark.parametrize(
    ("back", "tipped"),
    [
        ("All the problems have been solved! Great service.", False),
        ("The problem was solved after your colleague called.", False),
        ("I still don't know how to check the two packages.", True),
    ],
)
def test_a_customer_who_then_says_it_is_solved_gets_no_unanswered_tip(
    back: str, tipped: bool
) -> None:
    result = ANALYZER.analyze(
        conversation(
            ("customer", "My plan has two data packages. How can I check each balance?"),
            ("agent", "Thanks for your feedback! Have a great day."),
            ("customer", back),
        )
    )
    assert bool([t for t in result.tips if t.tag == "unanswered_question"]) is tipped


@pytest.mark.parametrize(
    ("back", "tipped"),
    [
        ("Oh nice, free concert tickets! I love the autumn festival.", False),
        ("Hello? I asked about my balance.", True),
    ],
)
def test_a_customer_who_takes_up_the_replys_own_words_gets_no_unanswered_tip(
    back: str, tipped: bool
) -> None:
    result = ANALYZER.analyze(
        conversation(
            ("customer", "My plan has two data packages. How can I check each balance?"),
            ("agent", "We value your support. Our autumn festival brings free concert tickets."),
            ("customer", back),
        )
    )
    assert [r.handling for r in result.requests][:1] == ["missed"]
    assert bool([t for t in result.tips if t.tag == "unanswered_question"]) is tipped


@pytest.mark.parametrize(
    ("last", "tipped"),
    [
        ("I changed the browser as you said, but it still failed.", True),
        ("I tried your method, but it doesn't help.", True),
        ("I tried restarting and it works now.", False),
        ("The app was slow last week.", False),
    ],
)
def test_a_fix_that_failed_is_owed_a_reply(last: str, tipped: bool) -> None:
    result = ANALYZER.analyze(
        conversation(
            ("customer", "I can't upload my photo on your website."),
            ("agent", "Please try another browser."),
            ("customer", last),
        )
    )
    assert bool([t for t in result.tips if t.tag == "no_reply"]) is tipped


def test_no_unanswered_tip_tells_an_agent_to_answer_a_question_about_self_harm() -> None:
    result = ANALYZER.analyze(
        conversation(
            ("customer", "I have been thinking about suicide. Are overdoses painful?"),
            ("agent", "I care about you and I'm glad you told me."),
        )
    )
    assert not [t for t in result.tips if t.tag == "unanswered_question"]


@pytest.mark.parametrize(
    ("later", "tipped"),
    [
        ("Yes, the package balance can be checked in the app under My Plan.", False),
        ("Thanks for your patience! Have a lovely weekend.", True),
    ],
)
def test_an_answer_in_the_agents_next_reply_is_no_missed_question(later: str, tipped: bool) -> None:
    """Messages cross in chat: the agent answers an earlier turn, the customer writes, then the
    agent answers the question. "Did not answer" would be wrong; a generic next reply keeps it."""
    result = ANALYZER.analyze(
        conversation(
            ("customer", "Can the package balance be checked somewhere?"),
            ("agent", "Thanks for your feedback! Have a great day."),
            ("customer", "Hello?"),
            ("agent", later),
        )
    )
    assert bool([t for t in result.tips if t.tag == "unanswered_question"]) is tipped


@pytest.mark.parametrize(
    ("question", "reply", "tipped"),
    [
        ("What are you studying these days?", "Economics and Geography", False),
        ("Where do you live now?", "West Coast, WA", False),
        ("When will my refund arrive?", "We value you.", True),
        ("When will my refund arrive?", "Hello! Thanks for your message.", True),
        ("Which plan should I pick for my family?", "Mm......", True),
    ],
)
def test_a_short_fragment_after_a_wh_question_is_its_answer(
    question: str, reply: str, tipped: bool
) -> None:
    result = ANALYZER.analyze(conversation(("customer", question), ("agent", reply)))
    assert bool([t for t in result.tips if t.tag == "unanswered_question"]) is tipped
