"""Deciding an agent turn's tags: rule hits are evidence, the model weighs them with the rest.

For a tag the model decides, the rule hits stand only when the model's probability reaches the
tag's threshold; a tag the model finds with no rule hit points at the sentence that weighed most.
The user's own rules (from config) stay authoritative: their hits always stand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..doc import Doc
from ..model import Finding, TurnResult
from .features import agent_turns_in_context, turn_features, word_features
from .weights import TaggerModel, TagModel

Sentence = tuple[tuple[int, int], set[str]]
"""A sentence's span and the word features of its words."""


class Tagger:
    """Applies a TaggerModel to rule-tagged conversations."""

    def __init__(self, model: TaggerModel, authoritative: Iterable[str] = ()) -> None:
        self.model = model
        self.authoritative = frozenset(authoritative)
        """Ids of rules whose hits stand whatever the model says (the user's own rules)."""
        self._decided = frozenset(t.tag for t in model.learned)

    def retag(self, turns: Sequence[TurnResult]) -> tuple[TurnResult, ...]:
        out = list(turns)
        agent = [
            (tr, turn_features(tr.doc, tr.findings, c)) for tr, c in agent_turns_in_context(turns)
        ]
        if not agent:
            return tuple(out)
        table = self.model.probability_table([features for _, features in agent])
        for (tr, features), probabilities in zip(agent, table, strict=True):
            findings = self.decide(tr.doc, tr.findings, features, probabilities)
            possible = frozenset(
                t.tag
                for t in self.model.learned
                if t.possible(probabilities[t.tag], ruled=f"t:{t.tag}" in features)
            )
            out[tr.index - 1] = replace(tr, findings=findings, possible=possible)
        return tuple(out)

    def decide(
        self,
        doc: Doc,
        findings: Sequence[Finding],
        features: set[str],
        probabilities: dict[str, float],
    ) -> tuple[Finding, ...]:
        kept: list[Finding] = []
        hits: dict[str, list[Finding]] = {}
        decided = self._decided
        for f in findings:
            if f.rule in self.authoritative:
                kept.append(f)
            elif f.tag in decided:
                hits.setdefault(f.tag, []).append(f)
            else:
                tag = self.model.tags.get(f.tag)
                precision = tag.rule_precision if tag and tag.rule_precision is not None else 1.0
                kept.append(_with_confidence(f, precision))
        sentences: list[Sentence] = []  # read when a tag first needs its strongest sentence
        for tag in self.model.learned:
            p = probabilities[tag.tag]
            if not tag.accepts(p, ruled=f"t:{tag.tag}" in features):
                continue
            weights = tag.weights
            evidence = [
                _with_confidence(f, p)
                for f in hits.get(tag.tag, ())
                if weights.get(f"r:{f.rule}", 0.0) >= 0
            ]
            if not evidence and not any(f.tag == tag.tag for f in kept):
                sentences = sentences or _sentences(doc)
                evidence = [_strongest_sentence(doc.text, sentences, tag, p)]
            kept.extend(evidence)
        kept.sort(key=lambda f: (f.start, f.end, f.rule))
        return tuple(kept)


def _with_confidence(f: Finding, confidence: float) -> Finding:
    return Finding(f.tag, f.kind, f.rule, f.text, f.start, f.end, f.message, confidence)


def _sentences(doc: Doc) -> list[Sentence]:
    """Each sentence of the turn with its word features (the whole text, if it has none)."""
    spans = doc.spans or ((0, len(doc.text)),)
    return [(span, word_features(doc.words_in(*span))) for span in spans]


def _strongest_sentence(
    text: str, sentences: list[Sentence], tag: TagModel, probability: float
) -> Finding:
    """The sentence whose words weigh most for the tag: where a reader should look."""
    best, _ = max(
        sentences,
        key=lambda sentence: math.fsum(  # exact: the same in every process, whatever set order
            tag.weights.get(f, 0.0) for f in sentence[1]
        ),
    )
    start, end = best
    return Finding(
        tag=tag.tag,
        kind="learned",
        rule=f"model.{tag.tag}",
        text=text[start:end],
        start=start,
        end=end,
        message="The tagger's reading of this sentence (no phrase rule matched it).",
        confidence=probability,
    )
