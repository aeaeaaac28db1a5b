"""Freshdesk: a ticket with its ``conversations`` (``include=conversations``) or the list the
conversations endpoint returns. ``incoming`` marks the customer; ``private`` notes are internal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from ..people import assignment
from .common import Row, build, html_to_text
from .options import ReadOptions

NAME = "freshdesk"


def _is_message(item: Any) -> bool:
    return (
        isinstance(item, Mapping)
        and ("body_text" in item or "body" in item)
        and ("incoming" in item or "private" in item)
    )


def _is_ticket(data: Any) -> bool:
    return (
        isinstance(data, Mapping)
        and "requester_id" in data
        and ("description_text" in data or "conversations" in data)
    )


def matches(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(_is_message(i) for i in data)
    return _is_ticket(data) or (_is_message(data) and "ticket_id" in data)


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    if _is_ticket(data):
        yield _ticket(data, data.get("conversations") or [], name, options)
        return
    messages = [data] if isinstance(data, Mapping) else data
    by_ticket: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for item in messages:
        by_ticket[item.get("ticket_id")].append(item)
    for ticket_id, items in by_ticket.items():
        yield _ticket({"id": ticket_id}, items, name, options)


def _row(item: Mapping[str, Any], requester: Any) -> Row:
    text = item.get("body_text") or html_to_text(item.get("body") or "")
    role: Role | None
    if item.get("private"):
        role = "system"
    elif item.get("incoming") or (requester is not None and item.get("user_id") == requester):
        role = "customer"
    else:
        role = "agent"
    speaker = item.get("from_email") or (
        str(item["user_id"]) if item.get("user_id") is not None else None
    )
    return Row(text=str(text), speaker=speaker, role=role, timestamp=item.get("created_at"))


def _ticket(
    ticket: Mapping[str, Any], items: list[Any], name: str, options: ReadOptions
) -> Conversation:
    requester = ticket.get("requester_id")
    rows = []
    opening = ticket.get("description_text") or html_to_text(ticket.get("description") or "")
    if opening:
        speaker = str(requester) if requester is not None else None
        rows.append(
            Row(text=opening, speaker=speaker, role="customer", timestamp=ticket.get("created_at"))
        )
    rows += [_row(i, requester) for i in items if isinstance(i, Mapping)]
    metadata = {"subject": ticket["subject"]} if ticket.get("subject") else {}
    metadata.update(assignment(ticket))  # responder_id, group_id
    return build(
        f"freshdesk-{ticket.get('id', 'ticket')}",
        rows,
        name,
        options,
        channel="email",
        metadata=metadata,
    )
