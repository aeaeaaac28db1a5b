"""Regexes tried only where a word they can start with occurs.

Python's ``re`` tries an alternation of phrases at every position of a text. Reading each
pattern's possible first words once (``triggers.analyse``) and looking a text's words up in a
table finds the few places where a match can begin; the rule engine scans turns that way, and a
``PatternSet`` asks a handful of named cue patterns the same way. Texts are lowercase (a Doc's
``norm``): the words are found by one pattern over them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Container, Hashable, Iterable, Mapping
from typing import Generic, TypeVar

from .triggers import Trigger, analyse

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
"""The words of a lowercase text, as triggers spell them."""
MEMO_LIMIT = 10_000
"""Words whose lookups an index keeps: a huge vocabulary (ids, numbers) must not grow it forever."""
SET_MEMO_LIMIT = 2_000
"""The same for a PatternSet's few patterns: most words start none of them, and a lookup is cheap
to redo (a larger memo only held more memory)."""

Key = TypeVar("Key", bound=Hashable)


class FirstWordIndex(Generic[Key]):
    """Keys (a pattern each) by the words their matches can start with: whole words ("dm") and
    prefixes ("f" of "f+u+c+k"). A key whose first words cannot be known is in ``always``."""

    def __init__(self, memo_limit: int = MEMO_LIMIT) -> None:
        self.always: list[Key] = []
        self._memo_limit = memo_limit
        self._whole: dict[str, list[Key]] = defaultdict(list)
        self._prefix: dict[int, dict[str, list[Key]]] = {}
        self._memo: dict[str, tuple[Key, ...]] = {}

    def add(self, key: Key, triggers: Iterable[Trigger] | None) -> None:
        if triggers is None:
            self.always.append(key)
            return
        for word, whole in triggers:
            if whole:
                self._whole[word].append(key)
            else:
                self._prefix.setdefault(len(word), defaultdict(list))[word].append(key)
        self._memo.clear()

    def lookup(self, token: str) -> tuple[Key, ...]:
        """Every key a word can start (each once, in order), kept per word."""
        found = self._memo.get(token)
        if found is None:
            if len(self._memo) > self._memo_limit:
                self._memo.clear()
            found = self._memo[token] = self._find(token)
        return found

    def _find(self, token: str) -> tuple[Key, ...]:
        found = list(self._whole.get(token, ()))
        if "'" in token:
            found += self._whole.get(token.split("'", 1)[0], ())
        for length, table in self._prefix.items():
            found += table.get(token[:length], ())
        return tuple(sorted(set(found)))  # type: ignore[type-var]

    def positions(self, text: str, wanted: Container[Key] | None = None) -> dict[Key, list[int]]:
        """Each key some word of ``text`` can start (of those ``wanted``, if given), with where
        those words start. (The memo is read here, not through ``lookup``: most words start
        nothing, and a call per word cost a third of the time.)"""
        hits: dict[Key, list[int]] = {}
        memo, lookup = self._memo, self.lookup
        for m in TOKEN.finditer(text):
            word = m.group()
            keys = memo.get(word)
            if keys is None:
                keys = lookup(word)
            if not keys:
                continue
            start = m.start()
            for key in keys:
                if wanted is not None and key not in wanted:
                    continue
                if key in hits:
                    hits[key].append(start)
                else:
                    hits[key] = [start]
        return hits


class PatternSet:
    """Named regexes asked which of them occur in a lowercase text: the answers of each one's
    ``search``, with each tried only from the words its matches can start with (or, where a
    match need not start at its first word, searched in full only where such a word occurs)."""

    def __init__(self, patterns: Mapping[str, re.Pattern[str]]) -> None:
        self._regex = dict(patterns)
        self._at_word: dict[str, bool] = {}
        self._index: FirstWordIndex[str] = FirstWordIndex(SET_MEMO_LIMIT)
        for name, regex in patterns.items():
            triggers, self._at_word[name] = analyse(regex.pattern)
            self._index.add(name, triggers)

    def found(self, text: str, names: Collection[str] | None = None) -> set[str]:
        """The names of the patterns (of ``names``, if given) that match somewhere in ``text``."""
        always = (
            self._index.always if names is None else [n for n in self._index.always if n in names]
        )
        out = {name for name in always if self._regex[name].search(text)}
        for name, starts in self._index.positions(text, names).items():
            regex = self._regex[name]
            if (
                any(regex.match(text, p) for p in starts)
                if self._at_word[name]
                else regex.search(text)
            ):
                out.add(name)
        return out
