"""Front: the messages of a conversation (``{"_results": [...]}`` from the conversation
messages endpoint). ``is_inbound`` marks the customer; the author (a teammate) is the agent;
comments (internal discussion) have no ``is_inbound`` and are internal notes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from .common import Row, build, epoch_to_iso, get, html_to_text
from .options import ReadOptions

NAME = "front"
_CONVERSATION_ID = re.compile(r"/conversations/(cnv_[A-Za-z0-9]+)")


def matches(data: Any) -> bool:
    results = data.get("_results") if isinstance(data, Mapping) else None
    return isinstance(results, list) and any(
        isinstance(m, Mapping) and "is_inbound" in m for m in results
    )


def _sender(message: Mapping[str, Any]) -> str | None:
    author = message.get("author")
    if isinstance(author, Mapping):
        name = " ".join(p for p in (author.get("first_name"), author.get("last_name")) if p)
        return name or author.get("email") or author.get("username")
    for recipient in message.get("recipients", []) or []:
        if isinstance(recipient, Mapping) and recipient.get("role") == "from":
            return recipient.get("name") or recipient.get("handle")
    return None


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    messages = [m for m in data["_results"] if isinstance(m, Mapping)]
    messages.sort(key=lambda m: float(m.get("created_at") or m.get("posted_at") or 0))
    rows = []
    for message in messages:
        role: Role = (
            "system"
            if "is_inbound" not in message
            else "customer"
            if message["is_inbound"]
            else "agent"
        )
        text = message.get("text") or html_to_text(str(message.get("body") or ""))
        when = epoch_to_iso(message.get("created_at") or message.get("posted_at"))
        rows.append(Row(text=str(text), speaker=_sender(message), role=role, timestamp=when))
    link = get(messages, 0, "_links", "related", "conversation", default="")
    found = _CONVERSATION_ID.search(str(link))
    conv_id = found.group(1) if found else name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    channel = "email" if any(m.get("type") == "email" for m in messages) else "chat"
    yield build(f"front-{conv_id}", rows, name, options, channel=channel)
