"""The rubric: what each dimension asks of the agent, when it applies, and the overall score.

A dimension is scored only where it applies: empathy is owed after the customer shows negative
emotion, an apology after a complaint. Where nothing was owed the score is None (N/A), never a
free 100 that would flatter the overall score.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Request, TurnResult
from .requests.cues import (
    FALLBACK,
    REDIRECT,
    opens_a_later_part,
    pointers,
    substantive_sentences,
)
from .requests.taken_up import Later, left_open, owed_a_reply
from .restatement import find_restatement
from .upset import sure_enough_to_tip

DIMENSIONS: tuple[str, ...] = (
    "active_listening",
    "empathy",
    "apology",
    "positive_language",
    "resolution",
    "personalization",
    "courtesy",
    "outcome",
)

BEHAVIOURS: tuple[str, ...] = DIMENSIONS[:-1]
"""What the agent did; ``outcome`` is how it ended for the customer."""

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "active_listening": 3.0,
    "empathy": 1.0,
    "apology": 0.25,
    "positive_language": 2.0,
    "resolution": 1.0,
    "personalization": 0.5,
    "courtesy": 1.0,
    "outcome": 3.0,
}
"""Chosen on dev data (benchmarks/score_weights.py): of the weightings whose overall score
correlates with outcome below 0.6 and with every behaviour at 0.2 or more on the shared real
chats, the one with the best mean of two Spearman correlations: with stc3 customer
satisfaction, and with the share of requests the agent handled as people labelled it
(cs-requests-dev). Outcome is mixed in with a small weight: the score ranks what the agent
did, not how the customer felt."""

CRITICAL_OVERALL = 0
"""The overall score of a conversation with a critical rule hit (auto-fail, as QA scorecards
such as MaestroQA's and Zendesk QA's have it): the team marked the rule as one no conversation
may break, so the lowest-scored list starts with those hits. The dimensions keep their scores."""

RESPONSE_WINDOW = 2
"""How many agent turns after a customer's turn can still answer what it owed."""

NEGATIVE_PENALTY = 35
"""Points each piece of negative language costs the positive_language dimension."""


@dataclass(frozen=True, slots=True)
class Owed:
    """A customer turn that called for something, and the agent turn that gave it (if any)."""

    customer_turn: int
    answered_by: int | None
    first_reply: int
    """The agent turn that should have given it (the first reply)."""
    window: tuple[TurnResult, ...] = ()
    """The agent turns that could still give it (``RESPONSE_WINDOW``)."""


def owed(turns: Sequence[TurnResult], answers: frozenset[str]) -> list[Owed]:
    """For each upset customer turn sure enough to tell the agent about (upset.sure_enough_to_tip:
    the score judges what a tip could say; a fault report alone owes nothing), the
    first agent turn within the window that carries one of ``answers`` (or None). Only customer
    turns followed by an agent turn count."""
    agent_positions = [i for i, t in enumerate(turns) if t.turn.role == "agent"]
    out: list[Owed] = []
    for i, tr in enumerate(turns):
        if tr.turn.role != "customer" or not tr.upset or not sure_enough_to_tip(tr):
            continue
        start = bisect_right(agent_positions, i)
        following = [turns[j] for j in agent_positions[start : start + RESPONSE_WINDOW]]
        if not following:
            continue
        hit = next((t.index for t in following if t.tags & answers), None)
        out.append(Owed(tr.index, hit, following[0].index, tuple(following)))
    return out


EMPATHY_CREDIT: Mapping[str, float] = {"empathy": 1.0, "apology": 0.5, "active_listening": 0.25}
"""What a reply to an upset customer earns for empathy: saying how it must feel earns it all; a
bare apology half (GUIDELINES.md: "sorry for the trouble" owns the problem, not the feeling);
showing the problem was heard a quarter (active listening: restating it, or a question on its
details, GUIDELINES.md). Graded, so the dimension
tells a bare "sorry" from nothing at all."""
APOLOGY_CREDIT: Mapping[str, float] = {"apology": 1.0, "empathy": 1.0}


def earned(item: Owed, credit: Mapping[str, float]) -> float:
    """The best credit any reply in the item's window earned, 0-1."""
    return max((credit.get(tag, 0.0) for t in item.window for tag in t.tags), default=0.0)


def acknowledged(turns: Sequence[TurnResult], credit: Mapping[str, float]) -> int | None:
    """The mean credit earned over the upset customer turns, 0-100; None where no customer
    turn was upset."""
    items = owed(turns, frozenset(credit))
    if not items:
        return None
    return round(100 * sum(earned(o, credit) for o in items) / len(items))


def score(
    turns: Sequence[TurnResult],
    weights: Mapping[str, float] | None = None,
    customer_names: Sequence[str] = (),
    requests: Sequence[Request] = (),
) -> dict[str, int | None]:
    """Every dimension 0-100 or None, plus ``overall``: the weighted mean of those that apply.
    Personalization applies when the export names the customer (``customer_names``): a name
    used without it is a tag, not a score that could only ever be 100;
    active listening when the customer asked for something (``requests``)."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    agent = [t for t in turns if t.turn.role == "agent"]
    customer = [t for t in turns if t.turn.role == "customer"]
    scores: dict[str, int | None] = dict.fromkeys(("overall", *DIMENSIONS))
    if not agent:
        return scores
    agent_tags = frozenset().union(*(t.tags for t in agent))
    counts = _tag_counts(agent)

    counted = counted_requests(requests, turns)
    said_again = find_restatement(turns, requests) is not None
    scores["active_listening"] = listening(counted, turns, said_again)
    scores["empathy"] = acknowledged(turns, EMPATHY_CREDIT)
    scores["apology"] = acknowledged(turns, APOLOGY_CREDIT)
    positive = 100 if "positive_language" in agent_tags else 75
    scores["positive_language"] = max(0, positive - NEGATIVE_PENALTY * counts["negative_language"])
    if counted or any(t.tags & TO_RESOLVE for t in customer):
        scores["resolution"] = _resolution(turns, _fix_tags(agent))  # else nothing to resolve
    if customer_names:
        scores["personalization"] = 100 if "personalization" in agent_tags else 0
    owed_something = counted or any(t.upset or t.tags & TO_RESOLVE for t in customer)
    if owed_something:  # else a reply to thanks or praise alone: no greeting or closing owed
        courtesy = [tag in agent_tags for tag in ("greeting", "gratitude", "closing")]
        scores["courtesy"] = round(100 * sum(courtesy) / len(courtesy))

    if any(t.index > agent[0].index for t in customer):
        scores["outcome"] = outcome(customer)  # else how it ended is unknown, not their opening

    applicable = [(d, scores[d]) for d in DIMENSIONS if scores[d] is not None and weights[d] > 0]
    total = sum(weights[d] for d, _ in applicable)
    if total:
        scores["overall"] = round(sum(weights[d] * s for d, s in applicable) / total)
    return scores


def _tag_counts(agent: Sequence[TurnResult]) -> dict[str, int]:
    counts: dict[str, int] = {"negative_language": 0}
    for tr in agent:
        for f in tr.findings:
            counts[f.tag] = counts.get(f.tag, 0) + 1
    return counts


MIN_ISSUE_WORDS = 6
"""A customer turn this long (that is not a thank-you) raises something worth restating."""


@dataclass(frozen=True, slots=True)
class Issue:
    """A substantive customer turn and the agent's reply to it (their following run of turns)."""

    customer: TurnResult
    reply: tuple[TurnResult, ...]

    @property
    def listened(self) -> bool:
        return any("active_listening" in t.tags for t in self.reply)


def issues(turns: Sequence[TurnResult]) -> list[Issue]:
    """Customer turns that raise something worth restating (long enough, not a thank-you),
    each with the agent turns that answer it."""
    found = []
    for i, tr in enumerate(turns):
        if tr.turn.role != "customer" or "resolution_confirmed" in tr.tags:
            continue
        if len(tr.doc.text.split()) < MIN_ISSUE_WORDS:
            continue
        reply = []
        j = i + 1
        while j < len(turns) and turns[j].turn.role != "customer":
            if turns[j].turn.role == "agent":
                reply.append(turns[j])
            j += 1
        if reply:
            found.append(Issue(tr, tuple(reply)))
    return found


REASK_COST = 0.5
"""A re-ask costs half a request: the customer must give the same detail twice."""


def counted_requests(requests: Sequence[Request], turns: Sequence[TurnResult]) -> list[Request]:
    """The requests the score counts: all but those left without reply only because the
    customer wrote again before the agent answered (the next reply answers both), and a last
    message with no reply that is owed none (``owed_a_reply``, as the no_reply tip asks: a
    statement or fault report that closes the conversation, "There's no way of knowing it~", a
    closing, or a move to a private message), nor one whose reply opens as a later part of a
    thread the export lacks the start of ("@jo 2/2 ..."): whether it answered is unknown."""
    last_agent = max((t.index for t in turns if t.turn.role == "agent"), default=0)
    by_index = {t.index: t for t in turns}
    return [
        r
        for r in requests
        if (r.handling != "no_reply" or (r.turn > last_agent and owed_a_reply(by_index[r.turn])))
        and not (r.replies and opens_a_later_part(by_index[r.replies[0]].doc))
    ]


OPEN_CREDIT = 0.5
"""The most a clarification or deferral the conversation never got past earns (see
``requests.taken_up.left_open``): the request was taken up, then left half done, as a
partial answer is."""


def listening(
    counted: Sequence[Request], turns: Sequence[TurnResult] = (), said_again: bool = False
) -> int | None:
    """Active listening, from how the counted requests (``counted_requests``) were handled: the
    share answered, clarified or properly deferred (each request's expected credit; a
    clarification or deferral left open to the end at most ``OPEN_CREDIT``), less re-asks, and
    less as much again where the agent said its previous message again after the customer
    answered back (``said_again``: the ``restated`` tip's finding, ``restatement``). None
    where the customer asked for nothing."""
    if not counted:
        return None
    later = Later(turns, counted)
    credit = sum(min(r.credit, OPEN_CREDIT) if left_open(r, later) else r.credit for r in counted)
    credit -= REASK_COST * (sum(r.reask is not None for r in counted) + said_again)
    return max(0, min(100, round(100 * credit / len(counted))))


TO_RESOLVE = frozenset({"customer_negative", "escalation_request"})
"""Customer tags that leave something to resolve even when nothing was asked (a fault report,
a complaint, a request to escalate). Praise, banter or a contest entry leave nothing: there
resolution is n/a, not a 0 for a fix nobody needed."""
UNRESOLVED_CAP = 40
"""Resolution can score no higher when the customer's last word is still a complaint, or when
a request to escalate was not taken up."""


def _fix_tags(agent: Sequence[TurnResult]) -> frozenset[str]:
    """The agent's tags as resolution reads them: a turn that only sends the customer elsewhere
    ("you can dial 969112 for repair") offers no fix of its own (GUIDELINES-requests.md: a
    redirect instead of an answer), whatever its solution tag says."""
    tags: set[str] = set()
    for tr in agent:
        tags |= tr.tags - {"solution"} if _only_points_elsewhere(tr) else tr.tags
    return frozenset(tags)


def _only_points_elsewhere(tr: TurnResult) -> bool:
    """Every sentence with substance sends the customer elsewhere, or offers more help if that
    does not do ("If you have any problem afterwards, contact us again")."""
    doc = tr.doc
    if "solution" not in tr.tags or not REDIRECT.search(doc.norm):
        return False
    kinds = {(s, e): kind for s, e, kind in pointers(doc)}
    pointed = False
    for span in substantive_sentences(doc):
        if kinds.get(span) == "":
            pointed = True
        elif not FALLBACK.match(doc.norm[span[0] : span[1]]):
            return False  # a sentence of its own: an answer, a fix, a question
    return pointed


def _resolution(turns: Sequence[TurnResult], agent_tags: frozenset[str]) -> int:
    """Offered a fix (60) and said what happens next (40); confirmed by the customer: 100.
    A customer who complains again after the agent's last reply was not helped."""
    customer = [t for t in turns if t.turn.role == "customer"]
    if any("resolution_confirmed" in t.tags for t in customer[-2:]):
        return 100
    points = 0
    if "solution" in agent_tags:
        points += 60
    if "next_steps" in agent_tags:
        points += 40 if points else 50
    if not points and "clarifying_question" in agent_tags:
        points = 30
    last_agent = max(t.index for t in turns if t.turn.role == "agent")
    if customer and customer[-1].index > last_agent and "customer_negative" in customer[-1].tags:
        points = min(points, UNRESOLVED_CAP)
    if any(escalation_ignored(turns, t) for t in customer):
        points = min(points, UNRESOLVED_CAP)
    return points


def escalation_ignored(turns: Sequence[TurnResult], tr: TurnResult) -> bool:
    """A request to escalate that the next agent replies did not take up (next_steps of kind
    escalation: "I'm passing this to my supervisor; she'll call you by 5")."""
    if "escalation_request" not in tr.tags:
        return False
    replies = 0
    for t in turns[tr.index :]:  # turns[i] has index i + 1: everything after the request
        if t.turn.role != "agent":
            continue
        if any(f.tag == "next_steps" and f.kind == "escalation" for f in t.findings):
            return False
        replies += 1
        if replies == RESPONSE_WINDOW:
            break
    return replies > 0


ESCALATION_PENALTY = 0.2
RESOLVED_BONUS = 0.3
RESOLVED_FLOOR = 0.6
"""A customer who says it is solved ended well, however angry they opened: their outcome is at
least 80 before effort ("The problem was solved. Thank you!" after an angry opening read 68,
which two QA readers called marked down). On stc3-dev it moves outcome's Spearman with
satisfaction from 0.651 to 0.659 and the overall score's from 0.409 to 0.415."""
EFFORT_WORDS = 60
"""Customer words per effort step: the more a customer must write, the worse it went."""
EFFORT_STEP = 0.15


def outcome(customer: Sequence[TurnResult]) -> int | None:
    """How the conversation ended for the customer, 0-100: their sentiment at the end and on
    average (VADER with cscoach's complaint and resolution cues), resolution confirmed,
    escalation asked for, and how much they had to write (customer effort)."""
    sentiments = [t.sentiment for t in customer if t.sentiment is not None]
    if not sentiments:
        return None
    value = 0.6 * sentiments[-1] + 0.4 * sum(sentiments) / len(sentiments)
    if any("resolution_confirmed" in t.tags for t in customer[-2:]):
        value = max(value + RESOLVED_BONUS, RESOLVED_FLOOR)
    if any("escalation_request" in t.tags for t in customer):
        value -= ESCALATION_PENALTY
    words = sum(len(t.doc.text.split()) for t in customer)
    value -= EFFORT_STEP * math.log1p(words / EFFORT_WORDS)
    return max(0, min(100, round(50 + 50 * value)))
