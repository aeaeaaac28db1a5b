"""Running the pipeline over many inputs: read, analyse, judge against thresholds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .analyzer import Analyzer
from .ingest import ReadError, ReadOptions, load
from .model import ConversationResult


@dataclass(frozen=True, slots=True)
class Thresholds:
    overall: int | None = None
    dimensions: Mapping[str, int] = field(default_factory=dict)

    def failures(self, result: ConversationResult) -> list[str]:
        """Why ``result`` fails the gate (empty when it passes)."""
        reasons = []
        overall = result.scores.get("overall")
        if self.overall is not None and overall is not None and overall < self.overall:
            reasons.append(f"overall {overall} < {self.overall}")
        for dim, minimum in self.dimensions.items():
            value = result.scores.get(dim)
            if value is not None and value < minimum:
                reasons.append(f"{dim} {value} < {minimum}")
        reasons += [f"critical rule {f.rule} hit: “{f.text}”" for f in result.critical]
        return reasons


def analyze_inputs(
    inputs: Iterable[str], analyzer: Analyzer, options: ReadOptions | None = None
) -> Iterator[ConversationResult | ReadError]:
    """Each input's results in order; unreadable inputs yield their ReadError and the run goes on."""
    for item in load(inputs, options):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield analyzer.analyze(item)
        except Exception as exc:
            yield ReadError(
                f"{item.source}#{item.id}", f"could not be analysed: {type(exc).__name__}: {exc}"
            )
