"""Details a customer gives once (an order number, an email address, a device) and an agent
should not ask for again. The patterns are data: ``info_types.toml`` beside this module."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..doc import Doc
from ..rules.firstwords import PatternSet
from ..text import straight_quotes


@dataclass(frozen=True, slots=True)
class InfoType:
    """A detail the customer can give once: an order number, an email address, a device."""

    key: str
    name: str
    given: re.Pattern[str]
    asked: re.Pattern[str]
    rewrite: str = ""
    """What the agent could have said instead; ``{value}`` is the customer's words."""


@cache
def info_types() -> tuple[InfoType, ...]:
    text = resources.files(__package__).joinpath("info_types.toml").read_text("utf-8")
    return tuple(
        InfoType(
            key,
            table["name"],
            re.compile("|".join(f"(?:{p})" for p in table["given"]), re.IGNORECASE),
            re.compile("|".join(f"(?:{p})" for p in table["asked"]), re.IGNORECASE),
            table.get("rewrite", ""),
        )
        for key, table in tomllib.loads(text).items()
    )


ASKING = re.compile(
    r"\?|\b(?:please|kindly|could you|can you|would you|let (?:us|me) know|send|provide|tell|share)\b",
    re.IGNORECASE,
)
NOT_A_REASK = re.compile(
    r"\b(?:(?:confirm|verify|double-check) (?:your|the|that|this|it|if|whether)|"
    r"dm|direct message)\b",
    re.IGNORECASE,
)
"""Asking to confirm a detail, or to move it to a direct message, is not asking again ("just
to confirm, have you tried ...?" still is)."""


@dataclass(frozen=True, slots=True)
class AskedFor:
    """An agent sentence that asks for a detail: which one, and where."""

    info: InfoType
    start: int
    end: int


def details_asked(doc: Doc) -> Iterable[AskedFor]:
    """Each detail an agent turn asks for, with the sentence that asks (read as ``written``:
    lowercased, with straight apostrophes)."""
    written = doc.written
    asking, not_a_reask = _lowercase(ASKING), _lowercase(NOT_A_REASK)
    for s, e in doc.spans:
        sentence = written[s:e]
        if not asking.search(sentence) or not_a_reask.search(sentence):
            continue
        found = _asked_patterns().found(sentence)
        for info in info_types():
            if info.key in found:
                yield AskedFor(info, s, e)


@cache
def _asked_patterns() -> PatternSet:
    """Each detail's ``asked`` patterns, lowercase, tried only from their first words."""
    return PatternSet({info.key: _lowercase(info.asked) for info in info_types()})


@cache
def _lowercase(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern for text already lowercased: without IGNORECASE, several
    times faster."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


@cache
def _any_given() -> re.Pattern[str]:
    """The order number, email and phone patterns as one lowercase pattern (no IGNORECASE:
    several times faster on lowercased text)."""
    kinds = {"order_number", "email", "phone"}
    return re.compile("|".join(i.given.pattern for i in info_types() if i.key in kinds))


def gives_detail(doc: Doc) -> bool:
    """The turn gives an order number, an email address or a phone number (each holds a digit
    or an @: a turn with neither gives none, and most turns need no search)."""
    text = doc.masked.lower()
    if "@" not in text and not _DIGIT.search(text):
        return False
    return _any_given().search(text) is not None


_DIGIT = re.compile(r"\d")


def detail_given(doc: Doc, info: InfoType) -> re.Match[str] | None:
    """Where a customer turn gives this detail (links and @handles masked)."""
    return info.given.search(straight_quotes(doc.masked))


TRIED_STEP = "step they said they had tried"
"""The ``Reask.detail`` of an agent asking whether the customer tried what they said they had."""

_ASKS_IF_TRIED = re.compile(
    r"\b(?:have|did|had) you (?:already |yet |also |ever )?(?:tried|attempted|try|attempt)(?: to)? "
    r"(?P<action>[a-z]{5,})(?: (?:your|the|my|a|an|this|that|it|up|out))? (?P<object>[a-z]{3,})"
)
"""An agent asking whether the customer tried a step ("have you already tried recovering your
account", "did you try resetting the password"), on ``written`` text: the action and the
word that names what it acts on."""
_SAYS_TRIED = re.compile(
    r"\b(?:i|we)(?:'ve| have| had|'d)?(?: already| also| even| just| been)? (?:tried|tryed|try|"
    r"trying|attempted|did|done|followed|went through|can't|cannot|can not|couldn't|unable|am "
    r"unable|was unable|are unable|'m unable|have trouble|had trouble|am having trouble)\b|"
    r"\bevery time\b|\bno luck\b|\b(?:it|this|that) (?:fails|failed|doesn't work|does not work|"
    r"didn't work|keeps)\b|"
    r"\b(?:won't|wont|doesn't|does not|don't|do not|didn't|did not|will not)(?: even)? let me\b"
)
"""A customer sentence that says they tried a step, or that it fails for them ("I tried
recovering my account", "I can't recover my account", "every time I reset the password it
...", "you don't even let me recover my own account": all four "won't let me" turns of
cs-train say a step fails), in their own voice: "Can't get into your account?" quoted from a
help page is not."""
_STEM = 5
"""Words are the same step when their first five letters are: "recover", "recovering",
"recovery"; "reset", "resetting"."""


@dataclass(frozen=True, slots=True)
class TriedAsked:
    """An agent sentence asking whether the customer tried a step: the step's action and the
    thing it acts on, each as its first ``_STEM`` letters."""

    action: str
    thing: str
    start: int
    end: int


_WORD = re.compile(r"[a-z]+")


def steps_asked(reply: Doc) -> Iterator[TriedAsked]:
    """Each step an agent turn asks whether the customer tried ("have you already tried
    recovering your account", "did you try resetting the password")."""
    written = reply.written
    for s, e in reply.spans:
        for m in _ASKS_IF_TRIED.finditer(written, s, e):
            yield TriedAsked(m.group("action")[:_STEM], m.group("object")[:_STEM], s, e)


def said_tried(doc: Doc, step: TriedAsked) -> str | None:
    """The customer's words, where their turn says they tried the step, or that it fails for
    them, on the same thing ("I tried recovering my account" for "have you tried recovering
    your account?"; not "I pressed the reset key" for "have you tried pressing the power
    button?"): their sentence from where it says so or names the step."""
    said = doc.written
    for start, end in doc.spans:
        words = list(_WORD.finditer(said, start, end))
        at = next(
            (
                w.start()
                for w in words
                if len(w.group()) >= _STEM and w.group()[:_STEM] == step.action
            ),
            None,
        )
        cue = _SAYS_TRIED.search(said, start, end)
        if at is None or cue is None or not any(w.group()[:_STEM] == step.thing for w in words):
            continue
        begin = _words_before(said, start, min(at, cue.start()), QUOTE_LEAD)
        return ("…" if begin > start else "") + doc.text[begin:end].strip()
    return None


QUOTE_LEAD = 5
"""Words kept before where the customer's sentence names the step or says it was tried: "I
have been unable to reset ...", not "…reset ..."."""


def _words_before(text: str, start: int, at: int, words: int) -> int:
    """Where the ``words`` words before ``at`` begin (not before ``start``)."""
    begin = at
    for _ in range(words):
        space = text.rfind(" ", start, max(start, begin - 1))
        if space < start:
            return start
        begin = space + 1
    return begin
    return None
