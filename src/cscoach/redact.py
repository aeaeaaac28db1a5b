"""``--redact``: mask email addresses, phone numbers and card numbers before analysis, so no
output format (reports, JSON, CSV, HTML, CI annotations) carries them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .model import Conversation

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
PHONE = re.compile(r"(?<![\w+])\+?(?:\(?\d{1,4}\)?[ .-]?){2,6}\d{2,4}(?!\w)")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 9, 15


def luhn_valid(digits: str) -> bool:
    """The checksum every payment card number carries (ISO/IEC 7812)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group())
    return "[card]" if 13 <= len(digits) <= 19 and luhn_valid(digits) else m.group()


def _phone(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group())
    return "[phone]" if MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS else m.group()


def redact_text(text: str) -> str:
    text = CARD.sub(_card, text)
    text = EMAIL.sub("[email]", text)
    return PHONE.sub(_phone, text)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_value(v) for v in value)
    return value


def redact_conversation(conversation: Conversation) -> Conversation:
    turns = tuple(
        replace(
            t, text=redact_text(t.text), speaker=redact_text(t.speaker) if t.speaker else t.speaker
        )
        for t in conversation.turns
    )
    return replace(conversation, turns=turns, metadata=_value(dict(conversation.metadata)))
