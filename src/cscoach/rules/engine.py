"""The phrase-rule engine: compile rules once, then scan turns sentence by sentence."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..doc import Doc
from ..model import Finding
from ..text import SENTENCE_ENTRIES
from .firstwords import TOKEN, FirstWordIndex
from .prefilter import CandidateIndex, candidate_index, use_hyperscan
from .schema import Rule, RuleError, phrase_regex, rule_from_mapping
from .triggers import analyse

_NEGATIONS = frozenset({"not", "no", "never", "cannot", "without", "hardly", "nor", "neither"})
_CLAUSE_BREAK = re.compile(r"[,;:()]|\bbut\b|\band\b|\bso\b")
_QUOTED = re.compile(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”")


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: Rule
    regex: re.Pattern[str]
    at_word: bool
    """Matches start at their trigger word: try ``match`` there instead of scanning."""
    unless_after: re.Pattern[str] | None
    unless_before: re.Pattern[str] | None
    unless_turn: re.Pattern[str] | None


@cache
def _compile(pattern: str) -> tuple[re.Pattern[str], frozenset[tuple[str, bool]] | None, bool]:
    """A pattern's regex, trigger words and whether it starts at its first word: computed once
    per process, however many rule sets (config variants) use the pattern."""
    triggers, at_word = analyse(pattern)
    regex = phrase_regex(pattern)
    return regex, None if triggers is None else frozenset(triggers), at_word


@cache
def _join(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


class RuleSet:
    """An immutable, compiled set of phrase rules.

    Each pattern is indexed by the words its matches can start with, so a sentence runs only
    the patterns whose first word it contains; patterns with no literal start always run.
    Before that, one pass over the sentence (``prefilter``) names the patterns that can match
    there at all: Hyperscan where installed (``hyperscan``: None decides by that and
    ``CSCOACH_HYPERSCAN``), else Aho-Corasick. Findings do not depend on which.
    """

    def __init__(self, rules: Iterable[Rule], hyperscan: bool | None = None) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._requested = hyperscan
        self.hyperscan = use_hyperscan(hyperscan)
        self.by_id: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in self.by_id:
                raise RuleError(f"rule {rule.id!r} is defined twice")
            self.by_id[rule.id] = rule
        self._patterns: list[_Pattern] = []
        self._words: dict[str, FirstWordIndex[int]] = {
            "agent": FirstWordIndex(),
            "customer": FirstWordIndex(),
        }
        self._factors: dict[str, CandidateIndex] = {}
        self._triggered: dict[str, frozenset[int]] = {}
        """Patterns indexed by their first words (run only at those words' positions)."""
        self._sentence_matches = lru_cache(maxsize=SENTENCE_ENTRIES)(self._match_sentence)
        for rule in self.rules:
            after, before = _join(rule.unless_after), _join(rule.unless_before)
            elsewhere = _join(rule.unless_turn)
            for pattern in rule.patterns:
                index = len(self._patterns)
                regex, triggers, at_word = _compile(pattern)
                self._patterns.append(_Pattern(rule, regex, at_word, after, before, elsewhere))
                self._words[rule.role].add(index, triggers)
        for role, words in self._words.items():
            mine = [(i, p.regex) for i, p in enumerate(self._patterns) if p.rule.role == role]
            self._factors[role] = candidate_index(mine, self.hyperscan)
            self._triggered[role] = frozenset(i for i, _ in mine) - set(words.always)

    def __reduce__(self) -> tuple[type[RuleSet], tuple[tuple[Rule, ...], bool | None]]:
        """Pickled as its rules and compiled again where it lands (a Dask worker): the memos,
        the compiled index and the Hyperscan database stay behind."""
        return (RuleSet, (self.rules, self._requested))

    def without(self, rule_ids: Iterable[str]) -> RuleSet:
        drop = set(rule_ids)
        unknown = drop - set(self.by_id)
        if unknown:
            raise RuleError(f"cannot disable unknown rule {sorted(unknown)[0]!r}")
        return RuleSet((r for r in self.rules if r.id not in drop), self._requested)

    def plus(self, rules: Iterable[Rule]) -> RuleSet:
        return RuleSet((*self.rules, *rules), self._requested)

    def scan(self, doc: Doc | str, role: str) -> list[Finding]:
        """All phrase findings in one turn (its Doc, or a text to parse), ordered by position."""
        if role not in self._words:
            return []
        if isinstance(doc, str):
            doc = Doc(doc)
        text, norm = doc.text, doc.norm
        written = doc.written  # what follows a match, links included ("see https://...")
        quoted = [m.span() for m in _QUOTED.finditer(text)] if '"' in text or "“" in text else []
        found: dict[tuple[str, int], Finding] = {}
        for s, sentence, offsets in doc.tight:
            for index, m_start, m_end in self._sentence_matches(role, sentence):
                pattern = self._patterns[index]
                if offsets is not None:  # back to the text as written
                    m_start, m_end = offsets[m_start], offsets[m_end - 1] + 1
                start, end = s + m_start, s + m_end
                key = (pattern.rule.id, start)
                if key in found or not _fits_turn(pattern, norm, written, start, end, quoted):
                    continue
                found[key] = Finding(
                    tag=pattern.rule.tag,
                    kind=pattern.rule.kind,
                    rule=pattern.rule.id,
                    text=text[start:end],
                    start=start,
                    end=end,
                    message=pattern.rule.message,
                )
        return _without_nested(sorted(found.values(), key=lambda f: (f.start, -f.end, f.rule)))

    def _match_sentence(self, role: str, sentence: str) -> tuple[tuple[int, int, int], ...]:
        """Every (pattern, start, end) match in one sentence that passes the checks the sentence
        alone decides; memoised, since templated sentences repeat across a whole export."""
        out: list[tuple[int, int, int]] = []
        for index, positions in self._candidates(role, sentence):
            pattern = self._patterns[index]
            if positions and pattern.at_word:
                matches = _matches_at(pattern.regex, sentence, positions)
            else:
                matches = pattern.regex.finditer(sentence)
            out.extend(
                (index, m.start(), m.end())
                for m in matches
                if _fits_sentence(pattern, sentence, m.start())
            )
        return tuple(out)

    def _candidates(self, role: str, sentence: str) -> list[tuple[int, list[int]]]:
        """Patterns that can match in the sentence: their required literal text is there (one
        Aho-Corasick pass, see ``factors``) and their first word occurs, each with the
        positions of that word (empty for patterns that must scan the whole sentence)."""
        possible = self._factors[role].possible(sentence)
        always = self._words[role].always
        if possible is None:
            return self._word_hits(role, sentence, always, None)
        if not possible:
            return []
        if possible.isdisjoint(self._triggered[role]):  # no word positions needed
            return [(index, []) for index in always if index in possible]
        return self._word_hits(role, sentence, [i for i in always if i in possible], possible)

    def _word_hits(
        self, role: str, sentence: str, always: list[int], possible: set[int] | None
    ) -> list[tuple[int, list[int]]]:
        hits: dict[int, list[int]] = {index: [] for index in always}
        hits.update(self._words[role].positions(sentence, possible))
        return sorted(hits.items())


def _fits_sentence(pattern: _Pattern, sentence: str, start: int) -> bool:
    """The rule's conditions inside the sentence: a question mark after the match, no negation
    or excluded phrase before it."""
    rule = pattern.rule
    if rule.question and "?" not in sentence[start:]:
        return False
    if rule.negatable and _negated(sentence[:start]):
        return False
    return not (pattern.unless_before and pattern.unless_before.search(sentence[:start]))


def _fits_turn(
    pattern: _Pattern,
    turn: str,
    written: str,
    start: int,
    end: int,
    quoted: list[tuple[int, int]],
) -> bool:
    """The rule's conditions in the whole turn: not inside a quote, no excluded phrase elsewhere
    in the turn (``turn``: links and handles masked) or right after the match (``written``:
    the turn as written, so a link that follows a refusal counts as the alternative)."""
    if any(qs <= start and end <= qe for qs, qe in quoted):
        return False
    if pattern.unless_turn:
        rest = turn[:start] + " " * (end - start) + turn[end:]
        if pattern.unless_turn.search(rest):
            return False
    return not (pattern.unless_after and pattern.unless_after.match(written, end))


def _matches_at(
    regex: re.Pattern[str], sentence: str, positions: list[int]
) -> Iterator[re.Match[str]]:
    """Matches starting at the given word positions, left to right and not overlapping (the
    same matches ``finditer`` would find, without scanning every other position)."""
    reach = -1
    for pos in positions:
        if pos < reach:
            continue
        m = regex.match(sentence, pos)
        if m:
            reach = max(m.end(), pos + 1)
            yield m


def _without_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same rule ("not possible" in "is not possible")."""
    kept: list[Finding] = []
    reach: dict[str, int] = {}
    for f in findings:  # sorted by start, longest first
        if reach.get(f.rule, -1) >= f.end:
            continue
        kept.append(f)
        reach[f.rule] = max(reach.get(f.rule, -1), f.end)
    return sorted(kept, key=lambda f: (f.start, f.end, f.rule))


def _negated(before: str) -> bool:
    """Is the text just before a match a negation in the same clause ("I'm not sorry")?"""
    tail = before[-48:]
    breaks = list(_CLAUSE_BREAK.finditer(tail))
    if breaks:
        tail = tail[breaks[-1].end() :]
    tokens = TOKEN.findall(tail)[-3:]
    return any(t in _NEGATIONS or t.endswith("n't") for t in tokens)


@cache
def builtin_rules() -> RuleSet:
    """The rules shipped in ``cscoach/rules/builtin/*.toml``; a rule's id is ``file.name``."""
    rules: list[Rule] = []
    folder = resources.files(__package__).joinpath("builtin")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        family = entry.name.removesuffix(".toml")
        tables = tomllib.loads(entry.read_text(encoding="utf-8"))
        for name, table in tables.items():
            rule_id = f"{family}.{name}"
            data = {"id": rule_id, **table}
            rules.append(rule_from_mapping(data, where=f"{entry.name}[{name}]"))
    return RuleSet(rules)
