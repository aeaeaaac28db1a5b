"""How many byte ranges each JSON Lines file of a run is split into.

A cluster is only busy when every worker has work, and evenly busy only when no worker is left
with one big partition at the end: so the inputs are cut into at least PER_WORKER partitions per
worker, whatever their size. Each splittable file takes its share of that count by its share of
the run's bytes (a file twice as big gets twice the ranges), so several files spread as one.
Ranges are never smaller than ``smallest`` (a small input stays whole: scheduling a task costs
more than analysing a few kilobytes) nor larger than ``largest`` (``--partition-size``, which
bounds a worker's memory); when the two disagree, ``largest`` wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

PER_WORKER = 2
DEFAULT_PARTITION_BYTES = 64 * 2**20
MIN_PARTITION_BYTES = 256 * 2**10


@dataclass(frozen=True, slots=True)
class Sizing:
    workers: int = 1
    largest: int = DEFAULT_PARTITION_BYTES
    """The most bytes in one range (``--partition-size``)."""
    smallest: int = MIN_PARTITION_BYTES
    """The fewest bytes in one range, unless ``largest`` is smaller."""

    def ranges(self, size: int, total: int) -> int:
        """How many ranges a file of ``size`` bytes is cut into, in a run of ``total`` bytes."""
        wanted = PER_WORKER * max(1, self.workers)
        share = -(-wanted * size // max(total, size, 1))  # its share of the count, rounded up
        fewest = -(-size // self.largest)  # no range above largest
        most = size // min(self.smallest, self.largest)  # no range below smallest
        return max(1, fewest, min(share, most))


def byte_ranges(size: int, count: int) -> list[tuple[int, int]]:
    """``count`` ranges (start, length) covering ``size`` bytes, their lengths at most one byte
    apart."""
    bounds = [size * n // count for n in range(count + 1)]
    return [(start, end - start) for start, end in pairwise(bounds)]


__all__ = [
    "DEFAULT_PARTITION_BYTES",
    "MIN_PARTITION_BYTES",
    "PER_WORKER",
    "Sizing",
    "byte_ranges",
]
