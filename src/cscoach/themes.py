"""What customers contact about, counted as results stream by.

A theme is a content word (counted by its stem, shown in its most common form) that customers
bring up in many conversations, or the pair of neighbouring words it comes in most of the
time ("dropped calls", one theme, not two). Only what a customer asks or complains about counts: the
sentence the request tracker marks as each request, and the sentences of a complaint
(``customer_negative``), except in a turn that answers the agent's question (an order number,
"yes, the blue one"). Results saved without requests fall back to every customer sentence that
is not such an answer.

Noise is left out before counting: export placeholders (#NAME#, [NUMBER], <EMAIL>, {{order}}),
file and image lines ("uploaded image.jpeg"), sign-offs ("best regards", "have a nice day"),
words that say when or how often rather than what (days, times, last night), proper names
(capitalised mid-sentence in most of their uses: "China Unicom", "GTA"), words agents say far
more than customers (the agent's vocabulary: "assist", "number" asked for), and the words and
phrases a team lists in ``[themes] ignore`` in cscoach.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .limits import MAX_TURN_CHARS
from .quotes import address_end, clipped
from .text import STOPWORDS, mask_noise, sentence_spans, stem, word_spans

MIN_CONVERSATIONS = 3
"""A theme recurs: it must come up in at least this many conversations."""
AGENT_RATIO = 3
"""A word agents use in this many times more conversations than customers raise it in is the
agent's vocabulary (what they ask for, how they sign), not what customers contact about."""
MIN_NAME_USES = 3
NAME_SHARE = 0.6
"""A word capitalised mid-sentence in at least this share of its (>= MIN_NAME_USES) uses is a name."""
MAX_ACRONYM = 4
"""All-capital words up to this long may be names ("GTA", "iOS" aside); longer ones are shouted."""
QUOTE_CHARS = 160
FORMS_KEPT = 8
"""Surface forms remembered per stem (to show the most common one)."""
PAIR_SHARE = 0.6
"""A word shown as a pair when the pair holds in at least this share of its conversations."""

PLACEHOLDER = re.compile(
    r"#[A-Za-z_]{2,}#|\[[A-Z][A-Z_ ]{1,30}\]|<[A-Za-z][A-Za-z_ ]{1,30}>|\{\{?\s*\w{1,30}\s*\}?\}"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
    r"|(?<![\w'-])link\s*\Z"
)
"""Masks exports put where names, numbers and addresses were (#NAME#, [NUMBER], <EMAIL>,
{{order_id}}), "<media omitted>" markers, email addresses (their domain is no topic), and the
word "link" that ends a post where a Twitter export dropped a URL or picture ("Any ideas?? link":
57 of the 62 customer turns of cs-train that hold the word end with it)."""
SIGN_OFF = re.compile(
    r"\b(?:(?:best|kind|warm|many)\s+regards|regards|sincerely|cheers|"
    r"(?:have|wish you)\s+an?\s+(?:nice|good|great|lovely|wonderful)\s+(?:day|evening|weekend)|"
    r"thanks?\s+(?:you\s+)?in\s+advance|sent\s+from\s+my\s+\w+|looking\s+forward\s+to\s+"
    r"(?:hearing|your)\s+\w+)\b",
    re.IGNORECASE,
)
FILE_NOISE = frozenset(
    """uploaded upload uploading attachment attachments attached image images jpeg jpg png gif
    heic pdf file files screenshot screenshots media omitted alphanumeric""".split()
)
NOT_A_TOPIC = frozenset(
    """day days week weeks month months year years hour hours minute minutes time times today
    tonight yesterday tomorrow night morning evening afternoon ago last already yet ever never
    always again since soon thing things something anything everything nothing way lot lots
    much many even every another else make made take taken give given see seen look looking
    come came coming go going gone went use used using try tried trying think said say says
    tell told ask asked asking call called let put keep kept able wait waiting waited sure
    well good great new first second two three back right wrong long answer answers reply replied
    respond response question questions information info customer customers service staff
    team company support contact contacted message messages chat person people someone anyone
    everyone guys guy regards best kind nice wish hope work works working worked fix fixed
    solve solved getting send sent shall must dont didnt doesnt isnt cant wont wasnt havent im ive
    hello thank thanks""".split()
)
"""Words that say when, how often or how, not what about: never a theme on their own."""

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


@dataclass(frozen=True, slots=True)
class ThemeOptions:
    """A team's own exclusions (``[themes] ignore`` in cscoach.toml): words are never themes,
    phrases are blanked wherever they occur (a product line every customer names, a macro)."""

    ignore: tuple[str, ...] = ()

    def masks(self) -> re.Pattern[str] | None:
        phrases = sorted({p.strip().lower() for p in self.ignore if p.strip()}, key=len)
        if not phrases:
            return None
        alternatives = "|".join(re.escape(p) for p in reversed(phrases))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


@dataclass
class ThemeCounter:
    options: ThemeOptions = field(default_factory=ThemeOptions)
    customer: Counter[str] = field(default_factory=Counter)
    """Stem -> conversations whose customer raised it."""
    agent: Counter[str] = field(default_factory=Counter)
    """Stem -> conversations whose agent said it."""
    conversations: int = 0
    capitalised: Counter[str] = field(default_factory=Counter)
    mid_sentence: Counter[str] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(stem, stem) of neighbouring content words -> conversations whose customer raised it."""
    forms: dict[str, Counter[str]] = field(default_factory=dict)
    quotes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ignore = self.options.masks()

    def add(self, result: Mapping[str, Any]) -> None:
        """One result (its JSON): its customers' request and complaint sentences, and what
        its agents said (to tell their vocabulary apart)."""
        self.conversations += 1
        turns = [t for t in result.get("turns") or [] if isinstance(t, Mapping)]
        requests = result.get("requests")
        raised: set[str] = set()
        paired: set[tuple[str, str]] = set()
        for text, start, end in contact_sentences(turns, requests):
            sentence = self._clean(text[start:end])
            if not sentence.strip():
                continue
            self._note_names(sentence)
            previous = None
            for word, at in _content_words(sentence):
                key = stem(word)
                raised.add(key)
                forms = self.forms.setdefault(key, Counter())
                if word in forms or len(forms) < FORMS_KEPT:
                    forms[word] += 1
                if key not in self.quotes:
                    self.quotes[key] = _quote(text[start:end], at)
                if previous is not None and previous != key:
                    paired.add((previous, key))
                previous = key
        said = {
            stem(word)
            for turn in turns
            if turn.get("role") == "agent"
            for word, _ in _content_words(self._clean(str(turn.get("text") or "")))
        }
        self.customer.update(raised)
        self.pairs.update(paired)
        self.agent.update(said)

    def merge(self, other: ThemeCounter) -> None:
        """Add ``other``'s counts (a later partition of the same run) to these."""
        self.customer.update(other.customer)
        self.pairs.update(other.pairs)
        self.agent.update(other.agent)
        self.conversations += other.conversations
        self.capitalised.update(other.capitalised)
        self.mid_sentence.update(other.mid_sentence)
        for key, forms in other.forms.items():
            mine = self.forms.setdefault(key, Counter())
            for word, count in forms.items():
                if word in mine or len(mine) < FORMS_KEPT:
                    mine[word] += count
        for key, quote in other.quotes.items():
            self.quotes.setdefault(key, quote)

    def _clean(self, text: str) -> str:
        """The text with placeholders, URLs, handles, sign-offs and ignored phrases blanked
        (offsets kept, so quotes still point into the original)."""
        text = mask_noise(text[:MAX_TURN_CHARS])
        for pattern in (PLACEHOLDER, SIGN_OFF, self._ignore):
            if pattern is not None and pattern.search(text):
                text = pattern.sub(lambda m: " " * (m.end() - m.start()), text)
        return text

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
        """The ``n`` themes raised in most conversations (at least MIN_CONVERSATIONS each)."""
        kept = {
            key: count
            for key, count in self.customer.items()
            if count >= MIN_CONVERSATIONS
            and not self.is_name(self._shown(key))
            and not self._ignored(self._shown(key))
            and self.agent[key] <= AGENT_RATIO * count  # else the agents' own vocabulary
        }
        partner = self._best_pairs(kept)
        found, shown = [], set()
        for key, count in sorted(kept.items(), key=lambda item: (-item[1], item[0])):
            pair = partner.get(key)
            if key in shown:
                continue  # already shown in a pair
            if pair is not None and shown & set(pair):
                pair = None  # its partner is shown already: this word alone
            words = pair or (key,)
            shown.update(words)
            phrase = " ".join(self._shown(w) for w in words)
            found.append(Theme(phrase, self.pairs[pair] if pair else count, self.quotes[key]))
            if len(found) == n:
                break
        return sorted(found, key=lambda t: (-t.conversations, t.phrase))

    def _best_pairs(self, kept: Mapping[str, int]) -> dict[str, tuple[str, str]]:
        """For each kept word, the pair of kept words it comes in, where that pair holds in at
        least PAIR_SHARE of the word's conversations."""
        best: dict[str, tuple[str, str]] = {}
        for pair, count in sorted(self.pairs.items(), key=lambda item: (-item[1], item[0])):
            if count < MIN_CONVERSATIONS or not all(w in kept for w in pair):
                continue
            for word in pair:
                if word not in best and count >= PAIR_SHARE * kept[word]:
                    best[word] = pair
        return best

    def _shown(self, key: str) -> str:
        forms = self.forms.get(key)
        return min(forms.items(), key=lambda item: (-item[1], item[0]))[0] if forms else key

    def _ignored(self, word: str) -> bool:
        return word in {w.strip().lower() for w in self.options.ignore}


def contact_sentences(
    turns: Sequence[Mapping[str, Any]], requests: Sequence[Any] | None
) -> Iterator[tuple[str, int, int]]:
    """(turn text, start, end) of each customer sentence that says why they contact: each
    request the tracker marked, and each complaint sentence outside an answer to the agent's
    question. ``requests`` None (a result saved without them): every sentence of a customer
    turn that is not such an answer. Each starts at the customer's own words: "@ China Mobile
    @ China Unicom Do you think ...?" raises no "mobile"."""
    asked: dict[int, list[tuple[int, int]]] = {}
    for request in requests or []:
        if isinstance(request, Mapping) and isinstance(request.get("asks"), Mapping):
            span = (request["asks"].get("start"), request["asks"].get("end"))
            if all(isinstance(x, int) for x in span):
                asked.setdefault(request.get("turn"), []).append(span)  # type: ignore[arg-type]
    agent_asked = False
    for turn in turns:
        role, text = turn.get("role"), str(turn.get("text") or "")[:MAX_TURN_CHARS]
        if role == "agent":
            agent_asked = "?" in text
            continue
        if role != "customer":
            continue
        answers, agent_asked = agent_asked, False
        spans = set(asked.get(turn.get("index"), []))  # type: ignore[arg-type]
        if not answers:
            sentences = sentence_spans(text)
            if requests is None:
                spans.update(sentences)
            else:
                spans.update(_complaint_sentences(turn, sentences))
        for start, end in sorted(spans):
            yield text, address_end(text, start, end), end  # not whom the post addresses


def _complaint_sentences(
    turn: Mapping[str, Any], sentences: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    for tag in turn.get("tags") or []:
        if isinstance(tag, Mapping) and tag.get("tag") == "customer_negative":
            at = tag.get("start")
            for start, end in sentences:
                if isinstance(at, int) and start <= at < end:
                    yield start, end


def _content_words(text: str) -> Iterator[tuple[str, int]]:
    for word, at in word_spans(text):
        if (
            len(word) > 2
            and word.isalpha()
            and word not in STOPWORDS
            and word not in NOT_A_TOPIC
            and word not in FILE_NOISE
        ):
            yield word, at


def _quote(sentence: str, at: int) -> str:
    """The sentence (from a request or complaint) around offset ``at``, cut to QUOTE_CHARS."""
    ends = [m.end() for m in _SENTENCE_END.finditer(sentence)]
    n = bisect_right(ends, at)
    start = ends[n - 1] if n else 0
    end = ends[n] if n < len(ends) else len(sentence)
    text = " ".join(sentence[start : min(end, start + 4 * QUOTE_CHARS)].split())
    if len(text) <= QUOTE_CHARS and end <= start + 4 * QUOTE_CHARS:
        return text
    return clipped(text, QUOTE_CHARS) if len(text) > QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"
