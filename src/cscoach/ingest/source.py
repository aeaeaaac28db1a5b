"""Where transcripts come from: expanding paths, directories and globs, and decoding bytes."""

from __future__ import annotations

import codecs
import glob
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

STDIN = "-"
SUFFIXES = frozenset(
    {
        ".json",
        ".jsonl",
        ".ndjson",
        ".csv",
        ".tsv",
        ".txt",
        ".log",
        ".text",
        ".chat",
        ".eml",
        ".mbox",
        ".mbx",
        ".vtt",
    }
)
"""Extensions picked up when walking a directory (explicit files are read whatever their name)."""


class ReadError(Exception):
    """An input that could not be read; the message is one line and names the problem."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        return (type(self), (self.source, self.reason))

    def detached(self) -> ReadError:
        """The same error without the exception it was raised in or its traceback: what a
        process pool sends. Where tracebacks pickle (distributed installs tblib's support, which
        bypasses ``__reduce__``), a RecursionError's context of a thousand frames would fail
        to pickle in turn."""
        return type(self)(self.source, self.reason)


class InputNote(ReadError):
    """Something to tell about an input that is not an error: reported on stderr as a note,
    and the run's exit code does not change."""


class EmptyInput(InputNote):
    """An input with nothing in it: zero conversations, reported as a note, not an error (a
    nightly export with no tickets is not a failure)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a file path, or stdin's already-read bytes."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower() if self.path else ""

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise ReadError(self.name, exc.strerror or str(exc)) from None

    def open_text(self) -> TextIO:
        """The decoded text, as a stream (large JSONL files are read line by line)."""
        if self.data is None and self.path is not None:
            try:
                with self.path.open("rb") as fh:
                    head = fh.read(4096)
                encoding = detect_encoding(head)
                if encoding in ("utf-8", "utf-8-sig") and _is_binary(head):
                    raise ReadError(self.name, "binary file, not a transcript")
                return self.path.open(encoding=encoding, errors="replace", newline="")
            except OSError as exc:
                raise ReadError(self.name, exc.strerror or str(exc)) from None
        return io.StringIO(decode(self.read_bytes(), self.name), newline="")

    def read_text(self) -> str:
        with self.open_text() as fh:
            return fh.read()


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) and UTF-16 by their marks; anything else that is not valid
    UTF-8 is detected by charset-normalizer (Windows-1252, Latin-1, ...)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:
            return "utf-8"  # a multi-byte character cut by the sample window
        return _guess_legacy(head)
    return "utf-8"


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _guess_legacy(head: bytes) -> str:
    """charset-normalizer's guess; among equally plausible single-byte code pages, Windows-1252
    (short samples cannot tell cp1250 from cp1252, and Western exports are the common case)."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(head))
    if not results:
        return "cp1252"
    best = results[0]
    tied = [
        r for r in results if r.chaos <= best.chaos + 0.01 and r.coherence >= best.coherence - 0.01
    ]
    for match in tied:
        if any(name in _WESTERN for name in match.could_be_from_charset):
            return "cp1252"
    return best.encoding


def _is_binary(head: bytes) -> bool:
    """NUL bytes, or mostly control characters: not text in any encoding we read."""
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes, name: str) -> str:
    encoding = detect_encoding(data[:4096])
    if encoding.startswith("utf-8") and _is_binary(data[:4096]):
        raise ReadError(name, "binary file, not a transcript")
    return data.decode(encoding, errors="replace")


def expand(inputs: list[str]) -> Iterator[Source | ReadError]:
    """Every source named by ``inputs``: files, directories (recursively), globs, and ``-``."""
    seen: set[Path] = set()
    for item in inputs:
        if item == STDIN:
            yield Source(name="<stdin>", data=sys.stdin.buffer.read())
            continue
        path = Path(item)
        if path.is_dir() and is_slack_export(path):
            yield Source(name=str(path), path=path)
        elif path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
            yield ReadError(item, "permission denied")
        elif path.is_dir():
            exports = sorted(p for p in path.rglob("users.json") if is_slack_export(p.parent))
            roots = [e.parent for e in exports]
            yield from (Source(name=str(r), path=r) for r in roots)
            found = sorted(
                p
                for p in path.rglob("*")
                if _wanted(p, path) and not any(r in p.parents or r == p.parent for r in roots)
            )
            special = sum(1 for p in path.rglob("*") if _special(p, path))
            if special:
                yield InputNote(item, f"skipped {special} special file{'s' * (special != 1)} "
                                "(a FIFO, socket or device cannot be read as a transcript)")  # fmt: skip
            if not found and not roots:
                yield ReadError(item, "directory holds no transcript files")
            yield from (_once(p, seen) for p in found if p.resolve() not in seen)
        elif path.exists() and not path.is_file():
            # A pipe (process substitution, <(cat x.json)) or a device: it can be read only
            # once, so it is read here, in full, like stdin.
            try:
                yield Source(name=str(path), data=path.read_bytes())
            except OSError as exc:
                yield ReadError(item, exc.strerror or str(exc))
        elif path.exists():
            if path.resolve() not in seen:
                yield _once(path, seen)
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if os.path.isfile(p))
            if not matches:
                yield ReadError(item, "no file matches this pattern")
            yield from (_once(p, seen) for p in matches if p.resolve() not in seen)
        else:
            yield ReadError(item, "no such file or directory")


def is_slack_export(folder: Path) -> bool:
    from .slack import is_export

    try:
        return is_export(folder)
    except OSError:
        return False


def _wanted(path: Path, root: Path) -> bool:
    relative = path.relative_to(root).parts
    hidden = any(part.startswith(".") for part in relative)
    return path.is_file() and not hidden and path.suffix.lower() in SUFFIXES


def _special(path: Path, root: Path) -> bool:
    """A FIFO, socket or device with a transcript's suffix: reading it could block forever."""
    relative = path.relative_to(root).parts
    if any(part.startswith(".") for part in relative) or path.suffix.lower() not in SUFFIXES:
        return False
    return path.exists() and not path.is_file() and not path.is_dir()


def _once(path: Path, seen: set[Path]) -> Source:
    seen.add(path.resolve())
    return Source(name=str(path), path=path)
