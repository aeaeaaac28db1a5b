"""The data model shared by every layer: immutable, plain, and free of I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["agent", "customer", "bot", "system"]
ROLES: tuple[Role, ...] = ("agent", "customer", "bot", "system")

AGENT_TAGS: tuple[str, ...] = (
    "active_listening",
    "empathy",
    "apology",
    "positive_language",
    "negative_language",
    "clarifying_question",
    "solution",
    "next_steps",
    "personalization",
    "gratitude",
    "greeting",
    "closing",
)
CUSTOMER_TAGS: tuple[str, ...] = ("customer_negative", "escalation_request", "resolution_confirmed")
ALL_TAGS: tuple[str, ...] = AGENT_TAGS + CUSTOMER_TAGS
PLAIN_PROBLEM = "problem"
"""The kind of ``customer_negative`` finding that only reports a fault ("I can't log in"): the
customer still has a problem, but has not shown they are upset, so no empathy is owed for it."""

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of a conversation, as read from the source."""

    role: Role
    text: str
    speaker: str | None = None
    timestamp: str | None = None
    labels: tuple[str, ...] | None = None
    line: int | None = None
    """1-based line in the source file where the turn starts, when the source has lines."""


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    turns: tuple[Turn, ...]
    channel: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    roles_inferred: bool = False

    @property
    def agent(self) -> str | None:
        """The agent's name: from metadata, else the first named agent speaker."""
        name = self.metadata.get("agent")
        if isinstance(name, str) and name:
            return name
        return next((t.speaker for t in self.turns if t.role == "agent" and t.speaker), None)


@dataclass(frozen=True, slots=True)
class Finding:
    """One tag found in one turn, with the exact span of text that triggered it."""

    tag: str
    kind: str
    rule: str
    text: str
    start: int
    end: int
    message: str = ""
    confidence: float = 1.0
    """How sure cscoach is of the tag, 0-1: the tagger's probability where it decides the tag,
    the rules' measured precision where they do, 1 for the user's own rules."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "kind": self.kind,
            "rule": self.rule,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
        }


def expresses_upset(finding: Finding) -> bool:
    """A customer_negative finding beyond a plain fault report."""
    return finding.tag == "customer_negative" and finding.kind != PLAIN_PROBLEM


@dataclass(frozen=True, slots=True)
class TurnResult:
    index: int
    """1-based position of the turn in the conversation (the number reports show)."""
    turn: Turn
    findings: tuple[Finding, ...] = ()
    sentiment: float | None = None
    possible: frozenset[str] = frozenset()
    """Tags the tagger did not give but cannot rule out (see TagModel.absent_below): a tip
    that says the turn lacks one of them would be a guess, so none is given."""
    tags: frozenset[str] = field(init=False, repr=False, compare=False)
    """The tags of the findings (computed once: scoring and coaching ask many times)."""
    upset: bool = field(init=False, repr=False, compare=False)
    """A customer turn that shows frustration, anger or worry, not only a fault report."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", frozenset(f.tag for f in self.findings))
        object.__setattr__(self, "upset", any(map(expresses_upset, self.findings)))

    def confidence(self, tag: str) -> float:
        """How sure cscoach is of ``tag`` in this turn: its most confident finding."""
        return max((f.confidence for f in self.findings if f.tag == tag), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "index": self.index,
            "role": self.turn.role,
            "speaker": self.turn.speaker,
            "text": self.turn.text,
            "sentiment": None if self.sentiment is None else round(self.sentiment, 4),
            "tags": [f.to_dict() for f in self.findings],
        }
        if self.possible:
            data["possible"] = sorted(self.possible)
        if self.turn.timestamp:
            data["timestamp"] = self.turn.timestamp
        if self.turn.line is not None:
            data["line"] = self.turn.line
        return data


@dataclass(frozen=True, slots=True)
class SentimentTrajectory:
    start: float
    end: float
    trend: Literal["improved", "worsened", "steady"]
    points: tuple[float, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"start": round(self.start, 4), "end": round(self.end, 4), "trend": self.trend}


@dataclass(frozen=True, slots=True)
class Tip:
    tag: str
    turn: int
    quote: str
    tip: str
    rewrite: str | None = None
    priority: int = 50
    """Lower is more urgent; tips are listed in this order."""
    rewrite_tags: tuple[str, ...] = ()
    """The tags the rewrite itself earns when cscoach reads it (it was checked before shown)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tag": self.tag,
            "turn": self.turn,
            "quote": self.quote,
            "tip": self.tip,
        }
        if self.rewrite is not None:
            data["rewrite"] = self.rewrite
            data["rewrite_tags"] = list(self.rewrite_tags)
        return data


@dataclass(frozen=True, slots=True)
class ConversationResult:
    conversation: Conversation
    turns: tuple[TurnResult, ...]
    scores: Mapping[str, int | None]
    customer_sentiment: SentimentTrajectory | None
    tips: tuple[Tip, ...]
    critical: tuple[Finding, ...] = ()
    """Findings of rules marked critical: any one fails the conversation as a QA gate."""

    @property
    def overall(self) -> int | None:
        return self.scores.get("overall")

    @property
    def status(self) -> Literal["scored", "unscored"]:
        """ "unscored" when no agent turn could be scored (no agent found, or only bots)."""
        return "unscored" if self.overall is None else "scored"

    def to_dict(self) -> dict[str, Any]:
        conv = self.conversation
        return {
            "schema_version": SCHEMA_VERSION,
            "id": conv.id,
            "status": self.status,
            "source": conv.source,
            "agent": conv.agent,
            "channel": conv.channel,
            "metadata": dict(conv.metadata),
            "roles_inferred": conv.roles_inferred,
            "scores": dict(self.scores),
            "turns": [t.to_dict() for t in self.turns],
            "customer_sentiment": (
                None if self.customer_sentiment is None else self.customer_sentiment.to_dict()
            ),
            "tips": [t.to_dict() for t in self.tips],
            "critical": [f.to_dict() for f in self.critical],
        }
