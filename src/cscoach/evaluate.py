"""Agreement of the tagger with human labels: precision, recall, F1 and Cohen's kappa per tag.

Only agent turns that carry ``labels`` are judged, and only for the tags in the conversation's
``metadata.label_set`` (all agent tags when absent): a tag outside it is unjudged, not negative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import AGENT_TAGS, ConversationResult


@dataclass(slots=True)
class TagStats:
    tag: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def kappa(self) -> float:
        n = self.tp + self.fp + self.fn + self.tn
        if not n:
            return 0.0
        observed = (self.tp + self.tn) / n
        expected = (
            (self.tp + self.fp) * (self.tp + self.fn) + (self.fn + self.tn) * (self.fp + self.tn)
        ) / (n * n)
        return (observed - expected) / (1 - expected) if expected < 1 else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "gold": self.gold,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "kappa": round(self.kappa, 4),
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    kind: str
    """"fp" (tagged, not in gold) or "fn" (in gold, not tagged)."""
    tag: str
    conversation: str
    turn: int
    text: str
    rules: tuple[str, ...]
    """Rules that fired for the tag (fp), or for any tag in the turn (fn)."""
    context: str = ""
    """The customer's previous turn."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "tag": self.tag,
            "conversation": self.conversation,
            "turn": self.turn,
            "text": self.text,
            "rules": list(self.rules),
            "context": self.context,
        }


@dataclass(slots=True)
class Evaluation:
    stats: dict[str, TagStats] = field(default_factory=dict)
    errors: list[Disagreement] = field(default_factory=list)
    turns: int = 0
    conversations: int = 0

    def tags(self, min_gold: int = 1) -> list[TagStats]:
        return [s for s in self.stats.values() if s.gold >= min_gold]

    def macro_f1(self, min_gold: int = 1) -> float:
        chosen = self.tags(min_gold)
        return sum(s.f1 for s in chosen) / len(chosen) if chosen else 0.0

    def micro(self, min_gold: int = 1) -> TagStats:
        total = TagStats("micro")
        for s in self.tags(min_gold):
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
            total.tn += s.tn
        return total

    def to_dict(self, min_gold: int = 1) -> dict[str, Any]:
        micro = self.micro(min_gold)
        return {
            "conversations": self.conversations,
            "turns": self.turns,
            "min_gold": min_gold,
            "tags": [s.to_dict() for s in self.stats.values()],
            "macro": {
                "f1": round(self.macro_f1(min_gold), 4),
                "kappa": round(
                    sum(s.kappa for s in self.tags(min_gold)) / max(1, len(self.tags(min_gold))), 4
                ),
            },
            "micro": {
                "precision": round(micro.precision, 4),
                "recall": round(micro.recall, 4),
                "f1": round(micro.f1, 4),
            },
        }


def evaluate(results: Iterable[ConversationResult]) -> Evaluation:
    """Compare every labelled agent turn's tags with its gold labels."""
    ev = Evaluation(stats={tag: TagStats(tag) for tag in AGENT_TAGS})
    for result in results:
        conv = result.conversation
        label_set = conv.metadata.get("label_set")
        judged = [t for t in AGENT_TAGS if not label_set or t in label_set]
        labelled = False
        previous_customer = ""
        for tr in result.turns:
            if tr.turn.role == "customer":
                previous_customer = tr.turn.text
            if tr.turn.role != "agent" or tr.turn.labels is None:
                continue
            labelled = True
            ev.turns += 1
            gold = set(tr.turn.labels)
            predicted = tr.tags
            for tag in judged:
                stats = ev.stats[tag]
                hit, want = tag in predicted, tag in gold
                if hit and want:
                    stats.tp += 1
                elif hit:
                    stats.fp += 1
                    rules = tuple(f.rule for f in tr.findings if f.tag == tag)
                    ev.errors.append(_error("fp", tag, conv.id, tr, rules, previous_customer))
                elif want:
                    stats.fn += 1
                    rules = tuple(f.rule for f in tr.findings)
                    ev.errors.append(_error("fn", tag, conv.id, tr, rules, previous_customer))
                else:
                    stats.tn += 1
        ev.conversations += labelled
    ev.stats = {tag: s for tag, s in ev.stats.items() if s.gold or s.predicted or s.tn}
    return ev


def _error(
    kind: str, tag: str, conv: str, tr: Any, rules: tuple[str, ...], context: str
) -> Disagreement:
    return Disagreement(kind, tag, conv, tr.index, tr.turn.text, rules, context)
