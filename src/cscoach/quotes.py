"""How a report quotes a turn: one line, bounded."""

from __future__ import annotations

import re

from .text import URL

MAX_QUOTE = 160
"""The longest quote a report shows: a sentence or a phrase, never a pasted page."""


WORD_CUT = 0.6
"""A clipped quote ends at the last space before the limit, unless that would keep less than
this share of it (one long word, a link): then it is cut inside the word."""


def clipped(text: str, limit: int = MAX_QUOTE) -> str:
    """``text`` on one line with single spaces, cut with "…" past ``limit`` characters, between
    words where it can be (QA-lead reads flagged quotes cut off mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < WORD_CUT * limit:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:") + "…"


_ADDRESS_PREFIX = re.compile(
    r"\s*(?:@\s?[\w.'’&·-]+(?:[ \t]+(?:[A-Z][\w.'’&·-]*|\d[\w.'’&·-]*|in|of|the|and|for|at|&))*?"
    r"\s*)+?(?=\[|(?<=\s)(?:I|I'm|I've|I'd|You|Your|You're|Why|What|When|Where|How|Who|Which|"
    r"Do|Does|Did|Don't|Is|Are|Was|Were|Can|Could|Will|Would|Should|Please|It|It's|This|That|My|We|"
    r"Our|Just|Hello|Hi|Hey|Dear|Since|After|Before|Today|Yesterday|Recently|Now|Thanks|Thank)\b)"
)
"""The @-mentions a customer's post opens with, up to where their own words plainly begin: a
bracketed tag ("[Complaint]") or a word that opens a sentence ("@ China Unicom Customer Service
Why is there no signal?"). A Weibo name runs on in capitalised words, so with
no such boundary ("@Acme fix this", "@ Jia Yue-ting, please note.") nothing is cut. (No "^":
``match`` anchors at the position it is given, where "^" would match only at the text's start.)"""
_MENTION = re.compile(r"\s*+@([A-Za-z0-9_]++)\s++")
_HANDLE_SHAPE = re.compile(r"_|[a-z]\d")
"""A mention shaped like a Twitter handle: one word with an underscore or a digit after a
lowercase letter ("@jo_plays", "@valz761"). The writer's own words follow a run of them,
whatever word opens them ("@kingg_joe__ For help with ..."): in cs-train 155 such handles are
followed by a capitalised word, all of them the writer's, and no Weibo name there or in stc3
has this shape (they run on in capitalised words: "@LeTV Customer Service", "@CCTV315 Japan")."""


def _handles_end(text: str, start: int) -> int | None:
    """Where a run of handle-shaped mentions at ``start`` ends, if words other than a mention
    follow it. Each mention is read once (possessive quantifiers): linear in the text."""
    end = start
    while found := _MENTION.match(text, end):
        if not _HANDLE_SHAPE.search(found.group(1)):
            return None  # a name that may run on: _ADDRESS_PREFIX decides
        end = found.end()
    if end == start or end == len(text) or text[end] == "@":
        return None
    return end


def address_end(text: str, start: int = 0, limit: int | None = None) -> int:
    """Where the writer's own words begin in ``text[start:]`` after a leading run of
    @-mentions ("@ Acme Customer Service Why is there no signal?"): ``start`` itself where there
    is no such run, and never past ``limit``. A quote of the customer starts there."""
    limit = len(text) if limit is None else limit
    if not text[start:limit].lstrip().startswith("@"):
        return start
    end = _handles_end(text, start)
    if end is None:
        found = _ADDRESS_PREFIX.match(text, start)
        if found is None:
            return start
        end = found.end()
    while end < limit and text[end].isspace():
        end += 1
    return min(end, limit)


_ADDRESS = re.compile(
    r"^[^\w@]*+(?:@\s?+[\w.'’&·-]++(?:,?\s(?:[A-Z][a-z][\w.'’&·-]*+|\d[\w.'’&·-]*+|in|of|the|and|"
    r"for|at|&|(?<=\bof\sthe\s)[A-Z][\w.'’&·-]*+|(?<=\bof\s)[A-Z][\w.'’&·-]*+)){0,7}+"
    r"[^\w@]*+)++$"
)
"""One or more @-mentions, nothing else (possessive: no backtracking). A Weibo name runs on in
capitalised words, numbers and a few small words ("@China Unicom Customer Service in Dalian,
Liaoning @Dalian 54 Youth"), and may hold a middle dot ("@China Unicom Customer Service
Xiaodian· Taiyuan"), and a name in capitals after "of" or "of the" ("@ Customer Service of the
UBOX"); a lowercase word or one in capitals ("@Acme fix this", "@Acme WHY") is the customer
writing."""


def only_addresses(sentence: str) -> bool:
    """The sentence only addresses the company: @-mentions alone, or with links ("@ China
    Unicom Guangdong Customer Service http://t.cn/x", "@ Acme Marketing @Jo Smith @Acme
    Support"): no words of the customer's own to quote."""
    if "://" in sentence or "www." in sentence.lower():
        sentence = URL.sub(" ", sentence)
    return _ADDRESS.match(sentence) is not None


_NAMED = re.compile(r"@\s?\w")
"""An @ that names someone (not a stand-in for a masked name: "This is Xiao @.")."""


TRAILING_MENTIONS = 8
"""The most @-mentions a closing run is read back over: each is checked once to the span's
end, so a span of hundreds of "@"s costs at most this many passes."""


def words_end(text: str, start: int, end: int) -> int:
    """Where the writer's own words in ``text[start:end]`` end before a trailing run of
    @-mentions ("What can I do??? @ Acme Customer Service @Jo Smith"): ``end`` itself where
    there is no such run, or where nothing but mentions would be left."""
    ats: list[int] = []
    at = text.rfind("@", start, end)
    while at != -1 and len(ats) < TRAILING_MENTIONS:
        ats.append(at)
        at = text.rfind("@", start, at)
    for at in reversed(ats):  # the run's earliest mention first
        before = text[start:at]
        if (
            _NAMED.match(text, at)
            and before.strip()
            and not only_addresses(before)
            and only_addresses(text[at:end])
        ):
            return start + len(before.rstrip(" \t\n,;:"))
    return end


def quoted(text: str, start: int, end: int, limit: int = MAX_QUOTE) -> str:
    """A span of a turn as a report quotes it: the writer's own words (``address_end``,
    ``words_end``), on one line, bounded (``clipped``)."""
    start = address_end(text, start, end)
    return clipped(text[start : words_end(text, start, end)], limit)


def own_words(text: str, limit: int = MAX_QUOTE) -> str:
    """A whole sentence or turn as a report quotes it (``quoted``): from its writer's own words."""
    return quoted(text, 0, len(text), limit)
