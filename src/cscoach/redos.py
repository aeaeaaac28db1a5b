"""Catching user patterns that backtrack polynomially: unbounded repeats side by side over
characters they share ("\\s*\\s*", "\\w+\\w+\\.x", ".*.*"), which try every split of a run
between them on text that almost matches. (Nested repeats, which are exponential, are caught
by ``rules.triggers.nested_unbounded_repeat``.)"""

from __future__ import annotations

import re._constants as c
import re._parser as sre
import string
from collections.abc import Callable

_PROBES = string.printable + "\u00a0\u2003éßЖ中٣_"
"""Characters tried against each repeated item: wide enough to tell every class apart."""

_CATEGORIES: dict[object, Callable[[str], bool]] = {
    c.CATEGORY_DIGIT: str.isdigit,
    c.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    c.CATEGORY_SPACE: str.isspace,
    c.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    c.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    c.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}


def adjacent_overlapping_repeats(pattern: str) -> bool:
    """Are two unbounded repeats of single characters next to each other, able to take the
    same character? Such a pattern is quadratic (or worse) in the length of a run."""
    return _adjacent(list(sre.parse(pattern)))


def _adjacent(items: list) -> bool:
    previous: frozenset[str] | None = None
    for op, av in items:
        chars = _repeated_chars(op, av)
        if chars is not None and previous is not None and chars & previous:
            return True
        if chars is not None and previous is not None and av[0] == 0:  # type: ignore[index]
            previous = previous | chars  # it may match nothing: what came before meets what follows
        else:
            previous = chars
        for body in _bodies(op, av):
            if _adjacent(body):
                return True
    return False


def _bodies(op: object, av: object) -> list[list]:
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return [list(av[2])]  # type: ignore[index]
    if op == c.SUBPATTERN:
        return [list(av[-1])]  # type: ignore[index]
    if op == c.BRANCH:
        return [list(branch) for branch in av[1]]  # type: ignore[index]
    return []


def _repeated_chars(op: object, av: object) -> frozenset[str] | None:
    """The probe characters an unbounded, backtracking repeat of one character can take."""
    if op not in (c.MAX_REPEAT, c.MIN_REPEAT) or av[1] != c.MAXREPEAT:  # type: ignore[index]
        return None
    body = list(av[2])  # type: ignore[index]
    if len(body) != 1:
        return None
    test = _matcher(*body[0])
    return None if test is None else frozenset(ch for ch in _PROBES if test(ch))


def _matcher(op: object, av: object) -> Callable[[str], bool] | None:
    if op == c.LITERAL:
        return lambda ch: ord(ch) == av
    if op == c.NOT_LITERAL:
        return lambda ch: ord(ch) != av
    if op == c.ANY:
        return lambda ch: ch != "\n"
    if op == c.IN:
        return _in(list(av))  # type: ignore[arg-type]
    return None


def _in(items: list) -> Callable[[str], bool] | None:
    negate = bool(items) and items[0][0] == c.NEGATE
    tests = []
    for op, av in items[negate:]:
        if op == c.LITERAL:
            tests.append(lambda ch, av=av: ord(ch) == av)
        elif op == c.RANGE:
            tests.append(lambda ch, av=av: av[0] <= ord(ch) <= av[1])
        elif op == c.CATEGORY and av in _CATEGORIES:
            tests.append(_CATEGORIES[av])
        else:
            return None
    return lambda ch: negate != any(test(ch) for test in tests)
