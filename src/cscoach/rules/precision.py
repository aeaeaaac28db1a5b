"""Each built-in rule's measured precision on the labelled sets (benchmarks/rule_precision.py
writes precision.json): shown by ``cscoach rules``, and required of critical rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

CRITICAL_PRECISION = 0.95
"""A rule may fail a conversation on its own only if it is right this often."""


@dataclass(frozen=True, slots=True)
class Measured:
    hits: int
    right: int
    precision: float

    def __str__(self) -> str:
        return f"{self.precision:.2f} ({self.right}/{self.hits})"


@cache
def measured() -> dict[str, Measured]:
    """Rule id -> its measured hits and precision (rules that never fired are absent)."""
    text = resources.files(__package__).joinpath("precision.json").read_text("utf-8")
    data = json.loads(text)
    return {
        rule: Measured(f["hits"], f["right"], f["precision"]) for rule, f in data["rules"].items()
    }


@cache
def measured_on() -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("precision.json").read_text("utf-8")
    return tuple(json.loads(text)["measured_on"])


def critical_warning(rule_id: str) -> str | None:
    """Why a rule is a risky gate, or None when it is measured precise enough."""
    figures = measured().get(rule_id)
    if figures is None:
        return f"{rule_id} has no measured precision (it never fired on the labelled sets)"
    if figures.precision < CRITICAL_PRECISION:
        return (
            f"{rule_id} was right in {figures.right} of its {figures.hits} hits on the labelled "
            f"sets (precision {figures.precision:.2f}); a critical rule should reach "
            f"{CRITICAL_PRECISION:.2f}"
        )
    return None
