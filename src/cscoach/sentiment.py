"""Customer sentiment with VADER, sentence by sentence and bounded.

VADER is quadratic in input length and misreads support phrases ("I apologize for the
inconvenience" scores negative), so it only scores customer turns, one bounded sentence at a time.
"""

from __future__ import annotations

import copy
import re
from functools import cache, lru_cache

from .doc import Doc
from .text import SENTENCE_ENTRIES

MAX_SENTENCE_CHARS = 400
MAX_SENTENCES = 40


FAULT_WORDS = frozenset(
    """error errors problem problems crash fail fails failed failing failure broken defect
    defective damaged missing lost delay delayed trouble dead hacked block blocked fraud frauds
    spam warning criminal""".split()
)
"""Words VADER rates negative that name what went wrong or what is being reported, not how
anyone feels about it. Every support request reports a fault ("I get an error when I log in",
"my phone went dead", "my account got hacked"), and many name the thing they report or ask
about ("a fraud message", "spam texts", "the Criminal Enterprise pack", "Block 9"); read as
sentiment, these words made a plain report an upset customer, and the report an empathy tip."""


@cache
def _stock_vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _analyzer():
    """VADER reading how the customer feels: its lexicon without the FAULT_WORDS."""
    analyzer = copy.copy(_stock_vader())
    analyzer.lexicon = {w: v for w, v in analyzer.lexicon.items() if w not in FAULT_WORDS}
    return analyzer


def valence_lexicon() -> dict[str, float]:
    """VADER's word valences (-4..4), as shipped with vaderSentiment: how an agent's words read
    (the tagger's features), where the FAULT_WORDS are wording too."""
    return _stock_vader().lexicon


_IDIOMS = re.compile(r"\bno (?:thanks|thank you|problem|worries)\b", re.IGNORECASE)
"""Polite refusals VADER reads as negative because of the "no"."""


@lru_cache(maxsize=SENTENCE_ENTRIES)
def sentence_polarity(sentence: str) -> float:
    """VADER compound score of one sentence, -1..1."""
    text = _IDIOMS.sub("fine", sentence[:MAX_SENTENCE_CHARS])
    return float(_analyzer().polarity_scores(text)["compound"])


def polarities(doc: Doc) -> tuple[float, ...]:
    """VADER's compound score of each of the turn's first MAX_SENTENCES sentences, computed once
    per turn and kept on its Doc."""
    if doc.polarities is None:
        text = doc.text
        doc.polarities = tuple(sentence_polarity(text[s:e]) for s, e in doc.spans[:MAX_SENTENCES])
    return doc.polarities


def strongest_sentence(doc: Doc) -> float:
    """The compound score of the turn's most negative sentence: how strongly the customer felt
    at the worst point, which a long message's neutral sentences would dilute in the mean."""
    return min(polarities(doc), default=0.0)


def turn_polarity(doc: Doc) -> tuple[float, tuple[int, int] | None]:
    """Mean compound score of a turn's sentences, and the span of its most negative sentence."""
    scores = polarities(doc)
    if not scores:
        return 0.0, None
    if len(scores) == 1:
        return scores[0], doc.spans[0]  # as VADER gave it (a mean would turn -0.0 into 0.0)
    worst = min(range(len(scores)), key=scores.__getitem__)
    return sum(scores) / len(scores), doc.spans[worst]
