"""The core pipeline for one conversation: detect, add context, score, coach."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from .coaching import tips_for
from .model import Conversation, ConversationResult, Finding, SentimentTrajectory, TurnResult
from .rules import context
from .rules.engine import RuleSet, builtin_rules
from .scoring import score
from .sentiment import turn_polarity

TREND_DELTA = 0.2
"""How far the customer's sentiment must move, end against start, to count as a trend."""


class Analyzer:
    """Analyses conversations with one compiled rule set and one set of weights."""

    def __init__(
        self,
        rules: RuleSet | None = None,
        weights: Mapping[str, float] | None = None,
        critical: Iterable[str] = (),
    ) -> None:
        self.rules = rules if rules is not None else builtin_rules()
        self.weights = dict(weights or {})
        self.critical = frozenset(critical) | {r.id for r in self.rules.rules if r.critical}

    def analyze(self, conversation: Conversation) -> ConversationResult:
        turns = tuple(self._turns(conversation))
        findings = [f for t in turns for f in t.findings]
        return ConversationResult(
            conversation=conversation,
            turns=turns,
            scores=score(turns, self.weights),
            customer_sentiment=_trajectory(turns),
            tips=tips_for(turns, self.rules.by_id),
            critical=tuple(f for f in findings if f.rule in self.critical),
        )

    def analyze_many(self, conversations: Iterable[Conversation]) -> Iterator[ConversationResult]:
        for conversation in conversations:
            yield self.analyze(conversation)

    def _turns(self, conversation: Conversation) -> Iterator[TurnResult]:
        names = sorted(
            {
                n
                for t in conversation.turns
                if t.role == "customer" and (n := context.first_name(t.speaker))
            }
        )
        recent_customer = ""
        for number, turn in enumerate(conversation.turns, start=1):
            if turn.role == "customer":
                polarity, worst = turn_polarity(turn.text)
                found = self.rules.scan(turn.text, "customer")
                if not any(f.tag == "customer_negative" for f in found):
                    extra = context.customer_negative(turn.text, polarity, worst)
                    found += [extra] if extra else []
                recent_customer = (
                    turn.text if not recent_customer else f"{recent_customer}\n{turn.text}"
                )
                yield TurnResult(number, turn, _ordered(found), polarity)
            elif turn.role == "agent":
                found = self.rules.scan(turn.text, "agent")
                if not any(f.tag == "personalization" for f in found):
                    name = context.personalization(turn.text, names)
                    found += [name] if name else []
                if recent_customer and not any(f.tag == "active_listening" for f in found):
                    echo = context.paraphrase(turn.text, recent_customer)
                    found += [echo] if echo else []
                recent_customer = ""
                yield TurnResult(number, turn, _ordered(found))
            else:
                yield TurnResult(number, turn)


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (f.start, f.end, f.rule)))


def _trajectory(turns: tuple[TurnResult, ...]) -> SentimentTrajectory | None:
    points = tuple(
        t.sentiment for t in turns if t.turn.role == "customer" and t.sentiment is not None
    )
    if not points:
        return None
    start, end = points[0], points[-1]
    trend = (
        "improved"
        if end - start >= TREND_DELTA
        else "worsened"
        if start - end >= TREND_DELTA
        else "steady"
    )
    return SentimentTrajectory(start, end, trend, points)
