"""Helpers the vendor readers share: HTML bodies to text, quoted history, building turns."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import unescape
from typing import Any

from ..limits import MAX_HTML_TAGS, MAX_REPLY_PARSER_CHARS
from ..model import Conversation, Role, Turn
from .options import ReadOptions
from .roles import assign_roles

_TAG = re.compile(r"<[a-zA-Z!/]")
_BLANKS = re.compile(r"\n(?:[ \t]*\n)+")
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_HIDDEN = re.compile(
    r"<(script|style)\b[^>]{0,2000}>.{0,1000000}?</\1\s*>", re.IGNORECASE | re.DOTALL
)


def html_to_text(body: str) -> str:
    """Visible text of an HTML body, paragraphs and line breaks kept (BeautifulSoup; a linear
    tag stripper for bodies of more than MAX_HTML_TAGS tags)."""
    if not _TAG.search(body):
        return body.strip()
    if any(n >= MAX_HTML_TAGS for n, _ in enumerate(_TAG.finditer(body))):
        text = unescape(_ANY_TAG.sub(" ", _HIDDEN.sub(" ", body)))
        return _BLANKS.sub(
            "\n\n", "\n".join(" ".join(x.split()) for x in text.splitlines())
        ).strip()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    for hidden in soup(["script", "style", "head", "title"]):
        hidden.decompose()
    for quote in soup.select(
        "blockquote, .gmail_quote, .gmail_extra, #divRplyFwdMsg, #appendonsend"
    ):
        quote.decompose()  # quoted history in Gmail, Outlook web and Apple Mail replies
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["li", "tr", "div"]):
        block.insert_after("\n")
    for block in soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6"]):
        block.insert_after("\n\n")
    text = soup.get_text()
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def visible_reply(text: str) -> str:
    """The new part of an email reply: quoted history, forwarded headers and signatures removed
    (Zapier's email-reply-parser: "On ... wrote:", Outlook header blocks, "Sent from my ...")."""
    from email_reply_parser import EmailReplyParser

    text = text.replace("\r\n", "\n")
    head = text[:MAX_REPLY_PARSER_CHARS]
    reply = EmailReplyParser.parse_reply(head).strip()
    if len(text) > len(head) and len(reply) >= len(head.strip()) - 2:
        return text.strip()  # no quote in the head: the body is all reply
    return reply or text.strip()


def epoch_to_iso(value: Any) -> str | None:
    """Epoch seconds (int, float or numeric string) to ISO 8601 UTC; other strings unchanged."""
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return str(value)
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


def get(data: Any, *path: str | int, default: Any = None) -> Any:
    """Nested lookup that tolerates missing keys and wrong types."""
    for key in path:
        if isinstance(key, int):
            if not isinstance(data, list) or len(data) <= key:
                return default
        elif not isinstance(data, Mapping):
            return default
        data = data[key] if isinstance(key, int) else data.get(key)
        if data is None:
            return default
    return data


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")


def decode_entities(text: str) -> str:
    """Exports (Twitter above all) carry HTML entities: "R&amp;D" is "R&D" to a reader."""
    return unescape(text) if "&" in text and _ENTITY.search(text) else text


def with_entities_decoded(conversation: Conversation) -> Conversation:
    """The conversation with HTML entities decoded in every turn (unchanged when none)."""
    if not any("&" in t.text for t in conversation.turns):
        return conversation
    turns = tuple(replace(t, text=decode_entities(t.text)) for t in conversation.turns)
    return replace(conversation, turns=turns)


@dataclass(frozen=True, slots=True)
class Row:
    """One message as a vendor export has it, before roles are settled."""

    text: str
    speaker: str | None = None
    role: Role | None = None
    timestamp: str | None = None
    line: int | None = None


def build(
    conv_id: str,
    rows: Iterable[Row],
    name: str,
    options: ReadOptions,
    *,
    channel: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> Conversation:
    """A Conversation from rows; empty messages are dropped, and rows without a role get one
    from the config's role mapping, --agent names, then content."""
    kept = [r for r in rows if r.text and r.text.strip()]
    overrides = {k.strip().lower(): v for k, v in options.roles.items()}
    overrides.update({a.strip().lower(): "agent" for a in options.agents})
    roles: list[Role | None] = [
        overrides.get((r.speaker or "").strip().lower(), r.role) for r in kept
    ]  # type: ignore[misc]
    inferred = False
    open_rows = [i for i, role in enumerate(roles) if role is None]
    if open_rows:
        # Only rows without a role are guessed: an auto-reply signed "Acme Support" is a bot,
        # and must not make everyone else a customer.
        guessed, inferred = assign_roles(
            [kept[i].speaker or f"speaker {i}" for i in open_rows],
            [kept[i].text for i in open_rows],
            options.agents,
            options.roles,
            agent_present="agent" in roles,
        )
        for i, guess in zip(open_rows, guessed, strict=True):
            roles[i] = guess
    turns = tuple(
        Turn(
            role=role,
            text=decode_entities(r.text.strip()),
            speaker=r.speaker,
            timestamp=r.timestamp,
            line=r.line,
        )  # type: ignore[arg-type]
        for r, role in zip(kept, roles, strict=True)
    )
    return Conversation(
        id=str(conv_id),
        turns=turns,
        channel=channel,
        metadata=dict(metadata or {}),
        source=name,
        roles_inferred=inferred,
    )
