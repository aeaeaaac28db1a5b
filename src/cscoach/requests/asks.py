"""What a customer turn asks for: the sentences that hold a question, a request or a fault
report that wants help. These are the candidates; the request model decides whether the turn
really asks for something (a thank-you with a question mark, an answer to the agent's own
question, venting with nothing asked)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doc import Doc

_LEAD = r"^\W*(?:(?:hi|hello|hey|ok|okay|so|and|but|also|then|guys|dear|sir|madam|thanks)\W+)*"
WH_QUESTION = re.compile(_LEAD + r"(?:what|which|when|where|how|who|whom|whose|why)\b")
YES_NO_QUESTION = re.compile(
    _LEAD + r"(?:is|are|was|were|can|could|do|does|did|will|would|should|shall|have|has|may|"
    r"am|isn't|aren't|can't|won't|don't|doesn't|didn't)\b"
)
RHETORICAL = re.compile(
    r"\b(?:what the|are you (?:kidding|serious|joking)|why is it so|how (?:hard|difficult) (?:is|can)|"
    r"how many (?:more )?times|what is wrong with (?:you|your)|who (?:does|do) that|"
    r"is this a joke|how dare|what(?:'s| is) the (?:use|point) of|don't you (?:see|know|think|feel)|"
    r"are you (?:really|even)|why (?:don't|do) you (?:just|even)|what are you doing|"
    r"who do you think|what kind of (?:service|company)|is this how you|"
    r"do you want (?:me )?to (?:make|drive|kill|see)|how about|"
    r"is it necessary|can (?:it|this|that) be regarded|you know what i mean|don't you think)\b|"
    r",\s*(?:right|isn't it|aren't they|don't they|wouldn't you|ok|okay)\s*\?+\s*$"
)
"""Questions asked to reproach, not to learn something ("what are you doing on earth?")."""
CHALLENGE = re.compile(
    r"^\W*(?:(?:so|and|but|then)\W+)?(?:can't|cannot|couldn't|don't|didn't|won't|do|did|can|"
    r"could|will|would|are|have|why do|why did|why can't|why don't) you\b"
)
"""A question put to the agent ("can't you contact me?", "why don't you fix it?"): from an
upset customer it is a reproach, not a request for information."""
MIN_QUESTION_WORDS = 3
"""A shorter question ("Really?", "Seriously?") is an aside, not something owed an answer."""
IMPERATIVE = re.compile(
    _LEAD + r"(?:please|pls|plz|kindly|help|cancel|refund|fix|send|give|tell|explain|check|"
    r"change|update|remove|delete|stop|reset|return|replace|unlock|restore|activate|"
    r"deactivate|close|reopen|call|contact|resolve|solve|sort|let me know|get back)\b"
)
ASKS_AGENT = re.compile(
    r"\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone|i|we)\b|"
    r"\b(?:please|kindly|pls|plz)\b|\bi(?:'d| would) like\b|\bi (?:want|need|wish)\b|"
    r"\bi(?:'m| am) (?:looking for|trying to|hoping)\b|\bis (?:it|there) (?:possible|a way|any way)\b|"
    r"\bhow (?:do|can|should) i\b|\bwhat (?:should|can|do) i\b|\bany (?:update|news|idea)\b"
)
PROBLEM = re.compile(
    r"\b(?:not (?:working|work|receiv\w*|arrived?|delivered|showing|loading|connect\w*|able)|"
    r"(?:doesn't|does not|don't|do not|didn't|did not|won't|will not|can't|cannot|couldn't|"
    r"could not|isn't|is not|wasn't|haven't|have not|hasn't|has not) (?:\w+ ){0,2}?(?:work|load|"
    r"open|connect|start|arrive|receive|got|get|show|send|charge|login|log|access|play|sync|"
    r"update|install|download|respond|come|turn)\w*|"
    r"error|crash\w*|broken|failed|fails|stuck|freez\w*|missing|disappear\w*|"
    r"charged (?:me )?(?:twice|double|again)|double[- ]charged|overcharged|no (?:signal|network|"
    r"service|internet|reply|response|refund)|(?:still )?(?:waiting|hasn't come)|"
    r"wrong (?:item|size|order|product|amount)|damaged|defective|locked out|lost my|"
    r"keeps? (?:crashing|restarting|freezing|dropping|disconnecting))\b"
)
"""A fault report that wants help, with or without a question ("my card was charged twice")."""

_WORDY = re.compile(r"[^\W_]")
"""A letter or digit: the sentence has a word in it (cheaper than splitting it)."""


@dataclass(frozen=True, slots=True)
class Ask:
    """One sentence of a customer turn that may ask for something, and how it asks."""

    start: int
    end: int
    kind: str
    """"question", "rhetorical" (a reproach in question form, or an aside: "Really?"),
    "request" (please / can you / I want), or "problem" (a fault report)."""
    form: str = ""
    """For questions: "wh" or "yes_no" (or "" when neither opening is found)."""


def find_asks(doc: Doc | str, upset: bool = False) -> tuple[Ask, ...]:
    """Every sentence of a turn (its Doc, or a text to parse) that may ask for something, in
    order. ``upset``: the customer is upset, so a question put to the agent is a reproach."""
    if isinstance(doc, str):
        doc = Doc(doc)
    out = []
    for start, end, sentence in doc.sentences():
        sentence = sentence.strip()
        if not _WORDY.search(sentence):
            continue
        ask = _classify(sentence, upset)
        if ask is not None:
            out.append(Ask(start, end, *ask))
    return tuple(out)


def _classify(sentence: str, upset: bool) -> tuple[str, str] | None:
    sentence = sentence.lower()  # the patterns are lowercase: faster than IGNORECASE
    form = (
        "wh" if WH_QUESTION.match(sentence) else "yes_no" if YES_NO_QUESTION.match(sentence) else ""
    )
    if "?" in sentence:
        reproach = (
            RHETORICAL.search(sentence)
            or (upset and CHALLENGE.match(sentence))
            or len(sentence.split()) < MIN_QUESTION_WORDS
        )
        return ("rhetorical" if reproach else "question"), form
    if IMPERATIVE.match(sentence) or ASKS_AGENT.search(sentence):
        return "request", form
    if PROBLEM.search(sentence):
        return "problem", ""
    return None


def main_ask(asks: tuple[Ask, ...]) -> Ask | None:
    """The ask a report quotes: the first real question, else the first request, else the
    first fault report, else the first rhetorical question."""
    for kind in ("question", "request", "problem", "rhetorical"):
        for ask in asks:
            if ask.kind == kind:
                return ask
    return None
