"""Scripted replies across a batch: the same agent message sent verbatim whatever the customer
said. Counted with the Misra-Gries heavy-hitters summary, so memory is fixed (``capacity``
counters) however many conversations stream by, and two summaries (say, from two partitions
on a cluster) merge into one with the same guarantee: any message sent in more than
1/capacity of the conversations is kept, and its count is low by at most that much.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .limits import MAX_TURN_CHARS
from .text import mask_noise, words

MIN_WORDS = 8
"""Shorter messages ("Thanks!", "Happy to help") are courtesy, not scripts."""
CAPACITY = 2_000
CONTEXTS_KEPT = 20
"""Distinct customer messages remembered per script (enough to tell a script from a repeat)."""
MIN_CONVERSATIONS = 5
MIN_CONTEXTS = 3


def _key(text: str) -> str:
    tokens = ["#" if any(c.isdigit() for c in w) else w for w in words(mask_noise(text))]
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=8).hexdigest()


@dataclass(slots=True)
class Script:
    example: str
    count: int = 0
    contexts: set[str] = field(default_factory=set)
    """Hashes of the customer messages it answered (at most CONTEXTS_KEPT)."""

    def add_context(self, key: str) -> None:
        if len(self.contexts) < CONTEXTS_KEPT:
            self.contexts.add(key)


@dataclass
class ScriptCounter:
    capacity: int = CAPACITY
    scripts: dict[str, Script] = field(default_factory=dict)

    def add_conversation(self, turns: Iterable[Mapping[str, Any]]) -> None:
        """Count each long agent message once per conversation, with the customer message it
        answered (result JSON turns)."""
        seen: set[str] = set()
        customer = ""
        for turn in turns:
            text = str(turn.get("text") or "")[:MAX_TURN_CHARS]
            if turn.get("role") == "customer":
                customer = text
            elif turn.get("role") == "agent" and len(words(text)) >= MIN_WORDS:
                key = _key(text)
                if key not in seen:
                    seen.add(key)
                    self._count(key, text, _key(customer) if customer else "-", 1)

    def _count(self, key: str, text: str, context: str, n: int) -> None:
        script = self.scripts.get(key)
        if script is None:
            if len(self.scripts) >= self.capacity:
                self._decrement(n)
                if len(self.scripts) >= self.capacity:
                    return
            script = self.scripts[key] = Script(" ".join(text.split())[:200])
        script.count += n
        script.add_context(context)

    def _decrement(self, n: int) -> None:
        for key in list(self.scripts):
            self.scripts[key].count -= n
            if self.scripts[key].count <= 0:
                del self.scripts[key]

    def merge(self, other: ScriptCounter) -> ScriptCounter:
        """One summary of both inputs (Misra-Gries summaries are mergeable)."""
        merged = ScriptCounter(self.capacity)
        for source in (self, other):
            for key, script in source.scripts.items():
                mine = merged.scripts.setdefault(key, Script(script.example))
                mine.count += script.count
                for context in script.contexts:
                    mine.add_context(context)
        if len(merged.scripts) > merged.capacity:
            cut = sorted((s.count for s in merged.scripts.values()), reverse=True)[merged.capacity]
            merged.scripts = {k: s for k, s in merged.scripts.items() if s.count - cut > 0}
            for script in merged.scripts.values():
                script.count -= cut
        return merged

    def top(self, limit: int = 10) -> list[tuple[str, int, int]]:
        """(message, conversations, distinct customer messages) for the messages sent in at
        least MIN_CONVERSATIONS conversations, in reply to at least MIN_CONTEXTS different
        customer messages: a template used whatever the customer said."""
        found = [
            (s.example, s.count, len(s.contexts))
            for s in self.scripts.values()
            if s.count >= MIN_CONVERSATIONS and len(s.contexts) >= MIN_CONTEXTS
        ]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:limit]
