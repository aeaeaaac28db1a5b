"""Was a request taken up after all? The checks that keep an ``unanswered_question`` tip from
saying something false: the reply took the question up in its own way (its words, an answer
form, the kind of answer asked for, a fragment), or "did not answer" is moot (the agent answered
in their next reply, the customer said the trouble is over or went on with the reply's words,
the customer asked to escalate, or spoke of self-harm)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import islice

from ..doc import Doc, content_of
from ..model import Request, TurnResult
from ..text import STOPWORDS
from .asks import SELF_HARM, WH_QUESTION, Ask, find_asks, owes_reply, settles
from .cues import (
    ASKED_BEFORE,
    PRIVATE_CHANNEL,
    SAYS_UNANSWERED,
    answers_in_kind,
    reply_cues,
    substantive_sentences,
)

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


ASKED_AGAIN_WORDS = 2
"""Content words of the request a later question must repeat to ask it again."""


def asked_again(
    request: Request, turns: Sequence[TurnResult], by_index: Mapping[int, TurnResult]
) -> bool:
    """The customer's next turn after the reply asks the same again: it says so ("That's not
    an answer", "I asked about my balance"), repeats the same words ("Do only I have the
    problem?" twice), or asks a question with at least ``ASKED_AGAIN_WORDS`` content words of
    the request."""
    back = next_turn(turns, max(request.replies, default=request.turn), "customer")
    if back is None:
        return False
    if SAYS_UNANSWERED.search(back.doc.norm) or ASKED_BEFORE.search(back.doc.norm):
        return True
    if "?" not in back.doc.text:
        return False
    customer = by_index[request.turn].doc
    if customer.norm[request.start : request.end].strip() in back.doc.norm:
        return True
    asked = customer.content_in(request.start, request.end) - STOPWORDS
    return len(asked & back.doc.content) >= ASKED_AGAIN_WORDS


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
    """The first turn of ``role`` after turn ``after`` (None when there is none): found by
    bisection, then a walk to the next turn of that role, not a scan from the start (a
    conversation of many requests asks this once per request)."""
    start = bisect_right(turns, after, key=_index)
    return next((t for t in islice(turns, start, None) if t.turn.role == role), None)


def _index(tr: TurnResult) -> int:
    return tr.index


class Later:
    """What comes after each turn of one conversation, worked out once: whether a later
    customer turn exists, settles the matter or moves to a private message, whether a later
    agent turn offered a fix or a next step or holds given reply cues (``got_past_after``),
    and the turn of the last request handled a given way. Per-request checks read these
    instead of scanning the rest of the conversation again, so a conversation of many requests
    stays linear. Each flag is built on first use."""

    def __init__(self, turns: Sequence[TurnResult], requests: Sequence[Request]) -> None:
        self.turns = turns
        self.requests = requests
        self._flags: dict[str, list[bool]] = {}
        self._cues: dict[int, frozenset[str]] = {}
        self._last: dict[frozenset[str], int] = {}
        self.runs: dict[int, tuple[TurnResult | None, TurnResult | None]] = {}
        """For a customer turn in a run of question and answer, the run's last agent question
        (None when the agent asked nothing after it) and the customer turn after that."""

    def cues(self, tr: TurnResult) -> frozenset[str]:
        """The turn's own reply cues (``reply_cues``), computed once."""
        if tr.index not in self._cues:
            self._cues[tr.index] = frozenset(reply_cues(tr.doc))
        return self._cues[tr.index]

    def any_after(self, index: int, name: str, test: Callable[[TurnResult], bool]) -> bool:
        """Whether a turn after turn ``index`` passes ``test``, which ``name`` names: built
        once per conversation, from the end."""
        flags = self._flags.get(name)
        if flags is None:
            flags = [False] * (len(self.turns) + 1)
            for i in range(len(self.turns) - 1, -1, -1):
                flags[i] = flags[i + 1] or test(self.turns[i])
            self._flags[name] = flags
        return flags[bisect_right(self.turns, index, key=_index)]

    def customer_after(self, index: int) -> bool:
        return self.any_after(index, "customer", _is_customer)

    def settled_after(self, index: int, or_private: bool) -> bool:
        """A later customer turn says the trouble is over (or, ``or_private``, moves the talk to
        a private message)."""
        if or_private:
            return self.any_after(index, "settles_or_private", _settles_or_private)
        return self.any_after(index, "settles", _settles)

    def got_past_after(self, index: int, cues: frozenset[str]) -> bool:
        """A later agent turn offers a fix or says what happens next (``GOT_PAST``), or holds
        one of ``cues``."""
        return self.any_after(
            index,
            f"got_past:{','.join(sorted(cues))}",
            lambda t: t.turn.role == "agent" and bool(GOT_PAST & t.tags or self.cues(t) & cues),
        )

    def last_request(self, handlings: frozenset[str]) -> int:
        """The turn of the last request handled one of these ways (0 when none)."""
        if handlings not in self._last:
            self._last[handlings] = max(
                (r.turn for r in self.requests if r.handling in handlings), default=0
            )
        return self._last[handlings]


def _is_customer(tr: TurnResult) -> bool:
    return tr.turn.role == "customer"


def _settles(tr: TurnResult) -> bool:
    return tr.turn.role == "customer" and settles(tr.doc)


def _settles_or_private(tr: TurnResult) -> bool:
    return _settles(tr) or (tr.turn.role == "customer" and bool(TO_PRIVATE.search(tr.doc.norm)))


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


TO_PRIVATE = re.compile(rf"\b(?:{PRIVATE_CHANNEL.pattern})s?\b")
"""The customer moves the talk to a private message ("I have sent you a DM")."""
GOT_PAST = frozenset({"solution", "next_steps", "escalation_offer"})
"""Tags of a later agent turn that offers a fix or says what happens next."""
GOT_PAST_CUES = frozenset({"steps", "answer_form", "time", "reason"})
"""Reply cues of a later agent turn that answers, explains or gives a time."""


def left_open(request: Request, later: Later) -> bool:
    """A clarification or a deferral the conversation never got past: the customer wrote again
    after it, and no later agent turn offered a fix, said what happens next, explained, gave a
    time or answered a later request ("please send your number" and "our staff are handling
    it", again and again, to a customer who keeps writing). Not where the customer moved to a
    private message or said the trouble is over: the rest happened out of sight. ``later``
    holds the conversation's turns and requests."""
    if request.handling not in ("clarify", "deferred") or not request.replies:
        return False
    last_reply = max(request.replies)
    if not later.customer_after(last_reply) or later.settled_after(last_reply, or_private=True):
        return False
    if later.last_request(ANSWERED) > request.turn:
        return False
    return not later.got_past_after(last_reply, GOT_PAST_CUES)


ANSWERED = frozenset({"answered"})


def owed_a_reply(customer: TurnResult) -> bool:
    """A customer's turn that no agent turn followed is owed one: it asks for something still
    to do (``owes_reply``: not a closing such as "Done, thank you", nor a plea in banter such
    as "pick me~"), and not only to move the talk to a private message. The no_reply tip and
    the score ask the same question."""
    return owes_reply(customer.doc, _asks(customer)) and not moved_to_private(customer)


def _asks(customer: TurnResult) -> tuple[Ask, ...]:
    return find_asks(customer.doc, customer.upset)


SHORT_ASK = 3
"""Words of a bare request that leans on what the turn says beside it ("Please check.")."""


def moved_to_private(customer: TurnResult) -> bool:
    """The customer's turn only asks the agent to take the talk to a private message ("I have
    sent you a private message. Please check.", "Please see my DM", "Send me a private
    message"): the answer goes there, out of the export's sight, so no tip can say it was
    missing; a question asked in public ("Have you read my private message?") is still owed
    a public answer. The clarifying tip reads such a turn the same way."""
    doc = customer.doc
    if not TO_PRIVATE.search(doc.norm):
        return False
    asks = [a for a in _asks(customer) if a.kind in ("question", "request")]
    return bool(asks) and all(
        a.kind == "request"
        and (
            TO_PRIVATE.search(doc.norm, a.start, a.end)
            or len(doc.norm[a.start : a.end].split()) <= SHORT_ASK
        )
        for a in asks
    )
