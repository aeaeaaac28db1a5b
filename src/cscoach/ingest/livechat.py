"""LiveChat chat transcripts: API v3 chats (``users`` with type customer or agent, and
``thread.events`` or ``threads[].events`` of type message) and the older archive format
(``chats[].messages`` with ``user_type`` visitor or agent)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from .common import Row, build, epoch_to_iso
from .options import ReadOptions

NAME = "livechat"

_TYPES: dict[str, Role] = {"customer": "customer", "visitor": "customer", "agent": "agent", "bot": "bot",
                           "supervisor": "agent"}  # fmt: skip


def _v3(chat: Any) -> bool:
    return (
        isinstance(chat, Mapping)
        and isinstance(chat.get("users"), list)
        and (isinstance(chat.get("thread"), Mapping) or isinstance(chat.get("threads"), list))
    )


def _archive(chat: Any) -> bool:
    return (
        isinstance(chat, Mapping)
        and isinstance(chat.get("messages"), list)
        and any(isinstance(m, Mapping) and "user_type" in m for m in chat["messages"])
    )


def _chats(data: Any) -> list[Any]:
    if isinstance(data, Mapping) and isinstance(data.get("chats"), list):
        return data["chats"]
    if isinstance(data, Mapping) and isinstance(data.get("chat"), Mapping):
        return [data["chat"]]
    return [data]


def matches(data: Any) -> bool:
    return any(_v3(c) or _archive(c) for c in _chats(data))


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    for chat in _chats(data):
        if _v3(chat):
            yield _read_v3(chat, name, options)
        elif _archive(chat):
            yield _read_archive(chat, name, options)


def _read_v3(chat: Mapping[str, Any], name: str, options: ReadOptions) -> Conversation:
    users = {u.get("id"): u for u in chat["users"] if isinstance(u, Mapping)}
    threads = chat["threads"] if isinstance(chat.get("threads"), list) else [chat["thread"]]
    rows = []
    for thread in threads:
        for event in (thread or {}).get("events", []) or []:
            if not isinstance(event, Mapping) or event.get("type") not in (
                "message",
                "rich_message",
            ):
                continue
            user = users.get(event.get("author_id"), {})
            role = _TYPES.get(str(user.get("type")))
            if event.get("visibility") == "agents":
                role = "system"
            rows.append(Row(text=str(event.get("text") or ""), speaker=user.get("name") or event.get("author_id"),
                            role=role, timestamp=event.get("created_at")))  # fmt: skip
    return build(f"livechat-{chat.get('id', 'chat')}", rows, name, options, channel="chat")


def _read_archive(chat: Mapping[str, Any], name: str, options: ReadOptions) -> Conversation:
    rows = [
        Row(text=str(m.get("text") or ""), speaker=m.get("author_name"), role=_TYPES.get(str(m.get("user_type"))),
            timestamp=epoch_to_iso(m.get("timestamp")) or m.get("date"))
        for m in chat["messages"] if isinstance(m, Mapping)
    ]  # fmt: skip
    return build(f"livechat-{chat.get('id', 'chat')}", rows, name, options, channel="chat")
