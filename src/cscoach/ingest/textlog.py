"""Plain-text chat logs: "Name: text", "[10:32] Name: text", "Agent:" / "Customer:" labels.

A turn runs until the next speaker line, so messages can span several lines. A line of three or
more ``-`` or ``=`` separates conversations in one file. A label counts as a speaker only if it
is a role word, a known agent, or opens at least two lines: "Note: ..." inside a message stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TextIO

from ..model import Conversation, Turn
from .options import ReadOptions
from .roles import assign_roles, role_from_label
from .source import ReadError

SPEAKER_LINE = re.compile(
    r"^\s*(?:\[(?P<ts1>[^\]\n]{1,40})\]\s*|\(?(?P<ts2>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)\)?\s*[-–|]?\s*)?"
    r"(?P<speaker>[A-Za-z@][\w .'@()&/-]{0,39}?)\s*[:>]\s+(?P<text>\S.*)$"
)
SEPARATOR = re.compile(r"^\s*(?:-{3,}|={3,}|\*{3,})\s*$")
_NOT_SPEAKERS = frozenset(
    {"http", "https", "note", "ps", "p.s", "re", "fw", "fwd", "subject", "to", "cc"}
)


def read_text_log(stream: TextIO, name: str, options: ReadOptions) -> Iterator[Conversation]:
    lines = stream.read().splitlines()
    speakers = _speakers(lines, options)
    if not speakers:
        raise ReadError(name, "no 'Speaker: message' lines found (is this a chat log?)")
    blocks = _split(lines)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    produced = 0
    for block_start, block in blocks:
        turns = _turns(block, block_start, speakers)
        if not turns:
            continue
        produced += 1
        conv_id = stem if len(blocks) == 1 else f"{stem}#{produced}"
        roles, inferred = assign_roles(
            [s for s, *_ in turns], [t for _, t, *_ in turns], options.agents, options.roles
        )
        yield Conversation(
            id=conv_id,
            turns=tuple(
                Turn(role=role, text=text, speaker=speaker, timestamp=ts, line=line)
                for (speaker, text, ts, line), role in zip(turns, roles, strict=True)
            ),
            channel="chat",
            source=name,
            roles_inferred=inferred,
        )


def looks_like_text_log(text: str) -> bool:
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if not lines:
        return False
    hits = sum(1 for line in lines if SPEAKER_LINE.match(line))
    return hits >= 2 and hits >= len(lines) * 0.2


def _speakers(lines: list[str], options: ReadOptions) -> set[str]:
    counts: Counter[str] = Counter()
    for line in lines:
        m = SPEAKER_LINE.match(line)
        if m:
            counts[m.group("speaker").strip()] += 1
    agents = {a.lower() for a in options.agents} | {r.lower() for r in options.roles}
    return {
        s
        for s, n in counts.items()
        if s.lower() not in _NOT_SPEAKERS
        and (n >= 2 or role_from_label(s) is not None or s.lower() in agents)
    }


def _split(lines: list[str]) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = [(1, [])]
    for number, line in enumerate(lines, start=1):
        if SEPARATOR.match(line):
            blocks.append((number + 1, []))
        else:
            blocks[-1][1].append(line)
    return [(start, block) for start, block in blocks if any(line.strip() for line in block)]


def _turns(
    block: list[str], first_line: int, speakers: set[str]
) -> list[tuple[str, str, str | None, int]]:
    turns: list[tuple[str, list[str], str | None, int]] = []
    for offset, line in enumerate(block):
        m = SPEAKER_LINE.match(line)
        if m and m.group("speaker").strip() in speakers:
            ts = m.group("ts1") or m.group("ts2")
            turns.append(
                (m.group("speaker").strip(), [m.group("text").strip()], ts, first_line + offset)
            )
        elif turns and line.strip():
            turns[-1][1].append(line.strip())
        elif turns and turns[-1][1][-1] != "":
            turns[-1][1].append("")
    return [(s, "\n".join(parts).strip(), ts, n) for s, parts, ts, n in turns]
