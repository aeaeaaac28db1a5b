"""Which words can a regex's match start with?

The rule engine runs only the patterns whose possible first word appears in a sentence (a dict
lookup per token) instead of every pattern on every sentence. Python's ``re`` does not turn an
alternation into a trie, so this index is what keeps hundreds of phrase rules cheap.

We read the first word off the parsed pattern. A pattern whose start cannot be reduced to
literal words (it begins with a character class, ``.``, ...) gets ``None``: it always runs.
"""

from __future__ import annotations

import re
import re._constants as c
import re._parser as sre

Trigger = tuple[str, bool]
"""(lowercase literal prefix, True when the prefix is a whole word)."""

_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
_MAX_EXPANSIONS = 512


def analyse(pattern: str) -> tuple[set[Trigger] | None, bool]:
    """The pattern's possible first words (None if unknowable) and whether every match starts
    at its first word; one parse for both."""
    try:
        parsed = list(sre.parse(pattern, re.IGNORECASE))
    except re.error:
        return None, False
    return _first_words(parsed), _starts_at_word(parsed)


def first_words(pattern: str) -> set[Trigger] | None:
    """Every literal word prefix a match of ``pattern`` can start with, or None if unknown."""
    return analyse(pattern)[0]


def _first_words(parsed: list) -> set[Trigger] | None:
    out: set[Trigger] = set()
    if not _collect("", parsed, out) or len(out) > _MAX_EXPANSIONS:
        return None
    return out


def _collect(prefix: str, items: list, out: set[Trigger]) -> bool:
    """Add to ``out`` the triggers of ``prefix`` followed by ``items``; False when unknowable."""
    if len(out) > _MAX_EXPANSIONS:
        return False
    for i, (op, av) in enumerate(items):
        rest = items[i + 1 :]
        if op is c.LITERAL:
            ch = chr(av).lower()
            if ch in _WORD_CHARS:
                prefix += ch
                continue
            if not prefix:
                continue  # punctuation before the first word: the word is still the trigger
            return _finish(prefix, True, out)
        if op is c.AT or op in (c.ASSERT, c.ASSERT_NOT):
            if prefix and op is c.AT:
                return _finish(prefix, True, out)
            continue
        if op is c.SUBPATTERN:
            return _collect(prefix, list(av[-1]) + rest, out)
        if op is c.BRANCH:
            return all(_collect(prefix, list(alt) + rest, out) for alt in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = av
            if not prefix and all(o is c.IN and not _class_has_word_chars(a) for o, a in sub):
                continue  # leading whitespace or punctuation
            if high > 1 and _may_be_word(sub):
                # "f+uck", "hm+", "ha(?:ha)+": more repeats lengthen the word, so what a
                # match starts with is known only up to its first ``low`` (at least one) repeats
                ran_on = _run_on(prefix, list(sub) * max(low, 1), out)
                return ran_on and (low > 0 or _collect(prefix, rest, out))
            once = _collect(prefix, list(sub) + rest, out)
            return once and (low > 0 or _collect(prefix, rest, out))
        if op is c.IN:
            if not prefix and not _class_has_word_chars(av):
                continue
            return _finish(prefix, not _class_has_word_chars(av), out)
        return _finish(prefix, False, out)
    return _finish(prefix, True, out)


def _run_on(prefix: str, items: list, out: set[Trigger]) -> bool:
    """Add the triggers of ``prefix`` followed by ``items``, each as a prefix only: the word
    may go on."""
    found: set[Trigger] = set()
    if not _collect(prefix, items, found):
        return False
    out.update((word, False) for word, _ in found)
    return True


def _may_be_word(items: list) -> bool:
    """Can these items match a word character (a repeat of them can lengthen a word)?"""
    for op, av in items:
        if op is c.LITERAL:
            if chr(av).lower() in _WORD_CHARS:
                return True
        elif op is c.IN:
            if _class_has_word_chars(av):
                return True
        else:
            return True  # a group, a branch, any character: assume it can
    return False


def _finish(prefix: str, whole: bool, out: set[Trigger]) -> bool:
    if not prefix or prefix == "'":
        return False
    out.add((prefix, whole))
    return True


def _class_has_word_chars(items: list) -> bool:
    for op, av in items:
        if op is c.CATEGORY and av in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
            continue
        if op is c.LITERAL and chr(av).lower() not in _WORD_CHARS:
            continue
        return True
    return False


def starts_at_word(pattern: str) -> bool:
    """Does every match begin with its first word (so it can be tried just at that word's
    position), rather than with a line anchor, punctuation or space before it?"""
    return analyse(pattern)[1]


def _starts_at_word(items: list) -> bool:
    for i, (op, av) in enumerate(items):
        if op is c.AT and av is not c.AT_BEGINNING:
            continue  # \b
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            return chr(av).lower() in _WORD_CHARS and chr(av) != "'"
        if op is c.SUBPATTERN:
            return _starts_at_word(list(av[-1]))
        if op is c.BRANCH:
            return all(_starts_at_word(list(alt)) for alt in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            first = _starts_at_word(list(av[2]))
            return first if av[0] >= 1 else first and _starts_at_word(items[i + 1 :])
        return False
    return False


def nested_unbounded_repeat(pattern: str) -> bool:
    """Does the pattern repeat, without bound, something that itself repeats without bound
    ("(a+)+", "(\\w*\\s?)*")? Such a pattern can take exponential time on text that almost
    matches (catastrophic backtracking)."""
    return _nested(list(sre.parse(pattern)), inside=False)


def _nested(items: list, inside: bool) -> bool:
    for op, av in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _low, high, body = av
            unbounded = high == c.MAXREPEAT
            if unbounded and inside:
                return True
            if op != c.POSSESSIVE_REPEAT and _nested(list(body), inside or unbounded):
                return True
        elif op == c.SUBPATTERN:
            if _nested(list(av[-1]), inside):
                return True
        elif op == c.BRANCH:
            if any(_nested(list(branch), inside) for branch in av[1]):
                return True
        elif op == c.ATOMIC_GROUP:
            continue  # no backtracking into an atomic group
    return False
