"""Nothing an export contains can crash cscoach, hang it, or leak through its outputs."""

from __future__ import annotations

import json
import signal
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cscoach.analyzer import Analyzer
from cscoach.cli import app
from cscoach.ingest import ReadError, load
from cscoach.model import Conversation, Turn
from cscoach.redact import luhn_valid, redact_text
from cscoach.rules.engine import builtin_rules

ANALYZER = Analyzer()
SUFFIXES = [".json", ".jsonl", ".csv", ".txt", ".eml", ".mbox", ".vtt", ".log", ""]
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a backstop against catastrophic backtracking, not a benchmark."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_all(path: Path) -> list:
    items = list(load([str(path)]))
    for item in items:
        assert isinstance(item, Conversation | ReadError)
        if isinstance(item, ReadError):
            assert "\n" not in str(item) and str(path.name) in str(item)
    return items


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"input{suffix}"
    path.write_bytes(data)
    for item in read_all(path):
        if isinstance(item, Conversation):
            ANALYZER.analyze(item)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "turns",
                    "role",
                    "text",
                    "speaker",
                    "id",
                    "comments",
                    "body",
                    "author_id",
                    "history",
                    "conversation_parts",
                    "source",
                    "threads",
                    "_results",
                    "is_inbound",
                    "Transcript",
                    "ParticipantRole",
                    "Content",
                    "entries",
                    "labels",
                    "metadata",
                    "msg",
                    "type",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@FAST
@given(document=JSON)
def test_arbitrary_json_structures_never_raise(
    tmp_path_factory: pytest.TempPathFactory, document: object
) -> None:
    path = tmp_path_factory.mktemp("json") / "input.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for item in read_all(path):
        if isinstance(item, Conversation):
            ANALYZER.analyze(item)


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(
    alphabet=string.ascii_letters + " .,!?'\"@:/\n-", max_size=300
)


@FAST
@given(
    turns=st.lists(
        st.tuples(st.sampled_from(["agent", "customer", "bot", "system"]), TEXT), max_size=8
    )
)
def test_analyzer_never_raises_and_spans_are_exact(turns: list[tuple[str, str]]) -> None:
    conv = Conversation("h", tuple(Turn(role=r, text=t) for r, t in turns))  # type: ignore[arg-type]
    result = ANALYZER.analyze(conv)
    for tr in result.turns:
        for f in tr.findings:
            assert tr.turn.text[f.start : f.end] == f.text
    assert json.loads(json.dumps(result.to_dict()))["id"] == "h"


def test_bad_files_are_reported_one_line_each_and_the_rest_analysed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "Customer: hi\nAgent: Hello! How can I help?\n", encoding="utf-8"
    )
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "odd.log").write_text("no speakers here\njust text\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-f", "jsonl", "--jobs", "1"])
    assert result.exit_code == 2
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("cscoach: error:")]
    assert len(errors) == 3
    for name in ("bad.json", "blob.txt", "odd.log"):
        assert sum(name in line for line in errors) == 1
    assert "cscoach: warning: " in result.stderr and "empty.csv: the file is empty" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "cp1252", "latin-1"]
)
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "Customer: the café's crème brûlée was cold\r\nAgent: Désolé, I've refunded it.\rCustomer: merci\n"
    data = (
        ("\ufeff" + text).encode("utf-16-le")
        if encoding == "utf-16-le-bom"
        else text.encode(encoding)
    )
    path = tmp_path / "chat.txt"
    path.write_bytes(data)
    (conv,) = read_all(path)
    assert [t.text for t in conv.turns] == [
        "the café's crème brûlée was cold",
        "Désolé, I've refunded it.",
        "merci",
    ]


def test_ten_megabyte_turn_and_hundred_thousand_turns_complete() -> None:
    huge = "I was charged twice and I am angry. " * 300_000
    with within(60):
        result = ANALYZER.analyze(
            Conversation("big", (Turn("customer", huge), Turn("agent", "Sorry! " * 1_500_000)))
        )
    assert result.turns[0].findings and len(result.turns[1].turn.text) > 10_000_000
    turns = tuple(
        Turn("customer", "My order is late, this is annoying.")
        if i % 2 == 0
        else Turn("agent", "Sorry, reshipped.")
        for i in range(100_000)
    )
    with within(120):
        result = ANALYZER.analyze(Conversation("long", turns))
    assert len(result.turns) == 100_000


def _fragments(pattern: str) -> list[str]:
    words = [
        w
        for w in "".join(ch if ch.isalpha() or ch in " '" else " " for ch in pattern).split()
        if len(w) > 1
    ]
    return words or ["a"]


def test_adversarial_repeats_of_every_rule_complete() -> None:
    """A megabyte of each rule's own words, repeated, as agent and customer turns, with and
    without sentence breaks: no pattern backtracks catastrophically."""
    with within(240):
        for rule in builtin_rules().rules:
            chunk = " ".join(w for p in rule.patterns for w in _fragments(p))
            text = (chunk + " ") * (1_000_000 // (len(chunk) + 1) + 1)
            for variant in (text, text.replace(" ", ". ", 2000)):
                turns = (Turn("customer", variant), Turn("agent", variant))
                ANALYZER.analyze(Conversation("adversarial", turns))


LEAKY = {
    "id": "pii",
    "metadata": {"agent": "Sam", "customer_email": "dana@example.com"},
    "turns": [
        {"role": "customer", "speaker": "dana@example.com",
         "text": "My card 4111 1111 1111 1111 was charged twice, call me on +44 20 7946 0958 or mail dana@example.com"},
        {"role": "agent", "speaker": "Sam", "text": "Sorry! I've refunded card 4111-1111-1111-1111; reply to sam@shop.example."},
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    "fmt", ["terminal", "json", "jsonl", "csv", "markdown", "html", "junit", "github", "sarif"]
)
def test_redact_masks_personal_data_in_every_format(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "pii.json"
    path.write_text(json.dumps(LEAKY), encoding="utf-8")
    args = ["analyze", str(path), "-f", fmt, "--redact", "-q", "--jobs", "1"]
    if fmt == "csv":
        args.append("--per-turn")
    out = CliRunner().invoke(app, args).stdout
    for secret in ("dana@example.com", "4111", "7946", "sam@shop.example"):
        assert secret not in out, (fmt, secret)
    if fmt in ("json", "jsonl", "terminal", "html", "csv"):  # the formats that show turn text
        assert ("[card]" in out or "\\[card\\]" in out) and (
            "[email]" in out or "\\[email\\]" in out
        )


def test_redaction_rules() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert redact_text("card 4111 1111 1111 1111") == "card [card]"
    assert redact_text("ref 1234 5678 9012 3456") == "ref 1234 5678 9012 3456"  # not a valid card
    assert redact_text("order 1042 on 2026-05-01") == "order 1042 on 2026-05-01"
    assert redact_text("call (555) 123-4567") == "call [phone]"


HOSTILE = 'Agent: <script>alert(1)</script> [bold red]x[/] =SUM(A1) \x1b[31mred\x07 & "quotes" </testcase>\n'


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "junit"])
def test_transcript_text_is_inert_in_every_output(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("Customer: hello there\n" + HOSTILE, encoding="utf-8")
    out = (
        CliRunner()
        .invoke(app, ["analyze", str(path), "-f", fmt, "-q", "--jobs", "1", "--fail-under", "100"])
        .stdout
    )
    assert "\x1b" not in out
    if fmt == "terminal":
        assert "[bold red]x[/]" in out and "<script>alert(1)</script>" in out  # shown literally
    else:
        assert "<script>alert" not in out
    if fmt == "junit":
        ET.fromstring(out)  # well-formed despite the control characters and markup


HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
) | st.sampled_from(
    ["[/]", "[bold]x", "=1+1", "\r=1+1", "\x1b[31m", "\u202e", "\ud83d", "a\nb", "%0A", "<script>"]
)


@FAST
@given(
    conv_id=HOSTILE_TEXT, speaker=HOSTILE_TEXT, texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=4)
)
def test_every_renderer_takes_any_text_and_its_output_still_parses(
    conv_id: str, speaker: str, texts: list[str]
) -> None:
    import csv
    import io
    import xml.etree.ElementTree as ET

    from cscoach.gate import Thresholds
    from cscoach.render import FORMATS, RenderOptions, renderer_for

    turns = tuple(
        Turn("customer" if i % 2 == 0 else "agent", text, speaker=speaker or None)
        for i, text in enumerate(texts)
    )
    result = ANALYZER.analyze(Conversation(conv_id, turns, source="in/x.jsonl"))
    for name in FORMATS:
        renderer = renderer_for(name)
        options = RenderOptions(Thresholds(overall=90))
        stream = io.StringIO()
        out = renderer(stream, options)
        out.write(renderer.prepare(result, options))
        out.close()
        text = stream.getvalue()
        if name == "jsonl":
            assert len(text.splitlines()) == 1  # one line, however the reader splits lines
            json.loads(text)
        elif name in ("json", "sarif"):
            json.loads(text)
        elif name == "junit":
            ET.fromstring(text.encode("utf-8", "backslashreplace"))
        elif name == "csv":
            assert len(list(csv.reader(io.StringIO(text)))) == 2
        elif name == "github":
            assert all(line.startswith("::") for line in text.splitlines())


@FAST
@given(
    document=JSON,
    fmt=st.sampled_from(
        [
            "zendesk",
            "intercom",
            "freshdesk",
            "helpscout",
            "front",
            "livechat",
            "voice",
            "json",
            "jsonl",
        ]
    ),
)
def test_every_json_reader_forced_on_any_structure_never_raises(
    tmp_path_factory: pytest.TempPathFactory, document: object, fmt: str
) -> None:
    from cscoach.ingest import ReadOptions

    path = tmp_path_factory.mktemp("forced") / "input.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    for item in load([str(path)], ReadOptions(input_format=fmt)):
        assert isinstance(item, Conversation | ReadError)
        if isinstance(item, ReadError):
            assert "\n" not in str(item) and "input.json" in str(item)


@FAST
@given(
    text=st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
    | st.text(
        alphabet="From: <>@\n,\"'=?:-\t abcAgent Customer WEBVTT -->0123456789.", max_size=400
    ),
    fmt=st.sampled_from(["csv", "text", "email", "eml", "mbox", "twitter", "webvtt"]),
)
def test_every_text_reader_forced_on_any_text_never_raises(
    tmp_path_factory: pytest.TempPathFactory, text: str, fmt: str
) -> None:
    from cscoach.ingest import ReadOptions

    path = tmp_path_factory.mktemp("text") / "input.txt"
    path.write_text(text, encoding="utf-8")
    for item in load([str(path)], ReadOptions(input_format=fmt)):
        assert isinstance(item, Conversation | ReadError)
        if isinstance(item, ReadError):
            assert "\n" not in str(item) and "input.txt" in str(item)


@FAST
@given(users=JSON, day=JSON)
def test_slack_exports_with_any_content_never_raise(
    tmp_path_factory: pytest.TempPathFactory, users: object, day: object
) -> None:
    export = tmp_path_factory.mktemp("slack")
    (export / "general").mkdir()
    (export / "users.json").write_text(json.dumps(users), encoding="utf-8")
    (export / "channels.json").write_text(json.dumps([{"name": "general"}]), encoding="utf-8")
    (export / "general" / "2026-05-01.json").write_text(json.dumps(day), encoding="utf-8")
    for item in load([str(export)]):
        assert isinstance(item, Conversation | ReadError)
        if isinstance(item, ReadError):
            assert "\n" not in str(item)
