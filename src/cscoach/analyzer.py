"""The core pipeline for one conversation: detect, add context, score, coach."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from enum import Enum
from typing import Any

from .coaching import tips_for
from .doc import Doc
from .macros import Macros, in_macro
from .model import (
    PLAIN_PROBLEM,
    Conversation,
    ConversationResult,
    Finding,
    SentimentTrajectory,
    Turn,
    TurnResult,
    expresses_upset,
)
from .reasons import critical_reason, reasons_for
from .requests import RequestTracker
from .rules import context
from .rules.engine import RuleSet, builtin_rules
from .scoring import CRITICAL_OVERALL, score
from .sentiment import polarities, turn_polarity
from .tagger.decide import Tagger
from .tagger.weights import BUILTIN_NAMES, TaggerModel, builtin_model
from .upset import UpsetReader

TREND_DELTA = 0.2

"""How far the customer's sentiment must move, end against start, to count as a trend."""


class _BuiltIn(Enum):
    MODEL = "built-in"


USE_BUILTIN_MODEL = _BuiltIn.MODEL
"""The default ``model`` of an Analyzer: the tagger shipped with cscoach. An enum member, so
it pickles as itself: a pickled Analyzer names the built-in models instead of carrying them."""


class Analyzer:
    """Analyses conversations with one compiled rule set, one tagger model, one request model
    and one set of weights. ``model=None`` decides tags by the rules alone (the baseline
    ``eval`` reports); ``request_model=None`` decides requests by the rules alone."""

    def __init__(
        self,
        rules: RuleSet | None = None,
        weights: Mapping[str, float] | None = None,
        critical: Iterable[str] = (),
        model: TaggerModel | object | None = USE_BUILTIN_MODEL,
        request_model: TaggerModel | object | None = USE_BUILTIN_MODEL,
        scripts: Iterable[str] = (),
        upset_model: TaggerModel | object | None = USE_BUILTIN_MODEL,
    ) -> None:
        self.rules = rules if rules is not None else builtin_rules()
        self.weights = dict(weights or {})
        self.critical = frozenset(critical) | {r.id for r in self.rules.rules if r.critical}
        if model is USE_BUILTIN_MODEL:
            model = builtin_model()
        self.model = model if isinstance(model, TaggerModel) else None
        own_rules = (r.id for r in self.rules.rules if r.origin != "built-in" or r.authoritative)
        self.tagger = Tagger(model, own_rules) if isinstance(model, TaggerModel) else None
        if request_model is USE_BUILTIN_MODEL:
            request_model = builtin_model("requests")
        self.request_model = request_model if isinstance(request_model, TaggerModel) else None
        self.requests = RequestTracker(self.request_model)
        if upset_model is USE_BUILTIN_MODEL:
            upset_model = builtin_model("upset")
        self.upset_model = upset_model if isinstance(upset_model, TaggerModel) else None
        self.upset = UpsetReader(self.upset_model) if self.upset_model is not None else None
        self.scripts = tuple(scripts)
        self.macros = Macros.from_scripts(self.scripts)
        """The team's required scripts (cscoach.toml): what an agent must say earns no credit."""

    def __reduce__(self) -> tuple[type[Analyzer], tuple[Any, ...]]:
        """Pickled as what it was built from (sent once to each Dask worker). The built-in
        rules and models travel as their names: a worker process compiles them once (they are
        cached) and reuses them, compiled index and memos included, in every later run."""
        return (
            Analyzer,
            (
                None if self.rules is builtin_rules() else self.rules,
                self.weights,
                self.critical,
                _named(self.model, "tags"),
                _named(self.request_model, "requests"),
                self.scripts,
                _named(self.upset_model, "upset"),
            ),
        )

    def detect(self, conversation: Conversation) -> tuple[TurnResult, ...]:
        """Every turn with what the rules and contextual checks found (the tagger's evidence)."""
        return tuple(self._turns(conversation))

    def tagged(self, conversation: Conversation) -> tuple[TurnResult, ...]:
        """Every turn with its tags decided (rules, then the tagger)."""
        turns = self.detect(conversation)
        return self.tagger.retag(turns) if self.tagger is not None else turns

    def analyze(self, conversation: Conversation) -> ConversationResult:
        turns = self.tagged(conversation)
        requests = self.requests.track(turns)
        findings = [f for t in turns for f in t.findings]
        names = context.customer_names(conversation)
        scores = score(self._unscripted(turns), self.weights, names, requests)
        reasons = reasons_for(turns, scores, requests, names, self.weights)
        critical = tuple(f for f in findings if f.rule in self.critical)
        if critical and scores["overall"] is not None:
            reasons = (critical_reason(turns, self.critical, scores["overall"]), *reasons)
            scores["overall"] = CRITICAL_OVERALL
        return ConversationResult(
            conversation=conversation,
            turns=turns,
            scores=scores,
            customer_sentiment=_trajectory(turns),
            tips=tips_for(turns, self.rules, names, conversation.channel, requests),
            critical=critical,
            requests=requests,
            reasons=reasons,
        )

    def _unscripted(self, turns: tuple[TurnResult, ...]) -> tuple[TurnResult, ...]:
        """The turns as scoring sees them: a finding inside a required script ("I hope you have
        a great day", "We apologise for any inconvenience") shows what the script says, not what
        the agent did, so it earns no behaviour credit; greeting, thanks and closing are what a
        script is for, and count. The transcript still shows every finding, marked macro."""
        scripted = self.macros.scripted_spans((t.index, t.turn.role, t.doc.text) for t in turns)
        if not scripted:
            return turns
        return tuple(
            replace(t, findings=tuple(f for f in t.findings if not _scripted(f, spans)))
            if (spans := scripted.get(t.index))
            else t
            for t in turns
        )

    def analyze_many(self, conversations: Iterable[Conversation]) -> Iterator[ConversationResult]:
        for conversation in conversations:
            yield self.analyze(conversation)

    def _turns(self, conversation: Conversation) -> Iterator[TurnResult]:
        """Each turn parsed once into its Doc, with what the rules and checks found in it."""
        names = context.customer_names(conversation)
        mentions = conversation.channel in context.MENTION_CHANNELS
        unanswered: list[Doc] = []  # customer turns since the last agent turn, to echo
        replied = False
        for number, turn in enumerate(conversation.turns, start=1):
            doc = Doc(turn.text)
            if turn.role == "customer":
                unanswered.append(doc)
                yield self._customer_turn(number, turn, doc, replied)
            elif turn.role == "agent":
                replied = replied or bool(turn.text.strip())
                yield self._agent_turn(number, turn, doc, names, mentions, unanswered)
                unanswered = []
            else:
                yield TurnResult(number, turn, parsed=doc)

    def _customer_turn(self, number: int, turn: Turn, doc: Doc, replied: bool) -> TurnResult:
        """``replied``: an agent has written before. Until then thanks are given in advance
        ("Thanks for the help!"), never for a fix, so they confirm no resolution."""
        polarity, worst = turn_polarity(doc)
        found = self.rules.scan(doc, "customer")
        if not replied:
            found = [f for f in found if f.tag != "resolution_confirmed"]
        if not any(expresses_upset(f) for f in found):
            extra = context.customer_negative(
                doc.text, polarity, worst
            ) or context.customer_shouting(doc, polarity)
            if extra is None and self.upset is not None:
                lowest = min(polarities(doc), default=0.0)
                extra = self.upset.finding(doc, found, polarity, lowest)
            found += [extra] if extra else []
        sentiment = _with_cues(polarity, found)
        return TurnResult(number, turn, _ordered(found), sentiment, parsed=doc)

    def _agent_turn(
        self,
        number: int,
        turn: Turn,
        doc: Doc,
        names: tuple[str, ...],
        mentions_are_names: bool,
        customer_said: list[Doc],
    ) -> TurnResult:
        found = self.rules.scan(doc, "agent")
        if not any(f.tag == "personalization" for f in found):
            name = context.personalization(doc, names, mentions_are_names)
            found += [name] if name else []
        if not any(f.tag == "solution" for f in found):
            link = context.resource_link(doc.text)
            found += [link] if link else []
        if customer_said and not any(f.tag == "active_listening" for f in found):
            echo = context.paraphrase(doc, customer_said)
            found += [echo] if echo else []
        return TurnResult(number, turn, _ordered(found), parsed=doc)


def _named(model: TaggerModel | None, task: str) -> TaggerModel | _BuiltIn | None:
    """``model``, or USE_BUILTIN_MODEL where it is the built-in model of ``task``."""
    builtin = (
        model is not None and model.source == BUILTIN_NAMES[task] and model == builtin_model(task)
    )
    return USE_BUILTIN_MODEL if builtin else model


SCRIPTED_COURTESY = frozenset({"greeting", "gratitude", "closing"})


def _scripted(finding: Finding, spans: list[tuple[int, int]]) -> bool:
    """A behaviour finding inside a required script's sentence."""
    return finding.tag not in SCRIPTED_COURTESY and in_macro(finding.start, finding.end, spans)


COMPLAINT_CEILING = -0.3
RESOLVED_FLOOR = 0.3


def _with_cues(polarity: float, findings: list[Finding]) -> float:
    """VADER misses sarcasm and support idioms ("thanks for nothing", "still not working"): a
    complaint or resolution the rules found caps or lifts the turn's score."""
    tags = {f.tag for f in findings if f.rule != "context.sentiment" and f.kind != PLAIN_PROBLEM}
    if "customer_negative" in tags or "escalation_request" in tags:
        polarity = min(polarity, COMPLAINT_CEILING)
    if "resolution_confirmed" in tags and "customer_negative" not in tags:
        polarity = max(polarity, RESOLVED_FLOOR)
    return polarity


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
