"""The canonical transcript JSON of DESIGN.md: one object, a list, or JSON Lines."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..model import ALL_TAGS, ROLES, Conversation, Turn
from .common import decode_entities
from .options import ReadOptions
from .roles import assign_roles, role_from_label
from .source import InputNote, ReadError


def is_canonical(data: Any) -> bool:
    """The canonical shape: an object with a "turns" list, or a list of such objects."""
    if isinstance(data, Mapping):
        return isinstance(data.get("turns"), list)
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(i, Mapping) and "turns" in i for i in data)
    )


def conversations_from_json(
    data: Any,
    name: str,
    options: ReadOptions,
    *,
    where: str | None = None,
    default_id: str | None = None,
) -> Iterator[Conversation | ReadError]:
    """The conversations of a parsed canonical document; each bad one yields its ReadError."""
    items = data if isinstance(data, list) else [data]
    stem = _stem(name)
    for position, item in enumerate(items, start=1):
        if isinstance(data, list):
            place, conv_id = f"{where or name}[{position}]", f"{stem}:{position}"
        else:
            place, conv_id = where or name, default_id or stem
        try:
            conversation = conversation_from_mapping(item, place, name, options, conv_id)
        except ReadError as exc:
            yield exc
            continue
        conversation, replaced = _without_surrogates(conversation)
        if replaced:
            yield InputNote(
                place,
                f"{replaced} invalid character{'s' * (replaced != 1)} (a lone surrogate, "
                "such as half an emoji) replaced with U+FFFD",
            )
        yield conversation


_SURROGATE = re.compile("[\ud800-\udfff]")
"""Halves of a UTF-16 pair, as JSON "\\ud83d" escapes produce: no encoding can write them."""


def _without_surrogates(conversation: Conversation) -> tuple[Conversation, int]:
    """The conversation with every lone surrogate in its id, metadata, speakers and texts as
    U+FFFD, and how many there were (the same object where there were none, as nearly always)."""
    if not any(isinstance(v, str) and _SURROGATE.search(v) for v in _strings(conversation)):
        return conversation, 0
    count = 0

    def clean(value: Any) -> Any:
        nonlocal count
        if not isinstance(value, str):
            return value
        value, n = _SURROGATE.subn("\ufffd", value)
        count += n
        return value

    turns = tuple(
        replace(t, text=clean(t.text), speaker=clean(t.speaker)) for t in conversation.turns
    )
    metadata = {key: clean(value) for key, value in conversation.metadata.items()}
    cleaned = replace(conversation, id=clean(conversation.id), turns=turns, metadata=metadata)
    return (cleaned, count) if count else (conversation, 0)


def _strings(conversation: Conversation) -> Iterator[Any]:
    """Its id, metadata values, speakers and texts."""
    yield conversation.id
    yield from conversation.metadata.values()
    for turn in conversation.turns:
        yield turn.text
        yield turn.speaker


def conversation_from_mapping(
    item: Any, where: str, source: str, options: ReadOptions, default_id: str
) -> Conversation:
    """Validate one canonical conversation object; errors name ``where`` and the field."""
    if not isinstance(item, Mapping):
        raise ReadError(where, f"expected a conversation object, got {type(item).__name__}")
    raw_turns = item.get("turns")
    if not isinstance(raw_turns, list):
        raise ReadError(where, "missing 'turns' (a list of {role, text} objects)")
    speakers: list[str] = []
    texts: list[str] = []
    roles: list[str | None] = []
    extras: list[dict[str, Any]] = []
    for n, raw in enumerate(raw_turns, start=1):
        if not isinstance(raw, Mapping):
            raise ReadError(where, f"turn {n} is not an object")
        text = raw.get("text")
        if not isinstance(text, str):
            raise ReadError(where, f"turn {n} has no 'text' string")
        role = raw.get("role")
        if role is not None and role not in ROLES:
            mapped = role_from_label(str(role))
            if mapped is None:
                raise ReadError(
                    where, f"turn {n} has unknown role {role!r} (use one of {', '.join(ROLES)})"
                )
            role = mapped
        speaker = raw.get("speaker")
        speakers.append(str(speaker) if speaker is not None else "")
        texts.append(text)
        roles.append(role)
        extras.append(
            {"timestamp": raw.get("timestamp"), "labels": _labels(raw.get("labels"), where, n)}
        )
    inferred = False
    if any(r is None for r in roles):
        if not all(speakers[i] for i, r in enumerate(roles) if r is None):
            raise ReadError(
                where, "a turn has neither 'role' nor 'speaker', so its role is unknown"
            )
        guessed, inferred = assign_roles(speakers, texts, options.agents, options.roles)
        roles = [r if r is not None else g for r, g in zip(roles, guessed, strict=True)]
    turns = tuple(
        Turn(
            role=r,  # type: ignore[arg-type]
            text=decode_entities(t),
            speaker=s or None,
            timestamp=str(e["timestamp"]) if e["timestamp"] is not None else None,
            labels=e["labels"],
        )
        for r, t, s, e in zip(roles, texts, speakers, extras, strict=True)
    )
    metadata = item.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        raise ReadError(where, "'metadata' must be an object")
    label_set = metadata.get("label_set")
    if label_set is not None and (
        not isinstance(label_set, list) or not all(isinstance(t, str) for t in label_set)
    ):
        raise ReadError(where, "metadata.label_set must be a list of tag ids")
    conv_id = item.get("id")
    return Conversation(
        id=str(conv_id) if conv_id is not None else default_id,
        turns=turns,
        channel=item.get("channel") if isinstance(item.get("channel"), str) else None,
        metadata=dict(metadata),
        source=source,
        roles_inferred=inferred,
    )


def _labels(raw: Any, where: str, n: int) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ReadError(where, f"turn {n}: 'labels' must be a list of tag ids")
    unknown = [x for x in raw if x not in ALL_TAGS]
    if unknown:
        raise ReadError(where, f"turn {n}: unknown label {unknown[0]!r}")
    return tuple(raw)


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
