"""SARIF 2.1.0: rule ids are cscoach's rule ids; locations are the file and line of the turn."""

from __future__ import annotations

import json
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..model import ConversationResult
from .base import Renderer, RenderOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
COACHING = {
    "empathy": "Empathy was owed after a negative customer turn and not given.",
    "apology": "An apology was owed after a complaint and not given.",
    "resolution": "No fix or next step was offered.",
    "active_listening": "A reply did not show the customer's issue was understood.",
    "personalization": "The customer's name was never used.",
}


class SarifRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._rules: dict[str, dict[str, Any]] = {}
        self._results: list[dict[str, Any]] = []

    def write(self, result: ConversationResult) -> None:
        conv = result.conversation
        critical = {(f.rule, f.start) for f in result.critical}
        lines = {tr.index: tr.turn.line for tr in result.turns}
        for tr in result.turns:
            for f in tr.findings:
                if f.tag != "negative_language" and (f.rule, f.start) not in critical:
                    continue
                level = "error" if (f.rule, f.start) in critical else "warning"
                self._rule(f.rule, f.message, level)
                self._result(f.rule, level, f"{conv.id} turn {tr.index}: “{f.text}”: {f.message}",
                             conv.source, tr.turn.line, conv.id, tr.index)  # fmt: skip
        for tip in result.tips:
            if tip.tag == "negative_language":
                continue
            rule_id = f"coaching.{tip.tag}"
            self._rule(rule_id, COACHING.get(tip.tag, tip.tag), "note")
            self._result(rule_id, "note", f"{conv.id}: {tip.tip}", conv.source, lines.get(tip.turn),
                         conv.id, tip.turn)  # fmt: skip

    def _rule(self, rule_id: str, description: str, level: str) -> None:
        if rule_id not in self._rules:
            help_text = (
                "A coaching tip about something the conversation owed the customer; see the report."
                if rule_id.startswith("coaching.")
                else f"Run 'cscoach rules {rule_id}' for the rule's documentation and examples."
            )
            self._rules[rule_id] = {
                "id": rule_id,
                "name": rule_id.replace(".", "_"),
                "shortDescription": {"text": description},
                "help": {"text": help_text},
                "defaultConfiguration": {"level": level},
            }

    def _result(self, rule_id: str, level: str, message: str, source: str | None, line: int | None,
                conv_id: str, turn: int) -> None:  # fmt: skip
        entry: dict[str, Any] = {
            "ruleId": rule_id,
            "level": level,
            "message": {"text": message},
            "properties": {"conversation": conv_id, "turn": turn},
        }
        if source and not source.startswith("<"):
            uri = quote(
                source.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~", errors="backslashreplace"
            )  # RFC 3986; a file name's undecodable bytes (lone surrogates) as escapes
            location: dict[str, Any] = {"artifactLocation": {"uri": uri}}
            if line is not None:
                location["region"] = {"startLine": line}
            entry["locations"] = [{"physicalLocation": location}]
        self._results.append(entry)

    def close(self) -> None:
        rules = sorted(self._rules.values(), key=lambda r: r["id"])
        index = {r["id"]: i for i, r in enumerate(rules)}
        for entry in self._results:
            entry["ruleIndex"] = index[entry["ruleId"]]
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "cscoach", "version": __version__, "rules": rules}},
                    "results": self._results,
                }
            ],
        }
        self.stream.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")
