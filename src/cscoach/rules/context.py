"""Contextual checks: behaviours that need the conversation, not just the turn's own words."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from ..doc import Doc, content_of
from ..model import Conversation, Finding
from ..text import stem
from .tone import exasperated

NEGATIVE_SENTIMENT = -0.4
"""A customer turn at or below this VADER compound score counts as negative."""

_NOT_NAMES = frozenset(
    """there team all everyone everybody folks again sir madam maam friend friends guys user
    customer valued member members dear hello hi hey thanks thank sorry yes no ok okay
    please unfortunately currently hopefully welcome good great happy sure well oh ah so we
    you i it this that the our your they he she there's here's let's just also today
    tomorrow morning afternoon evening congrats congratulations apologies sadly indeed
    absolutely certainly glad nice awesome perfect right correct understood noted kindly
    note hope hmm wow mate buddy pal love hum hmm huh ah oh um uh yep nope alright""".split()
)
_GREETING_NAME = re.compile(
    r"(?:^|[.!?]\s+)\s*(?i:hi|hello|hey|dear|thanks|thank you|morning|evening|afternoon|"
    r"good (?:morning|afternoon|evening)|congrats|congratulations|welcome)"
    r"(?:\s+(?i:again|there))?,?\s+([A-Z][a-z]{1,20})(?=\s*[,.!?:;)-]|\s*$)"
)
_TRAILING_NAME = re.compile(r"[,]\s*([A-Z][a-z]{1,20})\s*[.!?]")
_LEADING_NAME = re.compile(r"^\s*([A-Z][a-z]{1,20}),\s")
_NAME_WORD = re.compile(r"\b[A-Z][a-z]{1,20}\b")
"""The shape of a usable first name (see ``first_name``)."""
_MENTIONED_NAME = re.compile(r"(?<=@)[A-Z][a-z]{1,20}\b")
_NUMBER = re.compile(r"\b[A-Z]*\d[\w-]{2,}\b")


def personalization(
    doc: Doc, customer_names: Iterable[str], mentions_are_names: bool = False
) -> Finding | None:
    """The agent addresses the customer by name (a known name, or "Hi Name" / ", Name.").
    With ``mentions_are_names`` (Slack, Teams: "@Maya Lindqvist" is a display name), an
    @mention of the customer's name counts too; a Twitter @handle never does."""
    text, masked = doc.text, doc.masked
    names = frozenset(customer_names)
    if names:
        # One scan for name-shaped words, then a set lookup: linear however many names.
        known = (m for m in _NAME_WORD.finditer(masked) if m.group() in names)
        if mentions_are_names:
            mentions = (m for m in _MENTIONED_NAME.finditer(text) if m.group() in names)
            known = itertools.chain(known, mentions)
        if (m := next(known, None)) is not None:
            return _name_finding(text, m.start(), m.end(), "known_name")
    for pattern in (_GREETING_NAME, _LEADING_NAME, _TRAILING_NAME):
        for m in pattern.finditer(masked):
            if m.group(1).lower() not in _NOT_NAMES:
                return _name_finding(text, m.start(1), m.end(1), "name")
    return None


def _name_finding(text: str, start: int, end: int, kind: str) -> Finding:
    return _span(
        text, start, end, "personalization", kind, "context.name", "Addressed the customer by name."
    )


def _span(text: str, start: int, end: int, tag: str, kind: str, rule: str, message: str) -> Finding:
    """A contextual finding over ``text[start:end]``."""
    return Finding(
        tag=tag, kind=kind, rule=rule, text=text[start:end], start=start, end=end, message=message
    )


ROLE_LABELS = frozenset(
    """customer client user agent support guest visitor end caller human speaker participant
    unknown member buyer requester contact lead anonymous operator representative rep system
    bot assistant virtual automated""".split()
)
"""Labels exports use for a role, never a person's name ("End" from END_USER: not "Hi End")."""


HANDLE_CHANNELS = frozenset({"twitter"})
"""Channels whose speaker labels are @handles: a handle is not a name (see GUIDELINES)."""
MENTION_CHANNELS = frozenset({"slack", "teams"})
"""Channels where "@Maya Lindqvist" is a display name: mentioning it addresses the person."""


def customer_names(conversation: Conversation) -> tuple[str, ...]:
    """The customer's usable first names, from speaker labels (none on handle channels)."""
    if conversation.channel in HANDLE_CHANNELS:
        return ()
    found = (first_name(t.speaker) for t in conversation.turns if t.role == "customer")
    return tuple(sorted({name for name in found if name}))


def first_name(speaker: str | None) -> str | None:
    """A usable first name from a speaker label ("Dana Whitfield" -> "Dana"), if it is one."""
    if not speaker or speaker.startswith("@"):
        return None
    parts = speaker.split()
    if not parts:
        return None  # only whitespace (a NEL, say)
    first = parts[0]
    if not _NAME_WORD.fullmatch(first) or first.lower() in _NOT_NAMES:
        return None
    if first.lower() in ROLE_LABELS:
        return None
    return first


MIN_SHARED_IN_QUESTION = 2
MIN_SHARED_IN_CLOSED_QUESTION = 1
_CLOSED_QUESTION = re.compile(
    r"^\W*(?:(?:hi|hello|hey|ok|okay|so|and|also|sorry|thanks|dear)\W+)*(?:is|are|was|were|do|does|did|"
    r"have|has|had|isn't|aren't|doesn't|don't|didn't|haven't|hasn't|"
    r"(?:so,? )?(?:you|you're|you've|your|he|she|they|it's|that's))\b",
    re.IGNORECASE,
)
MIN_SHARED_IN_ACKNOWLEDGEMENT = 1
_ACKNOWLEDGES = re.compile(
    r"\b(?:hear|heard|seeing|(?:i|we)(?: can| do| now| already)? (?:see|know|understand|notice)|"
    r"sounds? like|looks? like|appears?|seems?|"
    r"congrat\w*|important to|sorry (?:that|about)|relate to|resonate with|"
    r"(?:check|look into|find out|investigate) (?:why|whether|if|what|how))\b"
    r"[^.?!]{0,30}\b(?:that |about |with )?(?:the|your|this|you|a)\b|"
    r"\b(?:about|regarding|concerning|as for) your\b|\bimportant to (?:us|me)\b",
    re.IGNORECASE,
)
_FEWEST_SHARED = min(
    MIN_SHARED_IN_QUESTION, MIN_SHARED_IN_CLOSED_QUESTION, MIN_SHARED_IN_ACKNOWLEDGEMENT
)


def paraphrase(doc: Doc, customer_said: Sequence[Doc]) -> Finding | None:
    """The agent checks or acknowledges the customer's own words or reference numbers.

    Overlap is counted on stemmed content words, sentence by sentence, and only where the
    sentence is framed to show listening. A question that builds on two of the customer's
    own words checks understanding (a yes/no check needs one). A sentence that frames an
    acknowledgement ("sorry to hear the phone is cracked", "I see the app crashes", "let me
    check why the invoice lists 14 seats") needs one. A plain statement never counts, however
    many words it shares: an answer naturally reuses the question's terms ("the toll card
    fee is 5 yuan"), and reviewers do not call answering listening. A reference number the
    customer gave counts double.
    """
    customer = content_of(customer_said, as_written=True)
    numbers = {n for said in customer_said for n in _NUMBER.findall(said.text)}
    if not customer and not numbers:
        return None
    masked = doc.masked
    if not (doc.content & customer) and not any(n in masked for n in numbers):
        return None  # nothing shared at all: no sentence can echo the customer
    best: tuple[int, int, int] | None = None
    for s, e, sentence in doc.sentences():
        s, e = s + len(sentence) - len(sentence.lstrip()), s + len(sentence.rstrip())
        sentence = sentence.strip()  # a masked @handle or link is no part of it
        if not sentence:
            continue
        shared = len((doc.content_in(s, e) - _GENERIC) & customer)
        shared += 2 * sum(1 for n in _NUMBER.findall(sentence) if n in numbers)
        if shared < _FEWEST_SHARED:
            continue  # too few however it is framed: no need to read the framing
        if sentence.rstrip().endswith("?"):
            needed = (
                MIN_SHARED_IN_CLOSED_QUESTION
                if _CLOSED_QUESTION.match(sentence)
                else MIN_SHARED_IN_QUESTION
            )
        elif _ACKNOWLEDGES.search(sentence):
            needed = MIN_SHARED_IN_ACKNOWLEDGEMENT
        else:
            continue
        if shared >= needed and (best is None or shared > best[0]):
            best = (shared, s, e)
    if best is None:
        return None
    _, s, e = best
    message = "Reused the customer's own words: a paraphrase or reference to their details."
    return _span(doc.text, s, e, "active_listening", "paraphrase", "context.paraphrase", message)


_GENERIC = frozenset(
    stem(w)
    for w in [
        "account",
        "app",
        "help",
        "support",
        "issu",
        "problem",
        "servic",
        "phone",
        "number",
        "time",
        "day",
        "contact",
        "custom",
        "inform",
        "email",
        "messag",
        "work",
        "try",
        "order",
        "use",
        "send",
        "check",
    ]
)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_FORM_URL = re.compile(r"request|contact|ticket|categories|/form|submit|/dm\b", re.IGNORECASE)


def resource_link(text: str) -> Finding | None:
    """A link to help content (not a contact or ticket form) is a solution: the customer can
    follow it to fix the problem."""
    for m in _URL.finditer(text):
        if not _FORM_URL.search(m.group()):
            message = "Linked to help content that solves the issue."
            return _span(
                text, m.start(), m.end(), "solution", "resource", "context.resource_link", message
            )
    return None


PLEASED = 0.5
"""A turn VADER scores this positive shouts for joy ("THANK YOU SO MUCH!!!"), not in anger."""


def customer_shouting(doc: Doc, polarity: float) -> Finding | None:
    """A customer who shouts (three capitalised words) is upset, whatever words they use:
    VADER reads "WOULD SOMEONE PLEASE HELP ME!!" as friendly. Punctuation ("!!!", "??", "?!")
    counts only beside words that are not positive: "Is it free??" is a plain question."""
    text = doc.text
    if polarity >= PLEASED or (m := exasperated(doc)) is None:
        return None
    if not any(ch.isalpha() for ch in m.group()) and polarity >= 0:
        return None  # punctuation alone ("Is it free??") is no feeling
    message = "The customer is shouting or exasperated."
    return _span(
        text, m.start(), m.end(), "customer_negative", "shouting", "context.shouting", message
    )


def customer_negative(text: str, polarity: float, span: tuple[int, int] | None) -> Finding | None:
    """A customer turn whose sentiment is clearly negative, pointing at its worst sentence."""
    if polarity > NEGATIVE_SENTIMENT or span is None:
        return None
    s, e = span
    message = f"Negative sentiment ({polarity:+.2f})."
    return _span(text, s, e, "customer_negative", "sentiment", "context.sentiment", message)
