"""What customers complain about, counted as results stream by.

A theme is a word pair that customers bring up in many conversations and agents do not: the
pairs are ranked by how much more often they occur in customer turns than in agent turns
(Dunning's log-likelihood over conversation counts). So names the whole export shares (the
company, its products, its teams) drop out, as agents say them as often as customers do; and a
pair holding a proper name (capitalised mid-sentence in most of its uses, as "China Unicom" or
"GTA Online") is never a theme, as a name says where, not what went wrong.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from .limits import MAX_TURN_CHARS
from .text import STOPWORDS, mask_noise, word_spans

MIN_CONVERSATIONS = 3
"""A theme recurs: it must come up in at least this many conversations."""
MIN_NAME_USES = 3
NAME_SHARE = 0.6
"""A word capitalised mid-sentence in at least this share of its (>= MIN_NAME_USES) uses is a name."""
MAX_ACRONYM = 4
"""All-capital words up to this long may be names ("GTA", "iOS" aside); longer ones are shouted."""
QUOTE_CHARS = 160

_TOKEN = re.compile(r"[^\W\d_][\w'’]*")
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True, slots=True)
class Theme:
    phrase: str
    conversations: int
    """Conversations whose customer raised it."""
    quote: str
    """The first customer sentence that raised it (the same on any engine: merged partitions
    keep the earliest)."""


@dataclass
class ThemeCounter:
    customer: Counter[tuple[str, str]] = field(default_factory=Counter)
    agent: Counter[tuple[str, str]] = field(default_factory=Counter)
    conversations: int = 0
    capitalised: Counter[str] = field(default_factory=Counter)
    mid_sentence: Counter[str] = field(default_factory=Counter)
    quotes: dict[tuple[str, str], str] = field(default_factory=dict)

    def add_conversation(self, turns: list[tuple[str, str]]) -> None:
        """One conversation's (role, text) turns."""
        self.conversations += 1
        said: dict[str, set[tuple[str, str]]] = {"customer": set(), "agent": set()}
        for role, raw in turns:
            if role not in said:
                continue
            text = mask_noise(raw[:MAX_TURN_CHARS])
            found = _pairs(text)
            if role == "customer":
                self._note_names(text)
                ends: list[int] | None = None
                for pair, at in found:  # the first customer sentence that raised it
                    if pair not in self.quotes:
                        ends = ends if ends is not None else _sentence_ends(text)
                        self.quotes[pair] = _quote(text, at, ends)
            said[role].update(pair for pair, _ in found)
        self.customer.update(said["customer"])
        self.agent.update(said["agent"])

    def merge(self, other: ThemeCounter) -> None:
        """Add ``other``'s counts (a later partition of the same run) to these."""
        self.customer.update(other.customer)
        self.agent.update(other.agent)
        self.conversations += other.conversations
        self.capitalised.update(other.capitalised)
        self.mid_sentence.update(other.mid_sentence)
        for pair, quote in other.quotes.items():
            self.quotes.setdefault(pair, quote)

    def _note_names(self, text: str) -> None:
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > len(letters) / 2:
            return  # shouting says nothing about names
        end = 0  # where the previous token ended: one pass, whatever the turn's length
        for match in _TOKEN.finditer(text):
            gap = text[end : match.start()].rstrip()
            before = gap[-1:] or (text[end - 1] if end else "")
            end = match.end()
            if not before or before in '.!?:"“\n':
                continue  # sentence-initial: capitals are grammar there
            token = match.group()
            if token.isupper() and len(token) > MAX_ACRONYM:
                continue  # a shouted word, not a name ("my REFUND")
            word = token.lower()
            self.mid_sentence[word] += 1
            self.capitalised[word] += any(c.isupper() for c in token)

    def is_name(self, word: str) -> bool:
        uses = self.mid_sentence[word]
        return uses >= MIN_NAME_USES and self.capitalised[word] >= NAME_SHARE * uses

    def top(self, n: int) -> list[Theme]:
        """The ``n`` most distinctive recurring themes, most frequent first."""
        scored = []
        for pair, count in self.customer.items():
            if count < MIN_CONVERSATIONS or self.is_name(pair[0]) or self.is_name(pair[1]):
                continue
            keyness = _log_likelihood(count, self.agent[pair], self.conversations)
            if keyness > 0:
                scored.append((keyness, pair))
        best = sorted(scored, key=lambda item: (-item[0], item[1]))[:n]
        themes = [Theme(" ".join(p), self.customer[p], self.quotes.get(p, "")) for _, p in best]
        return sorted(themes, key=lambda t: (-t.conversations, t.phrase))


def _pairs(text: str) -> list[tuple[tuple[str, str], int]]:
    """Each pair of neighbouring content words, with where its first word starts."""
    tokens = [
        (w, at) for w, at in word_spans(text) if len(w) > 2 and w not in STOPWORDS and w.isalpha()
    ]
    return [((a, b), at) for (a, at), (b, _) in pairwise(tokens)]


def _log_likelihood(customer: int, agent: int, conversations: int) -> float:
    """Dunning's G² of the 2x2 table (customer or agent side) x (raised or not) over
    ``conversations``; negative when agents say it at least as often (not a customer theme)."""
    if customer <= agent:
        return -1.0
    n = max(conversations, customer)
    table = ((customer, n - customer), (agent, n - agent))
    raised, total = customer + agent, 2 * n
    g2 = 0.0
    for side in table:
        for observed, column in zip(side, (raised, total - raised), strict=True):
            expected = n * column / total
            if observed:
                g2 += observed * math.log(observed / expected)
    return 2 * g2


def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def _quote(text: str, at: int, ends: list[int]) -> str:
    """The sentence of ``text`` holding offset ``at``, cut to QUOTE_CHARS."""
    n = bisect_right(ends, at)
    start = ends[n - 1] if n else 0
    end = ends[n] if n < len(ends) else len(text)
    sentence = " ".join(text[start : min(end, start + 4 * QUOTE_CHARS)].split())
    if len(sentence) <= QUOTE_CHARS and end <= start + 4 * QUOTE_CHARS:
        return sentence
    return sentence[: QUOTE_CHARS - 1] + "…"
