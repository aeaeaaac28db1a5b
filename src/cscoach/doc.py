"""A turn's text, parsed once.

The analyzer builds one ``Doc`` per turn; rules, the tagger's features, the request tracker,
scoring, coaching and behaviours read it and never split, mask or tokenise the turn again.
Everything is derived from ``text`` (the turn bounded at MAX_TURN_CHARS) and keeps its offsets:
masking blanks with spaces and normalising keeps lengths, so a span found in any view is a span
of the text as written.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import accumulate

from .limits import MAX_TURN_CHARS
from .text import Tight, Tokens, content_stem, parse, tokens, word_starts

Span = tuple[int, int]


class Doc:
    """One turn's text and what every pass needs of it.

    - ``text``: the turn as written, bounded; ``masked``: links, @handles and initials
      sign-offs blanked; ``norm``: ``masked`` lowercased with straight apostrophes, the view
      phrase rules match; ``written``: ``text`` normalised the same way (links kept).
    - ``spans``: the sentences, each ``(start, end)``; ``tight``: each as phrase rules read it.
    - ``words``: the lowercase words of ``masked``, with ``starts`` (their offsets, found when
      first asked for: most turns never need them) and ``stems`` (each word's content stem, ""
      for a stopword); ``all_words``: the words of
      ``text``, links and @handles included (how a customer's words are compared; read off
      ``written`` when first asked for, as only customer turns are).
    - ``polarities``: VADER per sentence, filled once by ``sentiment`` when first needed.
    """

    __slots__ = (
        "_all_words",
        "_content",
        "_starts",
        "masked",
        "norm",
        "polarities",
        "spans",
        "stems",
        "text",
        "tight",
        "words",
        "written",
    )  # fmt: skip

    def __init__(self, text: str, parsed: Tokens | None = None) -> None:
        """``parsed``: the views, where they are already known (see ``join``)."""
        self.text = text if parsed is not None else text[:MAX_TURN_CHARS]
        parsed = parsed or parse(self.text)
        self.masked = parsed.masked
        self.norm = parsed.norm
        self.written = parsed.written
        self.spans: tuple[Span, ...] = parsed.spans
        self.tight: tuple[Tight, ...] = parsed.tight
        self.words: tuple[str, ...] = parsed.words
        self.stems: tuple[str, ...] = parsed.stems
        self.polarities: tuple[float, ...] | None = None
        self._starts: tuple[int, ...] | None = None
        self._content: frozenset[str] | None = None
        self._all_words: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"Doc({self.text[:40]!r}…)" if len(self.text) > 40 else f"Doc({self.text!r})"

    def __reduce__(self) -> tuple[type[Doc], tuple[str]]:
        """Pickled as its text: the views are rebuilt where it lands."""
        return (Doc, (self.text,))

    @classmethod
    def join(cls, docs: Sequence[Doc]) -> Doc:
        """Several turns read as one text, joined by line breaks (a reply of several turns)."""
        if len(docs) == 1:
            return docs[0]
        shifts = list(accumulate((len(d.text) + 1 for d in docs[:-1]), initial=0))
        pairs = list(zip(shifts, docs, strict=True))
        parsed = Tokens(
            masked="\n".join(d.masked for d in docs),
            norm="\n".join(d.norm for d in docs),
            written="\n".join(d.written for d in docs),
            spans=tuple((at + s, at + e) for at, d in pairs for s, e in d.spans),
            tight=tuple(t._replace(start=at + t.start) for at, d in pairs for t in d.tight),
            words=tuple(w for d in docs for w in d.words),
            stems=tuple(s for d in docs for s in d.stems),
        )
        return cls("\n".join(d.text for d in docs), parsed)

    @property
    def starts(self) -> tuple[int, ...]:
        if self._starts is None:
            self._starts = word_starts(self.norm)
        return self._starts

    @property
    def content(self) -> frozenset[str]:
        """The stems of the words that carry content (no stopwords, no one- or two-letter words)."""
        if self._content is None:
            self._content = frozenset(self.stems) - _NONE
        return self._content

    def sentences(self) -> Iterable[tuple[int, int, str]]:
        """Each sentence's span and its masked text."""
        return ((s, e, self.masked[s:e]) for s, e in self.spans)

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding ``offset``: the first sentence if none does, the
        whole text if it has none."""
        return next(
            ((s, e) for s, e in self.spans if s <= offset < e),
            self.spans[0] if self.spans else (0, len(self.text)),
        )

    def words_in(self, start: int, end: int) -> tuple[str, ...]:
        """The words that lie wholly inside ``[start, end)``."""
        lo, hi = self._between(start, end)
        return self.words[lo:hi]

    @property
    def all_words(self) -> tuple[str, ...]:
        if self._all_words is None:
            unmasked = self.masked == self.text  # then ``words`` are the words as written
            self._all_words = self.words if unmasked else tokens(self.written)
        return self._all_words

    @property
    def all_content(self) -> frozenset[str]:
        """The content stems of ``all_words``."""
        if self.all_words is self.words:
            return self.content
        return frozenset(map(content_stem, self.all_words)) - _NONE

    def content_in(self, start: int, end: int) -> frozenset[str]:
        """The content stems of the words inside ``[start, end)`` (a sentence, an ask)."""
        lo, hi = self._between(start, end)
        return frozenset(self.stems[lo:hi]) - _NONE

    def _between(self, start: int, end: int) -> tuple[int, int]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end, lo)
        while hi > lo and self.starts[hi - 1] + len(self.words[hi - 1]) > end:
            hi -= 1  # a word cut by the end of the span is not in it
        return lo, hi


_NONE = frozenset({""})


def content_of(docs: Iterable[Doc], as_written: bool = False) -> frozenset[str]:
    """The content stems of several turns together; ``as_written``: of their words as written
    (links and @handles included), as a customer's words are compared."""
    out: frozenset[str] = frozenset()
    for doc in docs:
        out |= doc.all_content if as_written else doc.content
    return out
