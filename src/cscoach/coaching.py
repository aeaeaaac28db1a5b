"""Tips: what to change, quoting the turn it is about, with a better wording where we have one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .limits import MAX_TURN_CHARS
from .model import Finding, Tip, TurnResult
from .rules.context import first_name, key_phrase
from .rules.schema import Rule
from .scoring import issues, owed
from .text import STOPWORDS, sentence_spans

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


def quote(text: str, finding: Finding | None = None) -> str:
    """The sentence holding the finding (or the turn's first sentence), trimmed for a report."""
    text = text[:MAX_TURN_CHARS]
    spans = sentence_spans(text) or [(0, len(text))]
    chosen = spans[0]
    if finding is not None:
        chosen = next((s for s in spans if s[0] <= finding.start < s[1]), chosen)
    sentence = " ".join(text[chosen[0] : chosen[1]].split())
    return sentence if len(sentence) <= MAX_QUOTE else sentence[: MAX_QUOTE - 1] + "…"


def tips_for(turns: Sequence[TurnResult], rules: Mapping[str, Rule]) -> tuple[Tip, ...]:
    """Every tip for one conversation, most urgent first."""
    tips: list[Tip] = []
    tips += _negative_language(turns, rules)
    tips += _owed_tips(turns)
    tips += _resolution(turns)
    tips += _listening(turns)
    tips += _personalization(turns)
    tips.sort(key=lambda t: (t.priority, t.turn, t.tag))
    return tuple(tips)


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


def _owed_tips(turns: Sequence[TurnResult]) -> list[Tip]:
    by_index = {tr.index: tr for tr in turns}
    out: list[Tip] = []
    checks = (
        ("empathy", frozenset({"empathy"}), "no acknowledgement of how they feel followed",
         "That sounds really frustrating, and I'm sorry. Let me sort it out right now."),
        ("apology", frozenset({"apology", "empathy"}), "no apology followed",
         "I'm really sorry about this; let me put it right now."),
    )  # fmt: skip
    for tag, answers, missing, template in checks:
        for item in owed(turns, "customer_negative", answers):
            if item.answered_by is not None:
                continue
            customer = by_index[item.customer_turn]
            reply = by_index[item.first_reply]
            out.append(
                Tip(
                    tag=tag,
                    turn=reply.index,
                    quote=quote(customer.turn.text, _worst(customer)),
                    tip=f"turn {customer.index}: the customer was upset "
                    f"(“{quote(customer.turn.text, _worst(customer))}”); "
                    f"{missing} in turn {reply.index}.",
                    rewrite=template,
                    priority=PRIORITY[tag],
                )
            )
    return out


def _resolution(turns: Sequence[TurnResult]) -> list[Tip]:
    agent = [t for t in turns if t.turn.role == "agent"]
    if not agent:
        return []
    tags = frozenset().union(*(t.tags for t in agent))
    last = agent[-1]
    missing = None
    if "solution" not in tags and "next_steps" not in tags:
        missing = (f"No turn offers a fix or says what happens next; end turn {last.index} "
                   "with a concrete step and a time.", "Here's what I'll do: ... You'll hear from me by ... .", 0)  # fmt: skip
    elif "next_steps" not in tags:
        missing = (f"The fix is there but not what happens next; close turn {last.index} "
                   "with who does what by when.", "If that doesn't solve it, reply here and I'll escalate it today.", 5)  # fmt: skip
    if missing is None:
        return []
    tip, rewrite, later = missing
    return [Tip(tag="resolution", turn=last.index, quote=quote(last.turn.text), tip=tip, rewrite=rewrite,
                priority=PRIORITY["resolution"] + later)]  # fmt: skip


def _listening(turns: Sequence[TurnResult]) -> list[Tip]:
    """One tip, at the first customer issue whose reply did not show it was taken in, when the
    active-listening score fell short."""
    found = issues(turns)
    needed = max(1, (len(found) + 1) // 2)
    if not found or sum(i.listened for i in found) >= needed:
        return []
    missed = next(i for i in found if not i.listened)
    reply = missed.reply[0]
    return [
        Tip(
            tag="active_listening",
            turn=reply.index,
            quote=quote(reply.turn.text),
            tip=f"Turn {reply.index} answers without showing the customer's issue was "
            "understood; restate it in their words first.",
            rewrite=f"Just to confirm: {second_person(key_phrase(missed.customer.turn.text))}, is that right?",
            priority=PRIORITY["active_listening"],
        )
    ]


def _personalization(turns: Sequence[TurnResult]) -> list[Tip]:
    names = [n for t in turns if t.turn.role == "customer" and (n := first_name(t.turn.speaker))]
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


_PRONOUNS = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "i'm": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll", "am": "are",
    "was": "were", "we": "you", "our": "your", "us": "you", "we're": "you're",
}  # fmt: skip


def second_person(phrase: str) -> str:
    """Turn the customer's words to face them: "I was charged" -> "you were charged"."""
    out = []
    for word in phrase.rstrip(".!?").split():
        core = word.strip(",;:").lower().replace("’", "'")
        swapped = _PRONOUNS.get(core)
        out.append(word.lower().replace(core, swapped) if swapped else word)
    if out and out[0].lower() in STOPWORDS:
        out[0] = out[0].lower()
    return " ".join(out)


def _worst(tr: TurnResult) -> Finding | None:
    return next((f for f in tr.findings if f.tag == "customer_negative"), None)
