"""What QA leads raise that no single turn shows: asking again for what the customer gave,
questions left unanswered, escalations not taken up, shouting back, personal data left in a
public channel, and the same message pasted twice. Each check reads the whole conversation and
returns tips; the phrases it relies on are rule data (rules/builtin/*.toml, info_types.toml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from .doc import Doc
from .model import Request, Said, Tip, TurnResult, expresses_upset
from .quotes import clipped, own_words
from .redact import CARD, EMAIL, PHONE, luhn_valid
from .requests.asks import SELF_HARM
from .requests.slots import ASKING
from .requests.tips import agent_words
from .restatement import find_restatement
from .rewrites import drop_greeting, kept_words, opened_with, without
from .rules.tone import shouted
from .scoring import RESPONSE_WINDOW, escalation_ignored
from .upset import sure_enough_to_tip

PRIORITY = {
    "safety": 5,
    "privacy": 15,
    "calm": 25,
    "laughter": 26,
    "escalation": 28,
    "restated": 40,
    "scripted": 55,
}
DESCRIPTIONS = {
    "safety": "The customer spoke of harming themselves and no reply checked they were safe.",
    "privacy": "Personal data was left in, or asked for in, a public channel.",
    "calm": "The agent answered anger in kind (shouting).",
    "laughter": "The agent laughed ('[Ha Ha]', 'lol') in reply to an upset customer.",
    "escalation": "A request to escalate was not taken up.",
    "restated": "The agent said its earlier message again instead of answering the customer's reply.",
    "scripted": "The same message was sent twice in one conversation.",
}


def behaviour_tips(
    turns: Sequence[TurnResult], channel: str | None, requests: Sequence[Request] = ()
) -> list[Tip]:
    escalated = escalation(turns)
    said_again = [t for t in restated(turns, requests) if t.turn not in {e.turn for e in escalated}]
    pasted = [t for t in repeated_messages(turns) if t.turn not in {s.turn for s in said_again}]
    return [
        *safety(turns),
        *escalated,
        *shouting(turns),
        *laughter(turns),
        *privacy(turns, channel),
        *said_again,
        *pasted,
    ]


def _replies(turns: Sequence[TurnResult], position: int) -> list[TurnResult]:
    """The next agent turns after ``turns[position]``, at most RESPONSE_WINDOW of them: a reply
    further away does not answer it. Scans forward only that far, so checks stay linear."""
    out: list[TurnResult] = []
    for tr in turns[position + 1 :]:
        if tr.turn.role == "agent":
            out.append(tr)
            if len(out) == RESPONSE_WINDOW:
                break
    return out


def _tip(
    tag: str,
    *,
    turn: int,
    quote: str,
    tip: str,
    rewrite: str | None = None,
    context: Said | None = None,
) -> list[Tip]:
    """A behaviour's tip, ranked by the behaviour's priority."""
    return [Tip(tag, turn, quote, tip, rewrite, PRIORITY[tag], context=context)]


def _text(tr: TurnResult) -> str:
    return tr.doc.text


def _sentence_of(doc: Doc, start: int) -> str:
    s, e = doc.sentence_at(start)
    return " ".join(doc.text[s:e].split())


# --- safety: a customer who speaks of self-harm ------------------------------------------------

_NOT_A_RISK = re.compile(
    r"\b(?:don't|do not|dont|never|no longer|not|won't|wouldn't|stopped|if|too (?:scared|afraid) "
    r"to)\b[^.!?]{0,20}$|^\W*(?:hotline|helpline|prevention|awareness|line|help ?line)\b"
)
"""Before the match, a negation or a supposition in the same clause ("I don't want to die",
"If I am suicidal", "too scared to commit suicide"); after it, a service or cause ("a suicide
hotline", "suicide prevention")."""
_SOMEONE_ELSE = re.compile(
    r"\b(?:(?:my|our|his|her|their|a|the) (?:\w+ )?(?:child|kid|son|daughter|friend|brother|sister|"
    r"mom|mum|mother|dad|father|wife|husband|partner|boyfriend|girlfriend|cousin|family|member|"
    r"colleague|neighbou?r)s?|she|he|they|others|people|someone|somebody|everyone)\b"
)
"""Someone other than the customer, named before the words of harm in the same sentence ("my
child was having suicidal thoughts", "so many having depression and overdoses"): their risk is
not the customer's own."""
SAFETY_OFFERED = re.compile(
    r"\b(?:are you (?:safe|okay|ok|alright|all right)|keep(?:ing)? yourself safe|your safety|"
    r"crisis|hotline|helpline|lifeline|samaritans|emergency|911|999|112|988|"
    r"(?:professional|medical|urgent) help|(?:a|your) (?:doctor|gp|therapist|counsell?or)|"
    r"talk to someone)\b"
)
"""A reply that checks the customer is safe or points them to help that can keep them safe."""
SAFETY_REWRITE = (
    "I'm really sorry you're feeling this way, and I'm glad you told me. Are you safe right "
    "now? If you might act on these thoughts, please call your local emergency number or a "
    "crisis line straight away."
)


def _risk(doc: Doc) -> str | None:
    """The sentence where the customer speaks of harming themselves, if any."""
    norm = doc.norm
    for s, e in doc.spans:
        for m in SELF_HARM.finditer(norm, s, e):
            before = norm[s : m.start()]
            if _NOT_A_RISK.search(before) or _SOMEONE_ELSE.search(before):
                continue
            if not _NOT_A_RISK.match(norm[m.end() : e]):
                return " ".join(doc.text[s:e].split())
    return None


def safety(turns: Sequence[TurnResult]) -> list[Tip]:
    """The customer speaks of harming themselves, and no reply within the window checks they
    are safe or points them to a crisis line: whatever else the chat is about, that comes
    first."""
    for i, tr in enumerate(turns):
        if tr.turn.role != "customer" or (said := _risk(tr.doc)) is None:
            continue
        replies = _replies(turns, i)
        if not replies or any(SAFETY_OFFERED.search(t.doc.norm) for t in replies):
            continue
        return _tip(
            "safety",
            turn=replies[0].index,
            quote=agent_words(replies[0]),
            tip=f"turn {tr.index}: the customer spoke of harming themselves (“{own_words(said, 100)}”); "
            f"turn {replies[0].index} did not check they are safe. Ask whether they are safe "
            "now and give a crisis line before anything else.",
            rewrite=SAFETY_REWRITE,
            context=Said(tr.index, own_words(said)),
        )
    return []


# --- escalation ------------------------------------------------------------------------------


ESCALATION_OPENERS = {
    "escalate": "I understand you'd like this escalated, and I'm passing it to my supervisor "
    "now; I'll let you know here as soon as they have picked it up.",
    "complaint": "I'm sorry, and I'm registering your complaint now; I'll let you know here "
    "what happens with it.",
}
"""What an escalation rewrite opens with, by what the customer asked for (a manager or
escalation; to file a complaint): who takes it and what happens next, with no time the agent
cannot promise. The reply's own request for details follows: the complaint needs them."""
_SAID_IN_OPENER = {"escalate": frozenset(), "complaint": frozenset({"apology"})}
"""What an opener says already, so the reply's own sentence saying it is left out (the
complaint opener apologises: "I'm sorry ... We are sorry for any trouble" says it twice)."""
_COMPLAINT = re.compile(r"\bcomplain", re.IGNORECASE)


def escalation(turns: Sequence[TurnResult]) -> list[Tip]:
    for tr in turns:
        if tr.turn.role != "customer" or not escalation_ignored(turns, tr):
            continue
        reply = next(t for t in turns if t.index > tr.index and t.turn.role == "agent")
        asked = next(f for f in tr.findings if f.tag == "escalation_request")
        said = _sentence_of(tr.doc, asked.start)
        wants = "complaint" if _COMPLAINT.search(asked.text) else "escalate"
        asked_for = "to file a complaint" if wants == "complaint" else "to escalate"
        return _tip(
            "escalation",
            turn=reply.index,
            quote=agent_words(reply),
            tip=f"turn {tr.index}: the customer asked {asked_for} (“{own_words(said, 80)}”); "
            f"turn {reply.index} did not take it up. Acknowledge the request and say who "
            "will do what, and when.",
            rewrite=opened_with(
                ESCALATION_OPENERS[wants],
                kept_words(reply, leave_out=_SAID_IN_OPENER[wants], answering=tr),
            ),
            context=Said(tr.index, own_words(said)),
        )
    return []


# --- stay calm: shouting back ------------------------------------------------------------------


def shouting(turns: Sequence[TurnResult]) -> list[Tip]:
    """The agent shouts (capitals, "!!!") in the reply to an upset customer."""
    for before, tr in pairwise(turns):
        if tr.turn.role != "agent" or not before.upset:
            continue
        m = shouted(tr.doc)
        if m is None:
            continue
        said = _sentence_of(tr.doc, m.start())
        return _tip(
            "calm",
            turn=tr.index,
            quote=own_words(said),
            tip=f"turn {tr.index} answers an upset customer by shouting (“{clipped(m.group(), 40)}”). "
            "Stay calm: de-escalation starts with the agent's tone.",
            rewrite="I understand, and I want to sort this out.",
        )
    return []


LAUGH = re.compile(
    r"\[(?:ha|ho|he|hee|hi)(?:[ -]?(?:ha|ho|he|hee|hi))+\]|"
    r"\b(?:lol+|lmao|rofl|ha(?:ha)+|he(?:he)+|hi(?:hi)+)\b|[\U0001F602\U0001F923\U0001F606]|"
    r"(?<!\w):-?D(?!\w)",
    re.IGNORECASE,
)
"""A laugh written into a reply: an emoticon ("[Ha Ha]", "[Ho-ho]"), "lol", "haha", 😂, ":D"."""


def laughter(turns: Sequence[TurnResult]) -> list[Tip]:
    """The agent laughs in the reply to an upset customer: to someone upset it reads as
    mocking their problem (QA-lead reads raised "[Ho-ho]", "[Ha Ha]" and "LoL." after
    complaints). To a pleased customer it is warmth, and no tip."""
    for before, tr in pairwise(turns):
        if tr.turn.role != "agent" or before.turn.role != "customer" or not before.upset:
            continue
        if not sure_enough_to_tip(before) or (m := LAUGH.search(tr.doc.text)) is None:
            continue
        cue = next((f for f in before.findings if expresses_upset(f)), None)
        rest = without(LAUGH, tr.doc.text)
        return _tip(
            "laughter",
            turn=tr.index,
            quote=own_words(_sentence_of(tr.doc, m.start())),
            tip=f"turn {tr.index} answers an upset customer with a laugh (“{m.group()}”). To "
            "someone upset it reads as mocking their problem: leave it out.",
            rewrite=rest if _WORDY.search(rest) else None,
            context=Said(before.index, own_words(_sentence_of(before.doc, cue.start)))
            if cue is not None
            else None,
        )
    return []


_WORDY = re.compile(r"[^\W\d_]{2}")


# --- privacy in public channels ----------------------------------------------------------------

PUBLIC_CHANNELS = frozenset({"twitter", "social", "forum", "facebook", "instagram", "reddit"})
"""Channels where everyone can read the conversation."""
_MOVED_PRIVATE = re.compile(
    r"\b(?:dm|dms|direct message|private message|privately|inbox|pm|message us|messaging us|"
    r"ticket|form|email us|e-mail us|(?:send|drop|shoot) (?:us|me) an? (?:e-?mail|message|note)|"
    r"call us|call (?:our|the) (?:hotline|number)|"
    r"(?:delete|remove) (?:the|that|your|this) (?:\w+ ){0,2}"
    r"(?:tweet|post|comment|message|information|info|details|number)|"
    r"for your (?:privacy|security|safety|protection)|"
    r"(?:privacy|security|safety) of your (?:information|data|details|account)|"
    r"(?:don't|do not) (?:share|post))\b",
    re.IGNORECASE,
)
_ASKS_PERSONAL = re.compile(
    r"\b(?:provide|send|give|tell|share|reply with|post|leave|include|let us know)\b (?:us |me )?"
    r"(?:with )?(?P<details>(?:your |the |a )?(?:[\w-]+,? ){0,6}?(?:(?:phone|telephone|mobile|cell|contact) "
    r"(?:number|no)|e-?mail address|home address|full address|"
    r"address(?! of (?:the|that|this|a|an)\b)|card number|account number|id number|"
    r"identity number|date of birth|contact (?:information|info|details|method|way)|"
    r"(?:qq|wechat|whatsapp|skype) (?:number|no|id|account)))\b",
    re.IGNORECASE,
)


def _personal_data(text: str) -> str | None:
    """The kind of personal data in a text (a card number that passes Luhn, an email address, a
    phone number), or None."""
    if "@" not in text and not _DIGITS.search(text) and not MESSENGER_ID.search(text):
        return None
    for m in CARD.finditer(text):
        if text[m.start() - 1 : m.start()].isalpha() or text[m.end() : m.end() + 1].isalpha():
            continue  # digits inside an alphanumeric id ("qni1604...eb5d6") are no card
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            return "card number"
    if EMAIL.search(text):
        return "email address"
    if MESSENGER_ID.search(text):
        return "messenger id"
    for m in PHONE.finditer(text):
        before = text[max(0, m.start() - 24) : m.start()].lower()
        named = _PHONE_WORDS.search(before)  # "my mobile number is ...": a phone, whatever follows
        bare = m.group().strip()
        if not named and (
            _NOT_A_PHONE.search(before)
            or (re.fullmatch(r"[\d.]+", bare) and not _mobile(text, m.start(), bare))
            or _ID_RUN.search(m.group())
        ):
            continue  # an order, ticket or case number, a price, an IP address
        if 10 <= len(re.sub(r"\D", "", m.group())) <= 15:
            return "phone number"
    return None


MESSENGER_ID = re.compile(
    r"\b(?:qq|wechat|weixin|whatsapp|skype)(?: number| no\.?| id| account)?\W{0,4}(?:is\W{0,3}|:\W{0,3})?"
    r"(?:\d{5,12}|[a-z][\w-]{5,19}\d[\w-]*)\b",
    re.IGNORECASE,
)
"""A messenger account a stranger can add ("My QQ number is 2646956347", "WeChat ID: lin_2019"):
contact data like a phone number (cs-train's agents ask for QQ numbers and customers send them
by private message)."""
_DIGITS = re.compile(r"\d(?:[ .-]?\d){8}")
"""Every card or phone number has nine digits, maybe split by spaces or dashes (cheap to rule
out)."""
_PHONE_WORDS = re.compile(
    r"(?:phone|mobile|cell|cellphone|telephone|tel|whatsapp)\W{0,3}(?:no\.?|number|#)?"
    r"\W{0,4}(?:is|:)?\W{0,3}$"
)
_ID_RUN = re.compile(r"^[^+]*\d{13}")
"""Thirteen digits in one run with no "+" before them: a case or reference id ("8-4750000030256"),
not a phone, which is written in shorter groups or as at most 12 digits without its country
code."""
_MOBILE = re.compile(r"1[3-9]\d{9}")
"""Eleven digits from 13 to 19: a mainland-China mobile number, a phone even with no word
naming it (all 10 such bare numbers in cs-train's customer turns are phones), unless the words
before it name an order or ticket."""


def _mobile(text: str, start: int, bare: str) -> bool:
    """A bare number in the mobile form, in a sentence that names no order or ticket before it
    ("the order number was on the screenshot, 13901158801" is the order's)."""
    sentence_start = max(text.rfind(stop, 0, start) for stop in ".!?\n") + 1
    return bool(_MOBILE.fullmatch(bare)) and not _NAMES_AN_ID.search(text, sentence_start, start)


_NAMES_AN_ID = re.compile(
    r"\b(?:order|ticket|tracking|reference|booking|transaction|case|invoice|serial)\b",
    re.IGNORECASE,
)
_NOT_A_PHONE = re.compile(
    r"(?:order|ticket|case|tracking|reference|ref|no|number|#|id|account|invoice|rmb|yuan|usd|\$)"
    r"\W{0,4}(?:no\.?|number|#|is|:)?\W{0,3}$"
)


_TO_A_FORM = re.compile(
    r"\b(?:here|at|via|through|using|in|on|to|in this form)\W{0,3}(?:https?://|www\.)",
    re.IGNORECASE,
)
"""An ask that names where to send the details by a link ("share your contact info here:
https://...") sends them to a form, not to the public thread; "open www.ip138.com to send your
IP address to me" does not."""


def privacy(turns: Sequence[TurnResult], channel: str | None) -> list[Tip]:
    """On a public channel, at most one tip for each of two lapses: the agent asked for
    personal data in the open (not once an earlier reply took the conversation to private
    messages: the ask goes on there); the customer posted personal data and no reply moved
    them to a private message or warned them. Both can happen, one after the other: the ask,
    then the number posted in reply to it."""
    if (channel or "").lower() not in PUBLIC_CHANNELS:
        return []
    asked_in_public: list[Tip] = []
    left_public: list[Tip] = []
    moved = False  # an agent turn already took the conversation to private messages
    for i, tr in enumerate(turns):
        text = _text(tr)
        if tr.turn.role == "agent":
            private = _MOVED_PRIVATE.search(text) is not None
            for s, e in tr.doc.spans:
                sentence = text[s:e]
                asked = ASKING.search(sentence) and _ASKS_PERSONAL.search(sentence)
                if asked and not private and not moved and not _TO_A_FORM.search(sentence):
                    asked_in_public = asked_in_public or _tip(
                        "privacy",
                        turn=tr.index,
                        quote=own_words(sentence),
                        tip=f"turn {tr.index} asks for personal data in a public channel; ask "
                        "for it in a private message.",
                        rewrite=_in_private(sentence, asked),
                    )
            moved = moved or private
            continue
        if left_public or tr.turn.role != "customer" or (kind := _personal_data(text)) is None:
            continue
        replies = _replies(turns, i)
        if replies and not any(_MOVED_PRIVATE.search(_text(t)) for t in replies):
            left_public = _tip(  # the card or number itself is never quoted back
                "privacy",
                turn=replies[0].index,
                quote=agent_words(replies[0]),
                tip=f"turn {tr.index}: the customer posted {_article(kind)} {kind} in a public "
                "channel and no reply moved them to a private message or asked them to remove it.",
                rewrite=_delete_post(replies[0]),
            )
    return asked_in_public + left_public


_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def _delete_post(reply: TurnResult) -> str:
    """Ask the customer to take the data down; where the reply already sends them to a form or
    page to go on there, not to a private message they would then send for nothing."""
    if _LINK.search(reply.doc.text):
        return "For your security, please delete that post, and share these details only through the link above."
    return "For your security, please delete that post and send us the details in a private message instead."


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


_MORE_DETAILS = re.compile(
    r"(?:,? (?:(?:and|or|as well as) )?(?:your |the |a )?(?:[\w-]+ ){0,3}(?:number|no\.?|"
    r"address|name|id|details|information|mac|city|location|code))*",
    re.IGNORECASE,
)
"""The details a sentence names after the first ("... phone number and vending machine
number", "your name, phone number, address, order number and TV mac"): the private message goes
after all of them."""


def _in_private(sentence: str, asked: re.Match[str]) -> str:
    """The agent's own ask, moved to a private message: "in a private message" after the
    details it names, the rest of the sentence (what the details are for) kept."""
    cut = asked.end("details")
    if more := _MORE_DETAILS.match(sentence, cut):
        cut = more.end()
    ask = f"{sentence[:cut]} in a private message{sentence[cut:]}"
    ask = drop_greeting(" ".join(ask.split()))
    return ask[:1].upper() + ask[1:]


# --- scripted replies within one conversation ---------------------------------------------------

MIN_SCRIPT_WORDS = 8
SCRIPT_LOOKBACK = 20
"""Agent messages each one is compared with (the latest ones): keeps the check linear."""
SCRIPT_SIMILARITY = 0.8
"""Jaccard similarity of word triples above which two agent messages are the same script."""


_DIGIT = re.compile(r"\d")


def shingles(words: Sequence[str]) -> frozenset[tuple[str, ...]]:
    """The word triples of a text's words, numbers made one token."""
    tokens = ["#" if _DIGIT.search(w) else w for w in words]
    return frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False))


def repeated_messages(turns: Sequence[TurnResult]) -> list[Tip]:
    """An agent message that repeats an earlier one almost word for word after the customer
    wrote. The same message twice in a row, with nothing from the customer between, is a
    double send (or the export's duplicate), not a script that ignored their point."""
    long = [t for t in turns if t.turn.role == "agent" and len(t.doc.words) >= MIN_SCRIPT_WORDS]
    if len(long) < 2:
        return []
    seen: list[tuple[TurnResult, frozenset[tuple[str, ...]]]] = []
    for tr in long:
        mine = shingles(tr.doc.words)
        for earlier, theirs in seen[-SCRIPT_LOOKBACK:]:
            overlap = len(mine & theirs) / max(1, len(mine | theirs))
            if overlap >= SCRIPT_SIMILARITY and _customer_between(turns, earlier, tr):
                customer = next(
                    (t for t in reversed(turns[: tr.index - 1]) if t.turn.role == "customer"), None
                )
                point = own_words(_text(customer), 80) if customer else "their last message"
                return _tip(
                    "scripted",
                    turn=tr.index,
                    quote=own_words(_text(tr)),
                    tip=f"turn {tr.index} repeats turn {earlier.index} almost word for word. "
                    f"Don't rely on generic scripts: answer their point (“{point}”).",
                )
        seen.append((tr, mine))
    return []


def _customer_between(turns: Sequence[TurnResult], first: TurnResult, then: TurnResult) -> bool:
    return any(t.turn.role == "customer" for t in turns[first.index : then.index - 1])


def restated(turns: Sequence[TurnResult], requests: Sequence[Request]) -> list[Tip]:
    """The tip on an agent turn that says the agent's previous message again after the
    customer answered back (``restatement.find_restatement``)."""
    found = find_restatement(turns, requests)
    if found is None:
        return []
    return _restated_tip(found.turn, found.earlier, found.customer, found.request)


def _restated_tip(
    tr: TurnResult, earlier: TurnResult, customer: TurnResult, request: Request | None
) -> list[Tip]:
    if request is not None:
        said = request.asks
    else:
        cue = next((f for f in customer.findings if expresses_upset(f)), None)
        said = _sentence_of(customer.doc, cue.start) if cue is not None else customer.doc.text
    verbatim = _similarity(tr, earlier) >= SCRIPT_SIMILARITY
    how = "almost word for word" if verbatim else "in other words"
    if request is not None and request.kind == "question":
        what, fix = "asked a question", "Answer their question first"
    else:
        what, fix = "wrote back upset", "Take up what they said first"
    return _tip(
        "restated",
        turn=tr.index,
        quote=own_words(_text(tr)),
        tip=f"turn {tr.index} says again, {how}, what turn {earlier.index} said "
        f"(“{_repeated_sentence(tr, earlier)}”) after the customer {what} at turn "
        f"{customer.index}. {fix}; if your ask or answer must stand, say why.",
        context=Said(customer.index, own_words(said)),
    )


def _repeated_sentence(tr: TurnResult, earlier: TurnResult) -> str:
    """The earlier message's sentence that the reply says again most of."""
    mine = tr.doc.content
    start, end, _ = max(
        earlier.doc.sentences(), key=lambda s: len(mine & earlier.doc.content_in(s[0], s[1]))
    )
    return own_words(earlier.doc.text[start:end], 100)


def _similarity(a: TurnResult, b: TurnResult) -> float:
    mine, theirs = shingles(a.doc.words), shingles(b.doc.words)
    return len(mine & theirs) / max(1, len(mine | theirs))
