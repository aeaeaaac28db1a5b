"""Readers: turn files into Conversations. One reader per format, chosen by name and content."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from ..model import Conversation
from .canonical import read_json, read_jsonl
from .csvlog import looks_like_csv, read_csv
from .emailtext import looks_like_email_text, read_email_text
from .options import ReadOptions
from .source import ReadError, Source, expand
from .textlog import looks_like_text_log, read_text_log

Reader = Callable[[TextIO, str, ReadOptions], Iterator[Conversation | ReadError]]

READERS: dict[str, Reader] = {
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "text": read_text_log,
    "email": read_email_text,
}
FORMAT_HELP: dict[str, str] = {
    "json": "canonical transcript JSON: one conversation object or a list (.json)",
    "jsonl": "canonical transcript JSON Lines: one conversation per line (.jsonl, .ndjson)",
    "csv": "one row per turn: conversation id, speaker or role, text, timestamp (.csv, .tsv)",
    "text": 'chat log: "Name: text", "[10:32] Name: text", "Agent:"/"Customer:" (.txt, .log)',
    "email": 'email thread saved as text: messages starting with "From:" headers (.txt, .eml.txt)',
}
_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv"}

__all__ = [
    "FORMAT_HELP",
    "READERS",
    "ReadError",
    "ReadOptions",
    "Source",
    "load",
    "read_source",
    "sniff",
]


def sniff(source: Source, head: str) -> str:
    """The format of a source: its extension when that is unambiguous, else its content."""
    by_suffix = _BY_SUFFIX.get(source.suffix)
    stripped = head.lstrip()
    if by_suffix in ("json", "jsonl") and stripped[:1] in ("{", "["):
        return "jsonl" if by_suffix == "jsonl" or _several_json_lines(stripped) else "json"
    if by_suffix == "csv":
        return "csv"
    if re.match(r"\[\s*(?:[{\]\"]|$)", stripped):
        return "json"
    if stripped[:1] == "{":
        return "jsonl" if _several_json_lines(stripped) else "json"
    if looks_like_email_text(head):
        return "email"
    if looks_like_csv(head):
        return "csv"
    if looks_like_text_log(head):
        return "text"
    raise ReadError(
        source.name,
        f"unrecognised format (supported: {', '.join(READERS)}; force one with --input-format)",
    )


def _several_json_lines(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        json.loads(first)
    except ValueError:
        return False
    return "\n" in text.strip()


def read_source(source: Source, options: ReadOptions) -> Iterator[Conversation | ReadError]:
    """The conversations of one source, with a ReadError in place of each unreadable part;
    raises ReadError when the source as a whole cannot be read."""
    stream = source.open_text()
    with stream:
        head = stream.read(65536)
        fmt = options.input_format or sniff(source, head)
        stream.seek(0)
        try:
            yield from READERS[fmt](stream, source.name, options)
        except ReadError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeError) as exc:
            raise ReadError(source.name, f"cannot read as {fmt}: {exc}") from None


def load(
    inputs: Iterable[str], options: ReadOptions | None = None
) -> Iterator[Conversation | ReadError]:
    """Every conversation in ``inputs``, in order; an unreadable input yields its ReadError
    in place and reading goes on with the next one."""
    options = options or ReadOptions()
    for item in expand(list(inputs)):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from read_source(item, options)
        except ReadError as exc:
            yield exc
