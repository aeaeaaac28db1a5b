"""Slack export folders: ``users.json`` for names and bots, one folder per channel holding one
JSON file per day. A thread (replies to one message) is a conversation; other messages form one
conversation per channel and day."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..model import Conversation
from .common import Row, build, epoch_to_iso
from .options import ReadOptions
from .source import ReadError

NAME = "slack"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\.json$")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")
_SKIP = {
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "bot_add",
    "pinned_item",
}


def is_export(folder: Path) -> bool:
    if not (folder / "users.json").is_file():
        return False
    return any(
        child.is_dir() and any(_DAY.search(p.name) for p in child.iterdir())
        for child in folder.iterdir()
    )


def read_folder(folder: Path, options: ReadOptions) -> Iterator[Conversation | ReadError]:
    users = _users(folder)
    for channel in sorted(p for p in folder.iterdir() if p.is_dir()):
        days = sorted(
            p for p in channel.iterdir() if _DAY.search(p.name) and p.is_file()
        )  # not FIFOs
        groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        first_day: dict[str, Path] = {}  # a conversation's source: a file, for annotations
        for day in days:
            try:
                messages = json.loads(day.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                yield ReadError(str(day), f"cannot read Slack day file: {exc}")
                continue
            for message in messages if isinstance(messages, list) else []:
                if not isinstance(message, Mapping) or message.get("subtype") in _SKIP:
                    continue
                thread = message.get("thread_ts")
                key = f"thread-{thread}" if thread else f"{day.stem}"
                groups[key].append(message)
                first_day.setdefault(key, day)
        for key, messages in groups.items():
            messages.sort(key=lambda m: float(m.get("ts") or 0))
            rows = [_row(m, users) for m in messages]
            source = str(first_day[key])
            yield build(f"slack-{channel.name}-{key}", rows, source, options, channel="slack")


def _users(folder: Path) -> dict[str, Mapping[str, Any]]:
    try:
        data = json.loads((folder / "users.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {u["id"]: u for u in data if isinstance(u, Mapping) and "id" in u}


def _name(user_id: str | None, users: Mapping[str, Mapping[str, Any]]) -> str | None:
    user = users.get(user_id or "")
    if not user:
        return user_id
    profile = user.get("profile") or {}
    return (
        user.get("real_name")
        or profile.get("real_name")
        or profile.get("display_name")
        or user.get("name")
    )


def _row(message: Mapping[str, Any], users: Mapping[str, Mapping[str, Any]]) -> Row:
    text = str(message.get("text") or "")
    text = _MENTION.sub(lambda m: "@" + (_name(m.group(1), users) or m.group(1)), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    user = users.get(str(message.get("user")), {})
    is_bot = (
        bool(user.get("is_bot"))
        or message.get("subtype") == "bot_message"
        or ("bot_id" in message and not user)
    )
    speaker = _name(message.get("user"), users) or message.get("username")
    return Row(
        text=text,
        speaker=speaker,
        role="bot" if is_bot else None,
        timestamp=epoch_to_iso(message.get("ts")),
    )
