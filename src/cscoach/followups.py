"""A promise to come back with no time to it: "They will contact you later", "We'll let you
know". QA leads raise it whenever a reply defers a customer's request with a promise to come
back: the customer is left not knowing when to expect anything, and writes again. The tip names the request and quotes the promise; it offers no
rewrite, since only the agent knows the time they can keep.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import Request, Said, Tip, TurnResult
from .quotes import clipped
from .requests.tips import EXPLICIT

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
    r"\b(?:contact|call|ring|get back|reply|respond|update|notify|inform|let you know|"
    r"reach out|be in touch|follow up with you|keep you (?:posted|updated|informed)|"
    r"hear (?:back )?from|(?:send|email|e-mail|message|text) you|feed ?back to you|"
    r"come back to you|return (?:your|the) call)\b",
    re.IGNORECASE,
)
"""A promise to come back to the customer. Passing the matter on ("I'll report it to the
product department", "we have recorded it") is not one: the customer was not told they would
hear anything, so asking for a time to hear back misses the point."""


def follow_up_tips(turns: Sequence[TurnResult], requests: Sequence[Request]) -> list[Tip]:
    """One tip per reply that deferred a customer's request with a promise (next_steps) but no
    time frame, unless a later agent turn gives one."""
    by_index = {t.index: t for t in turns}
    agent = [t for t in turns if t.turn.role == "agent"]
    out: list[Tip] = []
    coached: set[int] = set()
    for request in requests:
        if request.handling != "deferred" or not request.sure or request.kind not in EXPLICIT:
            continue
        if SUGGESTION.search(by_index[request.turn].doc.text):
            continue
        replies = [by_index[i] for i in request.replies]
        promise = next((t for t in replies if COMES_BACK.search(_promise(t) or "")), None)
        if promise is None or promise.index in coached:
            continue
        if any(TIME_FRAME.search(t.doc.text) for t in agent if t.index >= promise.index):
            continue
        coached.add(promise.index)
        out.append(
            Tip(
                tag="follow_up",
                turn=promise.index,
                quote=_promise(promise) or "",
                tip=f"turn {promise.index} promises to come back on the request at turn "
                f"{request.turn} but not when; tell the customer when they will hear back (a "
                "day or a number of hours you can keep), so they need not chase it.",
                priority=PRIORITY,
                context=Said(request.turn, clipped(request.asks)),
            )
        )
    return out


def _promise(tr: TurnResult) -> str | None:
    """The sentence of the turn that says what will happen next, as written."""
    finding = next((f for f in tr.findings if f.tag == "next_steps"), None)
    if finding is None:
        return None
    text = tr.doc.text
    start, end = next(
        ((s, e) for s, e in tr.doc.spans if s <= finding.start < e), (finding.start, finding.end)
    )
    return clipped(text[start:end])
