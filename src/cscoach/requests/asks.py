"""What a customer turn asks for: the sentences that hold a question, a request or a fault
report that wants help. These are the candidates; the request model decides whether the turn
really asks for something (a thank-you with a question mark, an answer to the agent's own
question, venting with nothing asked)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..doc import Doc
from ..rules.firstwords import PatternSet

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
    r"is it necessary|can (?:it|this|that) be regarded|you know what i mean|don't you think|"
    r"all (?:you|they|u) (?:can|could|do|did|ever) (?:say|do|offer) is|can you (?:even )?imagine|"
    r"would you believe|guess what|when will (?:this|it|that) (?:\w+ )?ever end|"
    r"do you (?:really |even |actually )?believe|dared|is (?:it|there) (?:even |any )?"
    r"(?:use|useful|point)|you(?:'re| are)? (?:cheating|lying to|fooling|robbing) (?:us|me))\b|"
    r",\s*(?:right|isn't it|aren't they|don't they|wouldn't you|ok|okay)\s*\?+\s*$"
)
"""Questions asked to reproach, not to learn something ("what are you doing on earth?", "Do you
believe my card has no GSM?", "They dared to ask for a good comment?", "Is it useful speaking it
out?", "You are cheating us?")."""
REPROACH_FORM = re.compile(
    r"\b(?:(?:don't|do not|didn't|can't|won't|doesn't) (?:you|your (?:\w+ ){0,2}?\w+) (?:even )?"
    r"(?:know|care|understand|reali[sz]e|read|listen|test|check|feel|have (?:any|no) (?:shame|"
    r"conscience|idea|respect|sense))|(?:aren't|are) you (?:not )?(?:ashamed|embarrassed|shameful)|"
    r"have you no|do you (?:even )?(?:know|realize|realise|understand|care) (?:how (?:much (?:trouble|"
    r"inconvenience|damage|stress|hassle|harm)|(?:much|many) (?:\w+ )?(?:i|we) (?:have |had |'ve )?"
    r"(?:lost|wasted|missed|paid)|long (?:i|we) (?:have |had |'ve )?(?:waited|been)|bad|annoying|"
    r"frustrating|inconvenient|angry|upset|disappointed|(?:this|that|it) (?:\w+ )?(?:causes?|"
    r"affects?|feels?|hurts?))|what (?:this|that|it) (?:\w+ )?(?:means to|causes|costs me|feels|"
    r"did to)|(?:that )?(?:i|we) (?:have|had|am|was|were|lost|waited|paid))|"
    r"is (?:this|that|it|your (?:\w+ ){0,2}?\w+) (?:\w+ )?a joke|"
    r"is (?:this|that) (?:really )?(?:your|the way you|what you call|how (?:you|a company)|"
    r"acceptable|normal|fair|reasonable|service)|(?:is|was) it my fault|how (?:could|can|dare) you|"
    r"why should i|who cares|what do you take (?:me|us) for)\b"
)
"""Reproach in question form aimed at the company ("Don't you know your own products?", "Is this
quality a joke?", "Do you know how much trouble this causes?", "Is this your service?"): what
cs-requests-train's labellers read as venting, not as a question owed an answer."""
CHALLENGE = re.compile(
    r"^\W*(?:(?:so|and|but|then)\W+)?(?:can't|cannot|couldn't|don't|didn't|won't|do|did|can|"
    r"could|will|would|are|have|why do|why did|why can't|why don't) you\b"
)
"""A question put to the agent ("can't you contact me?", "why don't you fix it?"): from an
upset customer it is a reproach, not a request for information."""
REPLY_ONLY = re.compile(
    r"^\W*(?:(?:please|pls|plz|kindly)\W+)?(?:reply|respond|answer|get back)(?: to)?(?: me| us)?"
    r"(?:\W+(?:as soon as possible|asap|quickly|soon|now|immediately|please))*\W*$"
)
"""A request for nothing but a reply ("Please reply to me as soon as possible."): any reply
grants it, so it is no request of its own."""
SMALL_TALK = re.compile(
    r"^\W*(?:(?:and|so|hi|hello|hey|there|ok|okay|good|fine|great|thanks?|thank you)\W+)*"
    r"(?:(?:can|may) i (?:first )?ask (?:you )?(?:first )?)?"
    r"(?:how(?:'re| are| r) (?:you|u|ya|things)|how (?:you're|you are|you|ya) doing|"
    r"how(?:'s| is| was| has) (?:it going|everything|life|"
    r"(?:your|the) (?:day|week|weekend|morning|evening|night|holiday)\w*)|(?:how|what) about "
    r"(?:you|u|yourself)|and (?:you|u|yourself)|(?:are )?you (?:still )?(?:there|here)|"
    r"(?:is )?(?:any ?one|anybody|somebody|someone) (?:still )?(?:there|here)|you know)"
    r"(?: (?:today|now|then|doing|going|sir|madam|ma'am|mate|dear|friend))*\W*$"
)
"""A clause that only makes conversation ("How are you?", "And you?", "Is anyone there?", "you
know?"): GUIDELINES-requests.md counts small talk as no request. Matched on a sentence's last
clause (``_small_talk``), so pleasantries before it do not hide it ("I'm good.. How are you?")."""
_CLAUSE_BREAK = re.compile(r"[.!,;~]\s+")


def _small_talk(sentence: str) -> bool:
    """The sentence ends in small talk and reports no problem ("My router broke, how are you?"
    still reports one). Only its last clause is matched: linear, whatever came before."""
    last = _CLAUSE_BREAK.split(sentence)[-1]
    return SMALL_TALK.match(last) is not None and not PROBLEM.search(sentence)


MIN_QUESTION_WORDS = 3
"""A shorter question ("Really?", "Seriously?") is an aside, not something owed an answer,
unless it is a question word alone (``BARE_WH``)."""
BARE_WH = re.compile(r"^\W*(?:why|how|how come|when|where)\W*$")
""""Why?" after what happened asks about it ("... they can't find the two numbers. Why?"): all
5 cs-requests-train turns with a bare "Why?", "How?" or "Where?" are labelled requests. "What?"
alone is surprise."""
IMPERATIVE = re.compile(
    _LEAD + r"(?:please|pls|plz|kindly|help|cancel|refund|fix|send|give|tell|explain|check|"
    r"change|update|remove|delete|stop|reset|return|replace|unlock|restore|activate|"
    r"deactivate|close|reopen|call|contact|resolve|solve|sort|let me know|get back)\b"
)
ASKS_AGENT = re.compile(
    r"\b(?:can|could|would|will) (?:you|u|someone|somebody|anyone|i|we)\b|"
    r"\b(?:please|kindly|pls|plz)\b|\bi(?:'d| would) like\b|"
    r"\bi(?:'m| am) (?:looking for|trying to|hoping)\b|\bis (?:it|there) (?:possible|a way|any way)\b|"
    r"\bhow (?:do|can|should) i\b|\bwhat (?:should|can|do) i\b|\bany (?:update|news|idea)\b|"
    r"\b(?:don't|do not|dont|idk|no idea|not sure)(?: know)? (?:what to do|how to)\b|^\W*what to do\b"
)
_SETS_THE_SCENE = r"(?<!\bwhen )(?<!\bif )(?<!\bwhenever )(?<!\btime )(?<!\bonce )"
"""Not after "when", "if", "every time" or "once": a want that only sets the scene of a fault."""
WISH = re.compile(_SETS_THE_SCENE + r"\bi (?:really |just |still |so |only )?(?:want|need|wish)\b")
"""The customer says what they want or need ("I want to be independent", "I need a job", "I
wish I could"): a request only where it names something the agent can do (``SERVICE_WISH``)."""
SERVICE_WISH = re.compile(
    _SETS_THE_SCENE
    + r"\bi (?:really |just |still |so |only )?(?:want|need|wish) (?:to (?:know|ask|check|"
    r"confirm|cancel|change|return|exchange|buy|order|book|speak|talk|report|complain|inquire|enquire|"
    r"apply|register|sign up|subscribe|unsubscribe|transfer|upgrade|downgrade|pay|recover|reset|"
    r"update|delete|remove|close|activate|deactivate|unlock|claim|redeem|track|find out|"
    r"contact|reach|file|submit|add|switch|access|log ?in|login|sign in|use|"
    r"get (?:a|an|my|the|some|in touch|help|access|through))\b|"
    r"(?:(?:a|an|the|my|your|some|more|any) )?(?:help|assistance|support|refund|replacement|"
    r"answer|explanation|reply|response|update|info\w*|confirmation|invoice|receipt|compensation|"
    r"solution|technician|engineer|manager|supervisor|someone|somebody)\b|"
    r"(?:my|the|a|an|this|that) (?:\w+ )?(?:money|refund|account|order|package|parcel|item|"
    r"data|password|bill|invoice|card|phone|number|device|product|service|plan|package)\b|"
    r"(?:you|u|someone|somebody) to\b|(?:it|this|that|them) (?:fixed|sorted|done|resolved|"
    r"cancel\w*|refunded|changed|replaced|repaired|back)\b)"
)
"""What the agent can do: know, cancel, change, speak to someone; help, a refund, my money,
the order. Wanting to be, go, feel or avoid something asks the agent for nothing, and nor does a
want that only sets the scene of a fault ("When I want to delete the video, it gets stuck")."""
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

SELF_HARM = re.compile(
    r"\b(?:suicid\w*|kill(?:ing)? myself|end (?:my life|it all)|overdos\w*|self[- ]?harm\w*|"
    r"hurt(?:ing)? myself|(?:want|wanted|wanna) to die|take my (?:own )?life|cut(?:ting)? myself)\b"
)
"""The customer speaks of harming themselves: what they are owed is a safety check and a crisis
line, never a direct answer to "are overdoses painful?"."""
FIX_FAILED = re.compile(
    r"\b(?:tried|try|changed|followed|used|restarted|rebooted|reinstalled|updated|cleared|reset|"
    r"did (?:it|that|this|what|as))\b[^.?!]{0,60}?\b(?:but|still|yet)\b[^.?!]{0,40}?\b(?:fail\w*|"
    r"(?:doesn't|does not|didn't|did not|won't|can't|cannot|couldn't|isn't|wasn't|not) (?:\w+ )?"
    r"(?:help|work|fix|solve|change|resolve)\w*|the same|no (?:luck|use|change|difference|effect)|"
    r"nothing (?:changed|happened|helped|worked))|"
    r"\bstill (?:fail\w*|not working|doesn't work|does not work|the same|no luck|no use)\b"
)
"""The customer tried what they were told, or what they could, and it still fails ("I've
changed the browser but it still failed"): a request for more help, owed a reply (all 21 such
cs-train turns are labelled requests)."""

CLOSING = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|k|done|great|perfect|awesome|cool|nice|got it|all (?:good|set|sorted)|"
    r"alright|never ?mind|nvm|no worries|no problem|solved|sorted|fixed|resolved|(?:i )?found it|"
    r"it works(?: now)?|works now|that (?:worked|works|did it|fixed it|helped|'s all)|"
    r"thanks?(?: (?:so|very) much| a lot| again)?|thank (?:you|u)(?: (?:so|very) much)?|thx|ty|"
    r"cheers|much appreciated|appreciate it|bye|goodbye)\b[\W_]*)+"
    r"(?:$|(?:please )?(?:keep (?:it )?up|have a (?:nice|good|great|lovely) \w+|take care|bye|"
    r"see you|you(?:'re| are) (?:great|the best|awesome|a star)|(?:i|we)(?:'ll| will) (?:try|check|"
    r"do|wait|give it a)))"
)
"""A sentence that closes or settles the conversation ("Done, thank you", "OK thanks~", "Never
mind, found it.", "Thanks, keep up the good work!"): the customer owes no reply and is owed none."""
SETTLED = re.compile(
    r"\b(?:(?:it|this|that|everything|all|the (?:problem|issue)s?|all (?:the )?(?:problems?|"
    r"issues?))(?:'s| is| are| has been| have been| was| were) (?:now |all )?(?:ok|okay|fine|"
    r"working|solved|resolved|fixed|sorted|handled|dealt with)(?: now)?|works? (?:fine |again |normally )?now|"
    r"(?:problem|issue) (?:solved|resolved|fixed|sorted))\b"
)
"""A sentence that says the trouble is over ("It is OK now.", "All the problems have been
solved!"): after the customer's last question in the same turn, it settles the question."""
_CONTRAST = re.compile(r"\b(?:but|still|however|except|yet|though|although|not)\b")
PLAYFUL_PLEA = re.compile(
    r"\b(?:(?:pick|choose|select) me|let me win|me too|(?:i|we) want (?:one|it|that|this) too|"
    r"give me one|(?:i|we) (?:want|wanna|hope) to win)\b"
)
"""A plea to be picked in a giveaway or joking thread ("pick me~", "let me win!"): play, with
nothing for the agent to do. Banter marks alone ("hahaha", an emoticon) are not enough:
cs-requests-train's labellers read real requests beside them."""

_WORDY = re.compile(r"[^\W_]")
"""A letter or digit: the sentence has a word in it (cheaper than splitting it)."""


@dataclass(frozen=True, slots=True)
class Ask:
    """One sentence of a customer turn that may ask for something, and how it asks."""

    start: int
    end: int
    kind: str
    """"question", "rhetorical" (a reproach in question form, or an aside: "Really?", "How
    are you?"), "request" (please / can you / I want a refund), "wish" (a want or need that
    names nothing the agent can do: "I wish I could avoid her"), or "problem" (a fault
    report)."""
    form: str = ""
    """For questions: "wh" or "yes_no" (or "" when neither opening is found)."""


def find_asks(doc: Doc | str, upset: bool = False) -> tuple[Ask, ...]:
    """Every sentence of a turn (its Doc, or a text to parse) that may ask for something, in
    order. ``upset``: the customer is upset, so a question put to the agent is a reproach."""
    if isinstance(doc, str):
        doc = Doc(doc)
    out = []
    norm = doc.norm  # masked, lowercased, straight apostrophes: what the patterns are written for
    before: int | None = None  # where the sentence before starts
    for start, end in doc.spans:
        sentence = norm[start:end].strip()
        if not _WORDY.search(sentence):
            continue
        ask = _classify(sentence, upset)
        if ask is not None:
            asked_from = before if before is not None and BARE_WH.match(sentence) else start
            out.append(Ask(asked_from, end, *ask))  # "Why?" is asked of the sentence before it
        before = start
    return tuple(out)


_FOUND_FROM_WORDS = PatternSet(
    {
        "rhetorical": RHETORICAL,
        "reproach": REPROACH_FORM,
        "asks_agent": ASKS_AGENT,
        "service_wish": SERVICE_WISH,
        "fix_failed": FIX_FAILED,
        "wish": WISH,
        "problem": PROBLEM,
    }
)
"""The patterns ``_classify`` searches a sentence for, each tried only from its first words."""
_IN_A_QUESTION = ("rhetorical", "reproach")
_IN_A_STATEMENT = ("asks_agent", "service_wish", "fix_failed", "wish", "problem")


def _classify(sentence: str, upset: bool) -> tuple[str, str] | None:
    """How a lowercased sentence asks, and in which form; None when it asks nothing."""
    form = (
        "wh" if WH_QUESTION.match(sentence) else "yes_no" if YES_NO_QUESTION.match(sentence) else ""
    )
    if "?" in sentence:
        reproach = (
            _FOUND_FROM_WORDS.found(sentence, _IN_A_QUESTION)
            or (upset and CHALLENGE.match(sentence))
            or _small_talk(sentence)
            or (len(sentence.split()) < MIN_QUESTION_WORDS and not BARE_WH.match(sentence))
        )
        return ("rhetorical" if reproach else "question"), form
    found = _FOUND_FROM_WORDS.found(sentence, _IN_A_STATEMENT)
    if IMPERATIVE.match(sentence) or found & {"asks_agent", "service_wish", "fix_failed"}:
        return None if REPLY_ONLY.match(sentence) else ("request", form)
    if "wish" in found:
        return "wish", ""
    if "problem" in found:
        return "problem", ""
    return None


def main_ask(asks: tuple[Ask, ...]) -> Ask | None:
    """The ask a report quotes: the first real question, else the first request, else the
    first fault report, else the first want or need, else the first rhetorical question."""
    for kind in ("question", "request", "problem", "wish", "rhetorical"):
        for ask in asks:
            if ask.kind == kind:
                return ask
    return None


def owes_reply(doc: Doc, asks: tuple[Ask, ...]) -> bool:
    """A customer's last turn needs an answer: it asks a question or makes a request that is
    neither a closing ("OK thanks~") nor a plea to be picked in banter ("pick me~"), and no
    later sentence says the trouble is over ("How do I fix it? ... It is OK now. Thank you!").
    A closing that asks something new still needs one ("Thanks! Can I also change the date?")."""
    norm = doc.norm
    owed = [
        ask
        for ask in asks
        if ask.kind in ("question", "request") and not _closes(norm[ask.start : ask.end].strip())
    ]
    if not owed:
        return False
    return not any(
        SETTLED.search(norm, start, end) and not _CONTRAST.search(norm, start, end)
        for start, end in doc.spans
        if start >= owed[-1].end
    )


def settles(doc: Doc) -> bool:
    """The turn says the trouble is over ("It is OK now.") or only closes ("Done, thank
    you"); a thank-you beside details ("Thanks. It's a Pixel 6.") settles nothing."""
    norm = doc.norm
    spans = [(s, e) for s, e in doc.spans if _WORDY.search(norm, s, e)]
    if any(SETTLED.search(norm, s, e) and not _CONTRAST.search(norm, s, e) for s, e in spans):
        return True
    return bool(spans) and all(_closes(norm[s:e].strip()) for s, e in spans)


def _closes(sentence: str) -> bool:
    """A closing or a plea in banter: nothing owed."""
    return ("?" not in sentence and CLOSING.match(sentence) is not None) or bool(
        PLAYFUL_PLEA.search(sentence)
    )
