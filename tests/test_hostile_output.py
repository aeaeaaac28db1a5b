"""Output that survives hostile input and hostile environments (issue 13's worst findings)."""

from __future__ import annotations

import itertools
import json
import os
import signal
import stat
import string
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.cli import app

CHAT = "Customer: my order is late\nAgent: Sorry! I've reshipped it; tracking follows today.\n"


def write_conversation(path: Path, conv_id: str, customer: str, agent: str) -> None:
    """A one-line JSONL file: one customer turn, one agent turn."""
    turns = [{"role": "customer", "text": customer}, {"role": "agent", "text": agent}]
    path.write_text(json.dumps({"id": conv_id, "turns": turns}) + "\n")


def _device(tmp_path: Path) -> str:
    """A null device of the test's own (as root, as in CI): a regression must never get to
    replace the machine's /dev/null. Without root, /dev/null itself cannot be replaced."""
    own = tmp_path / "null"
    try:
        os.mknod(own, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        return os.devnull
    return str(own)


def test_output_to_a_device_writes_to_it_and_never_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    device = _device(tmp_path)
    before = os.stat(device)
    result = CliRunner().invoke(app, ["analyze", str(path), "-o", device, "-q"])
    assert result.exit_code == 0
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_to_a_fifo_is_written_straight_through(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = CliRunner().invoke(app, ["analyze", str(path), "-o", str(fifo), "-f", "jsonl", "-q"])
    out, _ = reader.communicate(timeout=30)
    assert result.exit_code == 0 and json.loads(out)["id"] == "c"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_lone_surrogate_is_escaped_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id":"s","turns":[{"role":"customer","text":"broken emoji \\ud83d"},'
        '{"role":"agent","text":"Sorry about that!"}]}\n'
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["analyze", str(path), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "broken emoji \ufffd" in json.loads(text)["turns"][0]["text"]
    assert "note: " in result.stderr and "1 invalid character" in result.stderr
    assert "s.jsonl:1" in result.stderr


def test_text_that_cannot_be_encoded_is_still_written() -> None:
    import io

    from cscoach.output import ENCODING_ERRORS

    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=ENCODING_ERRORS)
    stream.write("half \ud83d emoji")
    stream.flush()
    assert stream.buffer.getvalue() == b"half \\ud83d emoji"


def test_non_finite_weights_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text("[weights]\nempathy = inf\n")
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    result = CliRunner().invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 2
    assert "weights.empathy: expected a finite number" in result.stderr


def _written(paths: Iterable[Path]) -> bool:
    """A file among ``paths`` has content (it may vanish between listing and reading)."""
    for path in paths:
        try:
            if path.stat().st_size > 0:
                return True
        except FileNotFoundError:
            continue
    return False


def test_sigterm_keeps_what_was_finished_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": f"c{i}",
                "turns": [
                    {"role": "customer", "text": f"My order {i} is late again, this is annoying."},
                    {
                        "role": "agent",
                        "text": f"Sorry! I've reshipped order {i}; tracking follows today.",
                    },
                ],
            }
        )
        for i in range(200_000)
    ]
    source = tmp_path / "big.jsonl"
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    log = tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "cscoach", "analyze", str(source), "-f", "jsonl"]
    with log.open("wb") as stderr:  # a file, not a pipe: waiting on the process, not on a pipe
        proc = subprocess.Popen([*command, "-o", str(out), "-q", "-j", "1"], stderr=stderr)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _written(tmp_path.glob(".out.jsonl.*.tmp")):
            time.sleep(
                0.1
            )  # until results reach the temporary file: a fixed wait raced a busy machine
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    err = log.read_bytes()
    assert proc.returncode == 130, err
    assert not list(tmp_path.glob(".out.jsonl.*.tmp"))
    kept = out.read_text().splitlines()
    assert kept and all(json.loads(line)["id"].startswith("c") for line in kept)
    assert b"interrupted" in err


def test_markup_in_ids_and_speakers_is_shown_as_text(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "[/]",
                "turns": [
                    {"role": "customer", "speaker": "[/bold]", "text": "hi"},
                    {"role": "agent", "text": "Hello"},
                ],
            }
        )
        + "\n"
    )
    for command in ("analyze", "summary"):
        result = CliRunner().invoke(app, [command, str(path)])
        assert result.exit_code == 0, result.output
        assert "[/]" in result.stdout


def test_deeply_nested_json_is_one_line_error_and_the_rest_still_runs(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "deep.jsonl").write_text(
        '{"id": "ok", "turns": [{"role": "agent", "text": "Hi"}]}\n'
        + "[" * 100_000
        + "]" * 100_000
        + "\n"
    )
    (tmp_path / "good.txt").write_text(CHAT)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-f", "jsonl", "-j", "1"])
    assert result.exit_code == 2
    ids = sorted(json.loads(line)["id"] for line in result.stdout.splitlines())
    assert ids == ["good", "ok"]
    errors = [line for line in result.stderr.splitlines() if "nested too deeply" in line]
    assert len(errors) == 2 and any("deep.jsonl:2" in line for line in errors)


def test_an_id_cannot_forge_log_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    forged = "x\n::error::forged\x1b[31m\u202e"
    path.write_text(
        json.dumps(
            {
                "id": forged,
                "turns": [{"role": "customer", "text": "hi"}, {"role": "agent", "text": "Hello"}],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(app, ["analyze", str(path), "--fail-under", "99", "-f", "jsonl"])
    fail_lines = [line for line in result.stderr.splitlines() if "FAIL" in line]
    assert len(fail_lines) == 1
    assert "x\\n::error::forged\\x1b[31m\\u202e" in fail_lines[0]
    assert not any(line.startswith("::error::") for line in result.stderr.splitlines())


def test_a_bad_line_costs_only_itself_at_every_jobs_setting(tmp_path: Path) -> None:
    good = {
        "id": "a",
        "turns": [{"role": "customer", "text": "hi"}, {"role": "agent", "text": "Hi"}],
    }
    path = tmp_path / "n.jsonl"
    path.write_text(
        json.dumps(good)
        + "\n"
        + '{"id": 1'
        + "1" * 5000
        + ', "turns": []}\n'
        + json.dumps({**good, "id": "b"})
        + "\n"
    )
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(app, ["analyze", str(path), "-f", "jsonl", "-j", jobs])
        assert result.exit_code == 2
        assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]
        assert "n.jsonl:2: invalid JSON" in result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


def test_a_vendor_file_with_impossible_timestamps_is_named_and_the_rest_analysed(
    tmp_path: Path,
) -> None:
    conv = {
        "type": "conversation",
        "id": "1",
        "created_at": 1e300,
        "source": {"author": {"type": "user", "name": "Dana"}, "body": "<p>Broken</p>"},
        "conversation_parts": {
            "conversation_parts": [
                {
                    "part_type": "comment",
                    "created_at": 1e300,
                    "body": "<p>Sorry!</p>",
                    "author": {"type": "admin", "name": "Sam"},
                }
            ]
        },
    }
    (tmp_path / "intercom.json").write_text(json.dumps(conv))
    (tmp_path / "good.txt").write_text(CHAT)
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "-f", "jsonl", "-j", "1"])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]
    (error,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert "intercom.json" in error and "Traceback" not in result.output


def test_csv_cells_are_always_quoted_and_formulas_defused() -> None:
    from cscoach.render.csvout import safe_cell

    for attack in ("=1+1", "\r=1+1", " \t@SUM(A1)", "\x00+1", "-2"):
        assert safe_cell(attack).startswith("'"), attack
    assert safe_cell("Hello = world") == "Hello = world"


def test_csv_with_a_lone_carriage_return_stays_one_row(tmp_path: Path) -> None:
    import csv
    import io

    path = tmp_path / "c.jsonl"
    write_conversation(path, "r\r=1+1", "hi\rthere", "Hello")
    out = CliRunner().invoke(app, ["analyze", str(path), "-f", "csv", "-q"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1 and rows[0]["id"] == "r\r=1+1"  # one cell, one row


def test_terminal_shows_c1_and_bidi_controls_visibly(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_conversation(path, "x", "refund \u202eevil\u009b31m", "Hello")
    out = CliRunner().invoke(app, ["analyze", str(path)]).stdout
    assert "\u202e" not in out and "\u009b" not in out and "\ufffdevil" in out


def test_output_to_a_folder_or_a_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    for command in ("analyze", "summary"):
        for target in (tmp_path, tmp_path / "missing" / "x.txt"):
            result = CliRunner().invoke(app, [command, str(path), "-o", str(target)])
            assert result.exit_code == 2, (command, target, result.output)
            assert "Traceback" not in result.output
            errors = [x for x in result.stderr.splitlines() if x.startswith("cscoach: error:")]
            assert len(errors) == 1 and (
                "is a directory" in errors[0] or "no such folder" in errors[0]
            )


def test_a_label_set_that_is_not_a_list_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "x",
                "metadata": {"label_set": 5},
                "turns": [{"role": "agent", "text": "Hi", "labels": []}],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "l.jsonl:1: metadata.label_set must be a list of tag ids" in result.stderr


def test_error_lines_are_bounded() -> None:
    from cscoach.logline import MAX_LINE, one_line

    line = one_line(
        "no column 'nope' (columns: " + ", ".join(f"c{i}" for i in range(100_000)) + ")"
    )
    assert len(line) <= MAX_LINE + 40 and "more characters" in line and "\n" not in line


def test_a_catastrophic_custom_regex_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text(
        '[[rules]]\nid = "team.bad"\ntag = "negative_language"\n'
        "patterns = ['''([a-z]+)+$''']\nmessage = \"m\"\n"
    )
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    result = CliRunner().invoke(app, ["analyze", str(path), "--config", str(config)])
    assert result.exit_code == 2
    assert "repeats a repetition" in result.stderr and "rules[1]" in result.stderr


def test_nested_repeat_detection() -> None:
    from cscoach.rules.triggers import nested_unbounded_repeat as nested

    assert nested("([a-z]+)+$") and nested(r"(\w*\s?)*") and nested("(?:a|b+)*")
    assert not nested("per my last (?:email|message)") and not nested("a+b+")
    assert not nested("(?:ab)+") and not nested("(?>a+)+")


def test_jobs_never_exceed_the_cores(tmp_path: Path, monkeypatch) -> None:
    from cscoach import batch

    seen = []
    real = batch.analyze_inputs

    def spy(inputs, analyzer, options=None, jobs=1, *rest, **kw):
        seen.append(jobs)
        return real(inputs, analyzer, options, 1, *rest, **kw)

    monkeypatch.setattr(batch, "analyze_inputs", spy)
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    CliRunner().invoke(app, ["analyze", str(path), "-j", "3000", "-q"])
    assert seen == [batch.default_jobs()]


def test_huge_turns_are_cut_in_the_terminal_with_a_marker(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_conversation(path, "big", "log " * 500_000, "Hello")
    start = time.monotonic()
    out = CliRunner().invoke(app, ["analyze", str(path)]).stdout
    assert time.monotonic() - start < 30
    assert "more characters not shown]" in out


def test_a_slack_day_file_that_is_a_fifo_is_skipped(tmp_path: Path) -> None:
    export = tmp_path / "slack"
    (export / "support").mkdir(parents=True)
    (export / "users.json").write_text(json.dumps([{"id": "U1", "name": "dana"}]))
    (export / "channels.json").write_text(json.dumps([{"id": "C1", "name": "support"}]))
    (export / "support" / "2026-05-01.json").write_text(
        json.dumps(
            [{"type": "message", "user": "U1", "text": "my order is late", "ts": "1714550400.0"}]
        )
    )
    os.mkfifo(export / "support" / "2026-05-02.json")
    proc = subprocess.run(
        [sys.executable, "-m", "cscoach", "analyze", str(export), "-f", "jsonl", "-q"],
        capture_output=True,
        timeout=60,
    )  # a FIFO read would block forever: the timeout is the test
    assert b"my order is late" in proc.stdout


def test_binary_or_deeply_nested_config_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(bytes(range(128, 256)))
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    for config, problem in ((binary, "not a text file"), (deep, "nested too deeply")):
        result = CliRunner().invoke(app, ["analyze", str(path), "--config", str(config)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert problem in result.stderr


def test_summary_names_mistyped_result_lines_and_uses_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    good = CliRunner().invoke(app, ["analyze", str(path), "-f", "jsonl", "-q"]).stdout
    results = tmp_path / "r.jsonl"
    results.write_text('{"schema_version": 1, "scores": "oops", "turns": 5, "tips": 7}\n' + good)
    result = CliRunner().invoke(app, ["summary", str(results)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "1 conversation" in result.stdout and "1 conversations" not in result.stdout
    assert "r.jsonl:1: 'scores' must be a JSON object" in result.stderr


def test_a_pipe_is_read_once(tmp_path: Path) -> None:
    source = (
        Path(__file__).resolve().parents[1] / "transcripts_examples" / "billing_double_charge.json"
    )
    proc = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m cscoach analyze <(cat "{source}") -f jsonl -q'],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["id"] == "BILL-1042"


HOSTILE_ID = "x\n::error::forged\x1b[31m\x00"


def _hostile(tmp_path: Path) -> Path:
    path = tmp_path / "h.jsonl"
    write_conversation(path, HOSTILE_ID, "I was charged twice, awful!", "Calm down.\x1b[2J")
    return path


def test_github_annotations_are_one_inert_line_each(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["analyze", str(_hostile(tmp_path)), "-f", "github", "-q"]).stdout
    assert "\x00" not in out and "\x1b" not in out
    assert all(line.startswith("::") for line in out.splitlines())
    assert not any(line.startswith("::error::forged") for line in out.splitlines())


def test_terminal_titles_and_markdown_stay_inert(tmp_path: Path) -> None:
    path = _hostile(tmp_path)
    terminal = CliRunner().invoke(app, ["analyze", str(path)]).stdout
    markdown = CliRunner().invoke(app, ["analyze", str(path), "-f", "markdown", "-q"]).stdout
    for out in (terminal, markdown):
        assert "\x1b" not in out and "\x00" not in out
        assert not any(line.startswith("::error::") for line in out.splitlines())


def test_json_output_is_strict() -> None:

    from cscoach.render.jsonout import dumps

    with pytest.raises(ValueError):
        dumps({"score": float("nan")})


def test_sarif_uris_are_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "odd name\nwith newline"
    folder.mkdir()
    (folder / "c.txt").write_text("Customer: where is it\nAgent: Calm down.\n")
    out = CliRunner().invoke(app, ["analyze", str(folder / "c.txt"), "-f", "sarif", "-q"]).stdout
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(out)["runs"][0]["results"]
        if r.get("locations")
    ]
    assert uris and all("\n" not in u and " " not in u and "%0A" in u for u in uris)


def _eml(tmp_path: Path, name: str, headers: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"From: a@b.example\nTo: c@d.example\nMessage-ID: <{name}@b>\n{headers}\n\n{body}\n"
    )
    return path


def test_pathological_emails_finish_quickly_and_keep_their_text(tmp_path: Path) -> None:
    cases = [
        _eml(tmp_path, "a.eml", "Subject: x\nIn-Reply-To: " + "<" * 60_000, "my order is late"),
        _eml(
            tmp_path,
            "b.eml",
            "Subject: " + " ".join(["=?utf-8?q?a?="] * 10_000),
            "my order is late",
        ),
        _eml(
            tmp_path,
            "c.eml",
            "Subject: z\nContent-Type: text/html",
            "<div>" * 20_000 + "my order is late" + "</div>" * 20_000,
        ),
        _eml(tmp_path, "d.eml", "Subject: w", "my order is late " + "On " * 1_500),
    ]
    for path in cases:
        start = time.monotonic()
        result = CliRunner().invoke(app, ["analyze", str(path), "-f", "jsonl", "-q", "-j", "1"])
        assert time.monotonic() - start < 10, path.name
        assert "my order is late" in result.stdout, (path.name, result.output[-300:])


def test_a_long_reply_with_no_quote_is_kept_whole() -> None:
    from cscoach.ingest.common import visible_reply

    body = "Line of my reply.\n" * 500
    assert visible_reply(body) == body.strip()
    quoted = "Thanks, fixed!\n\nOn Mon, Dana wrote:\n> it is broken\n" + "> more\n" * 400
    assert visible_reply(quoted) == "Thanks, fixed!"


def test_config_rule_text_is_inert_in_rules_and_tips(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text(
        '[[rules]]\nid = "team.esc"\ntag = "negative_language"\n'
        "patterns = ['''per my last email''']\n"
        'message = "Bad\\u001b[2J phrase."\nrewrite = "Try\\u001b]0;pwned\\u0007 this."\n'
    )
    path = tmp_path / "c.txt"
    path.write_text("Customer: where is it\nAgent: Per my last email, it shipped.\n")
    for args in (["rules"], ["rules", "team.esc"], ["analyze", str(path)]):
        out = CliRunner().invoke(app, [*args, "--config", str(config)]).stdout
        assert "\x1b" not in out and "\x07" not in out, args


def test_summary_of_a_huge_message_stays_small(tmp_path: Path) -> None:
    results = tmp_path / "r.jsonl"
    huge = {
        "schema_version": 1,
        "id": "big",
        "scores": {"overall": 50},
        "tips": [],
        "turns": [{"role": "customer", "text": "complaint words " * 3_000_000, "tags": []}],
    }
    results.write_text(json.dumps(huge) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cscoach", "summary", str(results)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 0
    assert usage.ru_maxrss < 600_000, f"peak {usage.ru_maxrss} KB for 48 MB of text"


def test_special_files_in_a_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(CHAT)
    os.mkfifo(tmp_path / "stuck.jsonl")
    proc = subprocess.run(
        [sys.executable, "-m", "cscoach", "analyze", str(tmp_path), "-f", "jsonl"],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "good"
    assert b"note: " in proc.stderr and b"skipped 1 special file" in proc.stderr


def test_a_full_disk_on_stdout_is_a_one_line_error(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        return  # only Linux has a device that is always full; CI runs on Linux
    path = tmp_path / "c.txt"
    path.write_text(CHAT)
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "cscoach", "analyze", str(path), "-f", "jsonl"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert proc.returncode == 2
    assert b"stdout: No space left on device" in proc.stderr and b"Traceback" not in proc.stderr


def test_a_read_error_from_a_deep_input_crosses_a_process_pool() -> None:
    """distributed installs tblib's pickling, which pickles an exception's context and
    traceback: a ReadError raised while handling a RecursionError would carry a thousand
    frames. What the pool sends is the error alone."""
    import pickle

    from tblib import pickling_support

    from cscoach.ingest import ReadError

    def deep(n: int) -> int:
        return deep(n + 1)

    pickling_support.install()
    try:
        deep(0)
    except RecursionError:
        error = ReadError("n.eml", "nested too deeply to read")
    sent = error.detached()
    assert sent.__context__ is None and sent.__traceback__ is None
    assert str(pickle.loads(pickle.dumps(sent))) == "n.eml: nested too deeply to read"


def test_more_hostile_inputs_are_one_line_errors_or_finish(tmp_path: Path) -> None:
    nested = _eml(tmp_path, "n.eml", "Subject: x", "my order is late")
    nested.write_text(
        nested.read_text().replace(
            "From: a@b.example", "From: a (" + "(" * 5_000 + "x" + ")" * 5_000 + ") <a@b.example>"
        )
    )
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    runner = CliRunner()
    for args in (["analyze", str(nested)], ["eval", str(deep)], ["summary", str(deep)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "Traceback" not in result.output, args
        errors = [line for line in result.stderr.splitlines() if line.startswith("cscoach: error:")]
        assert errors and all(len(line) <= 400 for line in errors), args


def test_many_speakers_take_linear_time(tmp_path: Path) -> None:
    """A chat log with tens of thousands of speakers (role inference compares them): four times
    the speakers may take about four times as long, never sixteen. Timed as a ratio of two runs
    in the same test, so a busy machine slows both alike."""
    runner = CliRunner()
    seconds = []
    for n in (10_000, 40_000):
        speakers = tmp_path / f"many-{n}.txt"
        speakers.write_text(
            "".join(f"{name}: hello there, my order is late\n" * 2 for name in _names(n))
        )
        start = time.monotonic()
        result = runner.invoke(app, ["analyze", str(speakers), "-f", "jsonl", "-q"])
        seconds.append(time.monotonic() - start)
        assert result.exit_code in (0, 1), result.output[-300:]
    assert seconds[1] < 8 * seconds[0], seconds


def _names(n: int) -> list[str]:
    """n distinct speaker names of letters only ("Aaaa", "Aaab", ...)."""
    words = itertools.product(string.ascii_lowercase, repeat=4)
    return ["".join(word).title() for word in itertools.islice(words, n)]


def _ids_file(tmp_path: Path, *ids: str) -> Path:
    path = tmp_path / "ids.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "id": conv_id,
                    "turns": [
                        {"role": "customer", "speaker": conv_id, "text": f"hi {conv_id}"},
                        {"role": "agent", "text": "Hello"},
                    ],
                }
            )
            + "\n"
            for conv_id in ids
        )
    )
    return path


def test_an_id_cannot_set_the_terminal_title(tmp_path: Path) -> None:
    path = _ids_file(tmp_path, "a\x1b]0;pwned\x07b", "c\x1b[2Jd")
    for command in ("analyze", "summary"):
        out = CliRunner().invoke(app, [command, str(path)], env={"FORCE_COLOR": "1"}).stdout
        assert "\x1b]" not in out and "\x07" not in out and "\x1b[2J" not in out, command
        assert "pwned" in out


def test_rich_markup_in_ids_is_shown_not_interpreted(tmp_path: Path) -> None:
    path = _ids_file(tmp_path, "[bold]B[/bold]", "[link=https://evil.example]x[/link]", ":smile:")
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    for shown in ("[bold]B[/bold]", "[link=https://evil.example]x[/link]", ":smile:"):
        assert shown in result.stdout
    assert "\x1b]8;" not in result.stdout  # no hyperlink escape


def test_a_closing_tag_as_id_in_a_multi_conversation_run_is_text(tmp_path: Path) -> None:
    path = _ids_file(tmp_path, "[/]", "[/bold]")  # two: the run ends with a summary table
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0 and "MarkupError" not in result.output, result.output
    assert result.stdout.count("[/]") >= 2  # the panel title and the summary table


def test_the_console_shows_controls_visibly_whoever_built_the_text() -> None:
    import io

    from rich.text import Text

    from cscoach.render.safe import inert_console

    stream = io.StringIO()
    console = inert_console(stream, force_terminal=True, color_system="standard")
    console.print(Text("raw \x1b]0;title\x07 \u202egnp", style="bold"), "[/]")
    out = stream.getvalue()
    assert "\x1b]" not in out and "\x07" not in out and "\u202e" not in out and "[/]" in out
    assert "\x1b[1m" in out  # Rich's own styling still there


def _labelled(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.jsonl"
    turns = [
        {"role": "customer", "text": "my order is late"},
        {"role": "agent", "text": "Sorry about that, I'll fix it.", "labels": ["apology"]},
    ]
    path.write_text(json.dumps({"id": "l", "turns": turns}) + "\n")
    return path


def test_a_full_disk_is_a_one_line_error_for_every_command(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        return  # only Linux has a device that is always full; CI runs on Linux
    labelled = str(_labelled(tmp_path))
    commands = [
        ["eval", labelled],
        ["eval", labelled, "-f", "json"],
        ["rules"],
        ["rules", "negative.dismissive"],
        ["formats"],
        ["summary", labelled],
        ["analyze", labelled],
        ["init", str(tmp_path / "cscoach.toml"), "--force"],
        ["--help"],
        ["--version"],
        ["analyze", "--help"],
    ]
    for args in commands:
        with open("/dev/full", "w") as full:
            proc = subprocess.run(
                [sys.executable, "-m", "cscoach", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                timeout=120,
            )
        assert proc.returncode == 2, (args, proc.stderr[-500:])
        lines = proc.stderr.decode().splitlines()
        assert lines[-1] == "cscoach: error: stdout: No space left on device", args
        assert "Traceback" not in proc.stderr.decode() and "Exception" not in proc.stderr.decode()


def test_a_closed_pipe_ends_every_command_quietly() -> None:
    for args in (["rules"], ["formats"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "cscoach", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        proc.stdout.read(10)
        proc.stdout.close()
        err = proc.stderr.read()
        proc.wait(timeout=60)
        assert proc.returncode == 0 and err == b"", (args, err)


def test_the_output_layer_names_any_write_error() -> None:
    import errno

    from cscoach.output import OutputError, guarded_output

    for code, words in ((errno.EACCES, "Permission denied"), (errno.ENOSPC, "No space left")):
        with (
            pytest.raises(OutputError, match=f"^{os.devnull}: {words}"),
            guarded_output(Path(os.devnull)),
        ):
            raise OSError(code, os.strerror(code))


def _analyze_stdin(data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cscoach", "analyze", "-", "-q"],
        input=data,
        capture_output=True,
        timeout=60,
    )


def test_an_empty_stdin_is_named_and_exits_2() -> None:
    for data in (b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"  \n"):
        proc = _analyze_stdin(data)
        assert proc.returncode == 2, data
        assert b"cscoach: warning: <stdin>: stdin is empty" in proc.stderr, (data, proc.stderr)


def test_vendor_exports_with_no_conversation_are_named(tmp_path: Path) -> None:
    audits = {
        "audits": [
            {"id": 1, "ticket_id": 5, "events": [{"type": "Change", "field_name": "status"}]}
        ]
    }
    cases = {
        "audits.json": (json.dumps(audits), "no comments in this Zendesk export"),
        "ticket.json": (
            json.dumps({"ticket": {"id": 5}, "comments": []}),
            "no comments in this Zendesk export",
        ),
        "header.csv": ("id,speaker,text\n", "CSV has a header and no rows"),
        "blank.txt": ("\n\n", "the file is empty"),
    }
    for name, (content, reason) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        result = CliRunner().invoke(app, ["analyze", str(path), "-q"])
        assert result.exit_code == 2, (name, result.output)
        assert f"cscoach: warning: {path}: {reason}" in result.stderr, (name, result.stderr)
        summary = CliRunner().invoke(app, ["summary", str(path)])
        assert summary.exit_code == 2 and reason in summary.stderr, name


def test_a_lone_surrogate_in_an_id_or_a_saved_result_never_crashes_an_output(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"id":"x\\ud83d","turns":[{"role":"customer","speaker":"a\\udc00","text":"hi"},'
        '{"role":"agent","text":"Hello"}]}\n'
    )
    saved = tmp_path / "r.jsonl"
    saved.write_text(
        CliRunner()
        .invoke(app, ["analyze", str(path), "-f", "jsonl", "-q"])
        .stdout.replace("x\ufffd", "x\\ud83d")
    )
    assert "\\ud83d" in saved.read_text()
    for source in (path, saved):
        result = CliRunner().invoke(app, ["summary", str(source), "-f", "json"])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
        assert "x\ufffd" in result.stdout
    sarif = CliRunner().invoke(app, ["analyze", str(path), "-f", "sarif", "-q"])
    assert sarif.exit_code == 0 and json.loads(sarif.stdout)


def test_many_steps_asked_take_linear_time(tmp_path: Path) -> None:
    """Every agent turn asks whether the customer tried a different step, after customer turns
    that never say so: each step is looked up in one pass, for a few steps only (MAX_STEPS),
    so four times the turns take about four times as long, never sixteen."""
    runner = CliRunner()
    seconds = []
    for n in (1_000, 4_000):
        path = tmp_path / f"steps-{n}.jsonl"
        turns = []
        for name in _names(n):
            turns.append({"role": "customer", "text": f"My {name}ing thing is broken, help?"})
            turns.append({"role": "agent", "text": f"Have you tried {name}ing your {name}box?"})
        path.write_text(json.dumps({"id": "steps", "turns": turns}) + "\n")
        start = time.monotonic()
        result = runner.invoke(app, ["analyze", str(path), "-f", "jsonl", "-q"])
        seconds.append(time.monotonic() - start)
        assert result.exit_code in (0, 1), result.output[-300:]
    assert seconds[1] < 8 * seconds[0], seconds
