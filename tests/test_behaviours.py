"""What QA leads raise beyond single turns: each behaviour with cases that fire and must not."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest
from conftest import conversation

from cscoach.analyzer import Analyzer
from cscoach.requests.slots import info_types

ANALYZER = Analyzer(model=None)


def tips(*turns: tuple[str, str], channel: str | None = None, tag: str) -> list:
    result = ANALYZER.analyze(conversation(*turns, channel=channel))
    return [t for t in result.tips if t.tag == tag]


class TestEscalation:
    ask = ("customer", "This is the third time. I want to speak to a manager.")

    def test_an_ignored_request_is_a_tip_and_caps_resolution(self) -> None:
        turns = (self.ask, ("agent", "Please try restarting the router, that usually fixes it."))
        (tip,) = tips(*turns, tag="escalation")
        assert "asked to escalate" in tip.tip and tip.turn == 2
        taken = (
            self.ask,
            ("agent", "I'm escalating this to my supervisor; she'll call you by 5 pm."),
        )
        assert not tips(*taken, tag="escalation")
        ignored = ANALYZER.analyze(conversation(*turns)).scores["resolution"]
        handled = ANALYZER.analyze(conversation(*taken)).scores["resolution"]
        assert ignored <= 40 < handled

    def test_no_request_no_tip(self) -> None:
        turns = (("customer", "My router drops every hour."), ("agent", "Please restart it."))
        assert not tips(*turns, tag="escalation")

    def test_a_complaint_is_registered_not_passed_to_a_supervisor(self) -> None:
        ask = ("customer", "Their attitude was awful. I want to make a complaint about No. 55!")
        reply = ("agent", "Could you please provide your name via private message?")
        (tip,) = tips(ask, reply, tag="escalation")
        assert "asked to file a complaint" in tip.tip
        assert tip.rewrite is not None
        assert "registering your complaint" in tip.rewrite and "supervisor" not in tip.rewrite

    def test_the_complaint_rewrite_apologises_once(self) -> None:
        ask = ("customer", "Their attitude was awful. I want to make a complaint about No. 55!")
        reply = (
            "agent",
            "We are sorry for any trouble. Please send your name via private message.",
        )
        (tip,) = tips(ask, reply, tag="escalation")
        assert tip.rewrite is not None and tip.rewrite.startswith("I'm sorry")
        assert "We are sorry" not in tip.rewrite  # the opening has apologised
        assert tip.rewrite.endswith("Please send your name via private message.")

    @pytest.mark.parametrize(
        "customer",
        [
            "Could you tell me how to file a complaint about the shop?",  # asks how: a question
            "Do you want me to submit a complaint to the ministry?",  # a threat
        ],
    )
    def test_asking_how_to_complain_or_threatening_to_is_no_escalation(self, customer: str) -> None:
        reply = ("agent", "Have you sent the phone to an after-sales service centre?")
        assert not tips(("customer", customer), reply, tag="escalation")

    def test_the_rewrite_promises_no_time_and_keeps_the_replys_request_for_details(self) -> None:
        """The supervisor needs the customer's details: the rewrite keeps the reply's request
        for them, and promises no callback time the agent cannot keep."""
        reply = "Please send your name and contact number via private message."
        (tip,) = tips(self.ask, ("agent", reply), tag="escalation")
        assert tip.rewrite is not None
        assert "supervisor" in tip.rewrite and tip.rewrite.endswith(reply)
        assert not re.search(r"\b(?:today|tonight|tomorrow|within)\b", tip.rewrite)


class TestStayCalm:
    angry = ("customer", "This is ridiculous, the third broken phone!")

    @pytest.mark.parametrize(
        "reply", ["YOU NEED TO READ THE MANUAL before calling us.", "We already told you that!!!"]
    )
    def test_shouting_at_an_upset_customer(self, reply: str) -> None:
        (tip,) = tips(self.angry, ("agent", reply), tag="calm")
        assert "shouting" in tip.tip

    @pytest.mark.parametrize(
        "reply", ["Please DM us your IMEI and PIN so we can check.", "I'm so sorry! We'll fix it."]
    )
    def test_acronyms_and_one_exclamation_are_not_shouting(self, reply: str) -> None:
        assert not tips(self.angry, ("agent", reply), tag="calm")

    def test_shouting_only_counts_as_answering_anger_in_kind(self) -> None:
        calm_customer = ("customer", "Hi, can you check my order?")
        assert not tips(calm_customer, ("agent", "GREAT NEWS EVERYONE, it shipped!!!"), tag="calm")

    def test_sarcasm_and_insults_are_negative_language(self) -> None:
        for reply in ("Good luck with that.", "Stop whining and send the order number."):
            result = ANALYZER.analyze(conversation(self.angry, ("agent", reply)))
            kinds = {f.kind for f in result.turns[1].findings if f.tag == "negative_language"}
            assert kinds & {"sarcasm", "insult"}, reply


class TestReAsking:
    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            ("My order 55120 never arrived.", "Could you send us your order number?"),
            ("Y cant I join any servers? Im on windows 10 btw", "Which platform are you on?"),
            ("Call me back on +44 20 7946 0958 please.", "Can you tell me your phone number?"),
        ],
    )
    def test_asking_for_what_was_given(self, customer: str, agent: str) -> None:
        (tip,) = tips(("customer", customer), ("agent", agent), tag="re_asking")
        assert "already gave in turn 1" in tip.tip

    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            ("My order never arrived.", "Could you send us your order number?"),
            ("My order 55120 never arrived.", "Could you confirm your order number?"),
            ("My order 55120 never arrived.", "Please DM us your order number and email."),
            ("My order 55120 never arrived.", "Your order number 55120 shipped today."),
        ],
    )
    def test_first_asks_confirmations_and_private_follow_ups_are_not_re_asking(
        self, customer: str, agent: str
    ) -> None:
        assert not tips(("customer", customer), ("agent", agent), tag="re_asking")

    def test_every_info_type_example(self) -> None:
        text = resources.files("cscoach.requests").joinpath("info_types.toml").read_text("utf-8")
        tables = tomllib.loads(text)
        for info in info_types():
            examples = tables[info.key]["examples"]
            for given in examples["given"]:
                assert info.given.search(given), (info.key, given)
            for asked in examples["asked"]:
                assert info.asked.search(asked), (info.key, asked)


class TestUnansweredQuestion:
    def test_a_question_no_reply_touches(self) -> None:
        turns = (
            ("customer", "Will my 2G data be kept after I switch plans?"),
            ("agent", "Thank you for contacting us."),
        )
        (tip,) = tips(*turns, tag="unanswered_question")
        assert "Will my 2G data be kept after I switch plans?" in tip.tip

    @pytest.mark.parametrize(
        "reply",
        [
            "Yes, it carries over.",
            "Your 2G data stays on the account.",
            "I'm sorry but you can't.",
            "I am sorry. We don't have that information yet.",
            "Which plan are you switching to?",
            "I'll check with billing and get back to you by 5 pm.",
        ],
    )
    def test_answers_and_engaged_replies(self, reply: str) -> None:
        turns = (("customer", "Will my 2G data be kept after I switch plans?"), ("agent", reply))
        assert not tips(*turns, tag="unanswered_question")

    @pytest.mark.parametrize(
        "question", ["Are you kidding me?", "Why is it so hard to get help?", "Really?"]
    )
    def test_rhetorical_and_short_questions_are_not_owed_an_answer(self, question: str) -> None:
        turns = (("customer", question), ("agent", "Thank you for contacting us."))
        assert not tips(*turns, tag="unanswered_question")

    @pytest.mark.parametrize("reply", ["Sorry! Thanks for writing.", "Hello! Have a nice day."])
    def test_an_apology_or_greeting_alone_does_not_answer(self, reply: str) -> None:
        turns = (("customer", "Will my 2G data be kept after I switch plans?"), ("agent", reply))
        assert tips(*turns, tag="unanswered_question")

    def test_a_hold_message_is_judged_with_the_answer_that_follows(self) -> None:
        turns = (
            ("customer", "Will my 2G data be kept after I switch plans?"),
            ("agent", "One moment please, let me check."),
            ("customer", "ok"),
            ("agent", "Yes, it carries over to the new plan."),
        )
        result = ANALYZER.analyze(conversation(*turns))
        (request,) = result.requests
        assert request.handling == "answered" and request.replies == (2, 4)
        assert not [t for t in result.tips if t.tag in ("unanswered_question", "no_reply")]

    def test_no_reply_yet_is_not_unanswered(self) -> None:
        assert not tips(("customer", "Will my data be kept?"), tag="unanswered_question")


class TestLaughter:
    angry = ("customer", "This is ridiculous, the third broken phone!")

    @pytest.mark.parametrize(
        ("reply", "laugh"),
        [
            ("We have recorded your problem and will check it. [Ha Ha]", "[Ha Ha]"),
            ("Please send us your number via private message[Ho-ho]. Thanks!", "[Ho-ho]"),
            ("lol we'll look into it", "lol"),
            ("Sorry about that 😂 we'll send a new one.", "😂"),
        ],
    )
    def test_a_laugh_after_an_upset_customer_is_a_tip(self, reply: str, laugh: str) -> None:
        (tip,) = tips(self.angry, ("agent", reply), tag="laughter")
        assert f"(“{laugh}”)" in tip.tip and tip.turn == 2
        assert tip.context is not None and tip.context.turn == 1
        assert tip.rewrite is not None and laugh not in tip.rewrite

    @pytest.mark.parametrize(
        ("reply", "rewrite"),
        [
            ("Please DM us and contact us[Ho-ho]. Thanks!", "Please DM us and contact us. Thanks!"),
            (
                "Please DM us so we can verify your problem [Ha Ha];",
                "Please DM us so we can verify your problem.",
            ),
        ],
    )
    def test_the_rewrite_leaves_no_stray_punctuation(self, reply: str, rewrite: str) -> None:
        (tip,) = tips(self.angry, ("agent", reply), tag="laughter")
        assert tip.rewrite == rewrite

    def test_a_laugh_alone_has_no_rewrite(self) -> None:
        (tip,) = tips(self.angry, ("agent", "LoL."), tag="laughter")
        assert tip.rewrite is None

    @pytest.mark.parametrize(
        "reply",
        [
            "Holland is on the list; a lollipop ships free with it. Here's the Design page.",
            "We have recorded your problem and will check it.",
        ],
    )
    def test_words_that_only_look_like_a_laugh_pass(self, reply: str) -> None:
        assert not tips(self.angry, ("agent", reply), tag="laughter")

    def test_a_laugh_with_a_pleased_customer_is_warmth(self) -> None:
        pleased = ("customer", "It works now, you are more efficient than I thought!")
        assert not tips(pleased, ("agent", "This is what we shall do. [Ho ho]"), tag="laughter")


class TestPrivacy:
    posted = ("customer", "Card 4111 1111 1111 1111 was charged twice, call me on +44 20 7946 0958")

    def test_personal_data_left_in_a_public_channel(self) -> None:
        turns = (self.posted, ("agent", "Sorry about that! We'll look into the charge."))
        (tip,) = tips(*turns, channel="twitter", tag="privacy")
        assert "card number" in tip.tip and "private message" in tip.tip

    @pytest.mark.parametrize(
        "reply",
        [
            "For your security, please delete that tweet and DM us instead.",
            "Please send us a direct message so we can look into it privately.",
            "To keep your details safe, please delete your contact information from the post.",
            "To ensure the safety of your information, we'll handle it at once.",
            "Please send us an email through our help site and we will assist.",
        ],
    )
    def test_moving_to_private_is_right(self, reply: str) -> None:
        assert not tips(self.posted, ("agent", reply), channel="twitter", tag="privacy")

    @pytest.mark.parametrize(
        "reply", ["We will send you an email about the charge.", "We sent an email to the team."]
    )
    def test_mentioning_email_is_not_moving_to_private(self, reply: str) -> None:
        assert tips(self.posted, ("agent", reply), channel="twitter", tag="privacy")

    def test_private_channels_are_fine(self) -> None:
        turns = (self.posted, ("agent", "Sorry about that! We'll look into the charge."))
        assert not tips(*turns, channel="chat", tag="privacy")
        assert not tips(*turns, channel="email", tag="privacy")

    def test_a_number_named_as_a_phone_is_a_phone_number_beside_an_order_id(self) -> None:
        """A Luhn-valid run of digits inside an order id is no card; "my mobile number is"
        names a phone, where "number is" alone would be an order number."""
        customer = ("customer", "Order qni378282246310005eb5, my mobile number is 13857863958.")
        (tip,) = tips(
            customer, ("agent", "Thanks, we are on it."), channel="twitter", tag="privacy"
        )
        assert "phone number" in tip.tip and "card" not in tip.tip
        order = ("customer", "The order number is 13857863958 and it is late.")
        assert not tips(order, ("agent", "Thanks, we are on it."), channel="twitter", tag="privacy")

    @pytest.mark.parametrize(
        ("said", "phone"),
        [
            ("Can someone look at 8-4750000030256 ? The app breaks.", False),
            ("My case 4750000030256 is still open.", False),
            ("Call me back on +8613857863958 please.", True),
            ("Call me back, my mobile is 13857863958.", True),
            ("I feel like I was ripped off. 13096900310", True),
            ("The order number is 13857863958 and it is late.", False),
            ("The order number was on the screenshot, 13901158801", False),
            ("It cost 13096900.10 in total.", False),
        ],
    )
    def test_a_long_run_of_digits_is_a_case_id_unless_it_dials(
        self, said: str, phone: bool
    ) -> None:
        """Thirteen digits in one run are a case or reference id, not a phone, unless a "+"
        gives the country code."""
        customer = ("customer", said)
        found = tips(customer, ("agent", "Thanks, we are on it."), channel="twitter", tag="privacy")
        assert bool(found) is phone

    @pytest.mark.parametrize(
        ("ask", "tipped"),
        [
            ("Please leave your contact information and we will call you.", True),
            ("Please tell us your contact method and we will reply soon.", True),
            ("Please provide your telephone number so we can call you.", True),
            ("Please send the business location, your name and contact method to us.", True),
            ("Please share your contact info here: https://example.com/requests/new", False),
            ("Please open www.ip138.com to send your IP address to me.", True),  # sent here
            ("Please leave your contact information via private message.", False),
        ],
    )
    def test_contact_information_is_personal_data_unless_it_goes_to_a_form_or_dm(
        self, ask: str, tipped: bool
    ) -> None:
        customer = ("customer", "My parcel is late.")
        found = tips(customer, ("agent", ask), channel="twitter", tag="privacy")
        assert bool(found) is tipped

    def test_an_ask_in_public_and_the_number_posted_after_it_are_two_tips(self) -> None:
        turns = (
            ("customer", "My parcel is late."),
            ("agent", "Please leave your contact information and we will call you."),
            ("customer", "My email is dana@example.com"),
            ("agent", "It's received."),
        )
        found = tips(*turns, channel="twitter", tag="privacy")
        assert [t.turn for t in found] == [2, 4]
        assert "posted an email address in a public channel" in found[1].tip

    @pytest.mark.parametrize(
        ("posted", "kind"),
        [
            ("Please contact me through QQ. My QQ number is 2646956347.", "a messenger id"),
            ("Add me, WeChat ID: lin_2019abc", "a messenger id"),
            ("I use QQ Music and it keeps crashing.", None),
            ("QQ Browser 10.5 crashed again.", None),
        ],
    )
    def test_a_messenger_account_is_contact_data(self, posted: str, kind: str | None) -> None:
        """A QQ number or WeChat ID lets a stranger add the customer, like a phone number; an
        app named QQ is no account."""
        turns = (("customer", posted), ("agent", "Thanks, we'll look into it."))
        found = tips(*turns, channel="twitter", tag="privacy")
        assert [kind in t.tip for t in found] == ([True] if kind else [])
        ask = ("agent", "Could you please tell me your QQ number? I will add you.")
        assert tips(("customer", "My parcel is late."), ask, channel="twitter", tag="privacy")

    def test_asking_for_personal_data_in_public(self) -> None:
        customer = ("customer", "My parcel is late.")
        handled = ("agent", "@jo_plays Please reply with your phone number so we can call you.")
        (tip,) = tips(customer, handled, channel="twitter", tag="privacy")
        assert tip.quote == "Please reply with your phone number so we can call you."
        ask = ("agent", "Please reply with your phone number so we can call you.")
        (tip,) = tips(customer, ask, channel="twitter", tag="privacy")
        assert "asks for personal data in a public channel" in tip.tip
        assert tip.rewrite == (
            "Please reply with your phone number in a private message so we can call you."
        )
        named = ("agent", "Please provide your Unicom number and contact number to Little Wo.")
        (tip,) = tips(customer, named, channel="twitter", tag="privacy")
        assert tip.rewrite == (
            "Please provide your Unicom number and contact number in a private message to "
            "Little Wo."
        )
        listed = (
            "agent",
            "Please tell us your name, phone number, address, order number and TV mac and we "
            "will handle it.",
        )
        (tip,) = tips(customer, listed, channel="twitter", tag="privacy")
        assert tip.rewrite == (
            "Please tell us your name, phone number, address, order number and TV mac in a private "
            "message and we will handle it."
        )
        two = ("agent", "Please provide your phone number and machine number and we'll pay you.")
        (tip,) = tips(customer, two, channel="twitter", tag="privacy")
        assert tip.rewrite == (
            "Please provide your phone number and machine number in a private message and we'll "
            "pay you."
        )
        for private in ("Please DM us your phone number.", "Please message us your mobile number."):
            assert not tips(customer, ("agent", private), channel="twitter", tag="privacy")

    def test_an_ask_after_the_talk_moved_to_private_goes_on_there(self) -> None:
        turns = (
            ("customer", "My parcel is late."),
            ("agent", "Sorry! Please send us a private message with the order details."),
            ("customer", "Sent. Will someone call me?"),
            ("agent", "Yes. Please provide your phone number and name."),
        )
        assert not tips(*turns, channel="twitter", tag="privacy")

    def test_the_address_of_a_place_is_not_personal_data(self) -> None:
        customer = ("customer", "The queue at your branch was an hour long.")
        place = ("agent", "Sorry! Can you tell me the address of that branch?")
        assert not tips(customer, place, channel="twitter", tag="privacy")
        home = ("agent", "Sorry! Can you tell me your address?")
        assert tips(customer, home, channel="twitter", tag="privacy")


class TestScripted:
    script = "Thanks for reaching out! Please check our help center for the latest updates on this."

    def test_the_same_message_twice(self) -> None:
        turns = (
            ("customer", "My refund hasn't arrived after two weeks."),
            ("agent", self.script),
            ("customer", "I've checked it, the page is blank for me."),
            ("agent", self.script.replace("!", ".")),
        )
        (tip,) = tips(*turns, tag="scripted")
        assert tip.turn == 4 and "Don't rely on generic scripts" in tip.tip
        assert "the page is blank" in tip.tip

    def test_the_same_message_sent_twice_in_a_row_is_no_script(self) -> None:
        """With nothing from the customer between, a repeat is a double send (or the export's
        duplicate): there is no new point it ignored."""
        turns = (
            ("customer", "My refund hasn't arrived after two weeks."),
            ("agent", self.script),
            ("agent", self.script),
        )
        assert not tips(*turns, tag="scripted")

    def test_pasted_again_after_the_customer_objected_is_one_restated_tip(self) -> None:
        turns = (
            ("customer", "My refund hasn't arrived after two weeks."),
            ("agent", self.script),
            ("customer", "That doesn't answer where my refund is! This is ridiculous."),
            ("agent", self.script.replace("!", ".")),
        )
        result = ANALYZER.analyze(conversation(*turns))
        (tip,) = [t for t in result.tips if t.tag in {"restated", "scripted"}]
        assert tip.tag == "restated" and "says again, almost word for word, what turn 2" in tip.tip

    def test_the_restated_tip_quotes_the_agent_and_customer_after_their_handles(self) -> None:
        turns = (
            ("customer", "@Acme_help My refund hasn't arrived after two weeks."),
            ("agent", "@jo_plays " + self.script),
            ("customer", "@Acme_help That doesn't answer where my refund is! This is ridiculous."),
            ("agent", "@jo_plays " + self.script.replace("!", ".")),
        )
        result = ANALYZER.analyze(conversation(*turns))
        (tip,) = [t for t in result.tips if t.tag == "restated"]
        assert tip.quote.startswith(self.script[:20])
        assert tip.context.quote.startswith("That doesn't answer")

    def test_different_messages_and_short_ones_pass(self) -> None:
        turns = (
            ("customer", "Hi"),
            ("agent", "Thanks!"),
            ("customer", "Where is it?"),
            ("agent", "Thanks!"),
            ("customer", "And the refund?"),
            ("agent", "The refund of 40 dollars was sent to your card today, it shows in 3 days."),
        )
        assert not tips(*turns, tag="scripted")


class TestRestated:
    ask = (
        "agent",
        "We are sorry for the inconvenience. Please provide your name, phone number and "
        "account number via private message so that we can verify it.",
    )
    ask_again = (
        "agent",
        "Sorry for the inconvenience. To verify it, please provide your name, phone number "
        "and account number via private message.",
    )
    handling = (
        "agent",
        "Our staff are handling your broadband fault and will contact you after checking the line.",
    )
    handling_again = (
        "agent",
        "Hello! Our staff are handling the broadband fault; they will contact you after checking.",
    )

    @pytest.mark.parametrize(
        ("customer", "reply", "said"),
        [
            (
                "You already have my number! Your staff told me I would bear the loss myself.",
                "ask_again",
                "wrote back upset",
            ),
            (
                "When will it be fixed? Can you give me a date?",
                "handling_again",
                "asked a question",
            ),
        ],
    )
    def test_the_last_message_said_again_after_the_customer_wrote_back(
        self, customer: str, reply: str, said: str
    ) -> None:
        first = self.ask if reply == "ask_again" else self.handling
        turns = (
            ("customer", "My broadband has been down for a week and nobody came."),
            first,
            ("customer", customer),
            getattr(self, reply),
        )
        (tip,) = tips(*turns, tag="restated")
        assert tip.turn == 4 and "says again, in other words, what turn 2 said (“" in tip.tip
        repeated = "Please provide your name" if reply == "ask_again" else "Our staff are handling"
        assert f"(“{repeated}" in tip.tip  # the earlier sentence said again
        assert f"after the customer {said} at turn 3" in tip.tip
        assert tip.context is not None and tip.context.turn == 3
        assert tip.quote.startswith(getattr(self, reply)[1][:20])

    @pytest.mark.parametrize(
        "customer",
        [
            "I tried another card, it still says No SIM. What should I do?",  # a next step fits
            "Here is the screenshot of the error.",
            "Please fix it as quickly as possible.",
        ],
    )
    def test_the_next_step_after_a_calm_report_passes(self, customer: str) -> None:
        turns = (
            ("customer", "My phone shows No SIM card."),
            (
                "agent",
                "Please reinsert the card. If it still fails, submit an after-sales request. "
                "Our staff will check the card.",
            ),
            ("customer", customer),
            ("agent", "Please submit an after-sales request so our staff can check the card."),
        )
        assert not tips(*turns, tag="restated")

    def test_an_escalation_tip_on_the_same_turn_says_it_all(self) -> None:
        turns = (
            ("customer", "My broadband has been down for a week and nobody came."),
            self.ask,
            ("customer", "This is useless! I want to make a complaint about your engineer today!"),
            self.ask_again,
        )
        result = ANALYZER.analyze(conversation(*turns))
        assert [(t.tag, t.turn) for t in result.tips if t.tag in {"escalation", "restated"}] == [
            ("escalation", 4)
        ]

    def test_a_question_asked_again_passes(self) -> None:
        turns = (
            ("customer", "My calls keep dropping, this is awful!"),
            ("agent", "Which phone model and system version are you using?"),
            ("customer", "This is terrible service!"),
            ("agent", "Could you tell us which phone model and system version you are using?"),
        )
        assert not tips(*turns, tag="restated")

    def test_a_reply_that_answers_the_new_question_passes(self) -> None:
        turns = (
            ("customer", "Does the music stop when I unplug the earphones?"),
            ("agent", "Yes, the music on the media stops by default when you unplug the phone."),
            ("customer", "Will the phone be switched to mute mode when I unplug the earphones?"),
            ("agent", "No. The music stops, but the phone will not be switched to mute mode."),
        )
        assert not tips(*turns, tag="restated")

    def test_a_reply_with_new_content_or_too_few_words_passes(self) -> None:
        angry = ("customer", "You already have my number! This is ridiculous.")
        new = (
            "agent",
            "You're right, I found your number: the engineer visits tomorrow at 10am, and I've "
            "refunded this week's fee.",
        )
        assert not tips(("customer", "No internet."), self.ask, angry, new, tag="restated")
        thanks = [("agent", "Thank you!"), ("customer", "Useless!"), ("agent", "Thank you!")]
        assert not tips(("customer", "No internet."), *thanks, tag="restated")


class TestCheckedRewrites:
    def test_every_rewrite_earns_its_tag_and_is_clean(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "This is ridiculous, I was charged twice! I want a manager."),
                ("agent", "You should have read the terms. Calm down."),
            )
        )
        rewritten = [t for t in result.tips if t.rewrite]
        assert rewritten
        for tip in rewritten:
            assert "negative_language" not in tip.rewrite_tags, tip
        empathy = next(t for t in result.tips if t.tag == "empathy")
        assert "empathy" in empathy.rewrite_tags and "apology" in empathy.rewrite_tags

    def test_a_rewrite_that_fails_the_check_is_dropped(self, rules) -> None:
        from cscoach.coaching import check_rewrite
        from cscoach.model import Tip

        bad = Tip("empathy", 2, "q", "t", rewrite="We can't do that.")
        assert check_rewrite(bad, rules).rewrite is None
        off_point = Tip("active_listening", 2, "q", "t", rewrite="Thanks for waiting.")
        assert check_rewrite(off_point, rules).rewrite is None
        good = Tip("apology", 2, "q", "t", rewrite="I'm sorry about the double charge.")
        assert check_rewrite(good, rules).rewrite_tags == ("apology",)


def test_every_behaviour_reaches_every_output_format(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from cscoach.cli import app

    path = tmp_path / "c.jsonl"
    conv = {
        "id": "esc",
        "channel": "twitter",
        "turns": [
            {
                "role": "customer",
                "text": "Card 4111 1111 1111 1111 was charged twice. Get me a manager.",
            },
            {"role": "agent", "text": "Thank you for contacting us, have a nice day."},
        ],
    }
    path.write_text(json.dumps(conv) + "\n")
    for fmt in ("terminal", "json", "markdown", "html", "github", "sarif"):
        out = CliRunner().invoke(app, ["analyze", str(path), "-f", fmt, "-q"]).stdout
        assert re.search(r"escalat", out, re.IGNORECASE), fmt
        assert re.search(r"privacy|public channel", out, re.IGNORECASE), fmt


def test_explain_shows_what_each_rewrite_earns(tmp_path) -> None:
    from typer.testing import CliRunner

    from cscoach.cli import app

    path = tmp_path / "x.txt"
    path.write_text(
        "Customer: This is ridiculous, I was charged twice!\nAgent: Refunds take 5 days.\n"
    )
    plain = CliRunner().invoke(app, ["analyze", str(path), "-q"], env={"COLUMNS": "200"}).stdout
    explained = (
        CliRunner()
        .invoke(app, ["analyze", str(path), "-q", "--explain"], env={"COLUMNS": "200"})
        .stdout
    )
    assert "checked: earns" not in plain
    assert "checked: earns apology, empathy; no negative language" in explained


class TestScriptsAcrossABatch:
    template = "Please send us an email at help.example.com and we will assist you there."

    def conversations(self, n: int, offset: int = 0) -> list[list[dict]]:
        letters = "abcdefghijklmnopqrstuvwxyz"
        return [
            [
                {"role": "customer", "text": f"My {letters[i % 26] * 3} thing broke again."},
                {"role": "agent", "text": self.template if i % 2 else self.unique(i)},
            ]
            for i in range(offset, offset + n)
        ]

    @staticmethod
    def unique(i: int) -> str:
        a, b = (
            "abcdefghijklmnopqrstuvwxyz"[i % 26] * 2,
            "abcdefghijklmnopqrstuvwxyz"[i // 26 % 26] * 2,
        )
        return f"Fixed your {a}{b} thing today, the cable behind the {b}{a} unit was loose."

    def test_a_template_sent_whatever_the_customer_said(self) -> None:
        from cscoach.scripts import ScriptCounter

        counter = ScriptCounter()
        for turns in self.conversations(20):
            counter.add_conversation(turns)
        ((message, count, contexts),) = counter.top()
        assert message == self.template and count == 10 and contexts == 10

    def test_memory_is_bounded_and_partitions_merge(self) -> None:
        from cscoach.scripts import ScriptCounter

        left, right, whole = (
            ScriptCounter(capacity=50),
            ScriptCounter(capacity=50),
            ScriptCounter(capacity=50),
        )
        for turns in self.conversations(400):
            left.add_conversation(turns)
            whole.add_conversation(turns)
        for turns in self.conversations(400, offset=400):
            right.add_conversation(turns)
            whole.add_conversation(turns)
        assert len(whole.scripts) <= 50 and len(left.scripts) <= 50
        merged = left.merge(right)
        assert len(merged.scripts) <= 50
        assert merged.top()[0][0] == whole.top()[0][0] == self.template
        assert merged.top()[0][1] >= 400 - 800 // 50  # Misra-Gries: low by at most n / capacity

    def test_summary_lists_scripted_replies(self, tmp_path) -> None:
        import json

        from typer.testing import CliRunner

        from cscoach.cli import app

        path = tmp_path / "batch.jsonl"
        lines = [{"id": f"c{i}", "turns": turns} for i, turns in enumerate(self.conversations(12))]
        path.write_text("".join(json.dumps(c) + "\n" for c in lines))
        out = CliRunner().invoke(app, ["summary", str(path), "-f", "json"]).stdout
        (script,) = json.loads(out)["scripted_replies"]
        assert script["message"] == self.template and script["conversations"] == 6


class TestFalseAlarmsFromRealExports:
    """Families of wording that looked like the behaviours and are not (found reading reports)."""

    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            (
                "I called 10010 and nobody answered.",
                "Please provide your phone number so we can check.",
            ),
            (
                "My order 55120 is late.",
                "Please send us an email at help.example.com and we will assist.",
            ),
            ("Send it to 2870498651@qq.com please.", "I have sent it. Please check your email."),
            ("It cost 16261 RMB in total.", "What's your phone number?"),
        ],
    )
    def test_not_re_asking(self, customer: str, agent: str) -> None:
        assert not tips(("customer", customer), ("agent", agent), tag="re_asking")

    def test_re_asking_for_a_real_phone_number(self) -> None:
        turns = (
            ("customer", "Call me on 13857863958 please."),
            ("agent", "What's your phone number?"),
        )
        assert tips(*turns, tag="re_asking")

    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            ("My IP is 58.20.50.169, pages won't open.", "Did you install the accelerator?"),
            # Luhn-valid digits inside an alphanumeric order id are no card number
            ("My order is qni378282246310005eb5 and it is late.", "We're checking it now."),
            ("Order No.: 1307040900329. When will it arrive?", "It ships this week."),
            ("I can't log in.", "Try resetting your password here: https://example.com/reset"),
            ("I can't log in.", "Submit a ticket and include your email address."),
            ("I can't log in.", "You can change the phone number on your account in Settings."),
        ],
    )
    def test_not_a_privacy_problem(self, customer: str, agent: str) -> None:
        turns = (("customer", customer), ("agent", agent))
        assert not tips(*turns, channel="twitter", tag="privacy")

    @pytest.mark.parametrize(
        "question",
        [
            "What is the use of VIP title?",
            "Do you want to make me exhausted?",
            "How about cancelling all those franchises first?",
        ],
    )
    def test_rhetorical_questions(self, question: str) -> None:
        turns = (("customer", question), ("agent", "Thank you for your feedback."))
        assert not tips(*turns, tag="unanswered_question")

    def test_reproaches_from_an_upset_customer_are_not_questions_to_answer(self) -> None:
        for question in ("Can't you contact me?", "Do you believe my card has no GSM function?"):
            turns = (
                ("customer", f"This is outrageous! {question}"),
                ("agent", "Thanks for waiting."),
            )
            assert not tips(*turns, tag="unanswered_question"), question
        calm = (
            ("customer", "Can you tell me the fee for a new line?"),
            ("agent", "Thanks for waiting."),
        )
        assert tips(*calm, tag="unanswered_question")

    def test_an_answer_that_opens_with_actually(self) -> None:
        turns = (
            ("customer", "Have you really taken a record?"),
            ("agent", "Actually we don't. The staff misunderstood your post; we apologise."),
        )
        assert not tips(*turns, tag="unanswered_question")

    @pytest.mark.parametrize(
        "said",
        [
            "Every time I file complaints the staff says the signal is normal.",
            "I called to make a complaint but the complaint was invalid.",
        ],
    )
    def test_past_complaints_are_not_requests_to_escalate(self, said: str) -> None:
        turns = (("customer", said), ("agent", "Please restart the router."))
        assert not tips(*turns, tag="escalation")

    def test_passing_it_to_the_head_of_department_takes_it_up(self) -> None:
        turns = (
            ("customer", "Fix it tomorrow or I will file a complaint."),
            ("agent", "Your problem has been submitted to the head of the relevant department."),
        )
        assert not tips(*turns, tag="escalation")


class TestSafety:
    """A customer who speaks of harming themselves is owed a safety check first."""

    @pytest.mark.parametrize(
        "customer",
        [
            "Honestly I feel like killing myself, nothing matters.",
            "Sometimes I have suicidal feelings.",
            "I want to die.",
        ],
    )
    def test_no_safety_check_gets_the_tip(self, customer: str) -> None:
        (tip,) = tips(
            ("customer", customer), ("agent", "Have you tried going for a walk?"), tag="safety"
        )
        assert tip.turn == 2 and tip.quote == "Have you tried going for a walk?"
        assert tip.context is not None and tip.context.turn == 1
        assert "Are you safe right now?" in (tip.rewrite or "")

    @pytest.mark.parametrize(
        ("customer", "agent"),
        [
            ("I want to die.", "I'm so sorry. Are you safe right now?"),
            ("I want to die.", "Please call a crisis line or your local emergency number now."),
            ("I don't want to die, I just want to sleep better.", "Try a warm bath."),
            ("I'm applying for a job at a suicide hotline.", "That sounds great!"),
            ("This app is killing me, it crashes every day.", "Please reinstall it."),
            ("My son was having suicidal thoughts last year.", "Please try not to worry."),
            ("If I am suicidal, maybe, but I am just tired.", "Rest helps."),
            ("My order never came, I'm so angry.", "Sorry! It ships today."),
        ],
    )
    def test_a_safety_check_negation_or_idiom_gets_none(self, customer: str, agent: str) -> None:
        assert not tips(("customer", customer), ("agent", agent), tag="safety")
