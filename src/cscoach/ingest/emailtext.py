"""An email thread saved as text: messages that start with "From:" header lines.

Quoted history (lines starting with ">", and everything after "On ... wrote:" or
"-----Original Message-----") is dropped so no text is scored twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from ..model import Conversation, Turn
from .common import visible_reply
from .options import ReadOptions
from .roles import assign_roles
from .source import ReadError

_FROM = re.compile(r"^From:\s*(?P<name>[^<\n]*?)\s*(?:<(?P<addr>[^>\n]+)>)?\s*$")
_HEADER = re.compile(r"^(?:To|Cc|Bcc|Date|Sent|Subject|Reply-To):", re.IGNORECASE)
_QUOTE_START = re.compile(
    r"^(?:On .{4,200}wrote:\s*$|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded message|_{10,}$)",
    re.IGNORECASE,
)


def looks_like_email_text(text: str) -> bool:
    """Several messages, each opening with "From:" (one message alone is an .eml)."""
    head = [line for line in text.splitlines()[:6] if line.strip()]
    starts = sum(1 for line in text.splitlines() if _FROM.match(line))
    return (
        starts >= 2
        and len(head) > 1
        and bool(_FROM.match(head[0]))
        and any(_HEADER.match(h) for h in head[1:])
    )


def read_email_text(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation]:
    lines = stream.read().splitlines()
    messages: list[dict] = []
    previous = ""
    for number, line in enumerate(lines, start=1):
        m = _FROM.match(line)
        quoted_header = bool(
            _QUOTE_START.match(previous.strip())
        )  # "-----Original Message-----\nFrom: ..."
        previous = line if line.strip() else previous
        if m and not quoted_header:
            speaker = m.group("name").strip().strip('"') or (m.group("addr") or "unknown")
            messages.append(
                {
                    "speaker": speaker,
                    "addr": m.group("addr"),
                    "line": number,
                    "headers": True,
                    "body": [],
                    "quoted": False,
                    "date": None,
                }
            )
            continue
        if not messages:
            continue
        current = messages[-1]
        if current["headers"]:
            if _HEADER.match(line):
                if line.lower().startswith(("date:", "sent:")):
                    current["date"] = line.split(":", 1)[1].strip()
                continue
            if not line.strip():
                current["headers"] = False
                continue
            current["headers"] = False
        if current["quoted"] or _QUOTE_START.match(line.strip()):
            current["quoted"] = True
            continue
        if not line.lstrip().startswith(">"):
            current["body"].append(line)
    if not messages:
        raise ReadError(name, "no 'From:' lines found (is this an email thread?)")
    texts = [
        visible_reply(re.sub(r"\n{3,}", "\n\n", "\n".join(m["body"]).strip())) for m in messages
    ]
    kept = [(m, t) for m, t in zip(messages, texts, strict=True) if t]
    speakers = [m["speaker"] for m, _ in kept]
    roles, inferred = assign_roles(speakers, [t for _, t in kept], options.agents, options.roles)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    yield Conversation(
        id=stem,
        turns=tuple(
            Turn(role=role, text=text, speaker=m["speaker"], timestamp=m["date"], line=m["line"])
            for (m, text), role in zip(kept, roles, strict=True)
        ),
        channel="email",
        source=name,
        roles_inferred=inferred,
    )
