"""Tips: what to change, quoting the turn it is about, with a better wording where we have one."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .behaviours import behaviour_tips
from .doc import Doc
from .followups import follow_up_tips
from .model import Finding, Request, Said, Tip, TurnResult, expresses_upset
from .openers import named_feeling, opening
from .quotes import MAX_QUOTE, address_end, clipped, quoted, words_end
from .requests.cues import NOT_HANDLED
from .requests.tips import EXPLICIT, agent_words, coachable, request_tips
from .rewrites import drop_greeting, kept_words, opened_with, own_apology
from .rules.context import personalization
from .rules.engine import RuleSet
from .rules.schema import Rule
from .scoring import Owed, owed
from .sentiment import sentence_polarity, strongest_sentence

EARNS: dict[str, frozenset[str]] = {
    "empathy": frozenset({"empathy"}),
    "apology": frozenset({"apology"}),
    "resolution": frozenset({"solution", "next_steps"}),
    "active_listening": frozenset({"active_listening"}),
    "personalization": frozenset({"personalization"}),
    "escalation": frozenset({"next_steps"}),
}
"""The tags a tip's rewrite must itself earn (a tip not listed only has to be clean)."""


BLANKS = re.compile(r"\.\.\.|…|\[[^\]]*\]|<[^>]*>|_{3,}|(?<![\d*])\*{2,}(?![\d*])")
"""Ellipses, brackets, underlines or a run of asterisks left to fill ("Floor ***, No. ***"): a
template, not a rewrite ("(**Floor**No.***Street)" too). Asterisks inside a number
("186****0071") are the export's mask."""


def check_rewrite(tip: Tip, rules: RuleSet, customer_names: Sequence[str] = ()) -> Tip:
    """Run the rewrite back through the rules: it must have no blanks left to fill, earn the
    tag the tip is about and carry no negative language. A rewrite that fails is dropped (the
    advice stays)."""
    if tip.rewrite is None:
        return tip
    if BLANKS.search(tip.rewrite):
        return replace(tip, rewrite=None, rewrite_tags=())
    rewrite = Doc(tip.rewrite)
    found = rules.scan(rewrite, "agent")
    if (name := personalization(rewrite, customer_names)) is not None:
        found.append(name)
    tags = frozenset(f.tag for f in found)
    needed = EARNS.get(tip.tag, frozenset())
    if "negative_language" in tags or (needed and not tags & needed):
        return replace(tip, rewrite=None, rewrite_tags=())
    return replace(tip, rewrite_tags=tuple(sorted(tags)))


PRIORITY = {
    "critical": 10,
    "negative_language": 20,
    "empathy": 30,
    "apology": 35,
    "resolution": 40,
    "active_listening": 50,
    "personalization": 60,
    "courtesy": 70,
}


def quote(doc: Doc | str, finding: Finding | None = None, *, last: bool = False) -> str:
    """The sentence holding the finding (from a little before the finding where the sentence
    is too long to show it), else the turn's first (or ``last``) sentence with substance (not
    "@handle Hey!" or "Thanks!"), trimmed for a report."""
    if isinstance(doc, str):
        doc = Doc(doc)
    text = doc.text
    spans = list(doc.spans) or [(0, len(text))]
    if finding is not None:
        start, end = doc.sentence_at(finding.start)
        start = address_end(text, start, finding.start)
        end = max(words_end(text, start, end), min(finding.end, end))  # never into the finding
        if len(" ".join(text[start : finding.end].split())) >= MAX_QUOTE:  # past the cut
            cut = text.find(" ", max(start, finding.start - _LEAD_IN), finding.start)
            return "…" + clipped(text[cut + 1 if cut != -1 else finding.start : end])
        return clipped(text[start:end])
    substantive = [s for s in spans if _has_substance(doc.words_in(*s))] or spans
    start, end = substantive[-1] if last else substantive[0]
    return quoted(text, start, end)


_LEAD_IN = 60
"""Characters quoted before a finding that sits past the cut of a long sentence: the quote
must show the words it is about ("…please fix it ASAP")."""


_FILLER = frozenset(
    """hi hello hey dear there thanks thank you ok okay sure yes no great cheers team
    morning afternoon evening again all good sorry""".split()
)


def _has_substance(words: Sequence[str]) -> bool:
    """More than greetings, handles, fillers and sign-offs."""
    return sum(1 for w in words if w not in _FILLER) >= 2


def tips_for(
    turns: Sequence[TurnResult],
    rules: RuleSet,
    customer_names: Sequence[str] = (),
    channel: str | None = None,
    requests: Sequence[Request] = (),
) -> tuple[Tip, ...]:
    """Every tip for one conversation, most urgent first, each rewrite checked."""
    tips: list[Tip] = []
    tips += _negative_language(turns, rules.by_id)
    tips += _owed_tips(turns, requests)
    handled = request_tips(turns, requests)
    tips += _resolution(turns, requests, coached={t.turn for t in handled if t.tag in SPECIFIC})
    tips += handled
    tips += follow_up_tips(turns, requests)
    tips += _personalization(turns, customer_names)
    tips += behaviour_tips(turns, channel, requests)
    tips.sort(key=lambda t: (t.priority, t.turn, t.tag))
    return tuple(check_rewrite(t, rules, customer_names) for t in _distinct(_coherent(tips)))


FAULTS_A_SENTENCE = frozenset({"privacy", "follow_up", "re_asking"})
"""Tips whose quote is a sentence of the agent's turn that they fault: a public ask for
personal data, a promise with no time, a question asked again."""


def _coherent(tips: list[Tip]) -> list[Tip]:
    """A rewrite built on the reply's words (an empathy opening before them) never keeps a
    sentence another tip on the same turn faults: that tip's own fix takes its place (the ask
    moved to a private message), or the sentence is left out."""
    faults = [
        (t.turn, t.quote, t.rewrite or "")
        for t in tips
        if t.tag in FAULTS_A_SENTENCE and t.quote and "…" not in t.quote
    ]
    if not faults:
        return tips
    out = []
    for tip in tips:
        rewrite = tip.rewrite
        for turn, quote, fix in faults:
            if rewrite and turn == tip.turn and tip.tag not in FAULTS_A_SENTENCE:
                for said in _as_kept(quote):
                    if said in rewrite:
                        rewrite = " ".join(rewrite.replace(said, fix).split())
                        break
        out.append(tip if rewrite == tip.rewrite else replace(tip, rewrite=rewrite))
    return out


def _as_kept(quote: str) -> tuple[str, ...]:
    """The forms a quoted sentence takes inside a rewrite: as written, and without its greeting
    (capitalised) where it opened the kept words."""
    bare = drop_greeting(quote)
    return (quote, bare[:1].upper() + bare[1:]) if bare else (quote,)


def _distinct(tips: list[Tip]) -> list[Tip]:
    """One tip per point: the same advice on the same words is said once."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for tip in tips:
        key = (tip.tag, tip.quote, tip.rewrite or tip.tip)
        if key not in seen:
            seen.add(key)
            out.append(tip)
    return out


def _negative_language(turns: Sequence[TurnResult], rules: Mapping[str, Rule]) -> list[Tip]:
    out = []
    for tr in turns:
        for f in tr.findings:
            if f.tag != "negative_language":
                continue
            rule = rules.get(f.rule)
            said = quote(tr.doc, f)
            advice = rule.tip if rule and rule.tip else "Rephrase this without negative wording."
            rewrite = rule.rewrite if rule and rule.rewrite else None
            out.append(
                Tip(
                    tag="negative_language",
                    turn=tr.index,
                    quote=said,
                    tip=f'turn {tr.index}: "{f.text}": {_message(rule, f)} {advice}',
                    rewrite=rewrite,
                    priority=PRIORITY[
                        "critical" if rule and rule.critical else "negative_language"
                    ],
                )
            )
    return out


STRONG_EMOTION = -0.6
"""A customer turn this negative (VADER, with cscoach's cues) calls for empathy even when the
agent apologised: a bare "sorry" is not enough for someone that upset."""


def _message(rule: Rule | None, finding: Finding) -> str:
    """What the rule says it found ("Flat refusal with no alternative."), the user's own
    wording for their own rules."""
    if rule and rule.message:
        return rule.message if rule.message.endswith((".", "!", "?")) else rule.message + "."
    return f"{finding.kind.replace('_', ' ').capitalize()}."


def _owed_tips(turns: Sequence[TurnResult], requests: Sequence[Request] = ()) -> list[Tip]:
    """One tip per reply that left an upset customer unanswered: how they feel and an apology
    together, or how they feel alone when they were very upset. Where several upset turns
    precede the same reply, the tip quotes the most upset one: one reply, one point to fix.
    A reply that also left a question or request unhandled gets no rewrite built on its own
    words: an apology put before a non-answer is no better thing to say (the request's own tip
    says what is missing); in negative words, it gets the opening alone, in their place. Any
    other reply keeps its sentences that are not in negative words after the opening."""
    by_index = {tr.index: tr for tr in turns}
    unhandled = {
        r.replies[0]
        for r in requests
        if r.kind in EXPLICIT and r.sure and r.handling in NOT_HANDLED and r.replies
    }
    by_reply: dict[int, tuple[float, Tip]] = {}
    for item in owed(turns, frozenset({"empathy", "apology"})):
        customer = by_index[item.customer_turn]
        reply = by_index[item.first_reply]
        cue = _worst(customer)
        said = quote(customer.doc, cue)
        if not coachable(reply):
            continue  # nothing to coach in a blank turn (a doubtful upset owes nothing: owed)
        felt = named_feeling(said) or named_feeling(customer.doc.text)
        kind = cue.kind if cue is not None else ""
        sentences = [customer.doc.text[s:e] for s, e in customer.doc.spans]
        if item.answered_by is None:
            missing = "neither acknowledged how they feel nor apologised"
            opener = opening(said, kind, felt, apologising=True, turn=sentences)
        elif _strongly_upset(customer) and not _answered(turns, item, frozenset({"empathy"})):
            missing = (
                "apologised but did not acknowledge how they feel"
                if item.answered_by == reply.index
                else f"did not acknowledge how they feel (turn {item.answered_by} apologised)"
            )
            opener = opening(said, kind, felt, apologising=False, turn=sentences)
        else:
            continue
        yours = agent_words(reply)
        if reply.index in unhandled:  # an apology before a non-answer is no better reply,
            rewrite: str | None = opener if _NEGATIVE & reply.tags else None  # but for its words
        else:  # words in negative language give way to the opening; the rest of the reply stays
            rewrite = _with_feeling(
                reply, customer, opener, apologised=item.answered_by == reply.index
            )
        tip = Tip(
            tag="empathy",
            turn=reply.index,
            quote=yours,
            tip=f"turn {customer.index}: the customer {_showed(customer, cue)} (“{said}”); turn "
            f"{reply.index} {missing}.",
            rewrite=rewrite,
            priority=PRIORITY["empathy"],
            context=Said(customer.index, said),
        )
        mood = customer.sentiment if customer.sentiment is not None else 0.0
        if reply.index not in by_reply or mood <= by_reply[reply.index][0]:
            by_reply[reply.index] = (mood, tip)
    return [tip for _, tip in by_reply.values()]


_NEGATIVE = frozenset({"negative_language"})


def _with_feeling(reply: TurnResult, customer: TurnResult, opener: str, apologised: bool) -> str:
    """The empathy rewrite: ``opener`` before what the reply said, its sentences in negative
    words left out (the opening takes their place). A reply that apologised keeps its apology
    first: the tip asks to add how the customer feels, not to swap one for the other."""
    if not apologised:
        return opened_with(opener, kept_words(reply, leave_out=_NEGATIVE, answering=customer))
    kept = kept_words(reply, leave_out=_NEGATIVE | {"apology"}, answering=customer)
    rewrite = opened_with(opener, kept)
    return f"{own_apology(reply)} {rewrite}".lstrip()


_SHOWED = {
    "complaint": "complained",
    "shouting": "was exasperated",
    "urgency": "said it was urgent",
    "retention_risk": "threatened to take it further",
}
"""What a tip says the customer did, by the kind of cue it quotes, unless they were strongly
upset: a claim the reader can check against the quote ("complained" of "I bought it a month ago
and never got it", "was upset" of "I'm furious"). Other cues (VADER's reading, a user's own
rules) say "was upset"."""


def _showed(customer: TurnResult, cue: Finding | None) -> str:
    if cue is None or _strongly_upset(customer):
        return "was upset"
    return _SHOWED.get(cue.kind, "was upset")


def _strongly_upset(customer: TurnResult) -> bool:
    """Upset enough that a bare apology falls short: the turn as a whole, or any one sentence
    of it ("I am so angry!" in a long account of what happened)."""
    if customer.sentiment is not None and customer.sentiment <= STRONG_EMOTION:
        return True
    return strongest_sentence(customer.doc) <= STRONG_EMOTION


def _answered(turns: Sequence[TurnResult], item: Owed, answers: frozenset[str]) -> bool:
    return any(
        o.customer_turn == item.customer_turn and o.answered_by is not None
        for o in owed(turns, answers)
    )


SPECIFIC = frozenset({"unanswered_question", "redirect"})
"""Request tips that say what a reply left undone: the general "no fix" tip on the same turn
would say it again, less precisely."""


def _resolution(
    turns: Sequence[TurnResult],
    requests: Sequence[Request] = (),
    coached: frozenset[int] | set[int] = frozenset(),
) -> list[Tip]:
    """The customer's last word is an unanswered complaint; or no fix and no next step
    anywhere (not even possibly, by the tagger), unless the customer confirmed it worked or
    ended happy, or the agent is waiting on details they asked the customer for. (A fix without
    a follow-up line is not flagged: reviewers judge that noise on one-shot answers.)"""
    agent = [t for t in turns if t.turn.role == "agent" and coachable(t)]
    customer = [t for t in turns if t.turn.role == "customer"]
    if not agent or any("resolution_confirmed" in t.tags for t in customer):
        return []
    last = agent[-1]
    if customer and customer[-1].index > last.index and "customer_negative" in customer[-1].tags:
        if any(r.turn == customer[-1].index and r.kind in EXPLICIT for r in requests):
            return []  # the request's own no_reply tip says it
        said = quote(customer[-1].doc, _worst(customer[-1]))
        return [Tip(tag="resolution", turn=customer[-1].index, quote="",
                    tip=f"The conversation ends with the customer still reporting a problem "
                    f"(turn {customer[-1].index}) and no reply; follow up with a new "
                    "step or an escalation.",
                    priority=PRIORITY["resolution"],
                    context=Said(customer[-1].index, said))]  # fmt: skip
    if not requests:
        return []  # nothing was asked (praise, a promotion, a contest entry): no fix is owed
    tags = frozenset().union(*(t.tags | t.possible for t in agent))
    if "clarifying_question" in last.tags or "solution" in tags or "next_steps" in tags:
        return []
    if (customer and _positive(customer[-1])) or last.index in coached:
        return []
    return [Tip(tag="resolution", turn=last.index, quote=quote(last.doc, last=True),
                tip=f"No turn offers a fix or says what happens next; end turn {last.index} "
                "with a concrete step and a time.",
                priority=PRIORITY["resolution"])]  # fmt: skip


POSITIVE = 0.3
"""A customer turn at least this positive (thanks, relief) needs no fix."""


def _positive(tr: TurnResult) -> bool:
    return tr.sentiment is not None and tr.sentiment >= POSITIVE and "?" not in tr.turn.text


def _personalization(turns: Sequence[TurnResult], names: Sequence[str]) -> list[Tip]:
    agent = [t for t in turns if t.turn.role == "agent"]
    if not names or not agent or any("personalization" in t.tags for t in agent):
        return []
    first = next((t for t in agent if coachable(t)), None)
    if first is None:
        return []
    yours = quote(first.doc)
    rest = drop_greeting(yours)
    rewrite = f"Hi {names[0]}, {rest[:1].lower() + rest[1:] if rest[:2] != 'I ' else rest}"
    return [
        Tip(
            tag="personalization",
            turn=first.index,
            quote=yours,
            tip=f"The customer's name ({names[0]}) is never used; greet them by name.",
            rewrite=rewrite if rest else f"Hi {names[0]}!",
            priority=PRIORITY["personalization"],
        )
    ]


def _worst(tr: TurnResult) -> Finding | None:
    """The finding to quote from a customer turn: what shows they are upset, else the fault.
    Of several upset cues, the one whose own words VADER reads most negative, then whose
    sentence does: "it is very frustrating" over "I am locked out"."""
    negative = [f for f in tr.findings if f.tag == "customer_negative"]
    upset = [f for f in negative if expresses_upset(f)]
    if len(upset) > 1:
        return min(upset, key=lambda f: _how_negative(tr.doc, f))
    return upset[0] if upset else (negative[0] if negative else None)


def _how_negative(doc: Doc, finding: Finding) -> tuple[float, float]:
    """VADER's reading of the finding's words, and of the sentence holding them."""
    s, e = doc.sentence_at(finding.start)
    text = doc.text
    return sentence_polarity(text[finding.start : finding.end]), sentence_polarity(text[s:e])
