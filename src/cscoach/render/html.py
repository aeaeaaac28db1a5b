"""One self-contained HTML file for a team: the overview on top (headline figures, score
distributions, agents, teams, frequent tips, failed conversations, trend, themes), then a list of
every conversation that sorts, filters and opens each one's transcript, scores and tips on demand.

The conversations travel as compact JSON inside the page and are drawn by a small inline script,
so the file grows by the transcript text and little more, and a browser draws only the rows in
view. Strings from transcripts reach the page through ``textContent``; the JSON is escaped so no
text can close its script element."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, TextIO

from ..model import ConversationResult
from ..people import agent_of, team_of
from ..summary import SCORES, Collector, summary_of
from .base import UNSCORED_NOTE, Renderer, RenderOptions, no_tips_note
from .htmlpage import navigation, page_end, page_start, script, section
from .overview import sections
from .safe import script_json
from .terminal import SHORT


def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


CONTROLS = """<div class="controls">
<label>text, id or agent<input id="f-text" type="search" placeholder="refund"></label>
<label>agent<select id="f-agent"><option value="">all</option></select></label>
<label>team<select id="f-team"><option value="">all</option></select></label>
<label>tag found<select id="f-tag"><option value="">any</option></select></label>
<label>tip given<select id="f-tip"><option value="">any</option></select></label>
<label>overall from<input id="f-min" type="number" min="0" max="100"></label>
<label>to<input id="f-max" type="number" min="0" max="100"></label>
<label><span><input id="f-failed" type="checkbox"> <span id="f-failed-name">failed only</span></span></label>
<button id="show-failed" type="button">Lowest scores first</button>
<button id="f-reset" type="button">Clear filters</button>
</div><p class="note" id="count"></p>"""


class HtmlRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._collector = Collector(self.options.thresholds)
        self._conversations: list[str] = []
        self._names: dict[str, int] = {}

    @staticmethod
    def prepare(result: ConversationResult, options: RenderOptions) -> dict[str, Any]:
        data = result.to_dict()
        for turn, turn_result in zip(data["turns"], result.turns, strict=True):
            for tag, finding in zip(turn["tags"], turn_result.findings, strict=True):
                tag["confidence"] = finding.confidence  # unrounded, shown as the terminal does
        traj = result.customer_sentiment
        data["sentiment_points"] = None if traj is None else [round(p, 2) for p in traj.points]
        return data

    def write(self, prepared: dict[str, Any]) -> None:
        self._collector.add(prepared)
        self._conversations.append(script_json(self._compact(prepared)))

    def _compact(self, data: dict[str, Any]) -> list[Any]:
        """What the page's script needs of one result, as arrays; names, roles, tags, rules,
        sources and suggested rewrites, which repeat, are numbers into one table of names:
        [n, id, agent, team, channel, source, roles inferred, unscored, scores, failures,
        sentiment [start, end, trend, points] or null, turns, tips, what to say when no tip,
        requests, reasons [dimension, score, why]]."""
        name = self._name
        traj, points = data.get("customer_sentiment"), data.get("sentiment_points")
        return [
            len(self._conversations) + 1,
            data["id"],
            name(agent_of(data)),
            name(team_of(data)),
            name(data.get("channel")),
            name(data.get("source")),
            int(bool(data.get("roles_inferred"))),
            int(data.get("status") == "unscored"),
            [data["scores"].get(dim) for dim in SCORES],
            self.options.thresholds.failures_of_saved(data),
            None if traj is None else [traj["start"], traj["end"], traj["trend"], points],
            [self._turn(t) for t in data["turns"]],
            [self._tip(t) for t in data["tips"]],
            None if data["tips"] else no_tips_note(data["scores"]),
            [self._request(r) for r in data.get("requests") or []],
            [[r["dimension"], r["score"], r["why"]] for r in data.get("reasons") or []],
        ]

    def _request(self, request: dict[str, Any]) -> list[Any]:
        """[customer turn, handling, asks start, asks end, reply turns, detail asked again]"""
        asks, reask = request["asks"], request.get("reask")
        return [
            request["turn"],
            self._name(request["handling"]),
            asks["start"],
            asks["end"],
            request["replies"],
            None if reask is None else self._name(reask["detail"]),
        ]

    def _tip(self, tip: dict[str, Any]) -> list[Any]:
        """[tag, turn, quote, tip, rewrite, tags the rewrite earns, context [turn, quote] or
        null]"""
        earns = [self._name(tag) for tag in tip.get("rewrite_tags", [])]
        rewrite = self._name(tip.get("rewrite"))
        said = tip.get("context")
        context = None if said is None else [said["turn"], said["quote"]]
        return [
            self._name(tip["tag"]),
            tip["turn"],
            tip["quote"],
            tip["tip"],
            rewrite,
            earns,
            context,
        ]

    def _turn(self, turn: dict[str, Any]) -> list[Any]:
        """[role, speaker, text, findings as [tag, start, end, confidence %, rule]]"""
        findings = [
            [
                self._name(f["tag"]),
                f["start"],
                f["end"],
                round(100 * f["confidence"]),
                self._name(f["rule"]),
            ]
            for f in turn["tags"]
        ]
        return [self._name(turn["role"]), self._name(turn.get("speaker")), turn["text"], findings]

    def _macro_spans(self) -> dict[int, list[list[int]]]:
        """Conversation number -> [turn position, start, end] of each macro sentence in it:
        the sentences sent in many conversations of this report, and required scripts."""
        macros = self._collector.macros.macros(self.options.scripts)
        names = list(self._names)
        found = {}
        for conversation in self._conversations:
            compact = json.loads(conversation)
            turns = [(i, names[t[0]], t[2]) for i, t in enumerate(compact[11])]
            spans = macros.scripted_spans(turns)
            if spans:
                found[compact[0]] = [[i, s, e] for i, ss in sorted(spans.items()) for s, e in ss]
        return found

    def _name(self, value: str | None) -> int | None:
        if value is None:
            return None
        return self._names.setdefault(value, len(self._names))

    def close(self) -> None:
        count = len(self._conversations)
        scripts = (_asset("sort.js"), _asset("report.js"))
        out = [page_start("cscoach report", scripts), "<h1>cscoach report</h1>\n"]
        if count == 0:
            out.append('<p class="note">No conversations.</p>')
            self.stream.write("".join(out) + page_end())
            return
        parts = sections(summary_of(self._collector))
        out.append(navigation(parts, ("conversations", "Conversations")))
        out.extend(section(key, title, body) for key, title, body in parts)
        out.append(
            '<section id="conversations"><h2>Conversations</h2>'
            '<noscript><p class="fail">The list needs JavaScript; the overview above does not.'
            "</p></noscript>" + CONTROLS + '<div class="wide"><table id="list"><thead><tr></tr>'
            '</thead><tbody></tbody></table></div><button id="more" type="button" hidden></button>'
            "</section>\n"
        )
        self.stream.write("".join(out))
        meta = {
            "macros": self._macro_spans(),
            "dims": list(SCORES),
            "short": SHORT,
            "names": list(self._names),
            "explain": self.options.explain,
            "unscored": UNSCORED_NOTE,
            "gated": self.options.thresholds.active,
        }
        head = script_json(meta)[:-1]  # the list goes in last, one conversation at a time
        self.stream.write(f'<script type="application/json" id="cscoach-data">{head},"convs":[')
        for n, conversation in enumerate(self._conversations):
            self.stream.write(("," if n else "") + conversation)
        self.stream.write("]}</script>\n")
        for code in scripts:
            self.stream.write(script(code) + "\n")
        self.stream.write(page_end())
