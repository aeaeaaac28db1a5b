"""Tracking each customer request from the turn that raised it to the reply that handled it.

Rules find the candidates (asks.py) and read the reply's cues (cues.py); the request model,
trained on labelled customer turns with the tagger's trainer, decides whether a turn asks for
something and how its reply handled it. Without a model the rules decide alone. A re-ask (the
reply asking for a detail the customer already gave) is found by the detail patterns (slots.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from ..doc import content_of
from ..model import HANDLINGS, Reask, Request, Said, TurnResult
from ..quotes import address_end, clipped
from ..tagger.weights import TaggerModel
from ..upset import upset_by_rules
from .asks import Ask, find_asks, main_ask
from .cues import (
    ACKNOWLEDGEMENT,
    ASKS_WHERE_TO_GO,
    HANDLING_CREDIT,
    holds_only,
    substantive_sentences,
)
from .features import Pair, handling_features, request_features
from .slots import (
    TRIED_STEP,
    InfoType,
    TriedAsked,
    detail_given,
    details_asked,
    said_tried,
    steps_asked,
)

RULE_CONFIDENCE = 0.5
"""The confidence of a handling the rules alone decided (no model): a coin's worth, honestly."""
ASK_KINDS = frozenset({"question", "request", "problem"})
REPEATED = frozenset({"later:asks_again", "later:says_unanswered"})
"""The customer's next turn asks the same again, or says it was not answered: whatever the
reply looked like, it did not answer (training turns have no next turn to learn this from)."""
ANSWERS = frozenset({"match:yes_no_answer", "match:answer_type"})
"""A reply in the form the question asks for ("Yes, ..." to "Will it ...?", a time to "when",
a sum to "how much") answers it, whatever else it lacks."""


DETAILS_ASKED = frozenset({"c:asks_details", "c:asks"})
"""The reply asks the customer something (a question, or for details)."""


class Candidate:
    """A customer turn that may ask for something: its asks, its reply, and (computed when
    first asked for) the request model's features."""

    def __init__(
        self, customer: TurnResult, asks: tuple[Ask, ...], previous_agent: TurnResult | None,
        first: bool, pair: Pair,
    ) -> None:  # fmt: skip
        self.customer = customer
        self.asks = asks
        self.previous_agent = previous_agent
        self.first = first
        self.pair = pair
        self._features: set[str] | None = None

    @property
    def answers_the_agent(self) -> bool:
        """It follows the agent's own question and asks nothing in question or request form
        (training turns open their conversations, so the model never saw such a reply)."""
        before = self.previous_agent
        if before is None:
            return False
        asked = "?" in before.doc.text or "clarifying_question" in before.tags
        return asked and not any(a.kind in ("question", "request") for a in self.asks)

    @property
    def only_reproach(self) -> bool:
        """Reproach and asides only ("Are you kidding me?"): nothing asked."""
        return bool(self.asks) and all(a.kind == "rhetorical" for a in self.asks)

    @property
    def features(self) -> set[str]:
        if self._features is None:
            features = request_features(self.customer, self.asks, self.previous_agent, self.first)
            if rule_request(self.asks, features):
                features.add("t:request")
            self._features = features
        return self._features


def candidates(turns: Sequence[TurnResult]) -> Iterator[Candidate]:
    """Each customer turn with its asks and its reply."""
    previous_agent: TurnResult | None = None
    first = True
    for position, tr in enumerate(turns):
        if tr.turn.role == "agent":
            previous_agent = tr
            continue
        if tr.turn.role != "customer":
            continue
        asks = find_asks(tr.doc, upset_by_rules(tr))
        yield Candidate(tr, asks, previous_agent, first, _pair(turns, position, asks))
        first = False


def rule_request(asks: Sequence[Ask], features: set[str]) -> bool:
    """The rules' reading: a real question, a request, or a fault report that is not a short
    answer to the agent's own question."""
    kinds = {a.kind for a in asks}
    if not kinds & ASK_KINDS:
        return False
    if "x:thanks" in features and "question" not in kinds:
        return False
    return not ("prev:asked_short" in features and "question" not in kinds)


def _pair(turns: Sequence[TurnResult], position: int, asks: tuple[Ask, ...]) -> Pair:
    """The request with its reply: the agent turns up to the customer's next turn (none when
    the customer writes again first: GUIDELINES-requests.md calls that ``no_reply``, and the
    score does not count it). A reply that only holds ("One moment, let me check") goes on
    past a customer's "ok" to the turn that answers. Scans only that far, so a conversation's
    pairs take about one pass."""
    reply: list[TurnResult] = []
    next_customer = None
    i = position + 1
    while i < len(turns):
        tr = turns[i]
        i += 1
        if tr.turn.role == "customer":
            if reply and _acknowledges(tr) and holds_only([t.doc for t in reply]):
                continue
            next_customer = tr
            break
        if tr.turn.role == "agent" and tr.turn.text.strip():
            reply.append(tr)
    held = 0
    while held < len(reply) - 1 and holds_only([reply[held].doc]):
        held += 1
    return Pair(turns[position], asks, tuple(reply[held:]), next_customer, tuple(reply[:held]))


def _escalation_not_taken_up(request: TurnResult, pair: Pair) -> bool:
    """The customer asked to escalate and no reply turn says who takes it over."""
    if "escalation_request" not in request.tags:
        return False
    return not any(
        f.tag == "next_steps" and f.kind == "escalation" for t in pair.reply for f in t.findings
    )


def _acknowledges(tr: TurnResult) -> bool:
    return bool(ACKNOWLEDGEMENT.match(tr.doc.text.lower()))


class GivenDetails:
    """Where the customer first gave each kind of detail, found lazily: each kind's search
    moves forward through the customer turns once, however many replies ask for it."""

    def __init__(self, turns: Sequence[TurnResult]) -> None:
        self.customer = [t for t in turns if t.turn.role == "customer"]
        self.cursor: dict[str, int] = {}
        self.found: dict[str, tuple[TurnResult, str]] = {}
        self.steps_cursor: dict[tuple[str, str], int] = {}
        self.steps_found: dict[tuple[str, str], tuple[TurnResult, str]] = {}

    def first(self, info: InfoType, up_to: int) -> tuple[TurnResult, str] | None:
        """The first customer turn at or before turn ``up_to`` that gave this detail."""
        if info.key in self.found:
            hit = self.found[info.key]
            return hit if hit[0].index <= up_to else None
        i = self.cursor.get(info.key, 0)
        while i < len(self.customer) and self.customer[i].index <= up_to:
            tr = self.customer[i]
            i += 1
            if (m := detail_given(tr.doc, info)) is not None:
                self.found[info.key] = (tr, m.group())
                self.cursor[info.key] = i
                return self.found[info.key]
        self.cursor[info.key] = i
        return None

    def tried(self, step: TriedAsked, up_to: int) -> tuple[TurnResult, str] | None:
        """The first customer turn at or before turn ``up_to`` that says they tried the step,
        or that it fails (see ``said_tried``), found the same lazy way. Past ``MAX_STEPS``
        different steps asked in one conversation, no more are looked for: each costs a pass."""
        key = (step.action, step.thing)
        if key in self.steps_found:
            hit = self.steps_found[key]
            return hit if hit[0].index <= up_to else None
        if key not in self.steps_cursor and len(self.steps_cursor) >= MAX_STEPS:
            return None
        i = self.steps_cursor.get(key, 0)
        while i < len(self.customer) and self.customer[i].index <= up_to:
            tr = self.customer[i]
            i += 1
            if (said := said_tried(tr.doc, step)) is not None:
                self.steps_found[key] = (tr, said)
                self.steps_cursor[key] = i
                return self.steps_found[key]
        self.steps_cursor[key] = i
        return None


MAX_STEPS = 8
"""How many different steps asked about ("have you tried ...?") one conversation looks up."""


class RequestTracker:
    """Finds a conversation's requests with one request model (None: the rules alone)."""

    def __init__(self, model: TaggerModel | None) -> None:
        self.model = model

    def track(self, turns: Sequence[TurnResult]) -> tuple[Request, ...]:
        """The conversation's requests: the model weighs all its candidates in one product,
        then all the replies in another."""
        given = GivenDetails(turns)
        asking = self._requests(list(candidates(turns)))
        readings = iter(self._handlings([c for c in asking if c.pair.reply]))
        out = []
        for candidate in asking:
            tr, asks, pair = candidate.customer, candidate.asks, candidate.pair
            reading = next(readings) if pair.reply else NO_REPLY
            handling, weights = reading.handling, reading.weights
            credit = sum(w * HANDLING_CREDIT[label] for label, w in weights.items())
            found = _request(tr, asks, pair, handling, weights[handling], credit, given)
            out.append(replace(found, sure=reading.sure))
        return tuple(out)

    def _requests(self, found: list[Candidate]) -> list[Candidate]:
        """The candidates that ask for something."""
        tag = self.model.tags.get("request") if self.model else None
        if tag is None or not tag.learned:
            return [c for c in found if "t:request" in c.features]
        weighed = [c for c in found if not (c.answers_the_agent or c.only_reproach)]
        if not weighed:
            return []  # the rules read the rest: no need to weigh their words
        table = self.model.probability_table([c.features for c in weighed])  # type: ignore[union-attr]
        return [
            c
            for c, probabilities in zip(weighed, table, strict=True)
            if tag.accepts(probabilities["request"], ruled="t:request" in c.features)
        ]

    def _handlings(self, replied: list[Candidate]) -> list[Reading]:
        """How each reply handled its request."""
        read = [handling_features(c.pair) for c in replied]
        for features, by_rules in read:
            features.add(f"t:{by_rules}")
        if self.model is None or not read:
            table: list[dict[str, float]] = [{} for _ in read]
        else:
            table = self.model.probability_table([features for features, _ in read])
        return [
            _reading(c, features, by_rules, self._weighed(probabilities, by_rules))
            for c, (features, by_rules), probabilities in zip(replied, read, table, strict=True)
        ]

    def _weighed(
        self, probabilities: dict[str, float], by_rules: str
    ) -> tuple[dict[str, float], dict[str, float]]:
        """How likely each handling is (summing to 1), and each one's probability over its
        own threshold (1 or more: the model would give that label on its own). Labels are
        weighed against their own bars; a handling the model does not decide counts with its
        rules' measured precision where the rules chose it. The rules alone give their one
        reading."""
        if self.model is None:
            return {by_rules: 1.0}, {}
        scores = {}
        for label in HANDLINGS[:-1]:
            tag = self.model.tags.get(label)
            if tag is not None and tag.learned:
                scores[label] = probabilities[label] / max(tag.threshold or 0.5, 0.05)
            elif label == by_rules:
                precision = tag.rule_precision if tag else None
                scores[label] = precision if precision is not None else RULE_CONFIDENCE
        total = sum(scores.values())
        if not total:
            return {by_rules: 1.0}, {}
        return {label: score / total for label, score in scores.items()}, scores


@dataclass(frozen=True, slots=True)
class Reading:
    """How a reply handled its request, how likely each handling is, and whether the tracker
    is sure enough to coach on it."""

    handling: str
    weights: dict[str, float]
    sure: bool


NO_REPLY = Reading("no_reply", {"no_reply": 1.0}, True)
"""No agent turn followed the request (GUIDELINES-requests.md)."""


def _reading(
    candidate: Candidate,
    features: set[str],
    by_rules: str,
    weighed: tuple[dict[str, float], dict[str, float]],
) -> Reading:
    """The model's reading, where the rules know better: a reply that only greets, a question
    asked again, a reply in the form the question wants, an escalation nobody took up."""
    weights, bars = weighed
    handling = max(weights, key=lambda label: (weights[label], label == by_rules))
    sure = bars.get(handling, 1.0) >= 1.0
    if "c:pleasantry_only" in features:
        return Reading("missed", {"missed": 1.0}, True)  # only greets
    if handling == "answered" and REPEATED & features and "later:thanks" not in features:
        return Reading("missed", {"missed": 1.0}, True)  # asked again (not: "Thanks! Can I also")
    if handling in ("answered", "missed") and ANSWERS & features:
        handling, weights, sure = "answered", {"answered": 1.0}, True  # "Yes, ..."
    if _points_where_asked(candidate, handling, features):
        handling, weights, sure = "answered", {"answered": 1.0}, True  # "Open a ticket at ..."
    if handling == "answered" and _escalation_not_taken_up(candidate.customer, candidate.pair):
        return Reading("missed", {"missed": 1.0}, True)  # no manager
    return Reading(handling, weights, sure)


def _points_where_asked(candidate: Candidate, handling: str, features: set[str]) -> bool:
    """The customer asked where to go and the reply points there: read as a redirect, it is the
    answer; read as a request for details, a promise or a miss, it is too when the reply asks
    nothing ("Submit the form at our help centre and our team will take it from there")."""
    points = handling == "redirect" or (
        handling in ("clarify", "deferred", "missed")
        and "c:redirect" in features
        and not DETAILS_ASKED & features
    )
    return points and _asks_where_to_go(candidate)


def _asks_where_to_go(candidate: Candidate) -> bool:
    """A question or request of the turn asks where to go or whom to contact."""
    norm = candidate.customer.doc.norm
    return any(
        ASKS_WHERE_TO_GO.search(norm, a.start, a.end)
        for a in candidate.asks
        if a.kind in ("question", "request")
    )


def _request(
    tr: TurnResult,
    asks: tuple[Ask, ...],
    pair: Pair,
    handling: str,
    confidence: float,
    credit: float,
    given: GivenDetails,
) -> Request:
    text = tr.doc.text
    chosen = main_ask(asks)
    if chosen is not None:
        start, end = chosen.start, chosen.end
    else:
        spans = substantive_sentences(tr.doc) or [(0, len(text))]
        start, end = spans[0]
    start = address_end(text, start, end)  # the request, not whom it is addressed to
    unanswered = _left_out(tr, asks, pair) if handling == "partial" else None
    return Request(
        turn=tr.index,
        asks=text[start:end].strip(),
        start=start,
        end=end,
        handling=handling,
        replies=tuple(t.index for t in (*pair.held, *pair.reply)),
        confidence=confidence,
        credit=credit,
        reask=_reask(given, tr, pair),
        unanswered=unanswered,
        kind=chosen.kind if chosen is not None and chosen.kind in ASK_KINDS else "problem",
    )


def _left_out(request: TurnResult, asks: tuple[Ask, ...], pair: Pair) -> str | None:
    """Of several asks, the one the reply shares fewest words with."""
    real = [a for a in asks if a.kind in ASK_KINDS]
    if len(real) < 2:
        return None
    reply = content_of(t.doc for t in pair.reply)
    doc = request.doc
    least = min(real, key=lambda a: len(doc.content_in(a.start, a.end) & reply))
    return clipped(doc.text[least.start : least.end])


def _reask(given: GivenDetails, request: TurnResult, pair: Pair) -> Reask | None:
    """The first detail the reply asks for that a customer turn up to the request gave, else
    the first step it asks whether they tried that a customer turn said they had."""
    for reply in pair.reply:
        text = reply.doc.text
        for asked in details_asked(reply.doc):
            found = given.first(asked.info, request.index)
            if found is not None:
                earlier, words_given = found
                return Reask(
                    asked.info.name,
                    Said(earlier.index, clipped(words_given)),
                    Said(reply.index, clipped(text[asked.start : asked.end])),
                )
    for reply in pair.reply:
        for step in steps_asked(reply.doc):
            tried = given.tried(step, request.index)
            if tried is not None:
                earlier, words_given = tried
                return Reask(
                    TRIED_STEP,
                    Said(earlier.index, clipped(words_given)),
                    Said(reply.index, clipped(reply.doc.text[step.start : step.end])),
                )
    return None
