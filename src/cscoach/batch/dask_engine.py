"""The Dask engine: partitions analysed on a Dask cluster (``distributed``), results back in
input order, or written by the workers as part files.

Each worker reads its own partition (a path, an fsspec URL, or a byte range of a JSON Lines
file), parses, analyses and renders it: the client only plans, reassembles and writes bytes. The
plan is sized for the cluster's worker threads as they are when the run starts (see sizing.py).
The analyzer is sent once to each worker (``scatter(broadcast=True)``). Line numbers, and the
ids made from them, are absolute in a split file: small tasks count the lines of each range
before any analysis starts, so a range's output is the same bytes a local run gives.

Dask recomputes the partitions of a worker that dies; part files are written to a temporary name
and renamed, so a recomputed partition replaces its part whole and nothing is duplicated.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ..ingest import InputNote, JsonLines, ReadError, read_sources
from ..model import Conversation
from ..output import ENCODING_ERRORS
from ..render.base import Renderer, RenderOptions, Reported
from .local import Work
from .plan import DEFAULT_PARTITION_BYTES, Partition, plan
from .sizing import Sizing

Outcome = Reported | ReadError
SUCCESS = "_SUCCESS"


def count_lines(partition: Partition) -> int:
    """Lines in a split range, counted as the reader splits them."""
    return sum(1 for _ in io.StringIO(range_text(partition), newline=""))


def range_text(partition: Partition) -> str:
    data = partition.block()
    encoding = partition.encoding if partition.chunk == 0 else "utf-8"
    return data.decode(encoding, errors="replace")


@dataclass(frozen=True, slots=True)
class PartSink:
    """Where workers write their part files (``-o DIR/`` with a line format)."""

    folder: str
    """A local folder or an fsspec URL."""
    renderer: type[Renderer]
    options: RenderOptions
    suffix: str

    def name(self, partition: Partition) -> str:
        return f"part-{partition.index:05d}.{self.suffix}"

    def write(self, partition: Partition, outcomes: list[Outcome]) -> None:
        """Render this partition's results into its part file, atomically."""
        import fsspec

        buffer = io.StringIO(newline="")
        renderer = self.renderer(buffer, self.options)
        for item in outcomes:
            if isinstance(item, Reported):
                renderer.write(item.prepared)
        renderer.close()
        fs, folder = fsspec.core.url_to_fs(self.folder)
        final = f"{folder.rstrip('/')}/{self.name(partition)}"
        temporary = f"{folder.rstrip('/')}/.{self.name(partition)}.{uuid.uuid4().hex}.tmp"
        with fs.open(temporary, "w", encoding="utf-8", errors=ENCODING_ERRORS, newline="") as fh:
            fh.write(buffer.getvalue())
        fs.mv(temporary, final)

    def mark_success(self, names: list[str]) -> None:
        import fsspec

        fs, folder = fsspec.core.url_to_fs(self.folder)
        with fs.open(f"{folder.rstrip('/')}/{SUCCESS}", "w", encoding="utf-8") as fh:
            fh.write("".join(f"{name}\n" for name in names))


def run_partition(
    partition: Partition, first_line: int, work: Work, sink: PartSink | None
) -> list[Outcome]:
    """Read, analyse and finish one partition, on a worker. With a sink, the rendered results
    go to its part file and only the verdicts come back."""
    try:
        if partition.split:
            lines = tuple(io.StringIO(range_text(partition), newline=""))
            items = JsonLines(partition.name, first_line, lines).parse(work.options)
            outcomes = list(work(items))
        else:
            with partition.local_copy() as (sources, rename):
                outcomes = list(work(renamed(read_sources(sources, work.options), rename)))
    except OSError as exc:
        return [ReadError(partition.label, exc.strerror or str(exc))]
    except ReadError as exc:
        return [exc]
    if sink is not None:
        sink.write(partition, outcomes)
        outcomes = [replace(o, prepared=None) if isinstance(o, Reported) else o for o in outcomes]
    return outcomes


def renamed(items: Iterable[Any], rename: Callable[[str], str]) -> Iterator[Any]:
    """Read items with the names of a local copy turned back into its URL."""
    for item in items:
        if isinstance(item, Conversation) and item.source:
            yield replace(item, source=rename(item.source))
        elif isinstance(item, ReadError):
            yield type(item)(rename(item.source), item.reason)
        else:
            yield item


@contextmanager
def session(scheduler: str | None, workers: int) -> Iterator[tuple[Any, list[Any]]]:
    """A client of the cluster at ``scheduler``, or of a new LocalCluster of worker processes
    (one thread each: analysis is CPU-bound Python), and a list for the futures submitted: on
    leaving (done, an error, Ctrl-C) what is still pending is cancelled and all is closed."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    futures: list[Any] = []
    try:
        yield client, futures
    finally:
        if futures:
            client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


def cluster_sizing(client, workers: int, partition_bytes: int) -> Sizing:
    """The plan's sizing for the cluster behind ``client``: its worker threads, or ``workers``
    while none has joined yet."""
    threads = sum(client.nthreads().values())
    return Sizing(threads or workers, partition_bytes)


def analyze_on_dask(
    inputs: list[str],
    work: Work,
    scheduler: str | None = None,
    workers: int = 1,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    sink: PartSink | None = None,
    on_partition: Callable[[int, int], None] | None = None,
) -> Iterator[Outcome | ReadError]:
    """What ``local.analyze_inputs`` yields, in the same order, computed on Dask. With ``sink``,
    workers write the part files; ``on_partition(done, total)`` reports progress as partitions
    finish (in any order)."""
    from distributed import as_completed

    with session(scheduler, workers) as (client, futures):
        sizing = cluster_sizing(client, workers, partition_bytes)
        slots: list[Any] = list(plan(inputs, sizing, work.options.input_format))
        partitions = [s for s in slots if isinstance(s, Partition)]
        if sink is not None:
            _make_folder(sink.folder)
        shared = client.scatter(work, broadcast=True, hash=False)
        firsts = first_lines(client, partitions)
        count = len(partitions)
        futures += client.map(  # one graph: the scheduler sees every partition at once
            run_partition,
            partitions,
            [firsts[p.index] for p in partitions],
            [shared] * count,
            [sink] * count,
            pure=False,
        )
        index_of = {
            future.key: partition.index
            for future, partition in zip(futures, partitions, strict=True)
        }
        done: dict[int, list[Outcome]] = {}
        pending = iter(slots)
        slot = next(pending, None)
        for finished, future in enumerate(as_completed(futures, loop=client.loop), start=1):
            index = index_of[future.key]
            done[index] = _outcome(future, partitions[index])
            if on_partition is not None:
                on_partition(finished, len(partitions))
            while slot is not None and (not isinstance(slot, Partition) or slot.index in done):
                if isinstance(slot, Partition):
                    yield from done.pop(slot.index)
                else:
                    yield slot
                slot = next(pending, None)
        while slot is not None:  # read errors after the last partition, or no partitions at all
            yield slot
            slot = next(pending, None)
        if sink is not None:
            sink.mark_success([sink.name(p) for p in partitions])


def first_lines(client, partitions: list[Partition]) -> dict[int, Any]:
    """Each partition's first line number in its file: 1, or one more than the lines of the
    ranges before it. The ranges are counted on the cluster (tiny tasks, all at once) and the
    counts awaited before any analysis is submitted, so no partition waits on a count queued
    behind another partition's analysis or on a transfer from a busy worker. Where a count
    failed (an unreadable range), its future stands in for the number: the partitions after it
    fail with its error, each as its own outcome."""
    counts = {
        p.index: client.submit(count_lines, p, pure=False)
        for p, after in pairwise(partitions)
        if after.chunk
    }
    numbers = iter(client.gather(list(counts.values()), errors="skip"))  # the counts that worked
    counted = {i: next(numbers) for i, count in counts.items() if count.status == "finished"}
    firsts: dict[int, Any] = {}
    for partition in partitions:
        if partition.chunk == 0:
            firsts[partition.index] = 1
            continue
        before = partition.index - 1
        if not isinstance(firsts[before], int):
            firsts[partition.index] = firsts[before]
        elif before in counted:
            firsts[partition.index] = firsts[before] + counted[before]
        else:
            firsts[partition.index] = counts[before]
    return firsts


def _outcome(future, partition: Partition) -> list[Outcome]:
    try:
        return future.result()
    except Exception as exc:  # e.g. KilledWorker: the partition failed on every try
        return [ReadError(partition.label, f"failed on the cluster: {type(exc).__name__}: {exc}")]


def _make_folder(folder: str) -> None:
    import fsspec

    fs, path = fsspec.core.url_to_fs(folder)
    fs.makedirs(path, exist_ok=True)


__all__ = ["SUCCESS", "InputNote", "PartSink", "analyze_on_dask"]
