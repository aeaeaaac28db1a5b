"""A channel the agent points to that the customer says they already used: "call 10000" after
"I called 10000 twice", "please submit a ticket" after "I opened a ticket a month ago". QA-lead
reads raise it wherever it happens (sent back to what already failed); the redirect tip names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import TurnResult
from ..quotes import own_words

_DID = r"\b(?:i|we)(?:'ve| have| had)?(?: already| also| just| even)? "
"""The customer's own past act ("I called", "we have already emailed"): not "I will call", not
"I haven't called"."""

CHANNELS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "the phone line",
        re.compile(r"\b(?:call|dial|ring|phone)\b|\b(?:hot|help)line\b"),
        re.compile(_DID + r"(?:called|phoned|rang|rung|dialed|dialled)\b"),
    ),
    (
        "a request or ticket",
        re.compile(r"\b(?:ticket|case|request|form)\b"),
        re.compile(
            _DID + r"(?:submitted|opened|filed|raised|created|made|sent|logged|lodged) (?:a |an "
            r"|the |my |our |several |multiple |\d+ )?(?:support )?(?:tickets?|cases?|requests?|"
            r"forms?)\b|\b(?:ticket|case) (?:number|no|#)"
        ),
    ),
    (
        "email",
        re.compile(r"\be-?mail\b"),
        re.compile(_DID + r"(?:e-?mailed|sent (?:\w+ ){0,2}?e-?mails?)\b"),
    ),
    (
        "support",
        re.compile(r"\b(?:support|customer (?:service|care))\b"),
        re.compile(
            _DID + r"(?:contacted|reached out to|spoken? (?:to|with)|talked to|chatted with) "
            r"(?:\w+ ){0,3}?(?:support|customer (?:service|care)|team|agents?|staff)\b"
        ),
    ),
)
"""Each channel: what the agent's pointer sentence names, and how a customer says they used it."""


@dataclass(frozen=True, slots=True)
class TriedChannel:
    """The channel a pointer names, and the customer's words that say they already used it."""

    channel: str
    turn: int
    said: str


def tried_channel(pointer: str, customer: Sequence[TurnResult]) -> TriedChannel | None:
    """Where the customer turns (``customer``, latest last) say they already used the channel
    the pointer sentence (lowercased, straight apostrophes) names: the latest such sentence."""
    for channel, points, used in CHANNELS:
        if not points.search(pointer):
            continue
        for tr in reversed(customer):
            norm = tr.doc.norm
            for start, end in reversed(tr.doc.spans):
                if used.search(norm, start, end):
                    return TriedChannel(channel, tr.index, own_words(tr.doc.text[start:end]))
    return None
