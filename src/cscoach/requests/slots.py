"""Details a customer gives once (an order number, an email address, a device) and an agent
should not ask for again. The patterns are data: ``info_types.toml`` beside this module."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..doc import Doc
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
        for info in info_types():
            if _lowercase(info.asked).search(sentence):
                yield AskedFor(info, s, e)


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
    """The turn gives an order number, an email address or a phone number."""
    return _any_given().search(doc.masked.lower()) is not None


def detail_given(doc: Doc, info: InfoType) -> re.Match[str] | None:
    """Where a customer turn gives this detail (links and @handles masked)."""
    return info.given.search(straight_quotes(doc.masked))
