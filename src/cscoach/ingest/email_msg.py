"""Email: ``.eml`` messages and mbox archives (the standard library's email and mailbox modules
with ``policy.default``). Bodies are the plain-text part, else the HTML part as text; quoted
history, forwarded headers and signatures are removed so no text is scored twice. Messages are
threaded by Message-ID, In-Reply-To and References, then by normalised subject. Senders from a
support domain (``--agent-domain``) or a configured agent address are agents; auto-replies are bots.
"""

from __future__ import annotations

import email
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import TextIO

from ..limits import MAX_HEADER_LINE_CHARS
from ..model import Conversation, Role
from .common import Row, build, html_to_text, visible_reply
from .options import ReadOptions
from .source import ReadError

NAME = "email"
_HEADER = re.compile(r"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]")
_KNOWN = re.compile(r"^(?:received|from|to|subject|date|message-id|mime-version|return-path|delivered-to|content-type)\s*:",
                    re.IGNORECASE | re.MULTILINE)  # fmt: skip
_SUBJECT_PREFIX = re.compile(
    r"^(?:\s*(?:re|fw|fwd|aw|sv|vs|antw|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE
)


def looks_like_eml(head: str) -> bool:
    lines = head.lstrip().splitlines()[:40]
    if not lines or not _HEADER.match(lines[0]):
        return False
    return len(_KNOWN.findall("\n".join(lines))) >= 2


def looks_like_mbox(head: str) -> bool:
    return head.startswith("From ") and bool(_KNOWN.search(head[:4000]))


@dataclass(frozen=True, slots=True)
class _Mail:
    message_id: str
    parents: tuple[str, ...]
    subject: str
    sender_name: str
    sender_address: str
    when: float
    date: str | None
    text: str
    auto: bool


def _bounded(raw: bytes) -> bytes:
    """The message with every header line cut to MAX_HEADER_LINE_CHARS (the body untouched):
    pathological headers cost the email parser quadratic time and gigabytes."""
    end = raw.find(b"\n\n")
    head, body = (raw, b"") if end < 0 else (raw[:end], raw[end:])
    if len(head) <= MAX_HEADER_LINE_CHARS:
        return raw
    lines = head.split(b"\n")
    return b"\n".join(line[:MAX_HEADER_LINE_CHARS] for line in lines) + body


def _parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(_bounded(raw), policy=policy.default)  # type: ignore[return-value]


def read_eml(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation | ReadError]:
    message = _parse(stream.read().encode("utf-8", "surrogateescape"))
    yield from _threads([_mail(message, 0)], name, options)


def read_eml_files(paths: list[Path], options: ReadOptions) -> Iterator[Conversation | ReadError]:
    """Several .eml files threaded together (a folder of exported messages)."""
    mails = []
    for position, path in enumerate(paths):
        try:
            message = _parse(path.read_bytes())
            mails.append(_mail(message, position))
        except (OSError, ValueError, LookupError) as exc:
            yield ReadError(str(path), f"cannot read email: {exc}")
    name = str(paths[0].parent) if len(paths) > 1 else str(paths[0])
    yield from _threads(mails, name, options)


def read_mbox(
    stream: TextIO, name: str, options: ReadOptions
) -> Iterator[Conversation | ReadError]:
    path = Path(name)
    if not path.is_file():  # stdin: mailbox needs a file
        raise ReadError(name, "mbox archives must be read from a file")
    box = mailbox.mbox(
        path,
        factory=lambda f: _parse(f.read()),
        create=False,
    )
    mails = []
    for position, message in enumerate(box):
        mails.append(_mail(message, position))
    yield from _threads(mails, name, options)


def _mail(message: EmailMessage, position: int) -> _Mail:
    sender = getaddresses([str(message.get("From", ""))])
    sender_name, sender_address = sender[0] if sender else ("", "")
    date = message.get("Date")
    try:
        when = parsedate_to_datetime(str(date)).timestamp() if date else float(position)
    except (TypeError, ValueError):
        when = float(position)
    parents = tuple(
        re.findall(
            r"<([^>]+)>", f"{message.get('References', '')} {message.get('In-Reply-To', '')}"
        )
    )
    return _Mail(
        message_id=str(message.get("Message-ID", "")).strip().strip("<>") or f"message-{position}",
        parents=tuple(p.strip() for p in parents),
        subject=_SUBJECT_PREFIX.sub("", str(message.get("Subject", ""))).strip(),
        sender_name=sender_name or sender_address,
        sender_address=sender_address.lower(),
        when=when,
        date=str(date) if date else None,
        text=visible_reply(_body(message)),
        auto=_is_auto_reply(message),
    )


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        payload = part.get_payload(decode=True) or b""
        content = (
            payload.decode("utf-8", errors="replace")
            if isinstance(payload, bytes)
            else str(payload)
        )
    return html_to_text(content) if part.get_content_type() == "text/html" else str(content)


def _is_auto_reply(message: EmailMessage) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).lower()
    precedence = str(message.get("Precedence", "")).lower()
    subject = str(message.get("Subject", "")).lower()
    return (
        auto not in ("", "no")
        or precedence in ("auto_reply", "bulk", "junk")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or subject.startswith(("auto:", "automatic reply", "out of office", "autoreply"))
    )


def _role(mail: _Mail, options: ReadOptions) -> Role | None:
    if mail.auto:
        return "bot"
    domain = mail.sender_address.rsplit("@", 1)[-1]
    agents = {a.lower() for a in options.agents}
    if domain and any(domain == d.lower().lstrip("@") or domain.endswith("." + d.lower().lstrip("@"))
                      for d in options.agent_domains):  # fmt: skip
        return "agent"
    if mail.sender_address in agents or mail.sender_name.lower() in agents:
        return "agent"
    return None


def _threads(
    mails: list[_Mail], name: str, options: ReadOptions
) -> Iterator[Conversation | ReadError]:
    """Union messages that reference each other, then those sharing a normalised subject."""
    root: dict[str, str] = {}

    def find(key: str) -> str:
        while root.get(key, key) != key:
            key = root[key]
        return key

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[rb] = ra

    by_id = {m.message_id: m for m in mails}
    subjects: dict[str, str] = {}
    for mail in mails:
        root.setdefault(mail.message_id, mail.message_id)
        for parent in mail.parents:
            if parent in by_id:
                union(parent, mail.message_id)
        if mail.subject:
            if mail.subject.lower() in subjects:
                union(subjects[mail.subject.lower()], mail.message_id)
            else:
                subjects[mail.subject.lower()] = mail.message_id
    groups: dict[str, list[_Mail]] = {}
    for mail in mails:
        groups.setdefault(find(mail.message_id), []).append(mail)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for n, members in enumerate(groups.values(), start=1):
        members.sort(key=lambda m: m.when)
        rows = [
            Row(text=m.text, speaker=m.sender_name, role=_role(m, options), timestamp=m.date)
            for m in members
        ]
        if not any(r.text.strip() for r in rows):
            yield ReadError(name, "email has no readable text body")
            continue
        conv_id = stem if len(groups) == 1 else f"{stem}#{n}"
        subject = members[0].subject
        yield build(
            conv_id,
            rows,
            name,
            options,
            channel="email",
            metadata={"subject": subject} if subject else {},
        )
