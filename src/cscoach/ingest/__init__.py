"""Readers: turn files into Conversations. One reader per format family, chosen by name and
content; ``FORMATS`` lists them all (``cscoach formats`` prints it)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from types import ModuleType
from typing import Any, TextIO

from ..catalog import FORMAT_NAMES, FORMATS
from ..model import Conversation
from . import (
    freshdesk,
    front,
    helpscout,
    intercom,
    livechat,
    slack,
    twittercsv,
    voice,
    webvtt_reader,
    zendesk,
)
from .canonical import conversations_from_json, is_canonical
from .common import with_entities_decoded
from .csvlog import looks_like_csv, read_csv
from .email_msg import looks_like_eml, looks_like_mbox, read_eml, read_mbox
from .emailtext import looks_like_email_text, read_email_text
from .empty import blank_reason, named_if_empty, reason
from .options import ReadOptions
from .source import EmptyInput, InputNote, ReadError, Source, expand
from .textlog import looks_like_text_log, read_text_log

Reader = Callable[[TextIO, str, ReadOptions], Iterator[Conversation | ReadError]]
VENDOR_JSON: tuple[ModuleType, ...] = (
    zendesk,
    intercom,
    freshdesk,
    helpscout,
    front,
    livechat,
    voice,
)


_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".eml": "eml",
              ".mbox": "mbox", ".mbx": "mbox", ".vtt": "webvtt"}  # fmt: skip

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "EmptyInput",
    "InputNote",
    "JsonLines",
    "ReadError",
    "ReadOptions",
    "Source",
    "load",
    "load_deferred",
    "read_source",
    "read_sources",
    "sniff",
]


def sniff(source: Source, head: str) -> str:
    """The format of a source: its content first, its extension where content is ambiguous."""
    stripped = head.lstrip("\ufeff \t\r\n")
    by_suffix = _BY_SUFFIX.get(source.suffix)
    json_suffix = source.suffix in (".json", ".jsonl", ".ndjson")
    if stripped[:1] in ("{", "[") and (json_suffix or re.match(r"[\[{]\s*(?:[{\]\"]|$)", stripped)):
        return "jsonl" if by_suffix == "jsonl" or _several_json_lines(stripped) else "json"
    if webvtt_reader.looks_like(stripped):
        return "webvtt"
    if looks_like_mbox(stripped):
        return "mbox"
    if by_suffix != "eml" and looks_like_email_text(head):
        return "email"
    if by_suffix == "eml" or looks_like_eml(stripped):
        return "eml"
    if twittercsv.looks_like(stripped):
        return "twitter"
    if by_suffix == "csv" or looks_like_csv(head):
        return "csv"
    if looks_like_text_log(head):
        return "text"
    raise ReadError(
        source.name, f"unrecognised format (supported: {', '.join(FORMAT_NAMES)}; see 'cscoach formats', "
        "or force one with --input-format)"
    )  # fmt: skip


TOO_DEEP = "nested too deeply to read (not a transcript export)"


def _several_json_lines(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return "\n" in text.strip()


def read_json(
    stream: TextIO, name: str, options: ReadOptions, vendor: str | None = None
) -> Iterator[Conversation | ReadError]:
    try:
        data = json.load(stream)
    except json.JSONDecodeError as exc:
        raise ReadError(
            name, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise ReadError(name, TOO_DEEP) from None
    yield from read_json_data(data, name, options, vendor)


def read_json_data(
    data: Any, name: str, options: ReadOptions, vendor: str | None = None
) -> Iterator[Conversation | ReadError]:
    """Canonical JSON, or the first vendor export shape that matches (or the one forced)."""
    if vendor in (None, "json") and is_canonical(data):
        yield from conversations_from_json(data, name, options)
        return
    for module in VENDOR_JSON:
        if (vendor is None and module.matches(data)) or vendor == module.NAME:
            yield from named_if_empty(module.read(data, name, options), name, reason(module.NAME))
            return
    if vendor == "json" or _canonical_attempt(data):
        yield from conversations_from_json(data, name, options)  # its errors say what is missing
        return
    known = ", ".join(["canonical", *(m.NAME for m in VENDOR_JSON)])
    raise ReadError(name, f"JSON of no known shape (supported: {known}; see 'cscoach formats')")


def read_jsonl(
    stream: TextIO, name: str, options: ReadOptions
) -> Iterator[Conversation | ReadError]:
    """One conversation per line (canonical or a vendor shape); a bad line yields its error and
    reading goes on."""
    for number, line in enumerate(stream, start=1):
        yield from _parsed_line(line, name, number, options)


@dataclass(frozen=True, slots=True)
class JsonLines:
    """Lines of a JSON Lines file, not parsed yet. Parallel runs hand these to the worker
    processes, so the reading process only splits lines and never becomes the bottleneck."""

    name: str
    first: int
    """The line number of ``lines[0]``."""
    lines: tuple[str, ...]

    def parse(self, options: ReadOptions) -> Iterator[Conversation | ReadError]:
        for offset, line in enumerate(self.lines):
            yield from _parsed_line(line, self.name, self.first + offset, options)


def _jsonl_batches(stream: TextIO, name: str, size: int) -> Iterator[JsonLines]:
    lines = enumerate(stream, start=1)
    while chunk := list(islice(lines, size)):
        yield JsonLines(name, chunk[0][0], tuple(line for _, line in chunk))


def _parsed_line(
    line: str, name: str, number: int, options: ReadOptions
) -> list[Conversation | ReadError]:
    """One JSON line read inside its own error boundary: a bad line costs only itself, at
    every --jobs."""
    try:
        with _boundary(f"{name}:{number}", "jsonl"):
            return list(_jsonl_line(line, name, number, options))
    except ReadError as exc:
        return [exc]


def _jsonl_line(
    line: str, name: str, number: int, options: ReadOptions
) -> Iterator[Conversation | ReadError]:
    if not line.strip():
        return
    where = f"{name}:{number}"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        yield ReadError(where, f"invalid JSON at column {exc.colno}: {exc.msg}")
        return
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        yield ReadError(where, f"invalid JSON: {exc}")
        return
    except RecursionError:
        yield ReadError(where, TOO_DEEP)
        return
    if is_canonical(item) and isinstance(item, dict):
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        read = conversations_from_json(
            item, name, options, where=where, default_id=f"{stem}:{number}"
        )
        yield from named_if_empty(read, where, "a conversation with no messages")
        return
    try:
        yield from read_json_data(item, where, options)
    except ReadError as exc:
        yield exc


def _canonical_attempt(data: Any) -> bool:
    """Looks like a try at the canonical shape, so its specific errors help more."""
    if isinstance(data, list):
        return (
            not data
            or not any(isinstance(i, dict) for i in data)
            or any(isinstance(i, dict) and "turns" in i for i in data)
        )
    return isinstance(data, dict) and bool({"turns", "id", "channel", "metadata"} & set(data))


def _vendor(name: str) -> Reader:
    return lambda stream, source, options: read_json(stream, source, options, vendor=name)


READERS: dict[str, Reader] = {
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "text": read_text_log,
    "email": read_email_text,
    "eml": read_eml,
    "mbox": read_mbox,
    "twitter": twittercsv.read,
    "webvtt": webvtt_reader.read,
    **{m.NAME: _vendor(m.NAME) for m in VENDOR_JSON},
}


def read_source(
    source: Source, options: ReadOptions, defer_jsonl: int = 0
) -> Iterator[Conversation | ReadError | JsonLines]:
    """The conversations of one source, with a ReadError in place of each unreadable part;
    raises ReadError when the source as a whole cannot be read. With ``defer_jsonl``, JSON
    Lines come as unparsed JsonLines of that many lines."""
    if source.path is not None and source.path.is_dir():
        with _boundary(source.name, "slack"):
            yield from slack.read_folder(source.path, options)
        return
    stream = source.open_text()
    with stream:
        head = stream.read(65536)
        if len(head) < 65536 and not head.strip("\ufeff \t\r\n"):
            raise EmptyInput(source.name, blank_reason(source.name, head))
        fmt = options.input_format or sniff(source, head)
        stream.seek(0)
        with _boundary(source.name, fmt):
            yield from named_if_empty(
                _read_as(fmt, stream, source, options, defer_jsonl), source.name, reason(fmt, head)
            )


def _read_as(
    fmt: str, stream: TextIO, source: Source, options: ReadOptions, defer_jsonl: int
) -> Iterator[Conversation | ReadError | JsonLines]:
    if fmt == "jsonl" and defer_jsonl:
        yield from _jsonl_batches(stream, source.name, defer_jsonl)
    elif fmt in ("json", "jsonl"):
        yield from READERS[fmt](stream, source.name, options)  # decodes its own turns
    else:
        for item in READERS[fmt](stream, source.name, options):
            yield with_entities_decoded(item) if isinstance(item, Conversation) else item


@contextmanager
def _boundary(where: str, fmt: str) -> Iterator[None]:
    """Whatever goes wrong reading one input (or one JSON line) becomes a one-line ReadError
    naming it: a reader must never take the rest of the run down with a traceback."""
    try:
        yield
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(where, TOO_DEEP) from None
    except MemoryError:
        raise ReadError(where, "too large to read") from None
    except Exception as exc:  # the error boundary: every reader's failure, named
        raise ReadError(where, f"cannot read as {fmt}: {type(exc).__name__}: {exc}") from None


def load(
    inputs: Iterable[str], options: ReadOptions | None = None
) -> Iterator[Conversation | ReadError]:
    """Every conversation in ``inputs``, in order; an unreadable input yields its ReadError
    in place and reading goes on with the next one."""
    for item in load_deferred(inputs, options or ReadOptions(), defer_jsonl=0):
        assert not isinstance(item, JsonLines)  # defer_jsonl=0: parsed as they are read
        yield item


def load_deferred(
    inputs: Iterable[str], options: ReadOptions, defer_jsonl: int
) -> Iterator[Conversation | ReadError | JsonLines]:
    """Like ``load``, but JSON Lines files come as unparsed JsonLines of ``defer_jsonl``
    lines (0: parse them here), for the caller to parse where it analyses."""
    emails: list[Source] = []  # consecutive .eml files are threaded together
    for item in expand(list(inputs)):
        if (
            isinstance(item, Source)
            and item.suffix == ".eml"
            and options.input_format in (None, "eml")
        ):
            emails.append(item)
            continue
        if emails:
            yield from _read_emails(emails, options)
            emails = []
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield from read_source(item, options, defer_jsonl)
        except ReadError as exc:
            yield exc
    if emails:
        yield from _read_emails(emails, options)


def read_sources(sources: list[Source], options: ReadOptions) -> Iterator[Conversation | ReadError]:
    """One source, or consecutive .eml files threaded together, as ``load`` reads them: what
    cannot be read comes as a ReadError (one partition of a cluster run)."""
    if len(sources) > 1:
        yield from _read_emails(sources, options)
        return
    try:
        yield from read_source(sources[0], options)
    except ReadError as exc:
        yield exc


def _read_emails(sources: list[Source], options: ReadOptions) -> Iterator[Conversation | ReadError]:
    if len(sources) == 1:
        try:
            yield from read_source(sources[0], options)
        except ReadError as exc:
            yield exc
        return
    from .email_msg import read_eml_files

    yield from read_eml_files([s.path for s in sources if s.path is not None], options)
