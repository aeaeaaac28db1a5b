"""95% intervals for the per-agent and per-team tables, and whether a group differs from the
whole team by more than chance.

A pass rate gets Wilson's score interval (right at small n and near 0 or 1, where the textbook
normal interval is not). A mean score gets a percentile bootstrap with a fixed seed, so the same
results give the same interval on every run. Up to INDEXED_MAX scores a resample draws indices;
beyond, as scores are whole numbers 0-100, it draws counts over the distinct values (a
multinomial), which costs the same at any n.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

import numpy as np

CONFIDENCE = 0.95
Z = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2)
RESAMPLES = 2000
INDEXED_MAX = 500
SEED = 26
MIN_N = 5
"""Below this many conversations a group is never called different from the team: with two or
three scores, a resampled interval is narrower than the truth."""

Difference = Literal["above", "below", "within"]


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean score or a pass rate (percent) over ``n`` conversations, with its 95% interval."""

    n: int
    value: float | None
    low: float | None
    high: float | None

    def against(self, team: Estimate) -> Difference:
        """ "above" or "below" when this interval and the team's do not overlap (and there are
        at least MIN_N conversations), else "within": the data cannot tell the two apart."""
        if self.n < MIN_N or None in (self.low, self.high, team.low, team.high):
            return "within"
        if self.low > team.high:  # type: ignore[operator]
            return "above"
        if self.high < team.low:  # type: ignore[operator]
            return "below"
        return "within"


def wilson(successes: int, n: int) -> Estimate:
    """The share ``successes / n`` as a percentage, with Wilson's 95% score interval."""
    if n == 0:
        return Estimate(0, None, None, None)
    share = successes / n
    centre = (share + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(share * (1 - share) / n + Z * Z / (4 * n * n))
    return Estimate(n, 100 * share, 100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


def bootstrap_mean(values: Sequence[float]) -> Estimate:
    """The mean of ``values`` (missing ones left out) with a seeded 95% percentile bootstrap."""
    data = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    n = len(data)
    if n == 0:
        return Estimate(0, None, None, None)
    rng = np.random.default_rng(SEED)
    if n <= INDEXED_MAX:
        means = data[rng.integers(0, n, size=(RESAMPLES, n))].mean(axis=1)
    else:
        distinct, counts = np.unique(data, return_counts=True)
        means = rng.multinomial(n, counts / n, size=RESAMPLES) @ distinct / n
    tail = 100 * (1 - CONFIDENCE) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    return Estimate(n, float(data.mean()), float(low), float(high))
