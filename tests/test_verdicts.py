"""Verdicts a QA lead would sign: unscored conversations, who the agent is, names, greetings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from cscoach.analyzer import Analyzer
from cscoach.cli import app
from cscoach.ingest import ReadOptions, load
from cscoach.model import Conversation, ConversationResult, Turn
from cscoach.scoring import score

MBOX = """From lena@cafe.example Mon May 11 09:05:00 2026
From: Lena Fischer <lena@cafe.example>
To: support@payflow.example
Subject: Card reader declined every payment
Date: Mon, 11 May 2026 09:05:00 +0200
Message-ID: <a1@cafe.example>

Since 8 am our card reader declines every payment. Please help urgently.

From noreply@payflow.example Mon May 11 09:06:00 2026
From: PayFlow Support <noreply@payflow.example>
To: Lena Fischer <lena@cafe.example>
Subject: Re: Card reader declined every payment
Date: Mon, 11 May 2026 09:06:00 +0200
Message-ID: <a2@payflow.example>
In-Reply-To: <a1@cafe.example>
Auto-Submitted: auto-replied

Thanks for contacting PayFlow. We will reply within one business day.

From jonas@payflow.example Mon May 11 09:31:00 2026
From: Jonas Berg <jonas@payflow.example>
To: Lena Fischer <lena@cafe.example>
Subject: Re: Card reader declined every payment
Date: Mon, 11 May 2026 09:31:00 +0200
Message-ID: <a3@payflow.example>
In-Reply-To: <a1@cafe.example>

Hi Lena, I reset your terminal's key; payments go through again.

Jonas Berg
PayFlow Merchant Support
"""


def test_a_message_signed_by_the_support_team_is_the_agents(tmp_path: Path) -> None:
    path = tmp_path / "mail.mbox"
    path.write_text(MBOX)
    (conv,) = list(load([str(path)], ReadOptions()))
    roles = {t.speaker: t.role for t in conv.turns}
    assert roles == {"Lena Fischer": "customer", "PayFlow Support": "bot", "Jonas Berg": "agent"}


def test_a_conversation_with_no_agent_is_unscored_and_fails_any_gate(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    conv = {"id": "lonely", "turns": [{"role": "customer", "text": "Hello? Anyone there?"}]}
    path.write_text(json.dumps(conv) + "\n")
    runner = CliRunner()
    plain = runner.invoke(app, ["analyze", str(path), "-f", "jsonl"])
    assert plain.exit_code == 0
    assert json.loads(plain.stdout)["status"] == "unscored"
    assert "warning: lonely: unscored" in plain.stderr
    gated = runner.invoke(app, ["analyze", str(path), "-f", "jsonl", "--fail-under", "10"])
    assert gated.exit_code == 1
    assert "FAIL lonely: unscored" in gated.stderr
    terminal = runner.invoke(app, ["analyze", str(path)])
    assert "Unscored: no agent turn was found" in terminal.stdout


def analyze(customer: str, agent: str, channel: str | None = None):
    conv = Conversation(
        "x", (Turn("customer", "My card is blocked.", speaker=customer), Turn("agent", agent)),
        channel=channel,
    )  # fmt: skip
    return Analyzer(model=None).analyze(conv)


def test_a_slack_mention_of_the_customer_addresses_them_by_name() -> None:
    result = analyze("Maya Lindqvist", "@Maya Lindqvist thanks, I'll check now.", "slack")
    assert "personalization" in result.turns[1].tags
    assert not [t for t in result.tips if t.tag == "personalization"]


def test_a_twitter_handle_is_not_a_name() -> None:
    addressed = analyze("Krishmr", "@Krishmr Hey! Let me check.", "twitter")
    assert "personalization" not in addressed.turns[1].tags
    assert addressed.scores["personalization"] is None
    assert not [t for t in addressed.tips if t.tag == "personalization"]


def test_role_labels_are_never_names() -> None:
    for label in ("End User", "User", "Customer", "Agent", "Caller"):
        result = analyze(label, "Hi there, how can I help?")
        assert not [t for t in result.tips if t.tag == "personalization"], label
        assert result.scores["personalization"] is None


def test_a_greeting_after_leading_mentions_is_a_greeting() -> None:
    result = analyze("bob", "@bob @acme_help Hi James, let me check that.", "twitter")
    assert "greeting" in result.turns[1].tags
    assert "personalization" in result.turns[1].tags  # "James" is a name the agent used


def test_every_built_in_critical_rule_is_measured_precise_enough() -> None:
    from cscoach.rules.engine import builtin_rules
    from cscoach.rules.precision import CRITICAL_PRECISION, critical_warning, measured

    critical = [r.id for r in builtin_rules().rules if r.critical]
    assert critical, "the gate keeps at least one built-in critical rule"
    for rule_id in critical:
        assert critical_warning(rule_id) is None, rule_id
        assert measured()[rule_id].precision >= CRITICAL_PRECISION


def test_instructions_and_expectations_are_not_blame(tmp_path: Path) -> None:
    from cscoach.rules.engine import builtin_rules

    rules = builtin_rules()
    for text in (
        "You should have received a notification in Creator Studio.",
        "You have to wait for the completion of data loading.",
        "You should check the option 'Need Invoice' when you order.",
    ):
        assert not [f for f in rules.scan(text, "agent") if f.tag == "negative_language"], text


def test_an_imprecise_critical_rule_is_named_with_its_precision(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Customer: where is it\nAgent: You should have read the manual.\n")
    result = CliRunner().invoke(app, ["analyze", str(path), "--critical", "negative.blame"])
    assert result.exit_code == 1
    assert "warning: critical rule negative.blame was right in 2 of its 3 hits" in result.stderr


def test_rules_lists_measured_precision() -> None:
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "precision" in result.stdout
    assert re.search(r"apology.sorry +\d\.\d\d \(\d+/\d+\)", result.stdout)
    one = CliRunner().invoke(app, ["rules", "negative.dismissive"])
    assert "measured precision: 1.00" in one.stdout


ANALYZER = Analyzer()


class TestCriticalHitFailsTheScore:
    """A critical rule hit is an auto-fail: overall 0, the dimensions as they were, and the first
    reason names the rule, the turn and the words."""

    upset = Turn("customer", "I lost 16,000 dollars and nobody has helped me for 18 days!")
    brush_off = "Please cool yourself down. We will check it."
    calm = "I'm so sorry. We will check it today and call you by 6 pm."

    def analyzed(self, reply: str) -> ConversationResult:
        return ANALYZER.analyze(Conversation("c1", (self.upset, Turn("agent", reply))))

    def test_a_critical_hit_scores_the_conversation_zero_and_says_why(self) -> None:
        result = self.analyzed(self.brush_off)
        assert [f.rule for f in result.critical] == ["negative.dismissive"]
        assert result.overall == 0
        first = result.reasons[0]
        assert (first.dimension, first.score) == ("overall", 0)
        assert "negative.dismissive at turn 2" in first.why and "cool yourself down" in first.why

    def test_the_dimensions_keep_their_scores(self) -> None:
        hit = self.analyzed(self.brush_off)
        plain = score(hit.turns, requests=hit.requests)
        assert plain["overall"] and plain["overall"] > 0
        assert {**plain, "overall": 0} == hit.scores

    def test_a_reply_with_no_critical_hit_keeps_its_overall_score(self) -> None:
        result = self.analyzed(self.calm)
        assert not result.critical and result.overall and result.overall > 0
        assert all(r.dimension != "overall" for r in result.reasons)
