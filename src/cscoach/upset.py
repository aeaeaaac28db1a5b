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
from .quotes import address_end, only_addresses, words_end
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
upset reading alone must be near 0.9. Below it the reading stays on the turn, but owes the agent
nothing: no tip, and no empathy or apology score (scoring.owed)."""


VADER_RULE = "context.sentiment"
"""VADER's reading of a turn as clearly negative, where no phrase rule found the customer
upset. On cs-train's labelled customer turns, 5 of the 13 that rest on it alone are upset, and
QA-lead reads judged 8 of the 21 empathy tips that rested on it right: a bug report's
"conflicts" or "error" reads as negative to VADER as "I hate this" does. Feelings said in words
("I'm so worried", "I hate this") have their own phrase rule (customer.toml, [feeling])."""


def sure_enough_to_tip(customer: TurnResult) -> bool:
    """The turn's upset rests on a phrase rule, or on the model at ``TIP_CONFIDENCE`` or more:
    enough to tell the agent so, and to judge the reply on it in the score. VADER's reading
    alone (``VADER_RULE``) is not."""
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
        start = address_end(doc.text, start, end - 1)  # the feeling, not whom it is addressed to
        end = words_end(doc.text, start, end)
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
        """The sentence that shows the feeling: the one ``QUOTE_WEIGHTS`` score highest (ties:
        the earliest). A sentence that only addresses the company ("@ Acme Customer Service")
        is never it."""
        spans, rows = self.quote_candidates(doc)
        if len(spans) <= 1:
            return spans[0] if spans else doc.spans[0]
        scores = [math.fsum(QUOTE_WEIGHTS[name] * x for name, x in row.items()) for row in rows]
        return spans[max(range(len(spans)), key=lambda i: (scores[i], -i))]

    def quote_candidates(self, doc: Doc) -> tuple[list[tuple[int, int]], list[dict[str, float]]]:
        """The sentences that could show the feeling, and each one's ``QUOTE_WEIGHTS``
        features: VADER's reading, the model's reading of the sentence alone, "!", "?", "you",
        a feeling said ("I'm so tired", "it feels bad"), its length, whether it comes first or
        last, and whether it carries an @-mention, hashtag or bracketed topic. A bare link or an
        @-mention alone, a greeting ("Hey!") or a thank-you is no candidate."""
        read = polarities(doc)
        scored = [
            (span, read[i] if i < len(read) else 0.0)
            for i, span in enumerate(doc.spans)
            if _says_something(doc.words_in(*span))
            and not only_addresses(doc.text[span[0] : span[1]])
            and not _THANKS.match(doc.text, *span)
        ]
        if len(scored) <= 1:
            return [span for span, _ in scored], [{} for _ in scored]
        batch = [upset_features(doc, (), score, score, span) for span, score in scored]
        table = self.model.probability_table(batch)
        last = len(scored) - 1
        rows = []
        for i, ((start, end), score) in enumerate(scored):
            sentence = doc.text[start:end]
            rows.append(
                {
                    "vader": score,
                    "model": table[i][UPSET],
                    "exclamation": float("!" in sentence),
                    "question": float("?" in sentence),
                    "you": float(_YOU.search(sentence) is not None),
                    "feeling": float(_FEELING.search(sentence) is not None),
                    "log_words": math.log1p(len(sentence.split())),
                    "first": float(i == 0),
                    "last": float(i == last),
                    "mentions": float(_TAGGED.search(sentence) is not None),
                }
            )
        return [span for span, _ in scored], rows


QUOTE_WEIGHTS: dict[str, float] = {
    "vader": -1.00,
    "model": 2.09,
    "exclamation": 0.86,
    "question": 0.76,
    "you": 0.53,
    "feeling": 1.43,
    "log_words": -0.55,
    "first": 0.51,
    "last": 0.91,
    "mentions": 0.10,
}
"""How each feature of a sentence (``UpsetReader.quote_candidates``) counts toward quoting it
as the sentence that shows the customer upset. Fitted by ``benchmarks/upset_quote.py`` (logistic
regression, C 1.0 chosen by cross-validation) on the 261 cs-train turns where two labellers,
reading only benchmarks/labels/upset-quote-guide.md, picked the same sentence (agreement 0.909):
it picks theirs 50% of the time cross-validated, where VADER's most negative sentence, else the
model's pick, does 43% (chance 27%). On the 67 dev turns two other labellers agreed on (0.933)
that are no cs-train turn: 34 against 27 (chance 18)."""


def _says_something(words: Sequence[str]) -> bool:
    """A word beyond a greeting or a placeholder: "Hey!" or "link" (an export's stand-in for
    an attachment) shows no feeling, however short and emphatic; "Whyyyy??????" does."""
    return any(w not in _NOT_SAYING for w in words)


_NOT_SAYING = frozenset("hi hello hey dear ok okay yes no thanks link pic image photo".split())
_THANKS = re.compile(
    r"\W*(?:many |so much )?(?:thanks?|thank you|thx)\b(?![^.?!]*\bfor nothing\b)[^.?!,;]{0,40}"
    r"[.!\s]*$",
    re.IGNORECASE,
)
"""A sentence that only thanks ("Thank you for your help!"): it shows no upset, whatever the
rest of the turn shows. "Thanks for nothing" is no thanks."""
_YOU = re.compile(r"\b(?:you|your|you're|yours)\b", re.IGNORECASE)
_FEELING = re.compile(
    r"\b(?:i'?m|i am|i feel|i felt|we are|makes? me|made me|it feels)\b (?:\w+ ){0,2}?"
    r"(?:so|very|really|too|not|sad|angry|upset|disappoint\w*|worried|tired|sick|fed|afraid|"
    r"scared|anxious|annoyed|frustrated|helpless|bad|hurt|speechless|shocked|confused)\b",
    re.IGNORECASE,
)
_TAGGED = re.compile(r"[@#【]")
"""An @-mention, a hashtag or a bracketed topic in the sentence."""
