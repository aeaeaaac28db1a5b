"""Zendesk Support tickets with comments (API and exports) and Zendesk Chat transcripts.

Ticket comments: ``{"ticket": {...}, "comments": [...], "users": [...]}`` (the comments
endpoint with ``include=users``), ``{"tickets": [{..., "comments": [...]}]}``, or ticket audits
(``{"audits": [...]}``, whose Comment events are the messages). A comment's author is an agent or
end user by the users side-load, else by the ticket's ``requester_id``; ``public: false`` is an
internal note (role system). Chat: ``{"history": [{"type": "chat.msg", "name", "msg"}],
"visitor": {...}, "agent_names": [...]}``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from ..people import assignment
from .common import Row, build, get, html_to_text
from .options import ReadOptions

NAME = "zendesk"

_USER_ROLES: dict[str, Role] = {"end-user": "customer", "agent": "agent", "admin": "agent"}


def matches(data: Any) -> bool:
    if not isinstance(data, Mapping):
        return False
    comments = data.get("comments")
    if isinstance(comments, list) and (not comments or _is_comment(comments[0])):
        return True
    if isinstance(data.get("tickets"), list) and any(
        isinstance(t, Mapping) and "comments" in t for t in data["tickets"]
    ):
        return True
    if isinstance(data.get("audits"), list) or isinstance(data.get("audit"), Mapping):
        return True
    if _is_ticket(data.get("ticket", data)) or _is_comment(data):
        return True
    return isinstance(data.get("history"), list) and ("visitor" in data or "agent_names" in data)


def _is_ticket(item: Any) -> bool:
    """A Zendesk ticket (Freshdesk tickets also have these keys, plus ``description_text``)."""
    return (
        isinstance(item, Mapping)
        and "requester_id" in item
        and "description" in item
        and "description_text" not in item
    )


def _is_comment(item: Any) -> bool:
    return (
        isinstance(item, Mapping)
        and "author_id" in item
        and ("body" in item or "plain_body" in item)
    )


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    if isinstance(data.get("history"), list):
        yield _chat(data, name, options)
        return
    users = {u.get("id"): u for u in data.get("users", []) if isinstance(u, Mapping)}
    if isinstance(data.get("comments"), list):
        ticket = data.get("ticket") if isinstance(data.get("ticket"), Mapping) else {}
        yield _ticket(ticket, data["comments"], users, name, options)
    for ticket in data.get("tickets", []) or []:
        if isinstance(ticket, Mapping) and isinstance(ticket.get("comments"), list):
            yield _ticket(ticket, ticket["comments"], users, name, options)
    audits = data.get("audits") or (
        [data["audit"]] if isinstance(data.get("audit"), Mapping) else []
    )
    if audits:
        yield from _audits(audits, data.get("ticket") or {}, users, name, options)
        return
    ticket = data.get("ticket", data)
    if "comments" not in data and not data.get("tickets") and _is_ticket(ticket):
        # A ticket alone: its description is the customer's opening message.
        opening = {
            "body": ticket["description"],
            "author_id": ticket.get("requester_id"),
            "created_at": ticket.get("created_at"),
        }
        yield _ticket(ticket, [opening], users, name, options)
    elif _is_comment(data):
        yield _ticket({}, [data], users, name, options)


def _role(author_id: Any, users: Mapping[Any, Any], requester: Any) -> Role | None:
    user = users.get(author_id)
    if isinstance(user, Mapping) and user.get("role") in _USER_ROLES:
        return _USER_ROLES[user["role"]]
    if requester is not None:
        return "customer" if str(author_id) == str(requester) else "agent"
    return None


def _comment_row(comment: Mapping[str, Any], users: Mapping[Any, Any], requester: Any) -> Row:
    text = (
        comment.get("plain_body")
        or comment.get("body")
        or html_to_text(comment.get("html_body") or "")
    )
    author = comment.get("author_id")
    user = users.get(author)
    speaker = (
        user.get("name")
        if isinstance(user, Mapping)
        else (str(author) if author is not None else None)
    )
    role: Role | None = (
        "system" if comment.get("public") is False else _role(author, users, requester)
    )
    return Row(text=str(text), speaker=speaker, role=role, timestamp=comment.get("created_at"))


def _ticket(ticket: Mapping[str, Any], comments: list[Any], users: Mapping[Any, Any], name: str,
            options: ReadOptions) -> Conversation:  # fmt: skip
    requester = ticket.get("requester_id")
    rows = [_comment_row(c, users, requester) for c in comments if isinstance(c, Mapping)]
    conv_id = (
        ticket.get("id")
        or get(comments, 0, "ticket_id")
        or name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    )
    metadata = {k: ticket[k] for k in ("subject", "status", "tags", "priority") if ticket.get(k)}
    metadata.update(assignment(ticket))  # assignee_id, group_id
    channel = get(ticket, "via", "channel")
    return build(f"zendesk-{conv_id}", rows, name, options, channel=channel, metadata=metadata)


def _audits(audits: list[Any], ticket: Mapping[str, Any], users: Mapping[Any, Any], name: str,
            options: ReadOptions) -> Iterator[Conversation]:  # fmt: skip
    by_ticket: dict[Any, list[Row]] = defaultdict(list)
    requesters: dict[Any, Any] = {}
    for audit in audits:
        if not isinstance(audit, Mapping):
            continue
        ticket_id = audit.get("ticket_id") or ticket.get("id") or "ticket"
        for event in audit.get("events", []) or []:
            if (
                isinstance(event, Mapping)
                and event.get("type") == "Create"
                and event.get("field_name") == "requester_id"
            ):
                requesters[ticket_id] = event.get("value")
        requester = requesters.get(ticket_id, ticket.get("requester_id"))
        for event in audit.get("events", []) or []:
            if isinstance(event, Mapping) and event.get("type") == "Comment":
                row = _comment_row(
                    {**event, "created_at": event.get("created_at", audit.get("created_at"))},
                    users,
                    requester,
                )
                by_ticket[ticket_id].append(row)
    for ticket_id, rows in by_ticket.items():
        yield build(f"zendesk-{ticket_id}", rows, name, options, channel="email")


def _chat(data: Mapping[str, Any], name: str, options: ReadOptions) -> Conversation:
    visitor = get(data, "visitor", "name")
    agents = {str(a) for a in data.get("agent_names", []) or []}
    rows = []
    for event in data["history"]:
        if not isinstance(event, Mapping) or event.get("type") != "chat.msg":
            continue
        speaker = event.get("name")
        role: Role | None = (
            "agent" if speaker in agents else "customer" if speaker == visitor else None
        )
        rows.append(
            Row(
                text=str(event.get("msg") or ""),
                speaker=speaker,
                role=role,
                timestamp=event.get("timestamp"),
            )
        )
    return build(f"zendesk-chat-{data.get('id', 'chat')}", rows, name, options, channel="chat",
                 metadata=assignment(data))  # department_name; the agent is who spoke  # fmt: skip
