"""Which literal text must a regex's match contain?

For each pattern we read off its parsed form a set of literal strings such that every match
contains at least one of them ("we cannot " or "i can't " or ... for a refusal phrase: adjacent
literals and alternations of literals are spelled out together, as a lone "you " or "can" is in
nearly every agent sentence). One Aho-Corasick pass over a sentence (pyahocorasick) then names
the patterns that can match there at all, and the engine runs its regexes only for those: the
spans are the regexes' own, the factors only skip patterns that cannot match.

A pattern whose factors cannot be read (it may match without any literal, or its literals are
shorter than ``MIN_FACTOR``, which nearly every sentence holds) gets None and always runs.
"""

from __future__ import annotations

import hashlib
import json
import re
import re._constants as c
import re._parser as sre
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from .. import cachedir

MIN_FACTOR = 3
LONG_ENOUGH = 8
"""Factors this long are rare enough in a sentence: longer ones filter no better, and cost the
automaton more."""
MAX_SPELLED = 32
"""At most this many texts spell out adjacent parts together ("we can't ", "i cannot ", ...)."""
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
    if found is None or min(map(_weight, found)) < MIN_FACTOR:
        return None
    return frozenset(found)


def _sequence(items: list, icase: bool) -> set[str] | None:
    """Factors of a sequence: the best among the texts of its runs of adjacent parts that can
    be spelled out (literals, alternations of literals) and its other parts' own factors."""
    options: list[set[str]] = []
    run: list[set[str]] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the parts on either side stay adjacent
        spelled = _spelled(op, av, icase)
        if spelled is not None and len(spelled) == 1 and run and len(run[-1]) == 1:
            run[-1] = {run[-1].pop() + spelled.pop()}  # one literal: kept whole
        elif spelled is not None:
            run.append(spelled)
        else:
            options += _spans(run)
            run = []
            inner = _part(op, av, icase)
            if inner is not None:
                options.append(inner)
    options += _spans(run)
    return max(options, key=_strength, default=None)


def _spans(run: list[set[str]]) -> list[set[str]]:
    """The texts of each span of adjacent parts in a run that always matches some text ("you
    " followed by "mentioned" or "said": "you mentioned", "you said"), within MAX_SPELLED;
    without the texts that hold a shorter one (found with it in any case)."""
    out = []
    for first in range(len(run)):
        texts = {""}
        for part in run[first:]:
            joined = _joined(texts, part)
            if joined is None:
                break
            texts = joined
            if "" not in texts:
                out.append({t for t in texts if not any(o != t and o in t for o in texts)})
    return out


def _joined(heads: set[str], tails: set[str]) -> set[str] | None:
    """Each head followed by each tail; None when there would be more than MAX_SPELLED."""
    if len(heads) * len(tails) > MAX_SPELLED:
        return None
    return {head + tail for head in heads for tail in tails}


def _spelled(op, av, icase: bool) -> set[str] | None:
    """Every text one part can match, where they are few and known (a literal, a group or
    alternation of literals, an optional one); None otherwise."""
    if op is c.LITERAL:
        char = chr(av)
        if not icase:
            return {char}
        return {char.lower()} if char.isascii() else None  # beyond ASCII: the regex's business
    if op is c.SUBPATTERN:
        return _spelled_sequence(av[3], _scoped(icase, av[1], av[2]))
    if op is c.ATOMIC_GROUP:
        return _spelled_sequence(av, icase)
    if op is c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            texts = _spelled_sequence(branch, icase)
            if texts is None or len(out | texts) > MAX_SPELLED:
                return None
            out |= texts
        return out
    if op in _REPEATS:
        low, high, item = av
        if high != 1:
            return None
        texts = _spelled_sequence(item, icase)
        return None if texts is None else texts | ({""} if low == 0 else set())
    return None  # a class, any character, a back reference: too many texts to spell


def _spelled_sequence(items, icase: bool) -> set[str] | None:
    out = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        texts = _spelled(op, av, icase)
        if texts is None:
            return None
        joined = _joined(out, texts)
        if joined is None:
            return None
        out = joined
    return out


def _scoped(icase: bool, add_flags: int, del_flags: int) -> bool:
    return (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE


def _part(op, av, icase: bool) -> set[str] | None:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, pattern = av
        return _sequence(list(pattern), _scoped(icase, add_flags, del_flags))
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


def _strength(factors: set[str]) -> tuple[int, int, int]:
    """Prefer the factors a sentence is least likely to hold (long enough, and few of them),
    then the fewest characters."""
    return (min(min(map(_weight, factors)), LONG_ENOUGH), -len(factors), -sum(map(len, factors)))


def _weight(factor: str) -> int:
    """How well a factor filters, in characters of text: a question mark is as rare in a
    sentence as a word of MIN_FACTOR letters (one agent sentence in nine holds "?", one in
    seven "can"), so the question patterns that require nothing longer still filter."""
    return MIN_FACTOR if factor == "?" else len(factor)


def factor_sets(patterns: Sequence[tuple[int, re.Pattern[str]]]) -> list[frozenset[str] | None]:
    """``required_factors`` of each pattern, read from the cache (``cachedir``) where a run
    before read the same patterns with this same code: parsing them all again costs a fresh
    process a third of a second, on every CLI run and every Dask worker."""
    regexes = [(regex.pattern, regex.flags) for _, regex in patterns]
    name = f"factors-{cachedir.key(_code_digest(), sys.version_info[:2], regexes)}.json"
    stored = _stored(cachedir.read(name), len(regexes))
    if stored is not None:
        return stored
    found = [required_factors(regex) for _, regex in patterns]
    body = [sorted(factors) if factors is not None else None for factors in found]
    cachedir.write(name, json.dumps(body).encode("utf-8"))
    return found


def _stored(body: bytes | None, count: int) -> list[frozenset[str] | None] | None:
    """The cached factor sets, or None where there are none of the right shape."""
    if body is None:
        return None
    try:
        rows = json.loads(body)
    except ValueError:
        return None
    if not isinstance(rows, list) or len(rows) != count:
        return None
    if not all(row is None or isinstance(row, list) for row in rows):
        return None
    return [None if row is None else frozenset(map(str, row)) for row in rows]


@cache
def _code_digest() -> str:
    """This module's source: a change to how factors are read makes the cache stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class FactorIndex:
    """One Aho-Corasick automaton over the factors of a role's patterns."""

    def __init__(self, patterns: Iterable[tuple[int, re.Pattern[str]]]) -> None:
        self._always: frozenset[int] = frozenset()
        self._automaton = None
        try:
            import ahocorasick
        except ImportError:
            return  # without pyahocorasick every pattern stays a candidate
        patterns = list(patterns)
        always, by_factor = set(), {}
        for (index, _), factors in zip(patterns, factor_sets(patterns), strict=True):
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
