"""Every output format, read back the way its consumer reads it."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cscoach.cli import app

GOOD = {"id": "good", "metadata": {"agent": "Sam", "team": "billing"}, "turns": [
    {"role": "customer", "speaker": "Dana", "text": "My parcel arrived broken, I'm upset."},
    {"role": "agent", "speaker": "Sam", "text": "Hi Dana, I'm so sorry, that sounds frustrating. Just to confirm, the parcel arrived broken? I've sent a replacement; you'll get tracking within the hour."},
    {"role": "customer", "speaker": "Dana", "text": "Perfect, thank you so much!"}]}  # fmt: skip
BAD = {"id": "bad", "metadata": {"agent": "Lee", "team": "billing"}, "turns": [
    {"role": "customer", "text": "My parcel arrived broken, I'm upset."},
    {"role": "agent", "speaker": "Lee", "text": "=HYPERLINK(\"x\") You should have checked it. Calm down. <script>alert(1)</script> [bold]hi[/bold] *stars*"},
    {"role": "customer", "text": "This is useless, terrible service."}]}  # fmt: skip
CHAT = "Customer: my order 1042 is late\nAgent: Calm down. Not possible.\nCustomer: useless\n"


@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text(json.dumps(GOOD) + "\n" + json.dumps(BAD) + "\n", encoding="utf-8")
    chat = tmp_path / "chat.txt"
    chat.write_text(CHAT, encoding="utf-8")
    return [str(jsonl), str(chat)]


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["analyze", *args, "-q", "--jobs", "1"])
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_line_by_line(inputs: list[str]) -> None:
    code, out, _ = run([*inputs, "-f", "jsonl"])
    lines = out.splitlines()
    assert code == 1 and len(lines) == 3
    assert [json.loads(line)["id"] for line in lines] == ["good", "bad", "chat"]


def test_csv_reads_back_through_pandas(inputs: list[str]) -> None:
    _, out, _ = run([*inputs, "-f", "csv", "--fail-under", "50"])
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame["id"]) == ["good", "bad", "chat"]
    assert {"overall", "empathy", "resolution", "outcome", "passed"} <= set(frame.columns)
    assert (
        frame.set_index("id").loc["good", "passed"]
        and not frame.set_index("id").loc["bad", "passed"]
    )
    per_turn = pd.read_csv(io.StringIO(run([*inputs, "-f", "csv", "--per-turn"])[1]))
    assert (
        len(per_turn) == 9
        and "negative_language" in per_turn.set_index(["id", "index"]).loc[("bad", 2), "tags"]
    )


def test_csv_cells_cannot_run_as_formulas(inputs: list[str]) -> None:
    _, out, _ = run([*inputs, "-f", "csv", "--per-turn"])
    frame = pd.read_csv(io.StringIO(out))
    text = frame.set_index(["id", "index"]).loc[("bad", 2), "text"]
    assert text.startswith("'=HYPERLINK")


def test_junit_structure(inputs: list[str]) -> None:
    code, out, _ = run([*inputs, "-f", "junit", "--fail-under", "50", "--fail-under", "empathy=50"])
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [Path(s.get("name")).name for s in suites] == ["two.jsonl", "chat.txt"]
    cases = suites[0].findall("testcase")
    assert int(suites[0].get("tests")) == len(cases) == 2 * 10
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    bad_overall = next(
        c for c in cases if c.get("classname") == "cscoach.bad" and c.get("name") == "overall"
    )
    failure = bad_overall.find("failure")
    assert failure is not None and failure.get("message").startswith("overall ")
    assert "weakest turns: turn 2" in failure.text
    good_overall = next(
        c for c in cases if c.get("classname") == "cscoach.good" and c.get("name") == "overall"
    )
    assert good_overall.find("failure") is None
    critical = next(
        c
        for c in cases
        if c.get("classname") == "cscoach.bad" and c.get("name") == "critical_rules"
    )
    assert critical.find("failure").get("type") == "critical"


def test_sarif_required_properties(inputs: list[str]) -> None:
    _, out, _ = run([*inputs, "-f", "sarif"])
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "cscoach"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert "negative.blame" in rule_ids and len(rule_ids) == len(set(rule_ids))
    for result in run_["results"]:
        assert result["message"]["text"] and result["ruleId"] == rule_ids[result["ruleIndex"]]
        assert result["level"] in {"error", "warning", "note"}
    locations = [
        r["locations"][0]["physicalLocation"]
        for r in run_["results"]
        if r["ruleId"] == "negative.dismissive"
    ]
    in_chat = [loc for loc in locations if loc["artifactLocation"]["uri"].endswith("chat.txt")]
    assert in_chat and in_chat[0]["region"]["startLine"] == 2


def test_github_annotations(inputs: list[str]) -> None:
    _, out, _ = run([*inputs, "-f", "github", "--fail-under", "50"])
    lines = out.splitlines()
    assert any(
        line.startswith("::error file=")
        and "chat.txt,line=2," in line
        and "negative.dismissive" in line
        for line in lines
    )
    assert any(
        line.startswith("::error ") and "title=cscoach gate::bad failed" in line for line in lines
    )
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_markdown_escapes_transcript_text(inputs: list[str]) -> None:
    _, out, _ = run([*inputs, "-f", "markdown"])
    assert "## good" in out and "## Summary" in out
    assert "\\*stars\\*" in out or "*stars*" not in out
    assert "<script>" not in out


def test_output_file_is_written_atomically(inputs: list[str], tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    target.write_text("old\n", encoding="utf-8")
    code, out, _ = run([*inputs, "-f", "jsonl", "-o", str(target)])
    assert code == 1 and out == "" and len(target.read_text(encoding="utf-8").splitlines()) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)


def test_interrupted_output_keeps_what_was_written(tmp_path: Path) -> None:
    from cscoach.output import open_output

    target = tmp_path / "partial.txt"
    with pytest.raises(KeyboardInterrupt), open_output(target) as stream:
        stream.write("first result\n")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "first result\n"
    with pytest.raises(RuntimeError), open_output(target) as stream:
        stream.write("half")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "first result\n"


def test_parallel_output_is_identical_to_serial(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "transcripts_examples"
    serial = (
        CliRunner()
        .invoke(app, ["analyze", str(examples), "-f", "jsonl", "--jobs", "1", "-q"])
        .stdout
    )
    parallel = (
        CliRunner()
        .invoke(app, ["analyze", str(examples), "-f", "jsonl", "--jobs", "2", "-q"])
        .stdout
    )
    assert serial == parallel and len(serial.splitlines()) >= 10


def test_parallel_jsonl_matches_serial_with_bad_lines_gate_and_redaction(tmp_path: Path) -> None:
    """Workers parse the JSON lines, analyse, render and judge: errors keep their line numbers,
    every good line is reported in order, and the gate and --redact work as in one process."""
    good = {"turns": [{"role": "customer", "text": "My card 4111 1111 1111 1111 was charged twice!"},
                      {"role": "agent", "text": "Calm down. That is not our problem."}]}  # fmt: skip
    lines = []
    for n in range(40):
        lines.append("{not json" if n % 13 == 5 else json.dumps({**good, "id": f"c{n}"}))
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        for fmt in ("jsonl", "csv"):
            args = ["analyze", str(path), "-f", fmt, "-j", jobs, "--redact", "--fail-under", "90"]
            runs[jobs, fmt] = CliRunner().invoke(app, args)
    for fmt in ("jsonl", "csv"):
        serial, parallel = runs["1", fmt], runs["2", fmt]
        assert (serial.exit_code, serial.stdout) == (parallel.exit_code, parallel.stdout)
        assert serial.stderr == parallel.stderr
    result = runs["2", "jsonl"]
    assert result.exit_code == 2  # unreadable lines
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == [f"c{n}" for n in range(40) if n % 13 != 5]
    assert "4111" not in result.stdout
    assert f"{path}:6: invalid JSON" in result.stderr
    assert "FAIL c0:" in result.stderr
    assert "37 conversations analysed, 0 passed, 37 failed, 3 unreadable" in result.stderr
