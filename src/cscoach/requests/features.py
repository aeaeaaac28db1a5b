"""What the request model sees: of a customer turn (does it ask for something?), and of a
request with its reply (what did the reply do with it?). One extractor serves training and
inference. Features are short readable names with the value 1, as for the tagger:
``r:`` and ``t:`` carry the rules' verdicts (see tagger.features.is_rule_feature)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..doc import Doc, content_of
from ..model import TurnResult
from ..tagger.features import word_features
from ..text import STOPWORDS
from ..upset import rule_findings, upset_by_rules
from .asks import Ask
from .cues import ANSWER_TYPES, SAYS_UNANSWERED, reply_cues, rule_handling, wh_kind
from .slots import gives_detail
from .taken_up import ASKED_AGAIN_WORDS

_LENGTH_BINS = (2, 5, 10, 20, 40)
_THANKS = re.compile(
    r"^\W*(?:ok(?:ay)?|great|perfect|awesome|cool|got it|alright|that'?s? (?:great|fine|good)|"
    r"thanks?|thank (?:you|u)|thx|ty|cheers|appreciate|much appreciated|no worries)\b"
)
_REPEAT = re.compile(
    r"\b(?:again|still|already|as i (?:said|mentioned)|i (?:asked|said|told)|my question|"
    r"you didn't|you did not|not what i|didn't answer|no answer|answer (?:me|my))\b"
)


def _bin(n: int) -> str:
    for edge in _LENGTH_BINS:
        if n <= edge:
            return f"<={edge}"
    return f">{_LENGTH_BINS[-1]}"


def request_features(
    customer: TurnResult, asks: Sequence[Ask], previous_agent: TurnResult | None, first: bool
) -> set[str]:
    """Does this customer turn ask for something? Its asks, tags, words and what came before."""
    out = _text_features(customer.doc)
    for ask in asks:
        out.add(f"r:ask.{ask.kind}")
        if ask.form:
            out.add(f"r:ask.{ask.kind}.{ask.form}")
    if not asks:
        out.add("r:ask.none")
    if len(asks) > 1:
        out.add("a:several")
    for f in rule_findings(customer):
        out.add(f"t:{f.tag}.{f.kind}" if f.tag == "customer_negative" else f"t:{f.tag}")
    out.add("pos:first" if first else "pos:later")
    if previous_agent is not None:
        if "?" in previous_agent.doc.text or "clarifying_question" in previous_agent.tags:
            out.add("prev:asked")
            if "x:short" in out:
                out.add("prev:asked_short")
        if "x:detail" in out:
            out.add("x:gives_detail")
    out.discard("x:short")
    out.discard("x:detail")
    return out


def _text_features(doc: Doc) -> set[str]:
    """What the text alone says: its words, length and first word, thanks, a question mark,
    and (as markers the caller resolves with the context) whether it is short and whether it
    gives an order number, email or phone."""
    masked = doc.masked
    tokens = doc.words
    out = word_features(tokens)
    out.add(f"len:{_bin(len(tokens))}")
    if tokens:
        out.add(f"first:{tokens[0]}")
    if _THANKS.match(masked.lower()):
        out.add("x:thanks")
    if "?" in masked:
        out.add("x:qmark")
    if len(tokens) <= 8:
        out.add("x:short")
    if gives_detail(doc):
        out.add("x:detail")
    return out


@dataclass(frozen=True, slots=True)
class Pair:
    """A request and what followed it: the reply (agent turns up to the next customer turn)
    and the customer's next turn, if any."""

    customer: TurnResult
    asks: tuple[Ask, ...]
    reply: tuple[TurnResult, ...]
    next_customer: TurnResult | None
    held: tuple[TurnResult, ...] = ()
    """Hold messages before the reply ("One moment, let me check"): part of it, but judged by
    the turns that follow them."""


def handling_features(pair: Pair) -> tuple[set[str], str]:
    """The features of a request and its reply, and the rules' own reading of the handling."""
    request = pair.customer.doc
    masked_request = request.masked
    reply = Doc.join([t.doc for t in pair.reply])
    cues = reply_cues(reply)
    out = {f"c:{cue}" for cue in cues}
    reply_words = [w for t in pair.reply for w in t.doc.words]
    out |= {f"w:{w}" for w in reply_words}
    reply_stems = content_of(t.doc for t in pair.reply)
    theirs = request.content - STOPWORDS
    shared = len(theirs & reply_stems)
    out.add(f"ov:stems={min(shared, 4)}")
    asks = [a for a in pair.asks if a.kind != "rhetorical"] or list(pair.asks)
    covered = sum(1 for a in asks if request.content_in(a.start, a.end) & reply_stems)
    for ask in asks:
        out.add(f"a:{ask.kind}")
        if ask.form:
            out.add(f"a:{ask.form}")
        if kind := wh_kind(masked_request[ask.start : ask.end].lower()):
            out.add(f"a:wh_{kind}")
            if ANSWER_TYPES.get(kind, frozenset()) & cues:
                out.add("match:answer_type")
    if asks:
        first = request.content_in(asks[0].start, asks[0].end) - STOPWORDS
        out.add(f"ov:ask={min(len(first & reply_stems), 3)}")
    if asks and asks[0].form == "yes_no" and asks[0].kind == "question" and "answer_form" in cues:
        out.add("match:yes_no_answer")
    several = len(asks) > 1
    if several:
        out.add("a:several")
        out.add(f"a:covered={min(covered, 2)}")
    out.add(f"rlen:{_bin(len(reply_words))}")
    for tr in pair.reply:
        out |= {f"t:{tag}" for tag in tr.tags}
    out.add(f"reply_turns={min(len(pair.reply), 2)}")
    out |= _later_features(pair, theirs)
    engaged = shared >= 2 or "answer_form" in cues
    handling = rule_handling(cues, engaged, several, covered)
    out.add(f"r:handling.{handling}")
    return out, handling


def _later_features(pair: Pair, request_stems: frozenset[str]) -> set[str]:
    """What the customer's next turn says of the reply: thanks, or the request again."""
    nxt = pair.next_customer
    if nxt is None:
        return {"later:none"}
    doc = nxt.doc
    text = doc.masked.lower()
    out = set()
    if _THANKS.match(text) or "resolution_confirmed" in nxt.tags:
        out.add("later:thanks")
    if upset_by_rules(nxt):
        out.add("later:upset")
    if _REPEAT.search(text):
        out.add("later:repeat_words")
    if SAYS_UNANSWERED.search(text):
        out.add("later:says_unanswered")
    if len(request_stems & doc.content) >= ASKED_AGAIN_WORDS and "?" in text:
        out.add("later:asks_again")
    return out
