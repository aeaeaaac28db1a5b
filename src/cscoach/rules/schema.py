"""The phrase-rule schema, shared by the built-in rule files and users' config."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..model import ALL_TAGS, CUSTOMER_TAGS


class RuleError(ValueError):
    """A rule definition is invalid; the message names the rule and the key."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    tag: str
    kind: str
    patterns: tuple[str, ...]
    message: str
    tip: str = ""
    rewrite: str | None = None
    role: str = "agent"
    negatable: bool = True
    """Skip a match preceded by a negation in its clause ("I'm not sorry")."""
    question: bool = False
    """Only fire in a sentence that asks a question."""
    unless_after: tuple[str, ...] = ()
    """Cancel when one of these follows the match in the same turn ("..., but I can ...")."""
    unless_before: tuple[str, ...] = ()
    """Cancel when one of these precedes the match in the same sentence."""
    unless_turn: tuple[str, ...] = ()
    """Cancel when one of these appears anywhere else in the turn (an alternative offered)."""
    critical: bool = False
    authoritative: bool = False
    """Hits stand whatever the learned tagger says (as the user's own rules always do)."""
    examples_fire: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    doc: str = ""
    origin: str = "built-in"


_KEYS = {
    "id", "tag", "kind", "patterns", "message", "tip", "rewrite", "role", "negatable", "question",
    "unless_after", "unless_before", "unless_turn", "critical", "authoritative", "examples", "doc",
}  # fmt: skip


_ESCAPE = re.compile(r"\\.")


@cache
def phrase_regex(pattern: str) -> re.Pattern[str]:
    """The regex a phrase pattern runs as: matched from a word start, on lowercased text
    (IGNORECASE, which is slower, only for patterns with capitals). Compiled once per process:
    validating a rule compiles what the engine will run."""
    plain = _ESCAPE.sub("", pattern)
    flags = re.IGNORECASE if plain != plain.lower() else re.NOFLAG
    return re.compile(rf"(?<![\w'])(?:{pattern})", flags)


def rule_from_mapping(data: Mapping[str, Any], *, where: str, origin: str = "built-in") -> Rule:
    """Build a validated Rule from a TOML table; ``where`` names it in error messages."""
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise RuleError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    rule_id = _string(data, "id", where, required=True)
    tag = _string(data, "tag", where, required=True)
    if tag not in ALL_TAGS:
        raise RuleError(f"{where}.tag: {tag!r} is not a tag id (one of: {', '.join(ALL_TAGS)})")
    patterns = _strings(data, "patterns", where)
    if not patterns:
        raise RuleError(f"{where}.patterns: give at least one pattern")
    for key in ("patterns", "unless_after", "unless_before", "unless_turn"):
        for pattern in _strings(data, key, where):
            try:
                phrase_regex(pattern) if key == "patterns" else re.compile(pattern)
            except re.error as exc:
                raise RuleError(
                    f"{where}.{key}: bad regular expression {pattern!r}: {exc}"
                ) from None
    examples = data.get("examples", {})
    if not isinstance(examples, Mapping) or set(examples) - {"fire", "pass"}:
        raise RuleError(f"{where}.examples: expected a table with 'fire' and 'pass' lists")
    role = _string(data, "role", where) or ("customer" if tag in CUSTOMER_TAGS else "agent")
    if role not in ("agent", "customer"):
        raise RuleError(f"{where}.role: expected 'agent' or 'customer', not {role!r}")
    return Rule(
        id=rule_id,
        tag=tag,
        kind=_string(data, "kind", where) or rule_id.rsplit(".", 1)[-1],
        patterns=patterns,
        message=_string(data, "message", where, required=True),
        tip=_string(data, "tip", where),
        rewrite=_string(data, "rewrite", where) or None,
        role=role,
        negatable=_bool(data, "negatable", where, default=tag != "negative_language"),
        question=_bool(data, "question", where, default=False),
        unless_after=_strings(data, "unless_after", where),
        unless_before=_strings(data, "unless_before", where),
        unless_turn=_strings(data, "unless_turn", where),
        critical=_bool(data, "critical", where, default=False),
        authoritative=_bool(data, "authoritative", where, default=False),
        examples_fire=_strings(examples, "fire", f"{where}.examples"),
        examples_pass=_strings(examples, "pass", f"{where}.examples"),
        doc=_string(data, "doc", where),
        origin=origin,
    )


def _string(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise RuleError(f"{where}: missing required key {key!r}")
        return ""
    if not isinstance(value, str):
        raise RuleError(f"{where}.{key}: expected a string, got {type(value).__name__}")
    return value.strip()


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}.{key}: expected a list of strings")
    return tuple(value)


def _bool(data: Mapping[str, Any], key: str, where: str, *, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise RuleError(f"{where}.{key}: expected true or false, got {value!r}")
    return value
