"""The QA gate: which conversations fail, and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
        return self._failed_scores(result.scores)

    def _failed_scores(self, scores: Mapping[str, Any]) -> dict[str, str]:
        failed = {}
        for dim in ("overall", *self.dimensions):
            minimum, value = self.minimum(dim), scores.get(dim)
            if minimum is not None and value is not None and value < minimum:
                failed[dim] = f"{dim} {value} < {minimum}"
        return failed

    def failures(self, result: ConversationResult) -> list[str]:
        """Why ``result`` fails the gate (empty when it passes). A gate passes nothing it did
        not check: an unscored conversation fails any threshold."""
        hits = ((f.rule, f.text) for f in result.critical)
        return self._failures(result.scores, result.status == "unscored", hits)

    def failures_of_saved(self, result: Mapping[str, Any]) -> list[str]:
        """``failures`` for a result read back from result JSON (``cscoach summary``)."""
        hits = ((str(f.get("rule")), str(f.get("text"))) for f in result.get("critical") or [])
        return self._failures(result.get("scores") or {}, result.get("status") == "unscored", hits)

    def _failures(
        self, scores: Mapping[str, Any], unscored: bool, critical: Iterable[tuple[str, str]]
    ) -> list[str]:
        reasons = list(self._failed_scores(scores).values())
        if self.active and unscored:
            reasons.insert(0, UNSCORED)
        reasons += [f"critical rule {rule} hit: “{text}”" for rule, text in critical]
        return reasons
