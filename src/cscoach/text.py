"""Sentence splitting, tokenising and content words, using only NLTK parts that need no data."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ._nltk import import_nltk
from .punkt import sentence_splitter

EnglishStemmer = import_nltk().stem.snowball.EnglishStemmer

# Punkt normally learns abbreviations from a downloaded model; we supply the common ones instead.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx",
    "no", "nos", "acct", "dept", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat",
    "sun", "min", "hr", "hrs", "ext", "tel", "u.s", "a.m", "p.m",
}  # fmt: skip


SENTENCE_ENTRIES = 1 << 13
"""Entries in each memo keyed by one line, sentence or word: templated lines repeat across a
whole export, and a few thousand of them cost a few megabytes."""

_SPLITTER = sentence_splitter(_ABBREVIATIONS)
_MAYBE_SEVERAL = re.compile(r"[.!?。！？…~][\"')\]]*\s|\n")
_LINE_BREAK = re.compile(r"(?<!\s)\s*\n\s*")
"""Starts only where a run of whitespace starts: tried inside a long run of spaces with no line
break in it, the old pattern rescanned the rest of the run from every position (quadratic)."""
_LIST_MARKER = re.compile(r"\(?\d{1,2}[.)]")

MAX_SENTENCE_CHARS = 1000
"""Longer sentences are cut: nothing useful is that long, and it bounds every later pass."""


class Tokens(NamedTuple):
    """Everything ``parse`` derives from one text (see ``doc.Doc``)."""

    masked: str
    norm: str
    written: str
    spans: tuple[tuple[int, int], ...]
    tight: tuple[Tight, ...]
    words: tuple[str, ...]
    stems: tuple[str, ...]


class Tight(NamedTuple):
    """One sentence as phrase rules read it: from its first visible character, normalised and
    single-spaced (see ``single_spaced``), with the map back to the text's offsets."""

    start: int
    sentence: str
    offsets: tuple[int, ...] | None
    """For each character of ``sentence`` (and its end), its offset from ``start``; None when
    nothing was respaced."""


TEMPLATE_ENTRIES = 256
"""Short texts whose parse is kept: exports repeat their templates ("Thanks!", macros) across
thousands of turns. A parse holds a few kilobytes: on the distinct corpus 1,024 entries cost 8 MB
of peak memory over 256, for no speed."""
TEMPLATE_CHARS = 1000
"""Longer texts (pasted logs, documents) rarely repeat: they are parsed each time."""


def parse(text: str) -> Tokens:
    """Split, mask, normalise and tokenise a text, once each."""
    return _parse_template(text) if len(text) <= TEMPLATE_CHARS else _parse(text)


def _parse(text: str) -> Tokens:
    masked = mask_noise(text)
    norm = normalise(masked)
    words = tokens(norm)
    spans = sentence_spans(text)
    written = normalise(text)
    return Tokens(
        masked=masked,
        norm=norm,
        written=written,
        spans=spans,
        tight=tuple(_tight(text, norm, s, e) for s, e in spans),
        words=words,
        stems=tuple(map(content_stem, words)),
    )


_parse_template = lru_cache(maxsize=TEMPLATE_ENTRIES)(_parse)


def _tight(text: str, norm: str, s: int, e: int) -> Tight:
    while s < e and norm[s].isspace():
        s += 1  # a masked @handle or link opening the sentence: start after it
    sentence, offsets = single_spaced(norm[s:e], text[s:e])
    return Tight(s, sentence, None if offsets is None else tuple(offsets))


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the sentences of ``text``; line breaks always end a sentence.

    Most boundaries are plain ("...today. Thanks"): a regex finds them. Only a line with an
    ambiguous period (after an abbreviation, an initial or a number) goes to NLTK's Punkt,
    which is an order of magnitude slower.
    """
    if not _MAYBE_SEVERAL.search(text):
        stripped = text.strip()
        if not stripped:
            return ()
        start = text.index(stripped[0])
        return tuple(_bounded(start, start + len(stripped)))
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _LINE_BREAK.finditer(text) if "\n" in text else ():  # a line break needs one
        spans.extend(_line_spans(text, pos, brk.start()))
        pos = brk.end()
    spans.extend(_line_spans(text, pos, len(text)))
    return tuple(spans)


_BOUNDARY = re.compile(r"(?<![.!?。！？…])([.!?。！？…]++)[\"'”’)\]]*+(\s++)(?=\S)")
"""A run of end marks is tried once, from its first mark, and never given back: tried from every
mark of a long run ("help!!!!…!! x. y"), the greedy run rescanned the rest of it (quadratic,
9 s for 19,000 marks). Same boundaries: the quotes and the space are disjoint from the marks."""


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    split = _split_line if len(chunk) > MAX_SENTENCE_CHARS else _split_known_line
    return [(start + s, start + e) for s, e in split(chunk)]


def _split_line(chunk: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one line, relative to it."""
    if not chunk.strip():
        return ()
    cuts = _plain_boundaries(chunk)
    pieces = _punkt_pieces(chunk) if cuts is None else _pieces(chunk, cuts)
    out: list[tuple[int, int]] = []
    merge_next = False
    for s, e in pieces:
        if merge_next:
            s = out.pop()[0]
        merge_next = bool(_LIST_MARKER.fullmatch(chunk[s:e]))
        out.extend(_bounded(s, e))
    return tuple(out)


_split_known_line = lru_cache(maxsize=SENTENCE_ENTRIES)(_split_line)
"""Lines of ordinary length recur (greetings, macros, sign-offs): their splits are kept."""


def _plain_boundaries(chunk: str) -> list[int] | None:
    """Sentence ends in one line, or None when a period is ambiguous and Punkt should decide."""
    cuts = []
    for m in _BOUNDARY.finditer(chunk):
        mark = m.group(1)
        if "…" in mark or ".." in mark:
            return None  # an ellipsis may or may not end the sentence
        if mark == ".":
            word = _word_before(chunk, max(0, m.start() - 64), m.start()).lstrip("(\"'“‘").lower()
            if word in _ABBREVIATIONS or len(word) == 1 or word[:1].isdigit():
                return None
        cuts.append(m.start(2))
    return cuts


def _word_before(chunk: str, start: int, end: int) -> str:
    """The run of non-space characters of a line that ends at ``end`` (from ``start`` at most),
    or "": one split of a few dozen characters, where a regex would try every start."""
    if end == start or chunk[end - 1].isspace():
        return ""
    return chunk[start:end].rsplit(None, 1)[-1]


def _pieces(chunk: str, cuts: list[int]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for cut in [*cuts, len(chunk)]:
        piece = chunk[pos:cut]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((pos + lead, pos + len(piece.rstrip())))
        pos = cut
    return out


def _punkt_pieces(chunk: str) -> list[tuple[int, int]]:
    return list(_SPLITTER.span_tokenize(chunk))


def _bounded(start: int, end: int) -> list[tuple[int, int]]:
    return [(s, min(s + MAX_SENTENCE_CHARS, end)) for s in range(start, end, MAX_SENTENCE_CHARS)]


URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
"""A link as written: from its scheme (or "www.") to the next space."""
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,}")
_SIGNOFF = re.compile(r"(?:\s[\^*~/-][A-Z][A-Za-z]{0,12}|\s[\^*][A-Za-z]+)\s*$")


def mask_noise(text: str) -> str:
    """Blank out URLs, @handles and initials sign-offs ("^AS") with spaces, keeping offsets."""

    def blank(m: re.Match[str]) -> str:
        return " " * (m.end() - m.start())

    if "://" in text or "www." in text.lower():
        text = URL.sub(blank, text)
    if "@" in text:
        text = _HANDLE.sub(blank, text)
    last = text.rsplit(None, 1)[-1:]
    if last and last[0][0] in _SIGNOFF_MARKS:
        text = _SIGNOFF.sub(blank, text)
    return text


_SIGNOFF_MARKS = frozenset("^*~/-")
"""A sign-off is the last word and starts with one of these: cheap to rule out otherwise."""


_LOOSE_SPACE = re.compile(r"\s\s|[^\S ]")


def single_spaced(sentence: str, written: str) -> tuple[str, list[int] | None]:
    """The sentence with every run of whitespace in ``written`` (the same sentence as written,
    before masking) made one space, and for each of its characters (and its end) the offset it
    came from; None when nothing changed. Phrase patterns are written with single spaces, and
    exports are full of double spaces, no-break spaces and tabs. Masked links and @handles stay
    as blank as they were: a gap where a link stood is not a word boundary to match across."""
    if not _LOOSE_SPACE.search(written):
        return sentence, None
    kept = [
        i for i, ch in enumerate(written) if not (ch.isspace() and written[i - 1 : i].isspace())
    ]
    tight = "".join(" " if written[i].isspace() else sentence[i] for i in kept)
    return tight, [*kept, len(sentence)]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lowercase, with curly apostrophes made straight (same length, so offsets hold)."""
    return straight_quotes(text).lower()


def straight_quotes(text: str) -> str:
    """Curly apostrophes and backticks made straight (same length, so offsets hold)."""
    if "’" in text or "‘" in text or "`" in text:  # rare: finding one is faster than translate
        text = text.translate(_QUOTE_CHARS)
    return text


def tokens(normalised: str) -> tuple[str, ...]:
    """The words of a text already normalised (``normalise``): ``words`` without that step.
    (``findall`` builds no match objects: with a second pass for the starts where they are
    needed, ``word_starts``, this is faster than one ``finditer`` for both.)"""
    return tuple(_WORD.findall(normalised))


def word_starts(normalised: str) -> tuple[int, ...]:
    """Where each of the words ``tokens`` finds starts."""
    return tuple(map(re.Match.start, _WORD.finditer(normalised)))


def words(text: str) -> list[str]:
    """Lowercase word tokens, contractions kept whole ("can't", "we'll")."""
    return _WORD.findall(normalise(text))


def word_spans(text: str) -> list[tuple[str, int]]:
    """``words`` with the offset where each starts in ``text`` (normalising keeps offsets)."""
    return [(m.group(), m.start()) for m in _WORD.finditer(normalise(text))]


STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further had hadn't has hasn't
    have haven't having he he'd he'll he's her here here's hers herself him himself his how
    how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also just get got please thanks thank hi hello hey dear ok okay yes
    yeah sorry still now one really will would could may might us like know need want help
    can't issue problem""".split()
)

_STEMMER = EnglishStemmer()  # Snowball (Porter2): better than Porter, and ~2.5x faster


@lru_cache(maxsize=SENTENCE_ENTRIES)
def stem(word: str) -> str:
    return _STEMMER.stem(word)


@lru_cache(maxsize=SENTENCE_ENTRIES)
def content_stem(word: str) -> str:
    """The word's stem, or "" for a stopword or a word of one or two letters."""
    return stem(word) if len(word) > 2 and word not in STOPWORDS else ""


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry content (no stopwords, no single letters)."""
    return frozenset(map(content_stem, words(text))) - _NONE


_NONE = frozenset({""})
