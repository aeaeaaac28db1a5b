"""What the tagger sees of one agent turn: rule evidence, words, and the conversation around it.

One extractor serves training and inference, so the model always reads features built exactly
as it was trained on. Every feature is a short readable name (``r:apology.sorry``,
``w:refund``, ``ov:stems=2``) with the value 1: the weights file stays a list a person can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..doc import Doc, content_of
from ..model import Finding, TurnResult
from ..sentiment import valence_lexicon
from ..text import STOPWORDS

NEGATIVE_CUSTOMER = -0.4
"""A customer turn at or below this polarity counts as negative (as for customer_negative)."""

_DIGITS = re.compile(r"\d")
_NUMBER = re.compile(r"\b[A-Za-z]*\d[\w-]{2,}\b")
_NAMED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]{2,}\b")
_WH = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:what|which|when|where|why|how|who)\b", re.IGNORECASE)
_YES_NO = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:is|are|was|were|do|does|did|have|has|had|can|could|would|will)\b",
    re.IGNORECASE,
)
_LENGTH_BINS = (3, 8, 16, 32, 64)
_NEGATORS = frozenset({"not", "no", "never", "cannot", "unable", "nothing", "nor", "neither"})
_NEGATION_REACH = 3
"""Words after a negation that it governs ("can't help you" -> n:help, n:you)."""


@dataclass(frozen=True, slots=True)
class TurnContext:
    """What the conversation says around one agent turn."""

    customer: tuple[Doc, ...] = ()
    """What the customer wrote since the previous agent turn (nothing if empty)."""
    customer_polarity: float | None = None
    customer_negative: bool = False
    """The customer's turn was tagged customer_negative (by VADER or a complaint rule)."""
    agent_turn: int = 1
    """1-based position among the conversation's agent turns."""

    @property
    def customer_text(self) -> str:
        return "\n".join(d.text for d in self.customer)


def turn_features(doc: Doc, findings: Iterable[Finding], context: TurnContext) -> set[str]:
    """The names of the features present in one agent turn (all features are binary)."""
    masked, spans, mine = doc.masked, doc.spans, doc.words
    tokens = [_token(t) for t in mine]
    out = _ngrams(tokens)
    for f in findings:
        out.add(f"r:{f.rule}")
        out.add(f"t:{f.tag}")
    if tokens:
        out.add(f"first:{tokens[0]}")
    out.add(f"len:{_bin(len(tokens))}")
    out |= _valence_features(tokens)
    out |= _question_features(masked, spans)
    out |= _overlap_features(doc, context)
    out |= _context_features(context)
    if "!" in masked:
        out.add("x:exclaim")
    if masked != doc.text:
        out.add("x:masked")  # a link, @handle or sign-off was there
    return out


def tone_features(doc: Doc, span: tuple[int, int] | None = None) -> set[str]:
    """What a text's own words say of its tone, for models of customer turns: words and word
    pairs, VADER-lexicon valence (with what a negation governs), question form and
    exclamation; of the whole turn, or of one sentence ``span`` of it. Not its length: a long
    message is not an upset one."""
    words = doc.words if span is None else doc.words_in(*span)
    spans = doc.spans if span is None else (span,)
    masked = doc.masked if span is None else doc.masked[: span[1]]
    tokens = [_token(t) for t in words]
    out = _ngrams(tokens) | _valence_features(tokens) | _question_features(masked, spans)
    if "!" in (masked if span is None else masked[span[0] :]):
        out.add("x:exclaim")
    return out


def is_rule_feature(name: str) -> bool:
    """Features that carry a rule's verdict (a rule id, or a tag some rule found)."""
    return name.startswith(("r:", "t:"))


def word_features(words: Iterable[str]) -> set[str]:
    """The word and word-pair features of a piece of text's words."""
    return _ngrams([_token(t) for t in words])


def _ngrams(tokens: list[str]) -> set[str]:
    out = {f"w:{t}" for t in tokens}
    out.update(f"b:{a}_{b}" for a, b in pairwise(tokens))
    return out


def _token(token: str) -> str:
    return token if token.isalpha() or not _DIGITS.search(token) else "#num"


def _bin(n: int) -> str:
    for edge in _LENGTH_BINS:
        if n <= edge:
            return f"<={edge}"
    return f">{_LENGTH_BINS[-1]}"


def _valence_features(tokens: list[str]) -> set[str]:
    """Words VADER's lexicon rates positive or negative, and what a negation governs: they
    carry can-do and refusal wording over to words the training data never showed."""
    lexicon = valence_lexicon()
    out: set[str] = set()
    positive = negative = 0
    negated = 0
    for token in tokens:
        if token in _NEGATORS or token.endswith("n't"):
            out.add("neg:any")
            negated = _NEGATION_REACH
            continue
        value = lexicon.get(token, 0.0)
        if negated:
            out.add(f"n:{token}")
            negated -= 1
            value = -value
        if value >= 1.0:
            positive += 1
        elif value <= -1.0:
            negative += 1
    if positive:
        out.add(f"lex:positive={min(positive, 3)}")
    if negative:
        out.add(f"lex:negative={min(negative, 3)}")
    return out


def _question_features(masked: str, spans: Sequence[tuple[int, int]]) -> set[str]:
    out: set[str] = set()
    questions = [masked[s:e] for s, e in spans if masked[s:e].rstrip().endswith("?")]
    if not questions:
        return out
    out.add("q:any")
    if len(questions) > 1:
        out.add("q:several")
    for sentence in questions:
        if _WH.match(sentence):
            out.add("q:wh")
        elif _YES_NO.match(sentence):
            out.add("q:yes_no")
    return out


def _overlap_features(doc: Doc, context: TurnContext) -> set[str]:
    """How the turn reuses what the customer said, and where: a question or an acknowledgement
    built on their words shows listening; an answer merely shares its terms."""
    customer = context.customer_text
    if not customer.strip():
        return {"ov:no_customer"}
    masked, mine = doc.masked, doc.words
    theirs = content_of(context.customer, as_written=True)
    out: set[str] = set()
    shared = doc.content & theirs
    out.add(f"ov:stems={min(len(shared), 3)}")
    if shared:
        for s, e, sentence in doc.sentences():
            here = len(doc.content_in(s, e) & theirs)
            if not here:
                continue
            frame = "q" if sentence.rstrip().endswith("?") else "s"
            if _ACKNOWLEDGES.search(sentence):
                frame = "ack"
            out.add(f"ov:{frame}={min(here, 2)}")
        their_words = [w for d in context.customer for w in d.all_words]
        their_set = set(their_words)
        for a, b in pairwise(mine):
            if a in ("your", "the", "this") and b in their_set and len(b) > 2:
                out.add(f"ov:{a}_their_word")
        pairs = set(pairwise(mine))
        theirs_pairs = set(pairwise(their_words))
        if any(a not in STOPWORDS or b not in STOPWORDS for a, b in pairs & theirs_pairs):
            out.add("ov:phrase")
    numbers = set(_NUMBER.findall(customer))
    if numbers and any(n in masked for n in numbers):
        out.add("ov:number")
    named = {m.group() for m in _NAMED.finditer(customer)}
    if named and any(m.group() in named for m in _NAMED.finditer(masked)):
        out.add("ov:named")
    return out


_ACKNOWLEDGES = re.compile(
    r"\b(?:you(?:'ve| have)? (?:mention|said|stat|report|describ|note|ask)\w*|"
    r"(?:i|we) (?:see|understand|know|note|notice)|sorry (?:to hear|about|that|for)|"
    r"regarding|about your|as for|it (?:seems|sounds|looks))\b",
    re.IGNORECASE,
)


def _context_features(context: TurnContext) -> set[str]:
    out = {"pos:first" if context.agent_turn == 1 else "pos:later"}
    if context.customer_negative or (
        context.customer_polarity is not None and context.customer_polarity <= NEGATIVE_CUSTOMER
    ):
        out.add("cust:negative")
    if "?" in context.customer_text:
        out.add("cust:asked")
    if context.customer_text:
        out.add(f"cust:len{_bin(len(context.customer_text.split()))}")
    return out


def agent_turns_in_context(turns: Sequence[TurnResult]) -> Iterator[tuple[TurnResult, TurnContext]]:
    """Each agent turn of a rule-tagged conversation, with what the customer said before it."""
    said: list[Doc] = []
    polarity: float | None = None
    negative = False
    number = 0
    for tr in turns:
        if tr.turn.role == "customer":
            said.append(tr.doc)
            if tr.sentiment is not None:
                polarity = tr.sentiment if polarity is None else min(polarity, tr.sentiment)
            negative = negative or "customer_negative" in tr.tags
        elif tr.turn.role == "agent":
            number += 1
            yield tr, TurnContext(tuple(said), polarity, negative, number)
            said, polarity, negative = [], None, False
