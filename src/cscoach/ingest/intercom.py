"""Intercom conversations: the opening ``source`` (API 2.x) or ``conversation_message`` (1.x)
plus ``conversation_parts``; authors of type user, lead or contact are the customer, admin the
agent, bot a bot; notes are internal (system). Bodies are HTML."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from ..people import assignment
from .common import Row, build, epoch_to_iso, get, html_to_text
from .options import ReadOptions

NAME = "intercom"

_AUTHORS: dict[str, Role] = {"user": "customer", "lead": "customer", "contact": "customer",
                             "admin": "agent", "team": "agent", "bot": "bot"}  # fmt: skip


def matches(data: Any) -> bool:
    if isinstance(data, Mapping) and isinstance(data.get("conversations"), list):
        return any(_is_conversation(c) for c in data["conversations"])
    return _is_conversation(data)


def _is_conversation(data: Any) -> bool:
    return (
        isinstance(data, Mapping)
        and "conversation_parts" in data
        and ("source" in data or "conversation_message" in data)
    )


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    items = data["conversations"] if isinstance(data.get("conversations"), list) else [data]
    for conv in items:
        if _is_conversation(conv):
            yield _conversation(conv, name, options)


def _row(part: Mapping[str, Any], fallback_time: Any = None) -> Row | None:
    """A message, or None for a part without text (assignments, state changes)."""
    body = part.get("body")
    if not body:
        return None
    author = part.get("author") or {}
    role = "system" if part.get("part_type") == "note" else _AUTHORS.get(str(author.get("type")))
    speaker = author.get("name") or author.get("email") or author.get("id")
    when = epoch_to_iso(part.get("created_at", fallback_time))
    return Row(
        text=html_to_text(str(body)),
        speaker=str(speaker) if speaker else None,
        role=role,
        timestamp=when,
    )


def _conversation(conv: Mapping[str, Any], name: str, options: ReadOptions) -> Conversation:
    opening = conv.get("source") or conv.get("conversation_message") or {}
    parts = get(conv, "conversation_parts", "conversation_parts", default=[])
    rows = [_row(opening, conv.get("created_at"))] + [
        _row(p) for p in parts if isinstance(p, Mapping)
    ]
    metadata = (
        {"subject": html_to_text(opening.get("subject") or "")} if opening.get("subject") else {}
    )
    metadata.update(assignment(conv))  # assignee {type, id}, team_assignee_id
    source_type = get(conv, "source", "type") or get(conv, "conversation_message", "type")
    channel = (
        source_type
        if source_type in ("email", "twitter", "facebook", "whatsapp", "sms")
        else "chat"
    )
    return build(f"intercom-{conv.get('id', 'conversation')}", [r for r in rows if r], name, options,
                 channel=channel, metadata=metadata)  # fmt: skip
