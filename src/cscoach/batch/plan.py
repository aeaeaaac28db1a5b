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
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..ingest import InputNote, ReadError, Source
from ..ingest.source import SUFFIXES, detect_encoding, expand

SPLITTABLE = frozenset({".jsonl", ".ndjson"})
DEFAULT_PARTITION_BYTES = 64 * 2**20
HEAD_BYTES = 4096
_DAY = re.compile(r"/\d{4}-\d{2}-\d{2}\.json$")


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
    folder: bool = False
    """A Slack export folder at ``url``."""
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
        """The whole source for the readers: a local path, in-memory data, or the .eml files of
        one thread (a URL is read through ``local_copy``)."""
        if self.emails:
            return [Source(path, path=Path(path)) for path in self.emails]
        if self.data is not None:
            return [Source(self.name, data=self.data)]
        return [Source(self.name, path=Path(self.path or self.name))]

    @contextmanager
    def local_copy(self) -> Iterator[tuple[list[Source], Callable[[str], str]]]:
        """The sources to read, and how to name a path inside them as reports should. URLs are
        fetched to a temporary folder first, so every reader works on them as on local files
        (mbox archives, Slack exports and .eml threads need files); names point back at the
        URLs."""
        remote = [u for u in (self.emails or (self.url,)) if u is not None and is_url(u)]
        if not remote:
            yield self.sources(), str
            return
        import fsspec

        with tempfile.TemporaryDirectory(prefix="cscoach-") as folder:
            sources: list[Source] = []
            names: dict[str, str] = {}  # local path -> URL
            for n, url in enumerate(remote):
                fs, path = fsspec.core.url_to_fs(url)
                remote_path = PurePosixPath(path)  # the copy keeps the folder's name: ids use it
                local = Path(folder) / str(n) / (remote_path.parent.name or "_") / remote_path.name
                local.parent.mkdir(parents=True)
                fs.get(path, str(local), recursive=self.folder)
                sources.append(Source(str(local), path=local))
                names[str(local)] = url
            if len(remote) > 1:  # a thread of several files is named by the first one's folder
                names[str(Path(next(iter(names))).parent)] = remote[0].rsplit("/", 1)[0]

            def rename(name: str) -> str:
                for local in sorted(names, key=len, reverse=True):
                    name = name.replace(local, names[local])
                return name

            yield sources, rename

    def block(self) -> bytes:
        """This range's bytes: the whole lines that start in it (fsspec's read_block)."""
        from fsspec.utils import read_block

        opener = _open_url(self.url) if self.url is not None else open(self.path or "", "rb")  # noqa: SIM115
        with opener as fh:
            return read_block(fh, self.start, self.length, delimiter=b"\n")


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
            emails.append(entry.path or entry.url or entry.name)
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
    where = entry.path or entry.url
    return (
        where is not None
        and not entry.folder
        and PurePosixPath(where).suffix.lower() == ".eml"
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
    roots = _slack_roots(found)
    files = [p for p in found if not any(p.startswith(f"{root}/") for root in roots)]
    for path, folder in [*((r, True) for r in roots), *((f, False) for f in files)]:
        full = path if "://" in path else f"{protocol}://{path}"
        yield Partition(0, full, url=full, folder=folder)


def _slack_roots(paths: list[str]) -> list[str]:
    """Folders among listed object paths that are Slack exports (users.json beside channel
    folders of day files), read whole as a local run reads them."""
    listed = set(paths)
    roots = []
    for path in paths:
        if PurePosixPath(path).name != "users.json":
            continue
        root = str(PurePosixPath(path).parent)
        if any(_DAY.search(p) and str(PurePosixPath(p).parent.parent) == root for p in listed):
            roots.append(root)
    return sorted(roots)


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
