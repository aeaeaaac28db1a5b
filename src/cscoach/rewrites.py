"""Rewrites built from the agent's own words: an opening that adds what the reply left out, then
what the reply itself said that a customer needs (its facts, links, steps and questions). The
greeting, a self-introduction, a bare interjection ("Oh?") and any line telling the customer how
to feel are dropped."""

from __future__ import annotations

import re

from .model import TurnResult
from .requests.cues import substantive_sentences
from .text import URL

KEPT_BUDGET = 600
"""How many characters of the reply a rewrite keeps (a link counts as ``LINK_COST``): 996 in
1,000 cs-train agent turns are shorter, so a reply is kept whole and its explanation stays
beside its link or its fix; a longer one keeps the sentence that gives the fix, the next step
or the question. At 400 (95 in 100) QA-lead reads found rewrites of the longer replies that
dropped the app to download, the only next step, or the news that the problem was solved."""
LINK_COST = 20

KEPT_TAGS = frozenset({"solution", "next_steps", "clarifying_question"})
"""What a rewrite must not lose of the reply: its fix, next step or question."""

HEARD = frozenset({"active_listening"})
"""A courtesy that shows the customer was heard ("Thanks for the video!") is kept: it is what
the next sentence ("Super helpful.") refers to."""

_TELLS_HOW_TO_FEEL = re.compile(
    r"^\W*(?:(?:please|so|dear|sir|madam)\W+)*(?:take it easy|calm (?:yourself )?down|cool (?:yourself )?"
    r"down|relax|don't worry|do not worry|don't be (?:angry|upset|mad|anxious)|do not be "
    r"(?:angry|upset|mad|anxious)|be patient)\b",
    re.IGNORECASE,
)
"""A sentence that tells the customer how to feel ("Please take it easy."): after an opening
that says their frustration is understood, it takes it back."""

_INTERJECTION = re.compile(
    r"^\W*(?:oh+|ah+|aha|hmm+|um+|uh+|eh|wow|well|oops|whoa)\W*$", re.IGNORECASE
)
"""A sentence that is only a sound ("Oh?", "Hmm."): after the opening's apology it reads as
doubting it."""

_GREETING = re.compile(
    r"^\s*(?:@\w+\W+)*(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^.!?,]{0,30}[.!?,]\s*)?",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(r"^(?:but|and|so|however|yet)\b[,\s]*", re.IGNORECASE)
"""A sentence that opened with "But" contradicts the opening put before it: drop the word."""


def kept_words(
    reply: TurnResult,
    leave_out: frozenset[str] = frozenset(),
    answering: TurnResult | None = None,
) -> str:
    """The reply's own words a rewrite keeps: its sentences with substance that say something
    new, in order, as many as fit ``KEPT_BUDGET``. When not all fit, a sentence that gives a
    fix, a next step or a question, and one that takes up the words of the customer turn it
    is ``answering`` (its answer to what they asked or disputed), go first, those that do both
    before either; where none fits, the first that does (else the first) alone. Never cut
    inside a sentence (a rewrite with "…" is a template). Sentences holding a finding tagged
    ``leave_out`` are left for the caller to place. Empty when nothing is worth keeping: the
    opening stands alone."""
    text = reply.doc.text
    heard = {(s, e) for s, e in reply.doc.spans if _holds(reply, HEARD, s, e)}
    spans = [
        (start, end)
        for start, end in sorted(heard.union(substantive_sentences(reply.doc)))
        if not _TELLS_HOW_TO_FEEL.match(text[start:end])
        and not _INTERJECTION.match(text[start:end])
        and not _holds(reply, leave_out, start, end)
    ]
    if not spans:
        return ""
    asked = answering.doc.all_content if answering is not None else frozenset()
    contents = [reply.doc.content_in(start, end) for start, end in spans]
    worth = [
        _holds(reply, KEPT_TAGS, start, end) + bool(content & asked)
        for (start, end), content in zip(spans, contents, strict=True)
    ]
    carrying = sorted((i for i in range(len(spans)) if worth[i]), key=lambda i: -worth[i])
    chosen: set[int] = set()
    used = 0
    said: frozenset[str] = frozenset()
    for i in sorted(range(len(spans)), key=lambda i: -worth[i]):  # stable: in order within a rank
        start, end = spans[i]
        content = contents[i]
        cost = _cost(text[start:end])
        if (content and content <= said) or used + cost > KEPT_BUDGET:
            continue  # too long, or says again what a kept sentence said ("And you may call ...")
        chosen.add(i)
        used += cost
        said |= content
    kept = sorted(chosen) or carrying[:1] or [0]
    return " ".join(
        _without_counter(" ".join(text[s:e].split())) for s, e in (spans[i] for i in kept)
    )


_THREAD_COUNTER = re.compile(
    r"^((?:@\w+\s+)*)[(\[]?\d{1,2}/\d{1,2}[)\]]\s*|\s*[(\[]\d{1,2}/\d{1,2}[)\]]$"
)
"""A tweet thread's counter at a sentence's start, after any @-mentions, or at its end ("@Jo
(2/2) For now, ...", "... (1/3)"): it numbers the tweets, not the rewrite's sentences."""


def _without_counter(sentence: str) -> str:
    return _THREAD_COUNTER.sub(lambda m: m.group(1) or "", sentence)


def _holds(reply: TurnResult, tags: frozenset[str], start: int, end: int) -> bool:
    return any(f.tag in tags and f.start < end and f.end > start for f in reply.findings)


def _cost(sentence: str) -> int:
    return len(URL.sub("", sentence)) + LINK_COST * len(URL.findall(sentence))


def own_apology(reply: TurnResult) -> str:
    """The reply's sentence that apologises, on one line without its greeting ("" if none):
    a rewrite that adds how the customer feels keeps the apology the agent already made."""
    text = reply.doc.text
    for finding in reply.findings:
        if finding.tag != "apology":
            continue
        start, end = reply.doc.sentence_at(finding.start)
        apology = _without_greeting(" ".join(text[start:end].split()))
        return apology[:1].upper() + apology[1:]
    return ""


def opened_with(opener: str, yours: str) -> str:
    """The agent's own words with ``opener`` before them (their greeting dropped)."""
    rest = _without_greeting(yours)
    return f"{opener} {rest[:1].upper()}{rest[1:]}" if rest else opener


def without(pattern: re.Pattern[str], words: str) -> str:
    """``words`` with what ``pattern`` matches taken out, spaces and punctuation tidied: no
    space left before a full stop, no sentence left ending in a comma or semicolon."""
    out = " ".join(pattern.sub(" ", words).split())
    out = _SPACE_BEFORE_STOP.sub(r"\1", out)
    return _OPEN_END.sub(".", out)


_SPACE_BEFORE_STOP = re.compile(r"\s+([.,;:!?])")
_OPEN_END = re.compile(r"[,;:]$")


def drop_greeting(words: str) -> str:
    """``words`` without the @handles and greeting they open with ("@jo Hi Jo, ...")."""
    return _GREETING.sub("", words, count=1).strip()


def _without_greeting(words: str) -> str:
    return _LEADING_CONJUNCTION.sub("", drop_greeting(words), count=1)
