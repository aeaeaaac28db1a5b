"""The QA gate: which conversations fail, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import ConversationResult

UNSCORED = "unscored: no agent turn to score (name the agent with --agent NAME)"


@dataclass(frozen=True, slots=True)
class Thresholds:
    overall: int | None = None
    dimensions: Mapping[str, int] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.overall is not None or bool(self.dimensions)

    def minimum(self, dimension: str) -> int | None:
        return self.overall if dimension == "overall" else self.dimensions.get(dimension)

    def failed_dimensions(self, result: ConversationResult) -> dict[str, str]:
        """Dimension -> "score < minimum" for each threshold the result misses."""
        failed = {}
        for dim in ("overall", *self.dimensions):
            minimum, value = self.minimum(dim), result.scores.get(dim)
            if minimum is not None and value is not None and value < minimum:
                failed[dim] = f"{dim} {value} < {minimum}"
        return failed

    def failures(self, result: ConversationResult) -> list[str]:
        """Why ``result`` fails the gate (empty when it passes). A gate passes nothing it did
        not check: an unscored conversation fails any threshold."""
        reasons = list(self.failed_dimensions(result).values())
        if self.active and result.status == "unscored":
            reasons.insert(0, UNSCORED)
        reasons += [f"critical rule {f.rule} hit: “{f.text}”" for f in result.critical]
        return reasons
