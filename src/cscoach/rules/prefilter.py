"""Which patterns can match in a sentence: one Hyperscan pass, or the pure-Python index.

The engine asks an index for the patterns that can match in a sentence and runs Python's ``re``
only for those, so the findings are ``re``'s own whichever index answers; an index may name too
many patterns, never too few. Two indexes answer the same question:

- ``HyperscanIndex`` (the ``fast`` extra): every pattern in one Hyperscan database, one scan per
  sentence. Hyperscan does not read a Python pattern's source: each is rebuilt from Python's
  own parse as a looser regex that matches wherever the pattern does (``loosened``), so a
  difference between the two regex dialects cannot make it miss. A pattern it cannot compile
  is named for every sentence.
- ``FactorIndex`` (``factors.py``): the literal text each match needs, found in one
  Aho-Corasick pass. Used where hyperscan is not installed, or with ``CSCOACH_HYPERSCAN=0``.
"""

from __future__ import annotations

import json
import os
import re
import re._compiler as sre_compile
import re._constants as c
import re._parser as sre
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from .. import cachedir
from .factors import FactorIndex

ENV_SWITCH = "CSCOACH_HYPERSCAN"
"""Set to 0 to use the pure-Python index even where hyperscan is installed (tests, A/B runs)."""

WARMUP_SENTENCES = int(os.environ.get("CSCOACH_HYPERSCAN_WARMUP", "10000"))
"""Sentences the pure-Python index answers before the Hyperscan database is compiled (0: at
once, as the tests run it)."""
_REPEAT_LIMIT = 32
_NON_ASCII = r"[\xc0-\xf7][\x80-\xbf]{1,3}"
"""One non-ASCII character in UTF-8: a lead byte and its continuation bytes."""
_ANY = r"[\x00-\xff]"
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_CLASS_FLAGS = re.IGNORECASE | re.DOTALL | re.ASCII
_CLASSES = (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY)
_ANCHORS = {c.AT_BEGINNING: "^", c.AT_BEGINNING_STRING: "^", c.AT_END: "$", c.AT_END_STRING: "$"}
r"""Python's and Hyperscan's ``^`` and ``$`` agree (``$`` also before a final newline); ``\Z``
becomes ``$``, which allows more."""


class CandidateIndex(Protocol):
    def possible(self, sentence: str) -> set[int] | None:
        """The patterns that can match in ``sentence`` (None: every pattern can)."""


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def use_hyperscan(requested: bool | None) -> bool:
    """Whether a rule set uses Hyperscan: as requested, else where it is installed and
    ``CSCOACH_HYPERSCAN`` is not 0. Requesting it where it is not installed is an error."""
    if requested is None:
        return os.environ.get(ENV_SWITCH, "1") != "0" and hyperscan_available()
    if requested and not hyperscan_available():
        raise ImportError("hyperscan is not installed (pip install 'cscoach[fast]')")
    return requested


def candidate_index(
    patterns: Sequence[tuple[int, re.Pattern[str]]], hyperscan: bool
) -> CandidateIndex:
    """The index over ``(pattern number, regex)`` pairs that the engine asks per sentence."""
    return HyperscanIndex(patterns) if hyperscan else FactorIndex(patterns)


class HyperscanIndex:
    """One Hyperscan database (block mode) over a role's loosened patterns.

    Compiling it takes a second or two, more than a small run spends matching, so the
    pure-Python index answers the first ``WARMUP_SENTENCES`` sentences and the database is
    compiled only when a run gets past them (once per process and set of patterns). It is
    never pickled: a rule set sent to a Dask worker is built again there
    (``RuleSet.__reduce__``). Scratch space is per thread, as Hyperscan requires.
    """

    def __init__(
        self, patterns: Sequence[tuple[int, re.Pattern[str]]], warmup: int | None = None
    ) -> None:
        self._patterns = tuple(patterns)
        self._warmup: FactorIndex | None = FactorIndex(self._patterns)
        self._left = WARMUP_SENTENCES if warmup is None else warmup
        self._database: Any = None
        self.always: frozenset[int] = frozenset()
        """Patterns named for every sentence: those no Hyperscan database holds."""
        self._local = threading.local()
        if self._left <= 0:
            self._compile()

    def _compile(self) -> None:
        choices = tuple((index, _expressions(regex)) for index, regex in self._patterns)
        self._database, self.always = _database(choices)
        self._warmup = None

    def possible(self, sentence: str) -> set[int] | None:
        if self._warmup is not None:
            self._left -= 1
            if self._left > 0:
                return self._warmup.possible(sentence)
            self._compile()
        found = set(self.always)
        if self._database is None:
            return found
        try:
            data = sentence.encode("utf-8")
        except UnicodeEncodeError:
            return None  # a lone surrogate: no valid UTF-8 to scan, so every pattern can match
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            import hyperscan

            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        return found


def _expressions(regex: re.Pattern[str]) -> tuple[str, ...]:
    """The loosened forms of a pattern to try, tightest first."""
    return tuple(dict.fromkeys(filter(None, (loosened(regex), loosened(regex, anchors=False)))))


def _collect(index: int, _start: int, _end: int, _flags: int, found: set[int]) -> None:
    found.add(index)


@cache
def _database(choices: tuple[tuple[int, tuple[str, ...]], ...]) -> tuple[Any, frozenset[int]]:
    """A block-mode database holding, for each pattern number, the first of its expressions
    that Hyperscan compiles, and the pattern numbers with none: read from the cache folder
    (``cachedir``) where an earlier run compiled the same expressions, else compiled and kept
    there. Compiling the built-in rules takes one to two seconds; reading them, a millisecond.
    """
    import hyperscan as hs

    name = f"hyperscan-{cachedir.key(hs.__version__, _FLAGS, choices)}.db"
    found = _loaded(cachedir.read(name))
    if found is None:
        found = _compiled(choices)
        if found[0] is not None:
            cachedir.write(name, _dumped(*found))
    return found


_FLAGS = ("PREFILTER", "CASELESS", "SINGLEMATCH", "ALLOWEMPTY")
"""PREFILTER lets Hyperscan loosen what it cannot run exactly; CASELESS only widens what the
loosened patterns already allow, and works around a Hyperscan 5.4.12 fault that missed
matches of one case-sensitive built-in pattern past the start of a sentence. SINGLEMATCH: each
pattern is reported once per sentence, which is all the engine asks."""


def _compiled(choices: tuple[tuple[int, tuple[str, ...]], ...]) -> tuple[Any, frozenset[int]]:
    import hyperscan as hs

    flags = 0
    for flag in _FLAGS:
        flags |= getattr(hs, f"HS_FLAG_{flag}")

    def build(pairs: Sequence[tuple[int, str]]) -> Any:
        database = hs.Database(mode=hs.HS_MODE_BLOCK)
        database.compile(
            expressions=[e.encode("ascii") for _, e in pairs],
            ids=[i for i, _ in pairs],
            elements=len(pairs),
            flags=flags,
        )
        return database

    first = [(index, options[0]) for index, options in choices if options]
    if len(first) == len(choices):
        try:
            return (build(first) if first else None), frozenset()
        except hs.error:
            pass  # find what it refuses, one pattern at a time
    kept, failed = [], set()
    for index, options in choices:
        for expression in options:
            try:
                build([(index, expression)])
            except hs.error:
                continue
            kept.append((index, expression))
            break
        else:
            failed.add(index)
    return (build(kept) if kept else None), frozenset(failed)


def _dumped(database: Any, failed: frozenset[int]) -> bytes:
    """A database and its refused pattern numbers as bytes: the numbers as a JSON line, then
    Hyperscan's own serialisation."""
    import hyperscan as hs

    return json.dumps(sorted(failed)).encode("ascii") + b"\n" + hs.dumpb(database)


def _loaded(data: bytes | None) -> tuple[Any, frozenset[int]] | None:
    """What ``_dumped`` wrote, or None where it cannot be read (Hyperscan checks that the
    database was built by its own version, for this platform, and is intact)."""
    if data is None:
        return None
    import hyperscan as hs

    header, _, body = data.partition(b"\n")
    try:
        failed = json.loads(header)
        database = hs.loadb(body, hs.HS_MODE_BLOCK)
    except (ValueError, hs.error):
        return None
    if not (isinstance(failed, list) and all(isinstance(i, int) for i in failed)):
        return None
    return database, frozenset(failed)


def loosened(regex: re.Pattern[str], *, anchors: bool = True) -> str | None:
    """A Hyperscan expression (over the sentence's UTF-8 bytes) that matches somewhere in every string in
    which ``regex`` does, read off Python's parse of it; None when there is none to give.

    Each step only loosens. ``^`` and ``$`` stay (unless ``anchors`` is false: Hyperscan refuses
    a ``^`` that text can precede); the one-character lookbehind that opens every phrase
    pattern becomes a character to consume, except before ``^``; other assertions (``\\b``,
    lookarounds) are dropped; a back reference becomes any text; possessive and lazy repeats
    become greedy, long repeat bounds are relaxed; and every character class is written out as
    the ASCII characters Python's own ``re`` accepts for it (case folding included) plus every
    non-ASCII character.
    """
    try:
        parsed = sre.parse(regex.pattern, regex.flags)
    except re.error:
        return None
    try:
        return _Loosen(anchors).sequence(list(parsed), regex.flags & ~re.UNICODE)
    except _NoExpression:
        return None


class _NoExpression(Exception):
    """A construct with no loosened form (a conditional group)."""


class _Loosen:
    def __init__(self, anchors: bool) -> None:
        self.anchors = anchors

    def sequence(self, items: list, flags: int) -> str:
        out = []
        for i, (op, av) in enumerate(items):
            if op is c.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1 and av[1][0][0] in _CLASSES:
                return "".join(out) + self.after(
                    _not_after(*av[1][0], flags), items[i + 1 :], flags
                )
            out.append(self.item(op, av, flags))
        return "".join(out)

    def after(self, prefix: str, items: list, flags: int) -> str:
        """``prefix`` then ``items``, the prefix carried into each branch that opens the items
        and left out of those that open with ``^`` (where a lookbehind holds anyway)."""
        if not items:
            return prefix
        (op, av), rest = items[0], items[1:]
        if self.anchored(op, av, flags):
            return self.sequence(items, flags)
        if op is c.SUBPATTERN:
            inner = (flags | av[1]) & ~av[2]
            return f"(?:{self.after(prefix, list(av[3]), inner)}){self.sequence(rest, flags)}"
        if op is c.BRANCH:
            branches = "|".join(self.after(prefix, list(branch), flags) for branch in av[1])
            return f"(?:{branches}){self.sequence(rest, flags)}"
        return prefix + self.sequence(items, flags)

    def anchored(self, op: Any, av: Any, flags: int) -> bool:
        return self.anchors and op is c.AT and av in _ANCHORS and not flags & re.MULTILINE

    def item(self, op: Any, av: Any, flags: int) -> str:
        if op is c.LITERAL and not flags & re.IGNORECASE:
            return _char(av)
        if op in _CLASSES:
            return _class(op, av, flags)
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, pattern = av
            return f"(?:{self.sequence(list(pattern), (flags | add_flags) & ~del_flags)})"
        if op is c.ATOMIC_GROUP:
            return f"(?:{self.sequence(list(av), flags)})"
        if op is c.BRANCH:
            return "(?:" + "|".join(self.sequence(list(branch), flags) for branch in av[1]) + ")"
        if op in _REPEATS:
            low, high, item = av
            low = min(low, _REPEAT_LIMIT)
            high = "" if high == c.MAXREPEAT or high > _REPEAT_LIMIT else str(high)
            return f"(?:{self.sequence(list(item), flags)}){{{low},{high}}}"
        if self.anchored(op, av, flags):
            return _ANCHORS[av]  # the sentence is the whole buffer, in Python and in Hyperscan
        if op in _ZERO_WIDTH:
            return ""
        if op is c.GROUPREF:
            return f"{_ANY}*"
        raise _NoExpression(op)


def _char(code: int) -> str:
    """One character as the UTF-8 bytes Hyperscan scans."""
    return "".join(f"\\x{byte:02x}" for byte in chr(code).encode("utf-8", "surrogatepass"))


def _class(op: Any, av: Any, flags: int) -> str:
    """Any non-ASCII character, or an ASCII one that Python's ``re`` accepts for this item."""
    return _written(_ascii_members(op, _key(av), _class_flags(flags)))


def _not_after(op: Any, av: Any, flags: int) -> str:
    """A negative lookbehind of one character (the ``(?<![\\w'])`` every phrase pattern opens
    with), consumed instead of asserted: the start of the sentence, a non-ASCII character or an
    ASCII one Python's ``re`` does not accept for the item."""
    accepted = set(_ascii_members(op, _key(av), _class_flags(flags)))
    return f"(?:^|{_written(tuple(code for code in range(0x80) if code not in accepted))})"


def _class_flags(flags: int) -> int:
    """The flags that decide one character: case folding (Unicode's, as the pattern's, unless
    it asked for ASCII) and whether ``.`` takes a newline."""
    return flags & _CLASS_FLAGS | (0 if flags & re.ASCII else re.UNICODE)


def _key(av: Any) -> Any:
    return tuple(av) if isinstance(av, list) else av  # hashable, for the cache


def _written(members: tuple[int, ...]) -> str:
    runs = "".join(
        _char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in _runs(members)
    )
    return f"(?:[{runs}]|{_NON_ASCII})" if runs else f"(?:{_NON_ASCII})"


def _runs(codes: tuple[int, ...]) -> list[tuple[int, int]]:
    """Consecutive codes as (first, last) ranges."""
    out: list[tuple[int, int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return out


@cache
def _ascii_members(op: Any, av: Any, flags: int) -> tuple[int, ...]:
    state = sre.State()
    state.flags = flags
    item = (op, list(av) if isinstance(av, tuple) else av)
    one = sre_compile.compile(sre.SubPattern(state, [item]), flags)
    return tuple(code for code in range(0x80) if one.fullmatch(chr(code)))
