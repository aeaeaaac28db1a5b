"""``cscoach summary --engine dask``: each worker reduces its partition (saved result lines, or
transcripts it analyses) to a summary Collector; the client merges them in input order. Only the
compact per-conversation records and the counters cross the network, never the results."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..gate import Thresholds
from ..ingest import InputNote, JsonLines, ReadError, read_sources
from ..model import ConversationResult
from ..summary import Collector, result_lines, result_parts
from ..themes import ThemeCounter, ThemeOptions
from .dask_engine import cluster_sizing, first_lines, range_text, renamed, session
from .local import Work
from .plan import Partition, plan


def _collector(thresholds: Thresholds, themes: ThemeOptions | None) -> Collector:
    return Collector(thresholds, themes=ThemeCounter(themes or ThemeOptions()))


def as_dict(result: ConversationResult) -> dict[str, Any]:
    return result.to_dict()


def collect_partition(
    partition: Partition,
    first_line: int,
    work: Work,
    thresholds: Thresholds,
    themes: ThemeOptions | None = None,
) -> tuple[Collector, list[str]]:
    """One partition reduced to a Collector, with the problems met (bad lines, unreadable)."""
    collector, problems = _collector(thresholds, themes), []
    try:
        lines = _lines(partition)
        if lines is not None and _is_result(lines):
            for result in result_lines(partition.name, lines, problems, first_line):
                collector.add(result)
            return collector, problems
        with _transcripts(partition, lines, first_line, work) as items:
            for item in work(items):
                if isinstance(item, ReadError):
                    if not isinstance(item, InputNote):  # a note is nothing wrong
                        problems.append(str(item))
                else:
                    collector.add(item)
    except (OSError, ReadError) as exc:
        problems.append(f"{partition.label}: {getattr(exc, 'strerror', None) or exc}")
    return collector, problems


def _lines(partition: Partition) -> list[str] | None:
    """The text lines of a JSON Lines partition (None for other formats)."""
    if partition.split:
        return list(io.StringIO(range_text(partition), newline=""))
    if Path(partition.name).suffix.lower() not in (".jsonl", ".ndjson") or partition.emails:
        return None
    with partition.local_copy() as ((source,), _):
        return list(io.StringIO(source.read_text(), newline=""))


def _is_result(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    try:
        data = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "schema_version" in data and "scores" in data


@contextmanager
def _transcripts(
    partition: Partition, lines: list[str] | None, first_line: int, work: Work
) -> Iterator[Iterator[Any]]:
    if partition.split and lines is not None:
        yield JsonLines(partition.name, first_line, tuple(lines)).parse(work.options)
        return
    with partition.local_copy() as (sources, rename):
        yield renamed(read_sources(sources, work.options), rename)


def summarize_on_dask(
    paths: list[str],
    work: Work,
    thresholds: Thresholds,
    scheduler: str | None,
    workers: int,
    partition_bytes: int,
    problems: list[str],
    themes: ThemeOptions | None = None,
) -> Collector:
    """The merged Collector of every input, computed on the cluster; problems are appended.
    ``themes``: a team's theme exclusions (cscoach.toml)."""
    from distributed import as_completed

    inputs: list[str] = []
    for path in paths:  # a folder of part files stands for its parts
        folder = Path(path)
        if folder.is_dir() and (folder / "_SUCCESS").is_file():
            parts, missing = result_parts(folder)
            problems.extend(missing)
            inputs.extend(str(part) for part in parts)
        else:
            inputs.append(path)
    with session(scheduler, workers) as (client, futures):
        partitions = []
        sizing = cluster_sizing(client, workers, partition_bytes)
        for slot in plan(inputs, sizing, work.options.input_format):
            if isinstance(slot, Partition):
                partitions.append(slot)
            elif not isinstance(slot, InputNote):
                problems.append(str(slot))
        shared = client.scatter(work, broadcast=True, hash=False)
        firsts = first_lines(client, partitions)
        futures += [
            client.submit(
                collect_partition, p, firsts[p.index], shared, thresholds, themes, pure=False
            )
            for p in partitions
        ]
        position = {future.key: n for n, future in enumerate(futures)}
        done: dict[int, tuple[Collector, list[str]]] = {}
        merged, next_index = _collector(thresholds, themes), 0
        for future in as_completed(futures, loop=client.loop):
            done[position[future.key]] = future.result()
            while next_index in done:  # merge in input order: positions and examples hold
                collector, met = done.pop(next_index)
                merged.merge(collector)
                problems.extend(met)
                next_index += 1
        return merged
