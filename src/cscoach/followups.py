"""A promise to come back with no time to it: "They will contact you later", "We'll let you
know", "Please wait patiently". QA leads raise it whenever a reply defers a customer's request,
or asks for their details, with a promise to come back: the customer is left not knowing when
to expect anything, and writes again. The tip names the request and quotes the promise; it
offers no rewrite, since only the agent knows the time they can keep.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Request, Said, Tip, TurnResult
from .quotes import MAX_QUOTE, clipped, quoted
from .requests.asks import find_asks
from .requests.taken_up import next_turn
from .requests.tips import EXPLICIT
from .upset import upset_by_rules

PRIORITY = 45

TIME_FRAME = re.compile(
    r"\b(?:today|tonight|tomorrow|(?:this|next) (?:morning|afternoon|evening|week|month|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:on|by|before|until) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"the end of|end of|close of|\d)|"
    r"within|\d+\s*(?:-\s*\d+\s*)?(?:minutes?|mins?|hours?|hrs?|days?|working days|business "
    r"days|weeks?)|(?:one|two|three|four|five|six|seven|ten|twenty[- ]four|forty[- ]eight|"
    r"a few|a couple of) (?:minutes?|hours?|days?|working days|business days|weeks?)|"
    r"\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)|end of (?:the )?(?:day|week))\b",
    re.IGNORECASE,
)
"""A time the customer can hold the agent to: a day, a date, a clock time, a span of hours or
days. "Soon", "later" and "as soon as possible" are not one."""

SUGGESTION = re.compile(
    r"\b(?:suggest(?:ion)?s?|my advice|it would be (?:nice|better|great|good)|why not (?:add|"
    r"make|let)|(?:please|could you|can you|hope you (?:can|could|will)) (?:add|improve|"
    r"consider|change|optimi[sz]e)|feature request)\b",
    re.IGNORECASE,
)
"""A customer who suggests a change is owed thanks and a word that it was passed on, not a
date: a product team's plans have none to give."""

COMES_BACK = re.compile(
    r"\b(?:(?<!the )(?<!a )(?<!any )(?<!this )(?<!that )(?<!sorry to )(?<!sorry for )"
    r"(?:contact|call|ring|update|notify|inform|email|e-mail|message|text|send|reply|respond) "
    r"(?:with |to )?you(?![\w'’])(?! late\b)|"
    r"(?:get back|reach out|feed ?back|come back|be in touch|speak) to you(?![\w'’])|"
    r"stay tuned|pay attention to (?:our|the|their) (?:reply|call|feedback|message|notice)|"
    r"let you know|be in touch|follow up with you|keep you (?:posted|updated|informed)|"
    r"hear (?:back )?from (?!you\b)|call (?:from|back)|return (?:your|the) call|"
    r"(?:be|get) (?:contacted|called|notified|informed|updated)|"
    r"receive (?:a|an|our|the|their) (?:call|reply|response|e-?mail|message|update|notification)|"
    r"wait (?:patiently|for (?:our|the|a|their|my) (?:reply|call|notice|update|response|"
    r"feedback|result|message)))",
    re.IGNORECASE,
)
"""A promise to come back to the customer, or an ask to wait for it ("please wait patiently":
the customer is told something will come). Not a noun with "you" after it ("the call you
answered"), nor an apology for a late reply ("sorry to reply you late"). Passing the matter on ("I'll report it to the
product department", "we have recorded it") is not one: the customer was not told they would
hear anything, so asking for a time to hear back misses the point."""

OWED_A_TIME = EXPLICIT | {"problem"}
"""Requests a promise to come back owes a time: a question or an explicit request, and a fault
report that wants help ("The broadband has not worked for three days"): "they will contact you
later" leaves that customer as unsure when as any other."""

PROMISED = frozenset({"deferred", "clarify"})
"""Handlings after which a promise to come back can be owed a time: deferred ("they will
contact you"), or clarified ("send us your number and they will call you later"; "I have
passed it on, keep an eye on our call" once the number came)."""


def follow_up_tips(turns: Sequence[TurnResult], requests: Sequence[Request]) -> list[Tip]:
    """One tip per reply that deferred a customer's request, or asked for details, with a
    promise to come back (next_steps) but no time frame, unless a later agent turn gives one.
    After a request for details, the reply to the details the customer sent counts too (and,
    while the agent only asks for more, the reply to the next details)."""
    by_index = {t.index: t for t in turns}
    agent = [t for t in turns if t.turn.role == "agent"]
    out: list[Tip] = []
    coached: set[int] = set()
    for request in reversed(requests):  # a promise is coached on the latest request it follows
        if request.handling not in PROMISED or not request.sure or request.kind not in OWED_A_TIME:
            continue
        customer = by_index[request.turn]
        if SUGGESTION.search(customer.doc.text):
            continue
        replies = [by_index[i] for i in request.replies]
        if request.handling == "clarify" and replies:
            replies += _reply_to_details(turns, replies[-1].index)
        found = next(((t, p) for t in replies if (p := _promise(t)) is not None), None)
        if found is None or found[0].index in coached:
            continue
        promise, (quote, said_at) = found
        if any(f.tag == "solution" and f.start >= said_at for f in promise.findings):
            continue  # the turn goes on to give the fix: messages run together, promise kept
        if any(TIME_FRAME.search(t.doc.text) for t in agent if t.index >= promise.index):
            continue
        coached.add(promise.index)
        asked = _to_be_done(customer, request)
        out.append(
            Tip(
                tag="follow_up",
                turn=promise.index,
                quote=quote,
                tip=f"turn {promise.index} promises to come back on the request at turn "
                f"{request.turn} but not when; tell the customer when they will hear back (a "
                "day or a number of hours you can keep), so they need not chase it.",
                priority=PRIORITY,
                context=Said(request.turn, clipped(asked)) if asked else None,
            )
        )
    return out[::-1]


def _reply_to_details(turns: Sequence[TurnResult], asked: int) -> list[TurnResult]:
    """The agent turns that answer the details the customer sent after turn ``asked``, round
    after round while each reply only asks for more ("Which version?", then "Your location?",
    then "Message us your number and we will get back to you"), up to ``DETAIL_ROUNDS``."""
    out: list[TurnResult] = []
    for _ in range(DETAIL_ROUNDS):
        back = next_turn(turns, asked, "customer")
        if back is None:
            break
        following = []
        for t in turns[back.index :]:  # turns[i] has index i + 1: everything after ``back``
            if t.turn.role == "customer":
                break
            following.append(t)
        replies = [t for t in following if t.turn.role == "agent"]
        out += replies
        if not replies or not all(_only_asks(t) for t in replies):
            break
        asked = replies[-1].index
    return out


DETAIL_ROUNDS = 3
"""Rounds of "send us this" and the customer's answer followed to the reply that promises."""


def _only_asks(tr: TurnResult) -> bool:
    """The turn asks the customer for more and promises nothing: the talk goes on."""
    return "clarifying_question" in tr.tags and _promise(tr) is None


def _promise(tr: TurnResult) -> tuple[str, int] | None:
    """Where the turn promises to come back (``COMES_BACK``), as written, and where its sentence
    ends: the sentence, or in a long sentence the clause that holds it ("…broadband number and
    we will reply to you soon."). A question promises nothing ("Can you be contacted on
    186****0071?")."""
    text = tr.doc.text
    for start, end in tr.doc.spans:
        if text[start:end].rstrip().endswith(("?", "？")):
            continue
        for m in COMES_BACK.finditer(text, start, end):
            if _DESCRIBES.search(text, max(start, m.start() - 40), m.start()):
                continue
            if end - start <= MAX_QUOTE:
                return quoted(text, start, end), end
            clause = max([start, *(b.end() for b in _CLAUSE.finditer(text, start, m.start()))])
            if m.end() - clause >= MAX_QUOTE:  # no clause break near it: a few words before
                clause = text.find(" ", m.start() - _LEAD_IN, m.start()) + 1 or m.start()
            return ("…" if clause > start else "") + clipped(text[clause:end]), end
    return None


_CLAUSE = re.compile(r"[,;:]\s+")
"""Where a clause of a long sentence begins."""
_LEAD_IN = 60
"""Characters quoted before a promise that sits deep in a long clause."""


def _to_be_done(customer: TurnResult, request: Request) -> str | None:
    """What the customer asked to have done, which the promise defers: their first request
    ("Please handle the issue as soon as possible"), else the fault they reported in words,
    else, from a calm customer, the question the request quotes ("Can you check where it
    is?"). A fault only the request model read is not quoted (its first sentence, "Uh-huh.",
    need not be it); nor, from an upset customer, a question beside the case, often a jab ("Is
    it the answering machine?", "Are you playing me?"): the tip names the turn without quoting
    it (None)."""
    asks = find_asks(customer.doc, upset_by_rules(customer))
    wanted = ("request", "problem") if request.kind == "problem" else ("request",)
    chosen = next((a for kind in wanted for a in asks if a.kind == kind), None)
    if chosen is not None:
        return customer.doc.text[chosen.start : chosen.end].strip()
    return None if customer.upset or request.kind == "problem" else request.asks


_DESCRIBES = re.compile(
    r"\b(?:which|whom) (?:we|they|i|our \w+) (?:can|could|may) $", re.IGNORECASE
)
"""A relative clause before the verb describes a detail, it promises nothing: "the phone number
through which we can contact you"."""
