"""Was a request taken up after all? The checks that keep an ``unanswered_question`` tip from
saying something false: the reply took the question up in its own way (its words, an answer
form, the kind of answer asked for, a fragment), or "did not answer" is moot (the agent answered
in their next reply, the customer said the trouble is over or went on with the reply's words,
the customer asked to escalate, or spoke of self-harm)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..doc import Doc, content_of
from ..model import Request, TurnResult
from ..text import STOPWORDS
from .asks import SELF_HARM, WH_QUESTION, settles
from .cues import PRIVATE_CHANNEL, answers_in_kind, reply_cues, substantive_sentences

ENGAGES = frozenset({"answer_form", "steps", "defer"})
"""Reply cues that take a request up even where the model reads it as missed."""


def engages(
    request: Request, by_index: Mapping[int, TurnResult], replies: Sequence[TurnResult]
) -> bool:
    """The reply takes the question up in its own words (a content word of the ask), in
    answer form, with the kind of answer it wants (a time for "how long"), or with a promise
    to come back to it ("the team will check and reply"): then "did not answer" would
    overstate a thin answer, and "say when you will" is what it did."""
    doc = by_index[request.turn].doc
    asked = doc.content_in(request.start, request.end) - STOPWORDS
    if asked & content_of(t.doc for t in replies):
        return True
    joined = Doc.join([t.doc for t in replies])
    cues = reply_cues(joined)
    asked_text = doc.norm[request.start : request.end]
    return (
        bool(cues & ENGAGES)
        or answers_in_kind(asked_text, cues)
        or fragment_answer(asked_text, joined, cues)
    )


FRAGMENT_WORDS = (2, 6)
"""A reply of this many words, after a wh-question, can be the answer itself ("Economics and
Geography" to "What are you studying?")."""


_CLAUSE = frozenset(
    {"we", "i", "you", "it", "they", "he", "she", "this", "that", "there", "our", "your", "my"}
)
"""A reply that opens with one of these is a sentence of its own ("We value you."), not a
fragment that fills the question's gap."""


_COURTESY = frozenset({"thanks", "thank", "hi", "hello", "hey", "dear", "ok", "okay", "sure", "so"})
"""Words a reply may open with before its first real word ("Thanks, we value ...")."""


def fragment_answer(asked: str, reply: Doc, cues: set[str]) -> bool:
    """A short reply to a wh-question that is no sentence of its own, neither asks back nor
    only greets or thanks: a fragment answer ("At least a year."), whatever words it shares
    with the question."""
    low, high = FRAGMENT_WORDS
    substantive = substantive_sentences(reply)
    if not WH_QUESTION.match(asked) or cues & {"asks", "pleasantry_only"} or not substantive:
        return False
    start, end = substantive[0]
    words = [w for w in re.findall(r"[\w']+", reply.norm[start:end]) if w not in _COURTESY]
    return low <= len(reply.words) <= high and bool(words) and words[0] not in _CLAUSE


def moot(request: Request, turns: Sequence[TurnResult], by_index: Mapping[int, TurnResult]) -> bool:
    """Saying "did not answer" would be wrong or harmful: an escalation request (its own tip
    says whether it was taken up), a customer speaking of self-harm (a safety check is owed, not
    an answer), an answer in the agent's next reply (messages crossed), or a customer who then
    says the trouble is over or goes on with the reply's words."""
    customer = by_index[request.turn]
    if _escalation(customer) or SELF_HARM.search(customer.doc.norm):
        return True
    back = next_turn(turns, max(request.replies, default=request.turn), "customer")
    if back is None:
        return False
    return _answered_next(request, back, turns, by_index) or _taken_up(request, back, by_index)


def next_turn(turns: Sequence[TurnResult], after: int, role: str) -> TurnResult | None:
    """The first turn of ``role`` after turn ``after`` (None when there is none)."""
    return next((t for t in turns if t.index > after and t.turn.role == role), None)


def _answered_next(
    request: Request,
    back: TurnResult,
    turns: Sequence[TurnResult],
    by_index: Mapping[int, TurnResult],
) -> bool:
    """The agent's next reply, after the customer's next turn (``back``), takes the request
    up."""
    following = []
    for t in turns[back.index :]:  # turns[i] has index i + 1: everything after ``back``
        if t.turn.role == "customer":
            break
        if t.turn.role == "agent":
            following.append(t)
    return bool(following) and engages(request, by_index, following)


TAKEN_UP = 2
"""Content words of the reply (not of the request) that the customer's next turn must share to
show they took up what the agent said."""


def _taken_up(request: Request, back: TurnResult, by_index: Mapping[int, TurnResult]) -> bool:
    """The customer's next turn after the reply (``back``) says the trouble is over ("All the
    problems have been solved!"), or goes on with the reply's own words (``TAKEN_UP``): "did
    not answer" is moot, or doubtful, by then."""
    if settles(back.doc):
        return True
    said = content_of(by_index[i].doc for i in request.replies) - STOPWORDS
    taken = (back.doc.content - STOPWORDS - by_index[request.turn].doc.content) & said
    return len(taken) >= TAKEN_UP


def _escalation(customer: TurnResult) -> bool:
    """An escalation request: its own tip (behaviours.escalation) says whether it was taken up."""
    return "escalation_request" in customer.tags


TO_PRIVATE = re.compile(rf"\b(?:{PRIVATE_CHANNEL.pattern})\b")
"""The customer moves the talk to a private message ("I have sent you a DM")."""
GOT_PAST = frozenset({"solution", "next_steps", "escalation_offer"})
"""Tags of a later agent turn that offers a fix or says what happens next."""
GOT_PAST_CUES = frozenset({"steps", "answer_form", "time", "reason"})
"""Reply cues of a later agent turn that answers, explains or gives a time."""


def left_open(request: Request, turns: Sequence[TurnResult], requests: Sequence[Request]) -> bool:
    """A clarification or a deferral the conversation never got past: the customer wrote again
    after it, and no later agent turn offered a fix, said what happens next, explained, gave a
    time or answered a later request ("please send your number" and "our staff are handling
    it", again and again, to a customer who keeps writing). Not where the customer moved to a
    private message or said the trouble is over: the rest happened out of sight."""
    if request.handling not in ("clarify", "deferred") or not request.replies:
        return False
    later = [t for t in turns if t.index > max(request.replies)]
    customer = [t for t in later if t.turn.role == "customer"]
    if not customer or any(settles(t.doc) or TO_PRIVATE.search(t.doc.norm) for t in customer):
        return False
    if any(r.turn > request.turn and r.handling == "answered" for r in requests):
        return False
    agent = [t for t in later if t.turn.role == "agent"]
    return not any(GOT_PAST & set(t.tags) or reply_cues(t.doc) & GOT_PAST_CUES for t in agent)
