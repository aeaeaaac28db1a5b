"""An agent turn that says the agent's previous message again, in other words or the same,
after the customer answered back: was upset ("You had my number."), or asked a question the
reply did not answer. QA-lead reads of the lowest-scored conversations raised it more than
anything else: the same ask for details, the same "staff are handling it", the same "call
10010", whatever the customer wrote. The ``restated`` tip says so, and active listening counts
it as a request heard and not taken up (``scoring.listening``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .doc import Doc
from .model import Request, TurnResult

MIN_RESTATED_WORDS = 4
"""Content words a reply needs before it can restate anything ("Thank you!" restates nothing)."""
RESTATED_NEW = 1 / 3
"""The most of a reply's content words that may be new for it to say an earlier message again."""


@dataclass(frozen=True, slots=True)
class Restatement:
    """The agent turn that said its previous message again, that message, and the customer
    turn it passed over (with the request that turn made, if any)."""

    turn: TurnResult
    earlier: TurnResult
    customer: TurnResult
    request: Request | None


def find_restatement(
    turns: Sequence[TurnResult], requests: Sequence[Request]
) -> Restatement | None:
    """The first agent turn that says the agent's previous message again after the customer
    answered back. A question asked again is left alone (the customer had not answered it),
    and so is a reply that answers the request in between."""
    asked = {r.turn: r for r in requests}
    earlier: TurnResult | None = None
    for tr in turns:
        if tr.turn.role != "agent":
            continue
        mine = tr.doc.content
        if (
            earlier is not None
            and len(mine) >= MIN_RESTATED_WORDS
            and not tr.doc.text.rstrip().endswith("?")
            and _says_again(mine, earlier.doc.content)
            and not _says_again(mine, _conditional_content(earlier.doc))
        ):
            between = [t for t in turns[earlier.index : tr.index - 1] if t.turn.role == "customer"]
            pushed = [t for t in between if _answered_back(t, asked.get(t.index), tr.index)]
            if pushed and not any(_answered_by(asked.get(t.index), tr.index) for t in between):
                return Restatement(tr, earlier, pushed[-1], asked.get(pushed[-1].index))
        earlier = tr
    return None


def _says_again(mine: frozenset[str], earlier: frozenset[str]) -> bool:
    return len(mine - earlier) <= RESTATED_NEW * len(mine)


_CONDITIONAL = re.compile(
    r"\b(?:(?:if|in case) (?:it|this|that|the (?:problem|issue|fault|error)|you still|still)|"
    r"otherwise)\b"
)
"""A branch that waits on the outcome ("If it still fails", "Otherwise"), not a courtesy ("If
convenient, tell us", "If you need help")."""


def _conditional_content(doc: Doc) -> frozenset[str]:
    """The content words of the message from its first conditional sentence on ("If it can't
    be read, submit an after-sales request. Our staff will contact you."): a reply that takes
    that branch once the customer says it still fails follows through; it does not repeat
    itself."""
    for start, _, text in doc.sentences():
        if _CONDITIONAL.search(text.lower()):
            return doc.content_in(start, len(doc.text))
    return frozenset()


def _answered_back(customer: TurnResult, request: Request | None, reply: int) -> bool:
    """The customer turn was upset, or asked a question this reply had to answer (a fault
    report, "Here is the screenshot" or "Please fix it soon" is fairly met by the same next
    step)."""
    if customer.upset:
        return True
    return request is not None and request.kind == "question" and reply in request.replies


def _answered_by(request: Request | None, reply: int) -> bool:
    return request is not None and reply in request.replies and request.handling == "answered"
