"""Help Scout conversations with threads (API v2 ``_embedded.threads``, or v1 ``item.threads``).
Threads come newest first and are put in time order; ``createdBy.type`` customer or user decides
the role; notes are internal; line items (status changes) are skipped."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from ..people import assignment
from .common import Row, build, get, html_to_text
from .options import ReadOptions

NAME = "helpscout"

_CREATED_BY: dict[str, Role] = {"customer": "customer", "user": "agent", "team": "agent"}
_SKIP = {"lineitem", "forwardparent", "forwardchild"}


def _conversation(data: Any) -> Mapping[str, Any] | None:
    if not isinstance(data, Mapping):
        return None
    if isinstance(data.get("item"), Mapping) and isinstance(data["item"].get("threads"), list):
        return data["item"]
    if isinstance(get(data, "_embedded", "threads"), list):
        return data
    has_mailbox = any(
        key in data for key in ("mailboxId", "mailbox", "primaryCustomer", "customer")
    )
    return data if isinstance(data.get("threads"), list) and has_mailbox else None


def matches(data: Any) -> bool:
    if isinstance(get(data, "_embedded", "conversations"), list):
        return True
    return _conversation(data) is not None


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    conversations = get(data, "_embedded", "conversations")
    for conv in conversations if isinstance(conversations, list) else [data]:
        found = _conversation(conv)
        if found is not None:
            yield _read(found, name, options)


def _person(person: Any) -> str | None:
    if not isinstance(person, Mapping):
        return None
    full = " ".join(
        p
        for p in (
            person.get("first") or person.get("firstName"),
            person.get("last") or person.get("lastName"),
        )
        if p
    )
    return full or person.get("email")


def _read(conv: Mapping[str, Any], name: str, options: ReadOptions) -> Conversation:
    threads = (
        conv.get("threads")
        if isinstance(conv.get("threads"), list)
        else get(conv, "_embedded", "threads", default=[])
    )
    threads = sorted(
        (t for t in threads if isinstance(t, Mapping)), key=lambda t: str(t.get("createdAt", ""))
    )
    rows = []
    for thread in threads:
        kind = str(thread.get("type", ""))
        if kind in _SKIP or not thread.get("body"):
            continue
        created = thread.get("createdBy") or {}
        role: Role | None = (
            "system" if kind == "note" else _CREATED_BY.get(str(created.get("type")))
        )
        if kind == "customer":
            role = "customer"
        rows.append(Row(text=html_to_text(str(thread["body"])), speaker=_person(created), role=role,
                        timestamp=thread.get("createdAt")))  # fmt: skip
    metadata = {"subject": conv["subject"]} if conv.get("subject") else {}
    metadata.update(assignment(conv))  # owner {firstName, lastName, email}, mailbox {name}
    channel = "chat" if any("chat" in str(t.get("type")) for t in threads) else "email"
    return build(f"helpscout-{conv.get('id', conv.get('number', 'conversation'))}", rows, name, options,
                 channel=channel, metadata=metadata)  # fmt: skip
