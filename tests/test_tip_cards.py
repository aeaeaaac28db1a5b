"""Tip cards a lead can hand over: the agent's own words in `quote`, the customer's in
`context`, rewrites with no blanks, reasons for every low score, in every output format."""

from __future__ import annotations

import io
import json

import pytest
from conftest import conversation

from cscoach.analyzer import Analyzer
from cscoach.coaching import BLANKS, check_rewrite
from cscoach.model import Tip
from cscoach.reasons import reasons_for
from cscoach.render import RenderOptions, renderer_for

ANALYZER = Analyzer()

CASES = {
    "empathy": (
        ("customer:Dana", "I was charged twice and I'm furious about it!"),
        ("agent", "Refunds take five days."),
    ),
    "escalation": (
        ("customer", "This is the third time. I want to speak to a manager."),
        ("agent", "Please restart the router, that usually fixes it."),
    ),
    "unanswered_question": (
        ("customer", "Can I cancel my plan for free before the renewal date?"),
        ("agent", "Thanks for reaching out! Have a great day."),
    ),
    "redirect": (
        ("customer", "Why was I charged twice this month?"),
        ("agent", "Please call our hotline at 0800 123."),
    ),
    "re_asking": (
        ("customer", "My order 55120 never came, where is it?"),
        ("agent", "Sorry! Could you send us your order number?"),
    ),
    "no_reply": (
        ("customer", "Where is my parcel?"),
        ("agent", "It arrives Monday."),
        ("customer", "Can you deliver it to my office instead?"),
    ),
    "negative_language": (
        ("customer", "Can you move my delivery?"),
        ("agent", "As I already said, we can't do that."),
    ),
    "laughter": (
        ("customer", "This is ridiculous, the third broken phone!"),
        ("agent", "We have recorded it and will check. [Ha Ha]"),
    ),
    "follow_up": (
        ("customer", "My refund hasn't arrived yet. Can you check where it is?"),
        ("agent", "I've passed this to our billing team and they will contact you."),
    ),
}


def _tips(turns):
    result = ANALYZER.analyze(conversation(*turns))
    return result, list(result.tips)


@pytest.mark.parametrize("family", sorted(CASES))
def test_quote_is_the_agents_words_and_context_the_customers(family: str) -> None:
    result, tips = _tips(CASES[family])
    assert family in {t.tag for t in tips}
    by_index = {t.index: t for t in result.turns}
    for tip in tips:
        if tip.quote:
            coached = by_index[tip.turn]
            assert coached.turn.role == "agent", tip
            assert tip.quote.strip("…") in " ".join(coached.turn.text.split()), tip
        else:
            assert tip.tag in ("no_reply", "resolution")  # a reply that never came
        if tip.context is not None:
            said = by_index[tip.context.turn]
            assert said.turn.role == "customer", tip
            assert tip.context.quote.strip("…") in " ".join(said.turn.text.split()), tip
        assert tip.rewrite is None or not BLANKS.search(tip.rewrite), tip


def test_a_rewrite_with_blanks_is_no_rewrite(rules) -> None:
    for blank in (
        "Here's what I can do: ...",
        "Hi [name], thanks!",
        "We will call you by …",
        "Send us the address (Floor ***, No. ***, *** Road).",
        "Send us the address (**Floor**No.***Street**District).",
    ):
        tip = Tip("empathy", 2, "q", "t", rewrite=blank)
        assert check_rewrite(tip, rules).rewrite is None
    whole = Tip("apology", 2, "q", "t", rewrite="I'm sorry about the double charge.")
    assert check_rewrite(whole, rules).rewrite == whole.rewrite
    masked = Tip("apology", 2, "q", "t", rewrite="I'm sorry; we'll call 186****0071 today.")
    assert check_rewrite(masked, rules).rewrite == masked.rewrite  # the export's mask


def test_the_empathy_rewrite_keeps_the_agents_facts_and_links() -> None:
    _, tips = _tips(
        (
            ("customer", "This is the worst service ever, my account is locked!"),
            ("agent", "Hello. Reset it here: https://example.com/reset"),
        )
    )
    (tip,) = [t for t in tips if t.tag == "empathy"]
    assert tip.rewrite and tip.rewrite.endswith("Reset it here: https://example.com/reset")
    assert "Hello" not in tip.rewrite


@pytest.mark.parametrize(
    ("fmt", "labels"),
    [
        ("terminal", ("customer said (turn 1)", "you said (turn 2)", "try:")),
        ("markdown", ("customer said (turn 1)", "you said (turn 2)", "try:")),
        ("json", ('"context": {', '"quote": "Refunds take five days."')),
    ],
)
def test_every_format_shows_both_quotes(fmt: str, labels: tuple[str, ...]) -> None:
    result = ANALYZER.analyze(conversation(*CASES["empathy"]))
    stream = io.StringIO()
    renderer = renderer_for(fmt)(stream, RenderOptions())
    renderer.write(renderer.prepare(result, RenderOptions()))
    renderer.close()
    for label in labels:
        assert label in stream.getvalue(), (fmt, label)


def test_the_html_report_carries_both_quotes_and_the_requests() -> None:
    result = ANALYZER.analyze(conversation(*CASES["re_asking"]))
    stream = io.StringIO()
    renderer = renderer_for("html")(stream, RenderOptions())
    renderer.write(renderer.prepare(result, RenderOptions()))
    renderer.close()
    page = stream.getvalue()
    raw = page.split('id="cscoach-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(raw)
    (conv,) = data["convs"]
    tip = next(t for t in conv[12] if data["names"][t[0]] == "re_asking")
    assert tip[2] == "Could you send us your order number?" and tip[6] == [1, "order 55120"]
    (request,) = conv[14]
    assert request[0] == 1 and data["names"][request[1]] == "clarify"
    assert data["names"][request[5]] == "order number"
    assert "customer said (turn" in page and "you said (turn" in page  # drawn by report.js


def test_every_low_dimension_has_a_reason() -> None:
    for turns in CASES.values():
        result = ANALYZER.analyze(conversation(*turns))
        scores = result.scores
        explained = {r.dimension for r in result.reasons}
        assert all(r.why for r in result.reasons)
        if result.critical:  # a critical hit says why it is 0; the bar is the score without it
            assert "overall" in explained
            assert {d for d, v in scores.items() if v is not None and v < 50} <= explained
            continue
        bar = 60 if scores["overall"] is not None and scores["overall"] < 60 else 50
        low = {d for d, v in scores.items() if d != "overall" and v is not None and v < bar}
        assert low == explained, scores


def test_a_low_overall_score_names_every_dimension_below_60() -> None:
    """A 56 explained by courtesy alone hides what pulled it down (a QA read): below 60
    overall, every dimension below 60 gets its reason; above it, only those below 50."""
    result = ANALYZER.analyze(conversation(*CASES["unanswered_question"]))
    scores = {**result.scores, "active_listening": 56, "courtesy": 33, "outcome": None}
    low = reasons_for(result.turns, {**scores, "overall": 56}, result.requests)
    assert {"active_listening", "courtesy"} <= {r.dimension for r in low}
    fine = reasons_for(result.turns, {**scores, "overall": 70}, result.requests)
    assert "active_listening" not in {r.dimension for r in fine}
    assert "courtesy" in {r.dimension for r in fine}


def test_the_reason_that_cost_most_points_comes_first() -> None:
    result = ANALYZER.analyze(conversation(*CASES["unanswered_question"]))
    scores = {**result.scores, "active_listening": 40, "apology": 0}
    args = (result.turns, scores, result.requests)
    first = reasons_for(*args)[0]
    assert first.dimension == "active_listening"  # 3 x 60 points lost against 0.25 x 100
    assert reasons_for(*args, weights={"apology": 3.0})[0].dimension == "apology"


def test_listening_reason_names_the_turns() -> None:
    result = ANALYZER.analyze(conversation(*CASES["unanswered_question"]))
    (reason,) = [r for r in result.reasons if r.dimension == "active_listening"]
    assert "1 of 1 requests not answered (turn 1)" in reason.why


class TestRightMoments:
    def test_a_threat_to_go_to_a_regulator_is_no_escalation_request(self) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "Fix my bill or I will file a complaint with the consumer bureau."),
                (
                    "agent",
                    "I'm sorry about the bill. I've corrected it and refunded the difference.",
                ),
            )
        )
        customer = result.turns[0]
        assert "escalation_request" not in customer.tags
        assert any(f.kind == "retention_risk" for f in customer.findings)
        assert not [t for t in result.tips if t.tag == "escalation"]

    @pytest.mark.parametrize("reply", ["", "   ", "#NAME#", "[image]", "<media omitted>"])
    def test_blank_and_placeholder_turns_get_no_tip(self, reply: str) -> None:
        result = ANALYZER.analyze(
            conversation(
                ("customer", "I was charged twice and I'm furious! Can you refund me?"),
                ("agent", reply),
            )
        )
        assert all(t.turn != 2 for t in result.tips), result.tips

    def test_a_refusal_followed_by_what_to_do_is_not_flat(self, rules) -> None:
        text = "I cannot find your email with the photos. Please attach them here."
        assert not [f for f in rules.scan(text, "agent") if f.kind == "refusal"]
        assert [f for f in rules.scan("We cannot refund it.", "agent") if f.kind == "refusal"]


def test_no_fix_is_owed_where_nothing_was_asked() -> None:
    praise = ANALYZER.analyze(
        conversation(
            ("customer", "Your new phone is gorgeous, well done to the whole team!"),
            ("agent", "Thank you so much for the kind words!"),
        )
    )
    assert not praise.requests
    assert not [t for t in praise.tips if t.tag == "resolution"]


def _privacy_rewrite(customer: str, agent: str) -> str:
    result = ANALYZER.analyze(
        conversation(("customer", customer), ("agent", agent), channel="twitter")
    )
    (tip,) = [t for t in result.tips if t.tag == "privacy"]
    assert tip.rewrite
    return tip.rewrite


def test_a_privacy_rewrite_fits_who_posted() -> None:
    asked = _privacy_rewrite(
        "My bill is wrong this month, can you check it?",
        "Please reply with your phone number and home address.",
    )
    assert "delete" not in asked and "private message" in asked
    posted = _privacy_rewrite(
        "Card 4111 1111 1111 1111 was charged twice, can you fix it?",
        "Sorry about that! We'll look into the charge.",
    )
    assert "delete that post" in posted and "private message" in posted
    linked = _privacy_rewrite(
        "My account was hacked, my email is dana@example.com, help!",
        "To recover it, please visit https://help.example.com and click Contact us.",
    )
    assert "delete that post" in linked
    assert "private message" not in linked  # not where the reply sends them


@pytest.mark.parametrize(
    "opening",
    [
        "Bofeilanzi Good evening!",  # the customer's name, then a greeting
        "Hellos.",
        "This is Xiao at Acme Customer Service.",  # who is writing, no more
        "I am the customer service staff Xiaobian of Acme in Guangdong.",
        "This is the customer service staff from Acme Shanghai.",
    ],
)
def test_the_quote_skips_an_opening_courtesy_for_the_words_that_do_something(
    opening: str,
) -> None:
    """'you said' shows where the reply could have acknowledged the customer, not its
    greeting or self-introduction."""
    _, tips = _tips(
        (
            ("customer", "I was charged twice and I'm furious about it!"),
            ("agent", f"{opening} Refunds take five days to reach your card."),
        )
    )
    (tip,) = [t for t in tips if t.tag == "empathy"]
    assert tip.quote == "Refunds take five days to reach your card."


@pytest.mark.parametrize(
    "sentence",
    [
        "The good morning rate applies to your plan.",  # a greeting word inside a statement
        "Good evening news: your parcel left today.",
        "This is the support page for refunds: example.com/refunds.",  # not who is writing
        "I am sorry our support team missed your call.",  # speaks of the team
    ],
)
def test_the_quote_keeps_an_opening_that_says_something(sentence: str) -> None:
    _, tips = _tips(
        (
            ("customer", "I was charged twice and I'm furious about it!"),
            ("agent", f"{sentence} Refunds take five days to reach your card."),
        )
    )
    (tip,) = [t for t in tips if t.tag == "empathy"]
    assert tip.quote == sentence
