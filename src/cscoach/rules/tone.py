"""Tone a turn shows in its typography: capitals and runs of "!" or "?"."""

from __future__ import annotations

import re

from ..doc import Doc

_CAPS_RUN = re.compile(r"\b[A-Z]{2,}(?:[\s,!?.']+[A-Z]{2,}){2,}\b")
_ACRONYMS = frozenset(
    "DM ID PIN URL FAQ OS PC TV USB SMS OTP ETA VIP IT HR UK US EU USD GBP EUR ATM CEO API "
    "PDF SIM IMEI APP IOS HD PS4 PS5 GTA RDR2 AM PM OK".split()
)
_CAPITALS = re.compile(r"[A-Z]{2,}")
_BANG_RUN = re.compile(r"[!?]{3,}")
_EXASPERATED = re.compile(r"\?[?!]|!\?")
"""Two marks of exasperation ("??", "?!", "!?"); longer runs are shouting's."""


def shouted(doc: Doc) -> re.Match[str] | None:
    """Three capitalised words in a row (not acronyms, not in a link or @handle), or a run of
    "!!!" / "?!?"."""
    if _CAPS_RUN.search(doc.text):  # cheap on the raw text; most turns stop here
        for m in _CAPS_RUN.finditer(doc.masked):
            if sum(w not in _ACRONYMS for w in _CAPITALS.findall(m.group())) >= 3:
                return m
    return _BANG_RUN.search(doc.text)


def exasperated(doc: Doc) -> re.Match[str] | None:
    """Shouting, or the punctuation of exasperation: "??", "?!", "!?"."""
    return shouted(doc) or _EXASPERATED.search(doc.text)
