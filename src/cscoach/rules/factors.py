"""Which literal text must a regex's match contain?

For each pattern we read off its parsed form a set of literal strings such that every match
contains at least one of them ("cannot" or "can't" or ... for a refusal phrase). One
Aho-Corasick pass over a sentence (pyahocorasick) then names the patterns that can match there
at all, and the engine runs its regexes only for those: the spans are the regexes' own, the
factors only skip patterns that cannot match.

A pattern whose factors cannot be read (it may match without any literal, or its literals are
shorter than ``MIN_FACTOR``, which nearly every sentence holds) gets None and always runs.
"""

from __future__ import annotations

import re
import re._constants as c
import re._parser as sre
from collections.abc import Iterable

MIN_FACTOR = 3
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)


def required_factors(regex: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which every match of ``regex`` contains (lowercased where the
    pattern ignores case), or None when no such set is known."""
    try:
        parsed = sre.parse(regex.pattern, regex.flags & ~re.UNICODE)
    except re.error:
        return None
    found = _sequence(list(parsed), bool(regex.flags & re.IGNORECASE))
    if found is None or min(map(len, found)) < MIN_FACTOR:
        return None
    return frozenset(found)


def _sequence(items: list, icase: bool) -> set[str] | None:
    """Factors of a sequence: the best among its literal runs and its required parts."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literals on either side stay adjacent
        _close(run, icase, options)
        run = []
        inner = _part(op, av, icase)
        if inner is not None:
            options.append(inner)
    _close(run, icase, options)
    return max(options, key=_strength, default=None)


def _close(run: list[str], icase: bool, options: list[set[str]]) -> None:
    if not run:
        return
    text = "".join(run)
    if icase:
        if not text.isascii():
            return  # case folding beyond ASCII is the regex's business
        text = text.lower()
    options.append({text})


def _part(op, av, icase: bool) -> set[str] | None:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        scoped = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence(list(pattern), scoped)
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av), icase)
    if op is c.BRANCH:
        return _union(_sequence(list(branch), icase) for branch in av[1])
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item), icase) if low >= 1 else None
    return None  # a class, any character, a back reference: no literal to require


def _union(parts: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None  # one alternative needs no literal: neither does the whole
        out |= part
    return out


def _strength(factors: set[str]) -> tuple[int, int]:
    """Prefer the factors a sentence is least likely to hold: long, and few of them."""
    return (min(map(len, factors)), -len(factors))


class FactorIndex:
    """One Aho-Corasick automaton over the factors of a role's patterns."""

    def __init__(self, patterns: Iterable[tuple[int, re.Pattern[str]]]) -> None:
        self._always: frozenset[int] = frozenset()
        self._automaton = None
        try:
            import ahocorasick
        except ImportError:
            return  # without pyahocorasick every pattern stays a candidate
        always, by_factor = set(), {}
        for index, regex in patterns:
            factors = required_factors(regex)
            if factors is None:
                always.add(index)
            for factor in factors or ():
                by_factor.setdefault(factor, []).append(index)
        automaton = ahocorasick.Automaton()
        for factor, indexes in by_factor.items():
            automaton.add_word(factor, tuple(indexes))
        if by_factor:
            automaton.make_automaton()
            self._automaton = automaton
        self._always = frozenset(always)

    def possible(self, sentence: str) -> set[int] | None:
        """The patterns that can match in ``sentence`` (None: no index, all can)."""
        if self._automaton is None:
            return None
        found = set(self._always)
        for _end, indexes in self._automaton.iter(sentence):
            found.update(indexes)
        return found
