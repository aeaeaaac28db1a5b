"""Tips: what to change, quoting the turn it is about, with a better wording where we have one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .limits import MAX_TURN_CHARS
from .model import Finding, Tip, TurnResult
from .rules.schema import Rule
from .scoring import Owed, issues, owed
from .text import mask_noise, sentence_spans, words

MAX_QUOTE = 160

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


def quote(text: str, finding: Finding | None = None, *, last: bool = False) -> str:
    """The sentence holding the finding, else the turn's first (or ``last``) sentence with
    substance (not "@handle Hey!" or "Thanks!"), trimmed for a report."""
    text = text[:MAX_TURN_CHARS]
    spans = list(sentence_spans(text)) or [(0, len(text))]
    if finding is not None:
        chosen = next((s for s in spans if s[0] <= finding.start < s[1]), spans[0])
    else:
        substantive = [s for s in spans if _has_substance(text[s[0] : s[1]])] or spans
        chosen = substantive[-1] if last else substantive[0]
    sentence = " ".join(text[chosen[0] : chosen[1]].split())
    return sentence if len(sentence) <= MAX_QUOTE else sentence[: MAX_QUOTE - 1] + "…"


_FILLER = frozenset(
    """hi hello hey dear there thanks thank you ok okay sure yes no great cheers team
    morning afternoon evening again all good sorry""".split()
)


def _has_substance(sentence: str) -> bool:
    """More than greetings, handles, fillers and sign-offs."""
    content = [w for w in words(mask_noise(sentence)) if w not in _FILLER]
    return len(content) >= 2


def tips_for(
    turns: Sequence[TurnResult], rules: Mapping[str, Rule], customer_names: Sequence[str] = ()
) -> tuple[Tip, ...]:
    """Every tip for one conversation, most urgent first."""
    tips: list[Tip] = []
    tips += _negative_language(turns, rules)
    tips += _owed_tips(turns)
    tips += _resolution(turns)
    tips += _listening(turns)
    tips += _personalization(turns, customer_names)
    tips.sort(key=lambda t: (t.priority, t.turn, t.tag))
    return tuple(_distinct(tips))


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
            said = quote(tr.turn.text, f)
            advice = rule.tip if rule and rule.tip else "Rephrase this without negative wording."
            rewrite = rule.rewrite if rule and rule.rewrite else None
            out.append(
                Tip(
                    tag="negative_language",
                    turn=tr.index,
                    quote=said,
                    tip=f'turn {tr.index}: "{f.text}" reads as {f.kind.replace("_", " ")}. {advice}',
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


def _owed_tips(turns: Sequence[TurnResult]) -> list[Tip]:
    """One tip per upset customer turn that the next replies left unanswered: how they feel
    and an apology together, or how they feel alone when they were very upset."""
    by_index = {tr.index: tr for tr in turns}
    out: list[Tip] = []
    for item in owed(turns, "customer_negative", frozenset({"empathy", "apology"})):
        customer = by_index[item.customer_turn]
        reply = by_index[item.first_reply]
        said = quote(customer.turn.text, _worst(customer))
        if item.answered_by is None:
            missing = "neither acknowledged how they feel nor apologised"
            rewrite = "I'm sorry about this, and I can see how frustrating it is. Let me put it right now."
        elif (
            customer.sentiment is not None
            and customer.sentiment <= STRONG_EMOTION
            and not _answered(turns, item, frozenset({"empathy"}))
        ):
            missing = "apologised but did not acknowledge how they feel"
            rewrite = "That sounds really frustrating, and I understand why you're upset."
        else:
            continue
        out.append(
            Tip(
                tag="empathy",
                turn=reply.index,
                quote=said,
                tip=f"turn {customer.index}: the customer was upset (“{said}”); turn "
                f"{reply.index} {missing}.",
                rewrite=rewrite,
                priority=PRIORITY["empathy"],
            )
        )
    return out


def _answered(turns: Sequence[TurnResult], item: Owed, answers: frozenset[str]) -> bool:
    return any(
        o.customer_turn == item.customer_turn and o.answered_by is not None
        for o in owed(turns, "customer_negative", answers)
    )


def _resolution(turns: Sequence[TurnResult]) -> list[Tip]:
    """A missing fix or next step, unless the customer confirmed it worked, or the agent is
    waiting on details they asked the customer for."""
    agent = [t for t in turns if t.turn.role == "agent"]
    customer = [t for t in turns if t.turn.role == "customer"]
    if not agent or any("resolution_confirmed" in t.tags for t in customer):
        return []
    last = agent[-1]
    if "clarifying_question" in last.tags:
        return []  # the next move is the customer's
    tags = frozenset().union(*(t.tags for t in agent))
    if "solution" not in tags and "next_steps" not in tags:
        return [Tip(tag="resolution", turn=last.index, quote=quote(last.turn.text, last=True),
                    tip=f"No turn offers a fix or says what happens next; end turn {last.index} "
                    "with a concrete step and a time.",
                    rewrite="Here's what I'll do: ... You'll hear from me by ... .",
                    priority=PRIORITY["resolution"])]  # fmt: skip
    if "next_steps" in tags or _ended_happy(turns, last):
        return []
    fixed = next(t for t in reversed(agent) if "solution" in t.tags)
    where = next((f for f in fixed.findings if f.tag == "solution"), None)
    return [Tip(tag="resolution", turn=last.index, quote=quote(fixed.turn.text, where),
                tip=f"The fix is there but not what happens if it doesn't work; close turn "
                f"{last.index} with who does what by when.",
                rewrite="If that doesn't solve it, reply here and I'll escalate it today.",
                priority=PRIORITY["resolution"] + 5)]  # fmt: skip


def _ended_happy(turns: Sequence[TurnResult], last_agent: TurnResult) -> bool:
    """The customer's last word, after the agent's last reply, was positive (thanks, relief)."""
    after = [t for t in turns if t.turn.role == "customer" and t.index > last_agent.index]
    return bool(after) and after[-1].sentiment is not None and after[-1].sentiment >= 0.3


MIN_TIP_ISSUE_WORDS = 10
"""A customer turn must be at least this long for a missing restatement to be worth a tip."""
ACKNOWLEDGED = frozenset({"active_listening", "empathy", "apology", "clarifying_question"})
"""Any of these in the reply shows the agent engaged with the customer's point."""


def _listening(turns: Sequence[TurnResult]) -> list[Tip]:
    """One tip, at the first customer issue whose reply went straight to an answer with no
    sign the point was taken in, when the active-listening score fell short."""
    found = issues(turns)
    needed = max(1, (len(found) + 1) // 2)
    if not found or sum(i.listened for i in found) >= needed:
        return []
    for issue in found:
        if issue.listened or any(t.tags & ACKNOWLEDGED for t in issue.reply):
            continue
        if len(issue.customer.turn.text[:MAX_TURN_CHARS].split()) < MIN_TIP_ISSUE_WORDS:
            continue
        reply = issue.reply[0]
        return [
            Tip(
                tag="active_listening",
                turn=reply.index,
                quote=quote(reply.turn.text),
                tip=f"Turn {reply.index} answers without showing the customer's point was "
                f"understood; restate it briefly before answering.",
                rewrite=LISTENING_TEMPLATE,
                priority=PRIORITY["active_listening"],
            )
        ]
    return []


LISTENING_TEMPLATE = "Just to confirm: [the issue in the customer's words], is that right?"
"""A template, never the customer's own text turned around: pronoun-swapping their words puts
their anger (or their profanity) in the agent's mouth."""


def _personalization(turns: Sequence[TurnResult], names: Sequence[str]) -> list[Tip]:
    agent = [t for t in turns if t.turn.role == "agent"]
    if not names or not agent or any("personalization" in t.tags for t in agent):
        return []
    first = agent[0]
    return [
        Tip(
            tag="personalization",
            turn=first.index,
            quote=quote(first.turn.text),
            tip=f"The customer's name ({names[0]}) is never used; greet them by name.",
            rewrite=f"Hi {names[0]}, ...",
            priority=PRIORITY["personalization"],
        )
    ]


def _worst(tr: TurnResult) -> Finding | None:
    return next((f for f in tr.findings if f.tag == "customer_negative"), None)
