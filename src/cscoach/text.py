"""Sentence splitting, tokenising and content words, using only NLTK parts that need no data."""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.porter import PorterStemmer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# Punkt normally learns abbreviations from a downloaded model; we supply the common ones instead.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx",
    "no", "nos", "acct", "dept", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat",
    "sun", "min", "hr", "hrs", "ext", "tel", "u.s", "a.m", "p.m",
}  # fmt: skip


def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_SPLITTER = _punkt()
_MAYBE_SEVERAL = re.compile(r"[.!?。！？…~][\"')\]]*\s|\n")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_LIST_MARKER = re.compile(r"\(?\d{1,2}[.)]")

MAX_SENTENCE_CHARS = 1000
"""Longer sentences are cut: nothing useful is that long, and it bounds every later pass."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``; line breaks always end a sentence."""
    if not _MAYBE_SEVERAL.search(text):
        stripped = text.strip()
        if not stripped:
            return []
        start = text.index(stripped[0])
        return _bounded(start, start + len(stripped))
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _LINE_BREAK.finditer(text):
        spans.extend(_punkt_spans(text, pos, brk.start()))
        pos = brk.end()
    spans.extend(_punkt_spans(text, pos, len(text)))
    return spans


def _punkt_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    chunk = text[start:end]
    if not chunk.strip():
        return []
    out: list[tuple[int, int]] = []
    merge_next = False
    for s, e in _SPLITTER.span_tokenize(chunk):
        if merge_next:
            s = out.pop()[0] - start
        merge_next = bool(_LIST_MARKER.fullmatch(chunk[s:e]))
        out.extend(_bounded(start + s, start + e))
    return out


def _bounded(start: int, end: int) -> list[tuple[int, int]]:
    return [(s, min(s + MAX_SENTENCE_CHARS, end)) for s in range(start, end, MAX_SENTENCE_CHARS)]


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,}")
_SIGNOFF = re.compile(r"(?:\s[\^*~/-][A-Z][A-Za-z]{0,12}|\s[\^*][A-Za-z]+)\s*$")


def mask_noise(text: str) -> str:
    """Blank out URLs, @handles and initials sign-offs ("^AS") with spaces, keeping offsets."""

    def blank(m: re.Match[str]) -> str:
        return " " * (m.end() - m.start())

    text = _URL.sub(blank, text)
    text = _HANDLE.sub(blank, text)
    return _SIGNOFF.sub(blank, text)


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lowercase, with curly apostrophes made straight (same length, so offsets hold)."""
    return text.translate(_QUOTE_CHARS).lower()


def words(text: str) -> list[str]:
    """Lowercase word tokens, contractions kept whole ("can't", "we'll")."""
    return _WORD.findall(normalise(text))


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

_STEMMER = PorterStemmer()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stem(word)


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry content (no stopwords, no single letters)."""
    return {stem(w) for w in words(text) if len(w) > 2 and w not in STOPWORDS}
