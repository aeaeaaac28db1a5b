"""The renderer protocol: results go in one at a time, in order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..gate import Thresholds
from ..model import ConversationResult

UNSCORED_NOTE = (
    "Unscored: no agent turn was found, so nothing was checked. If an agent took part, name "
    "them with --agent NAME (or agents = [...] in cscoach.toml)."
)


LOW_SCORE = 60


def no_tips_note(scores: Mapping[str, int | None]) -> str:
    """What to say where no tip points at a turn: all well, or which scores are low (a
    conversation can fail on courtesy or outcome with no single turn to quote)."""
    low = sorted(
        (value, dim)
        for dim, value in scores.items()
        if dim != "overall" and value is not None and value < LOW_SCORE
    )[:2]
    if not low:
        return "Nothing to improve found."
    named = " and ".join(f"{dim.replace('_', ' ')} {value}" for value, dim in low)
    return f"No tip points at a single turn; the lowest scores are {named}."


@dataclass(frozen=True, slots=True)
class RenderOptions:
    thresholds: Thresholds = field(default_factory=Thresholds)
    per_turn: bool = False
    """csv: one row per turn instead of one per conversation."""
    explain: bool = False
    """terminal, markdown, html: show what each checked rewrite earns."""
    scripts: tuple[str, ...] = ()
    """terminal, html: the team's required scripts (cscoach.toml), shown as macro wherever
    agents send them, beside the sentences that recur across the batch."""


class Renderer:
    """Receives each result as it is ready, then ``close`` once at the end."""

    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        self.stream = stream
        self.options = options or RenderOptions()

    @staticmethod
    def prepare(result: ConversationResult, options: RenderOptions) -> Any:
        """The part of rendering one result needs alone (e.g. its JSON text). Parallel runs do
        it in the worker that analysed the result; ``write`` gets what this returns."""
        return result

    def write(self, prepared: Any) -> None:
        """Output one result, as ``prepare`` left it."""
        raise NotImplementedError

    def close(self) -> None:
        """Called once after the last result (also after an interrupted run)."""


@dataclass(frozen=True, slots=True)
class Reported:
    """One conversation ready for the parent process: prepared output and the gate's verdict."""

    conversation_id: str
    prepared: Any
    failures: tuple[str, ...]
    unscored: bool = False
    speakers: frozenset[str] = frozenset()
    """Lowercased speaker names, so the run can warn about an --agent nobody matched."""


def report(
    renderer: type[Renderer], options: RenderOptions, result: ConversationResult
) -> Reported:
    """Prepare ``result`` for ``renderer`` and judge it against the thresholds."""
    return Reported(
        result.conversation.id,
        renderer.prepare(result, options),
        tuple(options.thresholds.failures(result)),
        result.status == "unscored",
        frozenset(t.speaker.strip().lower() for t in result.conversation.turns if t.speaker),
    )
