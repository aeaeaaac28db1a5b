"""Who is the agent? Explicit roles first, then ``--agent`` names, then what people say."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..model import Role

_LABELS: dict[str, Role] = {
    "agent": "agent", "support": "agent", "rep": "agent", "representative": "agent",
    "advisor": "agent", "adviser": "agent", "operator": "agent", "staff": "agent",
    "admin": "agent", "csr": "agent", "specialist": "agent", "helpdesk": "agent",
    "customer service": "agent", "support agent": "agent", "customer support": "agent",
    "customer": "customer", "client": "customer", "user": "customer", "visitor": "customer",
    "guest": "customer", "caller": "customer", "end user": "customer", "end-user": "customer",
    "lead": "customer", "contact": "customer", "requester": "customer",
    "bot": "bot", "chatbot": "bot", "virtual assistant": "bot", "automated": "bot",
    "system": "system", "note": "system", "internal note": "system", "internal": "system",
    "private note": "system", "inbound": "customer", "incoming": "customer",
    "outbound": "agent", "outgoing": "agent",
}  # fmt: skip

_AGENT_CUES = [re.compile(p, re.IGNORECASE) for p in (
    r"\bthanks? (?:you )?for (?:contacting|reaching out|getting in touch|your patience|waiting|holding)",
    r"\bhow (?:can|may|could) (?:i|we) (?:help|assist)",
    r"\bmy name is\b",
    r"\b(?:order|account|ticket|case|reference|booking|confirmation) (?:number|#|no\.?|id)\b",
    r"\b(?:i'll|i will|let me) (?:check|look|escalate|refund|process|transfer|reset|send|pull up)",
    r"\bour (?:team|policy|records|system|store|warehouse|billing|courier)",
    r"\b(?:we|i)(?:'ve| have) (?:refunded|issued|sent|processed|credited|reset|escalated)",
    r"\b(?:happy|glad) to help\b",
    r"\bapologi[sz]e for (?:the|any) inconvenience",
    r"\b(?:support|customer care|service|success|billing) team\b",
    r"\b(?:is there )?anything else (?:i|we) can",
    r"\bwelcome to\b",
)]  # fmt: skip
_CUSTOMER_CUES = [re.compile(p, re.IGNORECASE) for p in (
    r"\bmy (?:order|account|card|package|parcel|bill|subscription|refund|money|password|laptop|phone)",
    r"\bi (?:was|got|have been|am being) (?:charged|billed|double)",
    r"\bi (?:want|need|would like) (?:a |my )?(?:refund|money back|to cancel)",
    r"\b(?:doesn't|does not|isn't|is not|won't|not) work",
    r"\b(?:can't|cannot|unable to) (?:log|sign|access|get|find)",
    r"\b(?:manager|supervisor)\b",
    r"\bi(?:'ve| have) been (?:waiting|trying)",
    r"\bhelp me\b",
)]  # fmt: skip


_TEAM_SIGNATURE = re.compile(
    r"^[\s\-–—~]*(?:(?:the )?[\w&.' ]{0,40}\b(?:support|customer (?:care|service|success)|"
    r"help ?desk|service desk|care team|team)|(?:support|customer care|customer service) "
    r"(?:team|desk)[\w&.' ]{0,30})[\s.,!]*$",
    re.IGNORECASE,
)
SIGNATURE_LINES = 3
"""A sign-off is in the last few non-empty lines of a message."""
TEAM_SIGNATURE_WEIGHT = 3
"""Signing as a company's support team ("PayFlow Merchant Support", "— The Acme team") all but
settles who the agent is: it outweighs a customer's complaint quoted in the reply."""


def signed_by_team(text: str) -> bool:
    """The message ends with a team or company sign-off."""
    lines = [line for line in text[-400:].splitlines() if line.strip()]
    return any(_TEAM_SIGNATURE.match(line) for line in lines[-SIGNATURE_LINES:])


def role_from_label(label: str | None) -> Role | None:
    """Map a speaker label or role value ("Agent", "Support (Sam)", "end-user") to a role."""
    if not label:
        return None
    text = re.sub(r"[\s_]+", " ", label.strip().lower())
    if text in _LABELS:
        return _LABELS[text]
    inner = re.search(r"\(([^)]+)\)|\[([^\]]+)\]", text)
    if inner:
        return _LABELS.get((inner.group(1) or inner.group(2)).strip())
    words = text.split()
    if 0 < len(words) <= 3:
        for word in (words[0], words[-1]):
            if word in _LABELS:
                return _LABELS[word]
    return None


def assign_roles(
    speakers: Sequence[str],
    texts: Sequence[str],
    agents: Iterable[str] = (),
    roles: Mapping[str, str] | None = None,
    *,
    agent_present: bool = False,
) -> tuple[list[Role], bool]:
    """Roles for a sequence of turns by speaker: a configured role mapping first, then agent
    names, then labels, then content. True when any role was a guess from content.
    ``agent_present``: other turns (not given here) are known to be the agent's."""
    agent_names = {a.strip().lower() for a in agents}
    mapped = {k.strip().lower(): v for k, v in (roles or {}).items()}
    known: dict[str, Role] = {}
    for speaker in speakers:
        key = speaker.strip().lower()
        if key in known:
            continue
        if key in mapped:
            known[key] = mapped[key]  # type: ignore[assignment]
        elif key in agent_names:
            known[key] = "agent"
        elif (label := role_from_label(speaker)) is not None:
            known[key] = label
    unknown = [s for s in dict.fromkeys(s.strip().lower() for s in speakers) if s not in known]
    inferred = False
    if unknown:
        inferred = not agent_names and not mapped
        has_agent = agent_present or "agent" in known.values()
        guessed = _guess(speakers, texts, unknown, has_agent=has_agent)
        known.update(guessed)
    return [known[s.strip().lower()] for s in speakers], inferred


def _guess(
    speakers: Sequence[str], texts: Sequence[str], unknown: list[str], has_agent: bool
) -> dict[str, Role]:
    score: dict[str, int] = defaultdict(int)
    unknown_keys = set(unknown)
    for speaker, text in zip(speakers, texts, strict=True):
        key = speaker.strip().lower()
        if key in unknown_keys:
            score[key] += sum(bool(c.search(text)) for c in _AGENT_CUES)
            score[key] += TEAM_SIGNATURE_WEIGHT * signed_by_team(text)
            score[key] -= sum(bool(c.search(text)) for c in _CUSTOMER_CUES)
    if has_agent:
        return dict.fromkeys(unknown, "customer")
    order = {k: i for i, k in enumerate(unknown)}  # a dict: linear in the number of speakers
    best = max(unknown, key=lambda k: (score[k], -order[k]))
    if score[best] <= 0 and len(unknown) > 1:
        # No cue either way: customers usually open the conversation.
        best = unknown[1]
    guessed: dict[str, Role] = {}
    for key in unknown:
        guessed[key] = "agent" if key == best or score[key] >= 2 else "customer"
    return guessed
