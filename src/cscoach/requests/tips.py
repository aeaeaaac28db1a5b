"""Tips from request handling: a request missed or partly answered, a redirect with no
reason, a detail asked for again, the customer's last message left with no reply. Each quotes
the agent's own words (``quote``) beside the customer's request (``context``). Clarifying and
deferring are what a good agent does: they get no tip."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..model import Request, Said, Tip, TurnResult
from ..quotes import clipped, own_words, quoted
from ..text import straight_quotes
from ..upset import sure_enough_to_tip
from .asks import REPROACH_FORM, find_asks, settles
from .channels import tried_channel
from .cues import (
    LINK,
    LINK_HOLDS_THE_ANSWER,
    NOT_HANDLED,
    explains_redirect,
    holds_only,
    opens_a_later_part,
    pointers,
    stock_only,
    stock_reply,
    substantive_sentences,
)
from .slots import TRIED_STEP, detail_given, details_asked, gives_detail, info_types
from .taken_up import (
    GOT_PAST,
    TO_PRIVATE,
    Later,
    asked_again,
    engages,
    moot,
    moved_to_private,
    next_turn,
    owed_a_reply,
)

PRIORITY = {"no_reply": 32, "unanswered_question": 38, "redirect": 42, "re_asking": 45}
DESCRIPTIONS = {
    "no_reply": "The customer's last message got no reply.",
    "unanswered_question": "A customer's request was not answered, or only in part.",
    "redirect": "The customer was sent elsewhere with no answer and no reason.",
    "re_asking": "The agent asked again for something the customer already gave.",
}
EXPLICIT = frozenset({"question", "request"})
"""Requests whose handling a tip speaks to: a question or an explicit request. A fault report
or a statement is a request too (GUIDELINES-requests.md), but "did not answer" misreads a
reply to one (QA-lead reads judged most such tips wrong): the score counts them, tips do not."""
SENT_ELSEWHERE = EXPLICIT | {"problem"}
"""Requests a redirect tip speaks to: a fault report sent to a help-site home page or a ticket
form with no reason is the redirect QA leads raise most on Twitter threads."""
MIN_CONFIDENCE = 0.4
"""A handling the tracker is less sure of than this gets no tip (the entry still shows it)."""


def request_tips(turns: Sequence[TurnResult], requests: Sequence[Request]) -> list[Tip]:
    by_index = {t.index: t for t in turns}
    last_agent = max((t.index for t in turns if t.turn.role == "agent"), default=0)
    out: list[Tip] = []
    unreplied: list[Request] = []
    later = Later(turns, requests)
    for request in requests:
        context = Said(request.turn, clipped(request.asks))
        if request.reask is not None:
            out.append(_reask_tip(request, context))
        if request.confidence < MIN_CONFIDENCE or not request.sure:
            continue
        if request.handling == "no_reply":
            if last_agent and request.turn > last_agent and owed_a_reply(by_index[request.turn]):
                unreplied.append(request)
            continue
        answering = [by_index[i] for i in request.replies]
        reply = next((t for t in answering if not holds_only([t.doc])), None)
        if reply is None or not coachable(reply) or opens_a_later_part(answering[0].doc):
            continue  # nothing to quote, or the reply's first part is not in the export
        if request.handling == "clarify":
            tip = _left_after_clarifying(request, reply, later, context)
            out.extend([tip] if tip else [])
            continue
        if request.handling == "redirect":
            if request.kind in SENT_ELSEWHERE:
                customer = [
                    t for t in turns if t.turn.role == "customer" and t.index <= request.turn
                ]
                tip = _redirect_tip(request, answering, customer, context)
                out.extend([tip] if tip else [])
            continue
        if _left_unanswered(request, answering, turns, by_index):
            customer = by_index[request.turn]
            if not (
                moot(request, turns, by_index)
                or moved_to_private(customer)
                or _reproach(request, customer)
            ):
                out.append(_unanswered_tip(request, reply, context))
    if unreplied:
        last_customer = max(t.index for t in turns if t.turn.role == "customer")
        out.append(_no_reply_tip(unreplied, last_customer))
    return _one_per_sentence(out)


def _left_unanswered(
    request: Request,
    answering: list[TurnResult],
    turns: Sequence[TurnResult],
    by_index: Mapping[int, TurnResult],
) -> bool:
    """The reply answered only part of a question or request, or none of it: it shares no
    content word with it and is stock lines alone, or the customer asked again. A fault
    report gets the tip only where the reply is stock lines alone ("We are sorry for the
    inconvenience. We will keep improving.") and the customer did report a fault or was upset:
    otherwise its tips are the empathy and fix ones (QA-lead reads judged most "did not
    answer" tips on fault reports wrong, where the reply had taken something up)."""
    if request.handling == "partial":
        return request.kind in EXPLICIT
    if request.handling != "missed" or engages(request, by_index, answering):
        return False
    docs = [t.doc for t in answering]
    if request.kind in EXPLICIT:
        return stock_only(docs) or asked_again(request, turns, by_index)
    return stock_reply(docs) and _reports_a_fault(by_index[request.turn])


def _reports_a_fault(customer: TurnResult) -> bool:
    """A fault report the rules find, or an upset the tips may rest on (not VADER's alone)."""
    return sure_enough_to_tip(customer) or any(a.kind == "problem" for a in find_asks(customer.doc))


def _one_per_sentence(tips: list[Tip]) -> list[Tip]:
    """One tip per agent sentence: where two would quote the same words of the same turn, the
    more urgent one makes the point."""
    seen: set[tuple[int, str]] = set()
    kept: set[int] = set()
    for i in sorted(range(len(tips)), key=lambda i: tips[i].priority):
        where = (tips[i].turn, tips[i].quote)
        if not tips[i].quote or where not in seen:
            seen.add(where)
            kept.add(i)
    return [tip for i, tip in enumerate(tips) if i in kept]


def _reproach(request: Request, customer: TurnResult) -> bool:
    """The words the tip would quote are a reproach with the question mark left off ("How can
    you promote 4G in this way......"): asked with one, find_asks reads them as venting, so
    "did not answer" them is no coaching point. The request still counts in the score."""
    return REPROACH_FORM.search(customer.doc.norm, request.start, request.end) is not None


FOLLOWED_UP = frozenset(
    {"steps", "answer_form", "defer", "redirect", "reason", "time", "asks", "asks_details"}
)
"""Reply cues of a later agent turn that answers, fixes, explains, promises or points on, or
asks the customer something more (the move is theirs again)."""


def _left_after_clarifying(
    request: Request, asked: TurnResult, later: Later, context: Said
) -> Tip | None:
    """The reply asked for details, the customer gave them, and no later agent turn answered,
    fixed, explained or said what happens next: the request stayed unanswered to the end
    (issue 24: clarifying is quiet unless so). Quiet while the move is the customer's (they
    have not answered, or a later agent turn asks them something), where their answer settles
    it ("It is fixed now, thanks"), moves to a private message, or asks something of its own
    (tracked as its own request), nor where the turn that asked promised to come back once it
    had the details (the promised reply may lie outside the export). Where the agent only
    asked again after their answer, the last question and its answer decide."""
    asked, back = _last_exchange(asked, max(request.replies), later)
    if back is None or not _answers_with_details(back, asked) or _promises(asked):
        return None  # (a promise: "send your address; the editor will reply after inquiry")
    if later.last_request(NOT_HANDLED) >= back.index:
        return None
    if later.settled_after(back.index, or_private=False):
        return None
    if later.got_past_after(back.index, FOLLOWED_UP):
        return None
    what = _what(request)
    asked_point = (
        f"turn {asked.index} asked for details about the customer's {what} at turn "
        f"{request.turn} (“{clipped(request.asks, 100)}”), and they gave them at turn "
        f"{back.index}"
    )
    spoken = [
        t for t in later.turns if t.index > back.index and t.turn.role == "agent" and coachable(t)
    ]
    if spoken:  # the last agent turn is the one that should have answered
        turn, quote = spoken[-1].index, agent_words(spoken[-1])
        point = "no later turn answered it or said what happens next"
    else:  # nobody wrote after the customer's answer
        turn, quote, point = back.index, "", "no reply followed"
    return Tip(
        tag="unanswered_question",
        turn=turn,
        quote=quote,
        tip=f"{asked_point}; {point}. Use what they gave you to answer, or say who will and when.",
        priority=PRIORITY["unanswered_question"],
        context=context,
    )


ASKS_ONLY = frozenset({"asks", "asks_details"})
MOVES_ON_CUES = FOLLOWED_UP - ASKS_ONLY


def _last_exchange(
    asked: TurnResult, last_reply: int, later: Later
) -> tuple[TurnResult, TurnResult | None]:
    """The agent's last question for details in a run of question and answer ("Can the browser
    play it?" "Yes." "Which app version?" "3.7.1."), and the customer turn after it (None when
    the customer has not answered). Each turn of a run is walked once per conversation: where
    the run was walked before, its end is known (``later.runs``)."""
    turns = later.turns
    back = next_turn(turns, last_reply, "customer")
    walked: list[int] = []
    advanced: TurnResult | None = None  # the last question the run went on past
    steps = 0
    tail = False  # the rest of the run was walked before, and went on past a question
    while back is not None:
        if back.index in later.runs:
            known, back = later.runs[back.index]
            if known is not None:
                advanced, tail = known, True
            break
        walked.append(back.index)
        nxt = next_turn(turns, back.index, "agent")
        if nxt is None or GOT_PAST & nxt.tags:
            break
        cues = later.cues(nxt)
        if not cues & ASKS_ONLY or cues & MOVES_ON_CUES:
            break
        advanced, steps = nxt, steps + 1
        back = next_turn(turns, nxt.index, "customer")
    for i, index in enumerate(walked):
        later.runs[index] = (advanced if i < steps or tail else None, back)
    return advanced or asked, back


def _answers_with_details(back: TurnResult, asked: TurnResult) -> bool:
    """The customer's turn after the agent's question gives, in public, a detail it asked for
    (a device, a version) or an order number, email or phone number; and it does not settle the
    matter, move to a private message, or ask something of its own. QA-lead reads judged the
    tip wrong where a turn was taken for details that gave none (a refusal, a complaint, a
    promise to send them later), so only a detail the patterns find counts."""
    doc = back.doc
    if settles(doc) or TO_PRIVATE.search(doc.norm):
        return False
    if any(a.kind in EXPLICIT for a in find_asks(doc, back.upset)):
        return False
    wanted = {a.info.key: a.info for a in details_asked(asked.doc)}
    return gives_detail(doc) or any(detail_given(doc, info) for info in wanted.values())


def _what(request: Request) -> str:
    """How the tip names the request: a question, a request, or a problem."""
    return {"question": "question", "problem": "problem"}.get(request.kind, "request")


def _unanswered_tip(request: Request, reply: TurnResult, context: Said) -> Tip:
    what = _what(request)
    if request.handling == "partial" and request.unanswered:
        point = (
            f"turn {reply.index} answered part of turn {request.turn} but not “"
            f"{clipped(request.unanswered, 100)}”. Answer every question the customer asked, "
            "or say when you will."
        )
    elif request.kind == "problem":
        point = (
            f"turn {reply.index} met the problem the customer reported at turn {request.turn} "
            f"(“{clipped(request.asks, 100)}”) with stock lines only: nothing in it takes up "
            "what they reported. Say what you will do about it and when, or ask what you need "
            "to look into it."
        )
    else:
        point = (
            f"turn {reply.index} did not answer the customer's {what} at turn {request.turn} "
            f"(“{clipped(request.asks, 100)}”). Answer it directly, or say when you will."
        )
    return Tip(
        tag="unanswered_question",
        turn=reply.index,
        # the whole reply: a reader checks there is no answer in it
        quote=own_words(reply.doc.text),
        tip=point,
        priority=PRIORITY["unanswered_question"],
        context=context,
    )


def _redirect_tip(
    request: Request, replies: list[TurnResult], customer: Sequence[TurnResult], context: Said
) -> Tip | None:
    """A redirect that says why ("so we can check your account securely") or what will happen
    there ("submit a request and we will assist", "our staff will contact you") gets no tip,
    nor one that only moves the talk to a private message with the same team, or offers
    another channel as a fallback after answering ("If that does not work, call us"). The tip
    quotes the sentence that sends the customer elsewhere: one a pointer phrase names, else the
    first with a link (a bare "Please send us an email at https://..."), and names a channel
    the ``customer`` turns say they already used ("I called 10000 twice")."""
    for reply in replies:
        if explains_redirect(reply.doc.norm) or _promises(reply):
            return None
    sentence = _pointed(replies, "") or _pointed(replies, None, LINK, LINK_HOLDS_THE_ANSWER)
    if sentence is None:
        return None
    reply, quote = sentence
    tried = tried_channel(straight_quotes(quote).lower(), customer)
    if tried is not None:
        point = (
            f"turn {reply.index} sent the customer back to {tried.channel}, which turn "
            f"{tried.turn} says they already used, without answering turn {request.turn}. "
            "Take it up here, or say what will be different this time."
        )
        context = Said(tried.turn, tried.said)
    else:
        point = (
            f"turn {reply.index} sent the customer elsewhere without answering turn "
            f"{request.turn} or saying why. Answer here if you can; if they must go "
            "elsewhere, say why and what will happen there."
        )
    return Tip(
        tag="redirect",
        turn=reply.index,
        quote=quote,
        tip=point,
        priority=PRIORITY["redirect"],
        context=context,
    )


def _pointed(
    replies: list[TurnResult],
    kind: str | None,
    holding: re.Pattern[str] | None = None,
    unless: re.Pattern[str] | None = None,
) -> tuple[TurnResult, str] | None:
    """The first reply sentence that points elsewhere in this way, and holds ``holding`` (in
    the text as written: links are masked in ``norm``) but not ``unless`` (in ``norm``)."""
    for reply in replies:
        text, norm = reply.doc.text, reply.doc.norm
        before = 0
        for s, e, found in pointers(reply.doc):
            if (
                found == kind
                and (holding is None or holding.search(text, s, e))
                and (unless is None or not unless.search(norm, s, e))
            ):
                bare = not _A_WORD.search(LINK.sub(" ", text[s:e]))
                return reply, quoted(text, before if bare else s, e)
            before = s
    return None


_A_WORD = re.compile(r"[^\W\d_]{3,}")
"""A word of three letters or more: a sentence without one beside its link is the link alone
(and a signature: "https://... ^JR"), quoted with the sentence before it that names it."""


_WILL = re.compile(r"\b(?:will|shall)\b|['’]ll\b", re.IGNORECASE)


_OFFERS_HELP = re.compile(
    r"\b(?:we|i)(?:'d| would)(?: \w+)? be (?:glad|happy|delighted) to\b|"
    r"\b(?:we|i) can (?:\w+ )?help (?:you )?with (?:that|this|it)\b"
)
"""An offer of help there ("We can help with that.", "we'd be glad to reach out"): 8 of the 11
cs-train agent turns with one also say "and we will assist"; it is that promise in other words."""


def _promises(reply: TurnResult) -> bool:
    """The reply says what will happen ("we will assist", "our staff will contact you", "We can
    help with that"): a next step in the future tense or an offer of help, not only the
    instruction to go ("Please submit a request")."""
    return any(f.tag == "next_steps" and _WILL.search(f.text) for f in reply.findings) or bool(
        _OFFERS_HELP.search(reply.doc.norm)
    )


def _reask_tip(request: Request, context: Said) -> Tip:
    reask = request.reask
    assert reask is not None
    value = clipped(reask.given.quote, 60)
    if reask.detail == TRIED_STEP:
        point = (
            f"turn {reask.asked.turn} asks whether the customer tried a step that turn "
            f"{reask.given.turn} says they tried, or that fails for them (“{value}”). Start "
            "from what they tried: say what else can be done, or why it failed."
        )
    else:
        point = (
            f"turn {reask.asked.turn} asks for the customer's {reask.detail}, which they "
            f"already gave in turn {reask.given.turn} (“{value}”). Use what they said; asking "
            "again tells them you did not read it."
        )
    return Tip(
        tag="re_asking",
        turn=reask.asked.turn,
        quote=reask.asked.quote,
        tip=point,
        rewrite=_reask_rewrite(reask.detail, value),
        priority=PRIORITY["re_asking"],
        context=reask.given,
    )


def _reask_rewrite(detail: str, value: str) -> str | None:
    """The detail's own rewrite (info_types.toml), with the customer's words in it."""
    info = next((i for i in info_types() if i.name == detail), None)
    return info.rewrite.format(value=value) if info and info.rewrite else None


def _no_reply_tip(unreplied: Sequence[Request], last_customer: int) -> Tip:
    """One tip for the customer's messages after the agent's last turn that ask for something
    (several messages, one silence), quoting the first of them."""
    first = unreplied[0]
    turns = [r.turn for r in unreplied]
    if len(turns) > 1:
        which = f"messages at turns {', '.join(map(str, turns[:-1]))} and {turns[-1]} ask"
    elif first.turn == last_customer:
        which = f"last message (turn {first.turn}) asks"
    else:
        which = f"message at turn {first.turn} asks"
    return Tip(
        tag="no_reply",
        turn=first.turn,
        quote="",
        tip=f"The customer's {which} for something and got no reply. Answer it, or say when "
        "you will.",
        priority=PRIORITY["no_reply"],
        context=Said(first.turn, clipped(first.asks)),
    )


_PLACEHOLDER = re.compile(r"#[A-Z_]+#|\[[^\]]{0,40}\]|<[^>]{0,40}>|\{\{[^}]{0,40}\}\}")
"""Export placeholders: masked names (#NAME#), attachments ([image], <media omitted>), unfilled
template fields ({{first_name}})."""
_ALNUM = re.compile(r"[A-Za-z]{2}|[0-9]")


def coachable(tr: TurnResult) -> bool:
    """The turn has words of its own to quote: not blank, not only placeholders, not a lone
    letter (an export cut short after "H")."""
    return bool(_ALNUM.search(_PLACEHOLDER.sub(" ", tr.doc.masked)))


def agent_words(reply: TurnResult) -> str:
    """What a tip quotes of a reply: its first sentence with substance, else its first, from
    the agent's own words (not the @handle a reply on Twitter opens with)."""
    text = reply.doc.text
    spans = substantive_sentences(reply.doc) or list(reply.doc.spans) or [(0, len(text))]
    start, end = spans[0]
    return quoted(text, start, end)
