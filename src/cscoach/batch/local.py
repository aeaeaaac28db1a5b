"""Running the pipeline over many inputs: streaming, in order, on one or many processes.

Inputs are read lazily, so a multi-gigabyte JSONL file never sits in memory; with ``jobs > 1``
work goes to a process pool in small batches, at most a few batches ahead of the results being
written, and comes back in input order (the output is the same bytes whatever the number of
jobs). The workers do all the per-conversation work: they parse JSON Lines, analyse, and
``finish`` each result (e.g. render it), so the parent only splits lines and writes.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..analyzer import Analyzer
from ..ingest import JsonLines, ReadError, ReadOptions, load_deferred
from ..model import Conversation, ConversationResult
from ..redact import redact_conversation

__all__ = ["Work", "analyze_inputs", "default_jobs"]

T = TypeVar("T")
Item = Conversation | ReadError | JsonLines

BATCH = 16
"""Conversations (or JSON lines) sent to a worker at a time."""
AHEAD = 4
"""Batches in flight per worker: enough to keep them busy, few enough to bound memory."""


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def _unchanged(result: ConversationResult) -> Any:
    return result


@dataclass(frozen=True, slots=True)
class Work(Generic[T]):
    """Everything a worker needs to turn read items into finished outcomes."""

    analyzer: Analyzer
    options: ReadOptions
    redact: bool
    finish: Callable[[ConversationResult], T]

    def __call__(self, items: Iterable[Item]) -> Iterator[T | ReadError]:
        for item in items:
            if isinstance(item, JsonLines):
                yield from self(item.parse(self.options))
            elif isinstance(item, ReadError):
                yield item
            else:
                yield self._one(redact_conversation(item) if self.redact else item)

    def _one(self, conversation: Conversation) -> T | ReadError:
        try:
            return self.finish(self.analyzer.analyze(conversation))
        except Exception as exc:
            where = f"{conversation.source}#{conversation.id}"
            return ReadError(where, f"could not be analysed: {type(exc).__name__}: {exc}")


def analyze_inputs(
    inputs: Iterable[str],
    analyzer: Analyzer,
    options: ReadOptions | None = None,
    jobs: int = 1,
    redact: bool = False,
    finish: Callable[[ConversationResult], T] = _unchanged,
) -> Iterator[T | ReadError]:
    """``finish(result)`` for each conversation of the inputs, in order; unreadable inputs
    yield their ReadError and the run goes on. With ``redact``, personal data is masked before
    analysis (see cscoach.redact). ``finish`` runs in the worker, so it must pickle."""
    work = Work(analyzer, options or ReadOptions(), redact, finish)
    if jobs <= 1:
        yield from work(load_deferred(inputs, work.options, defer_jsonl=0))
        return
    yield from _parallel(_batches(load_deferred(inputs, work.options, BATCH)), work, jobs)


def _batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    """Up to BATCH items at a time; a JsonLines chunk (already BATCH lines) goes alone."""
    batch: list[Item] = []
    for item in items:
        if isinstance(item, JsonLines):
            if batch:
                yield batch
                batch = []
            yield [item]
        else:
            batch.append(item.detached() if isinstance(item, ReadError) else item)
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


_WORKER: Work | None = None


def _init_worker(work: Work) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool ends its workers with SIGTERM
    _WORKER = work


def _run(batch: list[Item]) -> list[Any]:
    assert _WORKER is not None
    return list(_WORKER(batch))


def _parallel(batches: Iterator[list[Item]], work: Work[T], jobs: int) -> Iterator[T | ReadError]:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(work,)) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_run, (batch,)))
            while len(pending) >= jobs * AHEAD:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
