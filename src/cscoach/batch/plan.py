"""Plan: inputs -> partitions, the units of work a cluster schedules.

Local paths, directories and globs expand as in a local run; fsspec URLs (``s3://``, ``gs://``,
``abfs://``, ``file://`` ...) list their files through fsspec. JSON Lines files are split into
byte ranges on line boundaries, as many as ``sizing`` gives them (at least two per worker over
the whole run, none too small), so one export spreads over every worker; every other file is one
partition. Planning reads no transcript: only listings, sizes and the first bytes of each file to
split (its encoding).
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
from .sizing import DEFAULT_PARTITION_BYTES, Sizing, byte_ranges

SPLITTABLE = frozenset({".jsonl", ".ndjson"})
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
    size: int = 0
    """Bytes of the whole source as listed (0 where unknown), to size the ranges."""

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
    inputs: list[str], sizing: Sizing | None = None, input_format: str | None = None
) -> Iterator[Partition | ReadError]:
    """The partitions of ``inputs`` in input order, with a ReadError (or InputNote) in place of
    what cannot be read; ``sizing`` (default: one worker) says how many ranges a JSON Lines
    file is cut into. A forced ``input_format`` other than jsonl turns splitting off."""
    sizing = sizing or Sizing()
    wholes = list(_wholes(inputs, input_format))
    total = sum(whole.size for whole in wholes if isinstance(whole, Partition))
    index = 0
    for whole in wholes:
        if isinstance(whole, ReadError):
            yield whole
            continue
        count = sizing.ranges(whole.size, total) if _splittable(whole, input_format) else 1
        for partition in _split(whole, count):
            if isinstance(partition, Partition):
                partition = replace(partition, index=index)
                index += 1
            yield partition


def _wholes(inputs: list[str], input_format: str | None) -> Iterator[Partition | ReadError]:
    """Every source whole, in input order: consecutive .eml files as one thread."""
    emails: list[Partition] = []
    for entry in _entries(inputs):
        if isinstance(entry, Partition) and _is_email(entry, input_format):
            emails.append(entry)
            continue
        if emails:
            yield _thread(emails)
            emails = []
        yield entry
    if emails:
        yield _thread(emails)


def _thread(emails: list[Partition]) -> Partition:
    files = tuple(e.path or e.url or e.name for e in emails)
    return Partition(0, files[0], emails=files, size=sum(e.size for e in emails))


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
            yield Partition(0, source.name, data=source.data, size=len(source.data))
        else:
            yield Partition(0, source.name, path=str(source.path), size=_local_size(source.path))


def _local_size(path: Path | None) -> int:
    """A file's bytes, or a folder's (a Slack export); 0 when it cannot be read."""
    try:
        if path is not None and path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


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
            listed = fs.glob(path, detail=True)
            sizes = {p: _listed_size(i) for p, i in listed.items() if i.get("type") == "file"}
            if not sizes:
                yield ReadError(url, "no file matches this pattern")
        elif fs.isdir(path):
            listed = fs.find(path, detail=True)
            sizes = {
                p: _listed_size(i)
                for p, i in listed.items()
                if PurePosixPath(p).suffix.lower() in SUFFIXES
            }
            if not sizes:
                yield ReadError(url, "directory holds no transcript files")
        elif fs.exists(path):
            sizes = {path: _listed_size(fs.info(path))}
        else:
            yield ReadError(url, "no such file or directory")
            return
    except ImportError as exc:  # e.g. s3:// without s3fs
        yield ReadError(url, f"cannot read this kind of URL here: {exc}")
        return
    except OSError as exc:
        yield ReadError(url, exc.strerror or str(exc))
        return
    found = sorted(sizes)
    roots = _slack_roots(found)
    files = [p for p in found if not any(p.startswith(f"{root}/") for root in roots)]
    for root in roots:
        size = sum(sizes[p] for p in found if p.startswith(f"{root}/"))
        yield Partition(0, _full(root, protocol), url=_full(root, protocol), folder=True, size=size)
    for path in files:
        yield Partition(0, _full(path, protocol), url=_full(path, protocol), size=sizes[path])


def _full(path: str, protocol: str) -> str:
    return path if "://" in path else f"{protocol}://{path}"


def _listed_size(info: dict) -> int:
    return int(info.get("size") or 0)


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


def _splittable(whole: Partition, input_format: str | None) -> bool:
    return (
        input_format in (None, "jsonl")
        and whole.data is None
        and not whole.folder
        and not whole.emails
        and PurePosixPath(whole.name).suffix.lower() in SPLITTABLE
    )


def _split(whole: Partition, count: int) -> Iterator[Partition | ReadError]:
    """``whole`` as one partition, or as ``count`` byte ranges of a UTF-8 JSON Lines file."""
    if count <= 1:
        yield whole
        return
    try:
        encoding = detect_encoding(_head(whole))
    except OSError as exc:
        yield ReadError(whole.name, exc.strerror or str(exc))
        return
    if encoding not in ("utf-8", "utf-8-sig"):
        yield whole
        return
    for chunk, (start, length) in enumerate(byte_ranges(whole.size, count)):
        yield replace(whole, start=start, length=length, encoding=encoding, chunk=chunk)


def _head(partition: Partition) -> bytes:
    if partition.url is not None:
        import fsspec

        with fsspec.open(partition.url, "rb") as fh:
            return fh.read(HEAD_BYTES)
    with open(partition.path or "", "rb") as fh:
        return fh.read(HEAD_BYTES)


__all__ = ["DEFAULT_PARTITION_BYTES", "InputNote", "Partition", "Sizing", "plan"]
