"""Plan: inputs -> partitions, the units of work a cluster schedules.

Local paths, directories and globs expand as in a local run; fsspec URLs (``s3://``, ``gs://``,
``abfs://``, ``file://`` ...) list their files through fsspec. A JSON Lines file larger than the
partition size is split into byte ranges on line boundaries, so one big export spreads over many
workers; every other file is one partition. Planning reads no transcript: only listings, sizes
and the first bytes of each file to split (its encoding).
"""

from __future__ import annotations

import glob as globbing
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..ingest import InputNote, ReadError, Source
from ..ingest.source import SUFFIXES, detect_encoding, expand

SPLITTABLE = frozenset({".jsonl", ".ndjson"})
DEFAULT_PARTITION_BYTES = 64 * 2**20
HEAD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work: a whole source, or the lines starting in [start, start + length) of a
    JSON Lines file."""

    index: int
    name: str
    """The input's name as reports show it (a path or URL)."""
    url: str | None = None
    """An fsspec URL, read through fsspec; None for a local path or in-memory data."""
    path: str | None = None
    data: bytes | None = None
    """stdin or a pipe, read by the client (it can be read only once)."""
    emails: tuple[str, ...] = ()
    """Consecutive .eml files, threaded together as in a local run."""
    start: int = 0
    length: int | None = None
    """Bytes of a split file's range; None for the whole source."""
    encoding: str = "utf-8"
    chunk: int = 0
    """Which range of its file this is (0 for the first or only one)."""

    @property
    def split(self) -> bool:
        return self.length is not None

    @property
    def label(self) -> str:
        if not self.split:
            return self.name
        return f"{self.name} (bytes {self.start}-{self.start + (self.length or 0)})"

    def sources(self) -> list[Source]:
        """The whole source for the readers (a local path, bytes fetched through fsspec, or the
        .eml files of one thread)."""
        if self.emails:
            return [Source(path, path=Path(path)) for path in self.emails]
        if self.data is not None:
            return [Source(self.name, data=self.data)]
        if self.url is not None:
            return [Source(self.name, data=read_url(self.url))]
        return [Source(self.name, path=Path(self.path or self.name))]

    def block(self) -> bytes:
        """This range's bytes: the whole lines that start in it (fsspec's read_block)."""
        from fsspec.utils import read_block

        opener = _open_url(self.url) if self.url is not None else open(self.path or "", "rb")  # noqa: SIM115
        with opener as fh:
            return read_block(fh, self.start, self.length, delimiter=b"\n")


def read_url(url: str) -> bytes:
    with _open_url(url) as fh:
        return fh.read()


def _open_url(url: str):
    import fsspec

    return fsspec.open(url, "rb").open()


def is_url(item: str) -> bool:
    return "://" in item and not os.path.exists(item)


def plan(
    inputs: list[str],
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    input_format: str | None = None,
) -> Iterator[Partition | ReadError]:
    """The partitions of ``inputs`` in input order, with a ReadError (or InputNote) in place of
    what cannot be read. A forced ``input_format`` other than jsonl turns splitting off."""
    index = 0
    emails: list[str] = []
    for entry in _entries(inputs):
        if isinstance(entry, Partition) and _is_email(entry, input_format):
            emails.append(entry.path or entry.name)
            continue
        if emails:  # consecutive .eml files are one thread, one partition
            yield Partition(index, emails[0], emails=tuple(emails))
            index, emails = index + 1, []
        if isinstance(entry, ReadError):
            yield entry
            continue
        for partition in _partitions(
            index, entry, partition_bytes, input_format in (None, "jsonl")
        ):
            yield partition
            index += isinstance(partition, Partition)
    if emails:
        yield Partition(index, emails[0], emails=tuple(emails))


def _entries(inputs: list[str]) -> Iterator[Partition | ReadError]:
    """Each input's files; local ones expanded together, so a file named twice is read once."""
    local: list[str] = []
    for item in inputs:
        if not is_url(item):
            local.append(item)
            continue
        yield from _local_files(local)
        local = []
        yield from _url_files(item)
    yield from _local_files(local)


def _is_email(entry: Partition, input_format: str | None) -> bool:
    return (
        entry.path is not None
        and PurePosixPath(entry.path).suffix.lower() == ".eml"
        and input_format in (None, "eml")
    )


def _local_files(items: list[str]) -> Iterator[Partition | ReadError]:
    if not items:
        return
    for source in expand(items):
        if isinstance(source, ReadError):
            yield source
        elif source.data is not None:
            yield Partition(0, source.name, data=source.data)
        else:
            yield Partition(0, source.name, path=str(source.path))


def _url_files(url: str) -> Iterator[Partition | ReadError]:
    try:
        import fsspec
    except ImportError:
        yield ReadError(url, "URLs need the dask extra: pip install 'cscoach[dask]'")
        return
    try:
        fs, path = fsspec.core.url_to_fs(url)
        protocol = url.split("://", 1)[0]
        if globbing.has_magic(path):
            found = sorted(p for p in fs.glob(path) if fs.isfile(p))
            if not found:
                yield ReadError(url, "no file matches this pattern")
        elif fs.isdir(path):
            found = sorted(p for p in fs.find(path) if PurePosixPath(p).suffix.lower() in SUFFIXES)
            if not found:
                yield ReadError(url, "directory holds no transcript files")
        elif fs.exists(path):
            found = [path]
        else:
            yield ReadError(url, "no such file or directory")
            return
    except ImportError as exc:  # e.g. s3:// without s3fs
        yield ReadError(url, f"cannot read this kind of URL here: {exc}")
        return
    except OSError as exc:
        yield ReadError(url, exc.strerror or str(exc))
        return
    for path in found:
        full = path if "://" in path else f"{protocol}://{path}"
        yield Partition(0, full, url=full)


def _size_and_head(partition: Partition) -> tuple[int, bytes]:
    if partition.url is not None:
        import fsspec

        fs, path = fsspec.core.url_to_fs(partition.url)
        with fs.open(path, "rb") as fh:
            return fs.size(path), fh.read(HEAD_BYTES)
    with open(partition.path or "", "rb") as fh:
        return os.fstat(fh.fileno()).st_size, fh.read(HEAD_BYTES)


def _partitions(
    index: int, whole: Partition, partition_bytes: int, jsonl_allowed: bool
) -> Iterator[Partition | ReadError]:
    """``whole`` as one partition, or as byte ranges when it is a big JSON Lines file."""
    suffix = PurePosixPath(whole.name).suffix.lower()
    if whole.data is not None or suffix not in SPLITTABLE or not jsonl_allowed:
        yield _at(whole, index)
        return
    try:
        size, head = _size_and_head(whole)
    except OSError as exc:
        yield ReadError(whole.name, exc.strerror or str(exc))
        return
    encoding = detect_encoding(head)
    if size <= partition_bytes or encoding not in ("utf-8", "utf-8-sig"):
        yield _at(whole, index)
        return
    for chunk, start in enumerate(range(0, size, partition_bytes)):
        length = min(partition_bytes, size - start)
        yield replace(
            whole, index=index + chunk, start=start, length=length, encoding=encoding, chunk=chunk
        )


def _at(partition: Partition, index: int) -> Partition:
    return replace(partition, index=index)


__all__ = ["DEFAULT_PARTITION_BYTES", "InputNote", "Partition", "plan"]
