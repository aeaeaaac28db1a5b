"""Running the pipeline over many inputs: streaming, in order, on one or many processes.

Inputs are read lazily, so a multi-gigabyte JSONL file never sits in memory; with ``jobs > 1``
conversations go to a process pool in small batches, at most a few batches ahead of the
results being written, and come back in input order (the output is the same bytes whatever
the number of jobs).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from .analyzer import Analyzer
from .gate import Thresholds
from .ingest import ReadError, ReadOptions, load
from .model import Conversation, ConversationResult
from .redact import redact_conversation

__all__ = ["Thresholds", "analyze_inputs", "default_jobs"]

Item = Conversation | ReadError
Outcome = ConversationResult | ReadError

BATCH = 16
"""Conversations sent to a worker at a time."""
AHEAD = 4
"""Batches in flight per worker: enough to keep them busy, few enough to bound memory."""


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def analyze_inputs(
    inputs: Iterable[str],
    analyzer: Analyzer,
    options: ReadOptions | None = None,
    jobs: int = 1,
    redact: bool = False,
) -> Iterator[Outcome]:
    """Each input's results in order; unreadable inputs yield their ReadError and the run goes on.
    With ``redact``, personal data is masked before analysis (see cscoach.redact)."""
    items = load(inputs, options)
    if redact:
        items = (i if isinstance(i, ReadError) else redact_conversation(i) for i in items)
    if jobs <= 1:
        yield from _analyze_batch(analyzer, items)
        return
    yield from _parallel(items, analyzer, jobs)


def _analyze_batch(analyzer: Analyzer, items: Iterable[Item]) -> Iterator[Outcome]:
    for item in items:
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield analyzer.analyze(item)
        except Exception as exc:
            yield ReadError(
                f"{item.source}#{item.id}", f"could not be analysed: {type(exc).__name__}: {exc}"
            )


_WORKER_ANALYZER: Analyzer | None = None


def _init_worker(analyzer: Analyzer) -> None:
    global _WORKER_ANALYZER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _WORKER_ANALYZER = analyzer


def _work(batch: list[Item]) -> list[Outcome]:
    assert _WORKER_ANALYZER is not None
    return list(_analyze_batch(_WORKER_ANALYZER, batch))


def _parallel(items: Iterator[Item], analyzer: Analyzer, jobs: int) -> Iterator[Outcome]:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(analyzer,)) as pool:
        pending: deque = deque()
        while batch := list(islice(items, BATCH)):
            pending.append(pool.apply_async(_work, (batch,)))
            while len(pending) >= jobs * AHEAD:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
