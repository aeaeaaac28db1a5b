"""The data model shared by every layer: immutable, plain, and free of I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .doc import Doc

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
HANDLINGS: tuple[str, ...] = (
    "answered",
    "partial",
    "clarify",
    "deferred",
    "redirect",
    "missed",
    "no_reply",
)
"""How the agent's reply handled a customer request (GUIDELINES-requests.md)."""
REQUEST_LABELS: tuple[str, ...] = ("request", *HANDLINGS[:-1])
"""What the request model decides: whether a customer turn asks for something, and how a reply
handled it (``no_reply`` needs no model: no agent turn followed)."""
UPSET_LABELS: tuple[str, ...] = ("upset",)
"""What the upset model decides: whether a customer turn shows the customer upset (see
upset.py)."""
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
    parsed: Doc | None = field(default=None, repr=False, compare=False)
    """The turn's text parsed (see ``doc``); the analyzer passes the one it built."""
    tags: frozenset[str] = field(init=False, repr=False, compare=False)
    """The tags of the findings (computed once: scoring and coaching ask many times)."""
    upset: bool = field(init=False, repr=False, compare=False)
    """A customer turn that shows frustration, anger or worry, not only a fault report."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", frozenset(f.tag for f in self.findings))
        object.__setattr__(self, "upset", any(map(expresses_upset, self.findings)))

    def __getstate__(self) -> list[Any]:
        """Pickled without its Doc (a worker's result): the parse is rebuilt only if asked for."""
        return [None if f.name == "parsed" else getattr(self, f.name) for f in fields(self)]

    @property
    def doc(self) -> Doc:
        """The turn's text parsed once: every pass reads this, none splits or masks again."""
        if self.parsed is None:
            from .doc import Doc  # the parser loads NLTK: only where a turn is read

            object.__setattr__(self, "parsed", Doc(self.turn.text))
        return self.parsed  # type: ignore[return-value]

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
class Said:
    """Words of one turn, quoted: who said them is the turn's role."""

    turn: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Tip:
    tag: str
    turn: int
    """The agent turn being coached (for a reply that never came: the customer turn left
    without one)."""
    quote: str
    """Words of the agent turn being coached, never the customer's; empty when the point is
    a reply that never came."""
    tip: str
    rewrite: str | None = None
    priority: int = 50
    """Lower is more urgent; tips are listed in this order."""
    rewrite_tags: tuple[str, ...] = ()
    """The tags the rewrite itself earns when cscoach reads it (it was checked before shown)."""
    context: Said | None = None
    """The customer's words that make the point ("customer, turn 3: ..."), when there are any."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tag": self.tag,
            "turn": self.turn,
            "quote": self.quote,
            "tip": self.tip,
        }
        if self.context is not None:
            data["context"] = self.context.to_dict()
        if self.rewrite is not None:
            data["rewrite"] = self.rewrite
            data["rewrite_tags"] = list(self.rewrite_tags)
        return data


@dataclass(frozen=True, slots=True)
class Reask:
    """An agent asking for a detail the customer had already given."""

    detail: str
    """What kind of detail ("order number", "device or system")."""
    given: Said
    """The customer turn and words that gave it."""
    asked: Said
    """The agent turn and sentence that asked for it again."""

    def to_dict(self) -> dict[str, Any]:
        return {"detail": self.detail, "given": self.given.to_dict(), "asked": self.asked.to_dict()}


@dataclass(frozen=True, slots=True)
class Request:
    """A customer turn that asks for something, and what the agent's reply did with it."""

    turn: int
    asks: str
    """The sentence that asks (as written), at ``start``:``end`` of the turn's text."""
    start: int
    end: int
    handling: str
    """One of model.HANDLINGS."""
    replies: tuple[int, ...]
    """The agent turns after the request, up to the customer's next turn."""
    confidence: float
    reask: Reask | None = None
    unanswered: str | None = None
    """For ``partial``: the ask the reply left out."""
    credit: float = 0.0
    """What the request earns the active-listening score, 0-1: each handling's credit (see
    requests.cues.HANDLING_CREDIT) weighed by how likely it is, so an unsure reading counts
    for what it is worth."""
    sure: bool = True
    """The handling passed the model's own threshold for it (or a rule decided it): tips
    speak only then. Not in the JSON: ``confidence`` says how sure, in numbers."""
    kind: str = "problem"
    """How the customer asks: "question", "request" (please / can you / I want) or "problem"
    (a fault report or statement that plainly wants help)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "turn": self.turn,
            "asks": {"text": self.asks, "start": self.start, "end": self.end, "kind": self.kind},
            "handling": self.handling,
            "replies": list(self.replies),
            "reask": None if self.reask is None else self.reask.to_dict(),
            "confidence": round(self.confidence, 3),
            "credit": round(self.credit, 3),
        }
        if self.unanswered is not None:
            data["unanswered"] = self.unanswered
        return data


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a dimension is low: the turns and words behind it."""

    dimension: str
    score: int
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "score": self.score, "why": self.why}


@dataclass(frozen=True, slots=True)
class ConversationResult:
    conversation: Conversation
    turns: tuple[TurnResult, ...]
    scores: Mapping[str, int | None]
    customer_sentiment: SentimentTrajectory | None
    tips: tuple[Tip, ...]
    critical: tuple[Finding, ...] = ()
    """Findings of rules marked critical: any one fails the conversation as a QA gate."""
    requests: tuple[Request, ...] = ()
    """Each customer request and how the agent's reply handled it."""
    reasons: tuple[Reason, ...] = ()
    """Why each dimension below 50 is low (the one that cost the overall score most points first)."""

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
            "requests": [r.to_dict() for r in self.requests],
            "reasons": [r.to_dict() for r in self.reasons],
            "tips": [t.to_dict() for t in self.tips],
            "critical": [f.to_dict() for f in self.critical],
        }
