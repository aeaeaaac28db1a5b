"""Is the customer upset? The phrase rules and VADER catch the clear cases ("this is
ridiculous", "I'm furious"); many upset customers say it otherwise: a reproach asked as a
question ("How did you do that?"), a demand ("I demand a partial refund. Call back."), days of
waiting told flatly. A learned model, trained like the tagger on customer turns two reviewers
labelled alike (``cscoach train --upset``; benchmarks/upset_model.py), reads those: where no
rule found the customer upset and the model is sure enough, the turn gets a
``customer_negative`` finding of kind ``feeling`` on the sentence that shows it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence

from .doc import Doc
from .model import Finding, TurnResult, expresses_upset
from .sentiment import polarities
from .tagger.features import tone_features
from .tagger.weights import TaggerModel, TagModel

UPSET = "upset"
KIND = "feeling"
RULE = "model.upset"
TIP_CONFIDENCE = 0.80
"""How sure the model must be before a tip tells the agent the customer was upset. At its own
threshold (0.61, chosen for F0.5) the model's cross-validated precision on cs-train's labelled
turns is 0.76; from 0.70 it is 0.82, from 0.80 0.88 (mean of three fold seeds;
benchmarks/upset_model.py). An empathy tip must be right 8 times in 10, and it is right only
when the upset is real AND its quote and rewrite fit (about 9 in 10 in QA-lead reads): the
upset reading alone must be near 0.9. Below it the turn still counts as upset in the score."""


VADER_RULE = "context.sentiment"
"""VADER's reading of a turn as clearly negative, where no phrase rule found the customer
upset. On cs-train's labelled customer turns, 5 of the 13 that rest on it alone are upset, and
QA-lead reads judged 8 of the 21 empathy tips that rested on it right: a bug report's
"conflicts" or "error" reads as negative to VADER as "I hate this" does. Feelings said in words
("I'm so worried", "I hate this") have their own phrase rule (customer.toml, [feeling])."""


def sure_enough_to_tip(customer: TurnResult) -> bool:
    """The turn's upset rests on a phrase rule, or on the model at ``TIP_CONFIDENCE`` or more:
    enough to tell the agent so. VADER's reading alone (``VADER_RULE``) is not; the turn still
    counts as upset in the score."""
    readings = [f for f in customer.findings if expresses_upset(f)]
    if any(f.rule not in (RULE, VADER_RULE) for f in readings):
        return True
    return any(f.rule == RULE and (f.confidence or 0.0) >= TIP_CONFIDENCE for f in readings)


_POLARITY_EDGES = (-0.6, -0.4, -0.2, -0.05, 0.05, 0.3)


def upset_features(
    doc: Doc,
    findings: Iterable[Finding],
    polarity: float,
    worst: float,
    span: tuple[int, int] | None = None,
) -> set[str]:
    """The features of one customer turn (or of one sentence ``span`` of it): its tone, the
    customer rules that fired (each rule and kind), and VADER's reading of the turn and of its
    most negative sentence, binned."""
    out = tone_features(doc, span)
    for f in findings:
        out.add(f"r:{f.rule}")
        out.add(f"k:{f.tag}:{f.kind}")
    out.add(f"vader:{_bin(polarity)}")
    out.add(f"worst:{_bin(worst)}")
    return out


def _bin(value: float) -> str:
    below = next((edge for edge in _POLARITY_EDGES if value < edge), None)
    return f"<{below}" if below is not None else f">={_POLARITY_EDGES[-1]}"


def upset_by_rules(tr: TurnResult) -> bool:
    """The turn shows the customer upset by the phrase rules and VADER, the upset model aside:
    what the request tracker reads (it was trained and measured on that evidence alone)."""
    return any(expresses_upset(f) and f.rule != RULE for f in tr.findings)


def rule_findings(tr: TurnResult) -> Iterator[Finding]:
    """The turn's findings but the upset model's."""
    return (f for f in tr.findings if f.rule != RULE)


class UpsetReader:
    """The upset model's verdict on customer turns no rule found upset."""

    def __init__(self, model: TaggerModel) -> None:
        self.model = model
        tag = model.tags.get(UPSET)
        self._tag: TagModel | None = tag if tag is not None and tag.learned else None

    def finding(
        self, doc: Doc, findings: Sequence[Finding], polarity: float, worst: float
    ) -> Finding | None:
        """A ``customer_negative`` finding of kind ``feeling`` when the model reads the turn as
        upset (None otherwise), on the sentence the model reads as most upset: the quote must
        show the feeling, not the turn's first fact or a bare link."""
        if self._tag is None or not doc.spans:
            return None
        probability = self._probability(upset_features(doc, findings, polarity, worst))
        if not self._tag.accepts(probability, ruled=False):
            return None
        start, end = self._most_upset(doc)
        return Finding(
            "customer_negative",
            KIND,
            RULE,
            doc.text[start:end],
            start,
            end,
            "The customer sounds upset.",
            confidence=probability,
        )

    def _probability(self, features: Iterable[str]) -> float:
        """P(upset) for one turn: its features' weights summed exactly (``math.fsum``: the
        same in every process, whatever order a set of strings iterates in), for a fraction
        of what a numpy product costs on one row."""
        assert self._tag is not None
        weights = self._tag.weights
        z = self._tag.bias + math.fsum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def _most_upset(self, doc: Doc) -> tuple[int, int]:
        """The sentence that shows the feeling: the one VADER reads most negative where any
        reads negative at all; else the one the model, reading each alone, finds most upset.
        A sentence that only addresses the company ("@ Acme Customer Service") is never it."""
        read = polarities(doc)
        scored = [
            (span, read[i] if i < len(read) else 0.0)
            for i, span in enumerate(doc.spans)
            if not _only_addresses(doc.text[span[0] : span[1]])
        ]
        if len(scored) <= 1:
            return scored[0][0] if scored else doc.spans[0]
        spans = [span for span, _ in scored]
        lowest = [score for _, score in scored]
        if min(lowest) <= NEGATIVE_SENTENCE:
            return spans[lowest.index(min(lowest))]
        batch = [upset_features(doc, (), score, score, span) for span, score in scored]
        table = self.model.probability_table(batch)
        best = max(range(len(table)), key=lambda i: (table[i][UPSET], -i))
        return spans[best]


NEGATIVE_SENTENCE = -0.05
"""A sentence VADER scores at or below this says something negative in its own words."""
_ADDRESS = re.compile(r"^[^\w@]*+(?:@\s?+(?:[\w.'’&-]++\s?+){1,6}[^\w@]*+)++$")
"""One or more @-mentions of up to six words each, nothing else (possessive: no backtracking)."""


def _only_addresses(sentence: str) -> bool:
    """The sentence only addresses the company: @-mentions alone ("@ China Unicom Guangdong
    Customer Service", "@ Acme Marketing @Jo Smith @Acme Support")."""
    return _ADDRESS.match(sentence) is not None
