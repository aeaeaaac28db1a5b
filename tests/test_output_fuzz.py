"""Random Unicode (controls, bidi overrides, Rich markup, HTML) in every field, through every
output format: the output parses in its consumer and holds no live markup."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cscoach.analyzer import Analyzer
from cscoach.gate import Thresholds
from cscoach.model import Conversation, Turn
from cscoach.render import FORMATS, RenderOptions, renderer_for
from cscoach.render.safe import csv_cell, inert_console
from cscoach.render.summaryout import SUMMARY_RENDERERS
from cscoach.summary import result_lines, summarize

ANALYZER = Analyzer()
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script>", "<!--", "]]>",
    "[bold]", "[/]", "[link=https://evil.example]x[/link]", ":smile:", "\x1b]0;title\x07",
    "\x1b[31m", "\x9b2J", "\u202e", "\u2066", "\u2028", "\x00", "\r", "\n", "=1+1", "::error::",
    "%0A", "&amp;", '"', "'", "`", "|", "*", "_", "#", "\ud83d",
]  # fmt: skip
HOSTILE = st.lists(
    st.one_of(st.text(max_size=8), st.sampled_from(SNIPPETS)), min_size=1, max_size=5
).map("".join)

SGR = re.compile(r"\x1b\[[0-9;]*m")
"""Rich's own styling: Select Graphic Rendition, and nothing else."""
LIVE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _result(conv_id: str, speaker: str, texts: list[str]):
    turns = tuple(
        Turn("customer" if i % 2 == 0 else "agent", text, speaker=speaker or None)
        for i, text in enumerate([*texts, "Calm down, as I already said."])
    )
    metadata = {"team": speaker, "agent": speaker}
    return ANALYZER.analyze(Conversation(conv_id, turns, metadata=metadata, source=conv_id))


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.events: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.events += [name for name, _ in attrs if name.startswith("on")]


def _check_html(page: str, own_scripts: int) -> None:
    parsed = _Live()
    parsed.feed(page)
    parsed.close()
    assert parsed.events == []
    assert not {"img", "iframe", "object", "embed", "base", "form"} & parsed.tags
    runnable = [s for s in parsed.scripts if s.get("type") != "application/json"]
    assert len(runnable) == own_scripts and all(not s for s in runnable)  # no src, no attrs


def _check_terminal(out: str) -> None:
    plain = SGR.sub("", out)
    assert "\x1b" not in plain and not LIVE_CONTROL.search(plain), repr(plain[:200])


def _render(name: str, result) -> str:
    renderer = renderer_for(name)
    options = RenderOptions(Thresholds(overall=90))
    stream = io.StringIO()
    out = renderer(stream, options)
    if name == "terminal":  # as on a colour terminal: Rich's styling is on
        out.console = inert_console(stream, force_terminal=True, color_system="truecolor")
    out.write(renderer.prepare(result, options))
    out.write(renderer.prepare(result, options))  # two: the run's summary table too
    out.close()
    return stream.getvalue()


@FUZZ
@given(conv_id=HOSTILE, speaker=HOSTILE, texts=st.lists(HOSTILE, min_size=1, max_size=3))
def test_every_output_format_parses_and_holds_no_live_markup(
    conv_id: str, speaker: str, texts: list[str]
) -> None:
    result = _result(conv_id, speaker, texts)
    for name in FORMATS:
        out = _render(name, result).encode("utf-8", "backslashreplace").decode("utf-8")
        if name == "terminal":
            _check_terminal(out)
        elif name == "html":
            _check_html(out, own_scripts=2)
        elif name in ("json", "sarif"):
            json.loads(out)
        elif name == "jsonl":
            assert [json.loads(line)["id"] for line in out.splitlines()] == [conv_id] * 2
        elif name == "junit":
            root = ET.fromstring(out.encode("utf-8"))
            assert root.tag == "testsuites"
        elif name == "csv":
            rows = list(csv.DictReader(io.StringIO(out, newline="")))
            expected = csv_cell(conv_id).encode("utf-8", "backslashreplace").decode("utf-8")
            assert [row["id"] for row in rows] == [expected] * 2  # round-trips, defused
        elif name == "markdown":
            assert "<" not in out and not LIVE_CONTROL.search(out)
        elif name == "github":
            lines = out.splitlines()
            assert all(line.startswith("::") for line in lines)
            assert not LIVE_CONTROL.search(out)


@FUZZ
@given(conv_id=HOSTILE, speaker=HOSTILE, texts=st.lists(HOSTILE, min_size=1, max_size=3))
def test_every_summary_format_parses_and_holds_no_live_markup(
    conv_id: str, speaker: str, texts: list[str]
) -> None:
    results = [_result(conv_id, speaker, texts), _result(speaker, conv_id, texts)]
    saved = [json.dumps(result.to_dict()) for result in results]  # as -f jsonl writes them
    summary = summarize(result_lines("saved.jsonl", saved))
    for name, render in SUMMARY_RENDERERS.items():
        stream = io.StringIO()
        render(summary, stream)
        out = stream.getvalue()
        if name == "terminal":
            _check_terminal(out)
        elif name == "html":
            _check_html(out, own_scripts=1)
        elif name == "json":
            json.loads(out)
        elif name == "markdown":
            assert "<" not in out and not LIVE_CONTROL.search(out)


def test_eval_rules_and_formats_on_a_colour_terminal_are_inert(tmp_path) -> None:
    from typer.testing import CliRunner

    from cscoach.cli import app

    config = tmp_path / "cscoach.toml"
    config.write_text(
        '[[rules]]\nid = "team.x"\ntag = "negative_language"\n'
        "patterns = ['''per my last email''']\n"
        'message = "[bold]Bad\\u001b]0;t\\u0007 \\u202e phrase[/]."\nrewrite = "<b>Try</b>"\n'
    )
    labelled = tmp_path / "l.jsonl"
    turns = [
        {"role": "customer", "text": "\x1b[2J[/] <script>"},
        {"role": "agent", "text": "Per my last email [/]\x1b]0;x\x07", "labels": ["apology"]},
    ]
    labelled.write_text(json.dumps({"id": "[/]\x1b]0;t\x07", "turns": turns}) + "\n")
    env = {"FORCE_COLOR": "1", "COLUMNS": "160"}
    for args in (
        ["rules", "--config", str(config)],
        ["rules", "team.x", "--config", str(config)],
        ["formats"],
        ["eval", str(labelled), "--config", str(config), "--errors", "apology"],
    ):
        result = CliRunner().invoke(app, args, env=env)
        assert result.exit_code == 0, (args, result.output)
        _check_terminal(result.stdout)
