"""Macros: agent sentences a batch sends over and over (openers, closers, canned replies), and
the scripts a team requires (``scripts = [...]`` in cscoach.toml). Transcripts show them as
"macro"; ``Macros.scripted_spans`` says where they are, so scoring can give them no credit.

A sentence is keyed by its words with names and numbers masked ("Hi Dana, thanks for
contacting Acme" and "Hi Sam, ..." share a key): a name is a word capitalised after the first
(except "I"). Keys are counted once per conversation with the Misra-Gries heavy-hitters
summary, so memory is fixed however many conversations stream by and two partitions' counts
merge; a key sent in at least MIN_CONVERSATIONS conversations and MIN_SHARE of the batch is a
macro. Sentences of fewer than MIN_WORDS words ("Thanks!") are courtesy, never macros.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .limits import MAX_TURN_CHARS
from .text import mask_noise, sentence_spans

MIN_WORDS = 4
MIN_CONVERSATIONS = 5
MIN_SHARE = 0.02
CAPACITY = 20_000
EXAMPLE_CHARS = 200

_TOKEN = re.compile(r"[A-Za-z0-9#]+(?:['’][A-Za-z]+)?")
_PLACEHOLDER = re.compile(r"#[A-Za-z_]{2,}#|\[[A-Z][A-Z_ ]{1,30}\]|<[A-Z][A-Z_ ]{1,30}>")
_PRONOUN_I = frozenset({"I", "I'm", "I'll", "I've", "I'd", "I’m", "I’ll", "I’ve", "I’d"})

Span = tuple[int, int]


def sentence_key(sentence: str, min_words: int = MIN_WORDS) -> str | None:
    """The sentence's words, lowercase, with names, numbers and placeholders as "#"; None when
    fewer than ``min_words`` words are left that are not masked."""
    text = _PLACEHOLDER.sub("#", mask_noise(sentence))
    tokens = []
    for n, token in enumerate(_TOKEN.findall(text)):
        masked = (
            "#" in token
            or any(c.isdigit() for c in token)
            or (n > 0 and token[0].isupper() and token not in _PRONOUN_I)
        )
        tokens.append("#" if masked else token.lower().replace("’", "'"))
    if sum(t != "#" for t in tokens) < min_words:
        return None
    return " ".join(tokens)


def agent_sentences(text: str) -> list[tuple[Span, str]]:
    """Each sentence of an agent message long enough to be a macro, with its key."""
    text = text[:MAX_TURN_CHARS]
    found = []
    for start, end in sentence_spans(text):
        key = sentence_key(text[start:end])
        if key is not None:
            found.append(((start, end), key))
    return found


@dataclass(frozen=True, slots=True)
class Macros:
    """What counts as a macro in one batch: its recurring sentence keys and the required
    scripts' keys."""

    keys: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()

    @classmethod
    def from_scripts(cls, scripts: Iterable[str], keys: Iterable[str] = ()) -> Macros:
        """Macros with the team's required ``scripts`` (each sentence of each; any length)."""
        required = []
        for script in scripts:
            for start, end in sentence_spans(script):
                key = sentence_key(script[start:end], min_words=1)
                if key is not None:
                    required.append(key)
        return cls(frozenset(keys), tuple(dict.fromkeys(required)))

    def is_macro(self, key: str) -> bool:
        if key in self.keys:
            return True
        padded = f" {key} "
        return any(f" {script} " in padded for script in self.required)

    def spans(self, text: str) -> list[Span]:
        """The sentences of an agent message that are macros."""
        if not self.keys and not self.required:
            return []
        text = text[:MAX_TURN_CHARS]
        found = []
        for start, end in sentence_spans(text):
            key = sentence_key(text[start:end], min_words=1 if self.required else MIN_WORDS)
            if key is not None and self.is_macro(key):
                found.append((start, end))
        return found

    def scripted_spans(self, turns: Iterable[tuple[int, str, str]]) -> dict[int, list[Span]]:
        """Turn index -> the macro sentences of that agent turn, for (index, role, text) turns.
        What scoring calls to give scripted lines no behaviour credit."""
        found = {}
        for index, role, text in turns:
            if role == "agent" and (spans := self.spans(text)):
                found[index] = spans
        return found

    def scripted_turns(self, turns: Iterable[tuple[int, str, str]]) -> set[int]:
        """Indexes of the agent turns whose every sentence is a macro (a pure canned reply)."""
        turns = list(turns)
        spans = self.scripted_spans(turns)
        return {
            index
            for index, role, text in turns
            if index in spans and len(spans[index]) == len(sentence_spans(text[:MAX_TURN_CHARS]))
        }


def in_macro(start: int, end: int, spans: Iterable[Span]) -> bool:
    """Whether the text at ``start:end`` (a finding's span) lies inside a macro sentence."""
    return any(s <= start and end <= e for s, e in spans)


@dataclass
class MacroCounter:
    """Counts agent sentence keys once per conversation (Misra-Gries, ``capacity`` keys)."""

    capacity: int = CAPACITY
    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    conversations: int = 0

    def add(self, turns: Iterable[Mapping[str, Any]]) -> None:
        """One conversation's turns (result JSON)."""
        self.conversations += 1
        seen: dict[str, str] = {}
        for turn in turns:
            if turn.get("role") == "agent":
                text = str(turn.get("text") or "")
                for (start, end), key in agent_sentences(text):
                    seen.setdefault(key, text[start:end])
        for key, example in seen.items():
            self._count(key, example)

    def _count(self, key: str, example: str, n: int = 1) -> None:
        if key not in self.counts and len(self.counts) >= self.capacity:
            for other in list(self.counts):
                self.counts[other] -= n
                if self.counts[other] <= 0:
                    del self.counts[other]
                    self.examples.pop(other, None)
            if len(self.counts) >= self.capacity:
                return
        self.counts[key] = self.counts.get(key, 0) + n
        self.examples.setdefault(key, " ".join(example.split())[:EXAMPLE_CHARS])

    def merge(self, other: MacroCounter) -> None:
        """Add a later partition's counts (merged Misra-Gries summaries keep the guarantee)."""
        self.conversations += other.conversations
        for key, count in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count
            self.examples.setdefault(key, other.examples.get(key, ""))
        if len(self.counts) > self.capacity:
            cut = sorted(self.counts.values(), reverse=True)[self.capacity]
            self.counts = {k: c - cut for k, c in self.counts.items() if c > cut}
            self.examples = {k: v for k, v in self.examples.items() if k in self.counts}

    def minimum(self) -> int:
        return max(MIN_CONVERSATIONS, round(MIN_SHARE * self.conversations))

    def macros(self, scripts: Iterable[str] = ()) -> Macros:
        """The recurring sentences of the batch so far, with the team's required ``scripts``."""
        least = self.minimum()
        return Macros.from_scripts(scripts, (k for k, c in self.counts.items() if c >= least))

    def top(self, limit: int | None = 10) -> list[tuple[str, int]]:
        """(example, conversations) of the most sent macro sentences (all of them with
        ``limit=None``)."""
        least = self.minimum()
        found = [(self.examples[k], c) for k, c in self.counts.items() if c >= least]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:limit]
