"""Why a score is what it is: for each dimension that drags the conversation down, the turns
and words behind it, so a low score never stands without a reason a lead can check."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .model import Reason, Request, TurnResult
from .requests.cues import HANDLING_TEXT, NOT_HANDLED
from .restatement import find_restatement
from .scoring import (
    APOLOGY_CREDIT,
    CRITICAL_OVERALL,
    DEFAULT_WEIGHTS,
    EMPATHY_CREDIT,
    counted_requests,
    earned,
    escalation_ignored,
    owed,
)

LOW = 50
"""A dimension below this pulls the overall score down and owes the reader a reason."""
LOW_OVERALL = 60
"""An overall score below this is low: every dimension below it owes a reason too, so the
dimensions that pulled it down are named (a QA read found a 56 explained by courtesy 33 alone,
its active listening at 56 and outcome at 51 unexplained)."""


def reasons_for(
    turns: Sequence[TurnResult],
    scores: Mapping[str, int | None],
    requests: Sequence[Request],
    customer_names: Sequence[str] = (),
    weights: Mapping[str, float] | None = None,
) -> tuple[Reason, ...]:
    """A reason for every dimension below LOW (below LOW_OVERALL where the overall score is),
    the one that cost the overall score most points first (its weight times what it fell short
    of 100): active listening at 40 costs more than apology at 0, whose weight is a twelfth of
    it."""
    explain = {
        "active_listening": lambda: _listening(requests, turns),
        "empathy": lambda: _owed(turns, EMPATHY_CREDIT, "acknowledged how they feel"),
        "apology": lambda: _owed(turns, APOLOGY_CREDIT, "apologised"),
        "positive_language": lambda: _negative(turns),
        "resolution": lambda: _resolution(turns),
        "personalization": lambda: _personalization(customer_names),
        "courtesy": lambda: _courtesy(turns),
        "outcome": lambda: _outcome(turns),
    }
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    overall = scores.get("overall")
    bar = LOW_OVERALL if overall is not None and overall < LOW_OVERALL else LOW
    low = sorted(
        (-weights[dim] * (100 - value), value, dim)
        for dim, value in scores.items()
        if dim in explain and value is not None and value < bar
    )
    return tuple(Reason(dim, value, explain[dim]()) for _, value, dim in low)


def critical_reason(
    turns: Sequence[TurnResult], critical: Collection[str], weighted: int | None
) -> Reason:
    """Why the overall score is 0: the first hit of each critical rule, with its turn and words,
    and the weighted mean of the dimensions (``weighted``) it replaces."""
    first: dict[str, tuple[int, str]] = {}
    for t in turns:
        for f in t.findings:
            if f.rule in critical and f.rule not in first:
                first[f.rule] = (t.index, f.text)
    hits = "; ".join(f"{rule} at turn {turn} (“{text}”)" for rule, (turn, text) in first.items())
    why = f"a critical rule hit fails the conversation ({weighted} without it): {hits}"
    return Reason("overall", CRITICAL_OVERALL, why)


def _turns(numbers: Sequence[int]) -> str:
    shown = ", ".join(map(str, numbers[:5])) + (", …" if len(numbers) > 5 else "")
    return f"turn{'s' if len(numbers) > 1 else ''} {shown}"


def _listening(requests: Sequence[Request], turns: Sequence[TurnResult]) -> str:
    counted = counted_requests(requests, turns)
    left = [r for r in counted if r.handling in NOT_HANDLED and r.sure]
    parts = []
    if left:
        how = sorted({HANDLING_TEXT[r.handling] for r in left})
        parts.append(
            f"{len(left)} of {len(counted)} requests {' or '.join(how)} "
            f"({_turns([r.turn for r in left])})"
        )
    reasked = [r.reask for r in counted if r.reask is not None]
    if reasked:
        details = sorted({reask.detail for reask in reasked})
        parts.append(f"asked again for the {', '.join(details)}")
    said_again = find_restatement(turns, requests)
    if said_again is not None:
        parts.append(
            f"turn {said_again.turn.index} said turn {said_again.earlier.index}'s message again "
            f"after the customer wrote back at turn {said_again.customer.index}"
        )
    unsure = [r.turn for r in counted if r.handling in NOT_HANDLED and not r.sure]
    if unsure:
        parts.append(f"possibly not answered ({_turns(unsure)}; the reading is unsure)")
    if not parts:
        parts.append("some replies may not have answered what was asked")
    return "; ".join(parts)


def _owed(turns: Sequence[TurnResult], credit: Mapping[str, float], did: str) -> str:
    items = [(o.customer_turn, earned(o, credit)) for o in owed(turns, frozenset(credit))]
    missed = [turn for turn, got in items if got == 0]
    parts = []
    if missed:
        parts.append(f"no reply {did} after the customer was upset ({_turns(missed)})")
    for tag, said in _PARTLY.items():
        partly = [turn for turn, got in items if 0 < got < 1 and got == credit.get(tag)]
        if partly:
            parts.append(f"{said} after {_turns(partly)}")
    return "; ".join(parts) or f"the agent never {did}"


_PARTLY = {
    "apology": "only a bare apology",
    "active_listening": "only showed the problem was heard (a restatement or a question on its details; no apology)",
}
"""What a reply that earned part of the credit gave, by the tag that earned it: a reader
checks the transcript for an apology where the reason says there was one."""


def _negative(turns: Sequence[TurnResult]) -> str:
    hits = [(t.index, f.text) for t in turns for f in t.findings if f.tag == "negative_language"]
    if not hits:
        return "no can-do wording"
    quoted = "; ".join(f"“{' '.join(text.split())}”" for _, text in hits[:2])
    return f"negative language ({_turns(sorted({i for i, _ in hits}))}: {quoted})"


def _resolution(turns: Sequence[TurnResult]) -> str:
    customer = [t for t in turns if t.turn.role == "customer"]
    agent = [t for t in turns if t.turn.role == "agent"]
    tags = frozenset().union(*(t.tags for t in agent)) if agent else frozenset()
    parts = []
    if "solution" not in tags and "next_steps" not in tags:
        parts.append("no turn offers a fix or says what happens next")
    last = customer[-1] if customer else None
    if last and agent and last.index > agent[-1].index and "customer_negative" in last.tags:
        parts.append(f"the customer's last message (turn {last.index}) still reports a problem")
    if any(escalation_ignored(turns, t) for t in customer):
        parts.append("a request to escalate was not taken up")
    return "; ".join(parts) or "no confirmed fix"


def _personalization(names: Sequence[str]) -> str:
    return f"the customer's name ({names[0]}) is never used" if names else "no name used"


def _courtesy(turns: Sequence[TurnResult]) -> str:
    tags = frozenset().union(*(t.tags for t in turns if t.turn.role == "agent"))
    missing = [tag for tag in ("greeting", "gratitude", "closing") if tag not in tags]
    named = {"greeting": "greeting", "gratitude": "thanks", "closing": "closing"}
    return "no " + ", no ".join(named[tag] for tag in missing)


def _outcome(turns: Sequence[TurnResult]) -> str:
    customer = [t for t in turns if t.turn.role == "customer" and t.sentiment is not None]
    if not customer:
        return "the customer's mood is unknown"
    first, last = customer[0], customer[-1]
    mood = "upset" if last.upset or (last.sentiment or 0) < 0 else "not clearly satisfied"
    return (
        f"the customer ended {mood}: sentiment {first.sentiment:+.2f} at turn {first.index}, "
        f"{last.sentiment:+.2f} at turn {last.index}"
    )
