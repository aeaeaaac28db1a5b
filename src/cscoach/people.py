"""Who handled a conversation and for which team, from the fields exports commonly carry.

Readers copy these fields from a vendor record into the conversation's metadata as they are
(``assignment``); the summary reads the agent and team from them in this order, so an explicit
assignment wins over the name of the first agent who spoke.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

AGENT_NAMES = (
    "agent", "agent_name", "assignee", "assignee_name", "assigned_to", "owner", "owner_name",
    "responder", "responder_name",
)  # fmt: skip
AGENT_IDS = ("assignee_id", "responder_id", "owner_id")
"""The ids help desks export instead of names (Zendesk, Freshdesk): used only when no agent
is named and none spoke under a name."""
AGENT_FIELDS = (*AGENT_NAMES, *AGENT_IDS)
TEAM_FIELDS = (
    "team", "team_name", "group", "group_name", "department", "department_name", "queue",
    "queue_name", "inbox", "mailbox", "team_id", "group_id", "team_assignee_id", "department_id",
)  # fmt: skip
UNKNOWN = "unknown"


def assignment(record: Mapping[str, Any]) -> dict[str, Any]:
    """The agent and team fields of a vendor record, for a conversation's metadata."""
    return {
        key: record[key]
        for key in (*AGENT_FIELDS, *TEAM_FIELDS)
        if key in record and _name(record[key]) is not None
    }


def agent_of(result: Mapping[str, Any]) -> str:
    """The agent of a result (its JSON): a name in its metadata, else the first agent who
    spoke, else an agent id in its metadata, else "unknown"."""
    metadata = result.get("metadata")
    return (
        _first(metadata, AGENT_NAMES)
        or _name(result.get("agent"))
        or _first(metadata, AGENT_IDS)
        or UNKNOWN
    )


def agent_in(metadata: Any, speaker: str | None = None) -> str | None:
    """The agent of a conversation with this metadata and first agent ``speaker``, if any."""
    return _first(metadata, AGENT_NAMES) or speaker or _first(metadata, AGENT_IDS)


def team_of(result: Mapping[str, Any]) -> str:
    """The team of a result (its JSON), from its metadata, else "unknown"."""
    return team_in(result.get("metadata")) or UNKNOWN


def team_in(metadata: Any) -> str | None:
    """The team a conversation's metadata names, if any."""
    return _first(metadata, TEAM_FIELDS)


def _first(metadata: Any, fields: tuple[str, ...]) -> str | None:
    if not isinstance(metadata, Mapping):
        return None
    keys = {str(k).strip().lower().replace(" ", "_").replace("-", "_"): k for k in metadata}
    for field in fields:
        if field in keys and (name := _name(metadata[keys[field]])) is not None:
            return name
    return None


def _name(value: Any) -> str | None:
    """A person or team as text: a string, an id, or an object with a name, a first and last
    name, an email or an id (Intercom's assignee, Help Scout's owner and mailbox)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        text = " ".join(str(value).split())
        return text or None
    if isinstance(value, Mapping):
        full = " ".join(str(value.get(k) or "") for k in ("firstName", "lastName"))
        for candidate in (value.get("name"), full, value.get("email"), value.get("id")):
            scalar = isinstance(candidate, int | float | str) and not isinstance(candidate, bool)
            if scalar and (text := " ".join(str(candidate).split())):
                return text
    return None
