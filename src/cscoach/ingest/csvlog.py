"""CSV (or TSV) with one row per turn; common column names are recognised, others mapped.
Columns that name the agent or team (assignee, agent_name, team, group, ...: see ``people``)
go into the conversation's metadata, the first non-empty value of each."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import TextIO

from ..model import ROLES, Conversation, Turn
from ..people import AGENT_FIELDS, TEAM_FIELDS
from .options import ReadOptions
from .roles import assign_roles, role_from_label
from .source import ReadError

ALIASES: Mapping[str, tuple[str, ...]] = {
    "id": ("conversation_id", "conversation", "ticket_id", "ticket", "chat_id", "thread_id",
           "thread", "case_id", "session_id", "dialog_id", "dialogue_id", "transcript_id", "id"),
    "speaker": ("speaker", "author", "name", "sender", "from", "user", "author_name", "sender_name"),
    "role": ("role", "author_type", "sender_type", "speaker_role", "participant_role", "type",
             "direction"),
    "text": ("text", "message", "body", "content", "comment", "utterance", "msg", "transcript"),
    "timestamp": ("timestamp", "time", "created_at", "date", "datetime", "sent_at", "ts"),
}  # fmt: skip
FIELDS = tuple(ALIASES)


def read_csv(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation]:
    try:
        rows, metadata = _rows(stream.read(), name, options)
    except csv.Error as exc:
        raise ReadError(name, f"malformed CSV: {exc}") from None
    for conv_id, turns in rows.items():
        yield _conversation(conv_id, turns, name, options, metadata.get(conv_id, {}))


Row = tuple[str, str | None, str, str | None, int]


def _rows(
    text: str, name: str, options: ReadOptions
) -> tuple[dict[str, list[Row]], dict[str, dict[str, str]]]:
    """The rows of each conversation, in file order: (speaker, role, text, timestamp, line),
    and each conversation's agent and team columns."""
    dialect = (
        "excel-tab"
        if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",")
        else "excel"
    )
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise ReadError(name, "empty CSV (no header row)")
    columns = _columns(reader.fieldnames, options.columns, name)
    assigned = [
        h
        for h in reader.fieldnames
        if h.strip().lower() in (*AGENT_FIELDS, *TEAM_FIELDS) and h not in columns.values()
    ]
    conversations: dict[str, list[Row]] = {}
    metadata: dict[str, dict[str, str]] = {}
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for row in reader:
        line = reader.line_num
        body = (row.get(columns["text"]) or "").strip()
        if not body:
            continue
        conv = row.get(columns["id"]) if "id" in columns else None
        speaker = (row.get(columns["speaker"]) or "").strip() if "speaker" in columns else ""
        role = (row.get(columns["role"]) or "").strip() if "role" in columns else ""
        ts = (
            (row.get(columns["timestamp"]) or "").strip() or None
            if "timestamp" in columns
            else None
        )
        conversations.setdefault(conv or stem, []).append((speaker, role or None, body, ts, line))
        found = metadata.setdefault(conv or stem, {})
        for column in assigned:
            if (value := (row.get(column) or "").strip()) and column.strip().lower() not in found:
                found[column.strip().lower()] = value
    return conversations, metadata


def _conversation(
    conv_id: str, rows: list, name: str, options: ReadOptions, metadata: dict[str, str]
) -> Conversation:
    roles: list[str | None] = []
    for speaker, role, *_ in rows:
        mapped = role if role in ROLES else role_from_label(role) if role else None
        if role and mapped is None and not speaker:
            raise ReadError(name, f"unknown role {role!r} in conversation {conv_id}")
        roles.append(mapped)
    inferred = False
    if any(r is None for r in roles):
        speakers = [s or f"speaker {i}" for i, (s, *_) in enumerate(rows)]
        guessed, inferred = assign_roles(
            speakers, [r[2] for r in rows], options.agents, options.roles
        )
        roles = [r or g for r, g in zip(roles, guessed, strict=True)]
    turns = tuple(
        Turn(role=role, text=body, speaker=speaker or None, timestamp=ts, line=line)  # type: ignore[arg-type]
        for (speaker, _, body, ts, line), role in zip(rows, roles, strict=True)
    )
    return Conversation(
        id=conv_id, turns=turns, source=name, roles_inferred=inferred, metadata=metadata
    )


def _columns(header: list[str], mapping: Mapping[str, str], name: str) -> dict[str, str]:
    lowered = {h.strip().lower(): h for h in header}
    columns: dict[str, str] = {}
    for field, column in mapping.items():
        if column.strip().lower() not in lowered:
            raise ReadError(
                name,
                f"--columns maps {field} to {column!r}, which is not a column (have: {', '.join(header)})",
            )
        columns[field] = lowered[column.strip().lower()]
    for field, aliases in ALIASES.items():
        if field in columns:
            continue
        for alias in aliases:
            if alias in lowered and lowered[alias] not in columns.values():
                columns[field] = lowered[alias]
                break
    if "text" not in columns:
        raise ReadError(
            name,
            f"no text column (looked for {', '.join(ALIASES['text'])}); map one with --columns text=NAME",
        )
    if "speaker" not in columns and "role" not in columns:
        raise ReadError(
            name, "no speaker or role column; map one with --columns speaker=NAME or role=NAME"
        )
    return columns


def looks_like_csv(text: str) -> bool:
    first = text.split("\n", 1)[0].lower()
    cells = [c.strip().strip('"') for c in first.replace("\t", ",").split(",")]
    return len(cells) >= 2 and any(c in ALIASES["text"] for c in cells)
