from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach import __version__
from cscoach.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "transcripts_examples"
RESULT_KEYS = {
    "schema_version",
    "id",
    "source",
    "agent",
    "scores",
    "turns",
    "customer_sentiment",
    "tips",
}
TURN_KEYS = {"index", "role", "speaker", "text", "sentiment", "tags"}
TAG_KEYS = {"tag", "kind", "rule", "text", "start", "end"}
TIP_KEYS = {"tag", "turn", "quote", "tip"}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def chat(tmp_path: Path) -> Path:
    path = tmp_path / "chat.txt"
    path.write_text(
        "Customer: I was charged twice and I'm furious!\n"
        "Agent: We can't do that.\n"
        "Customer: Useless.\n",
        encoding="utf-8",
    )
    return path


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"cscoach {__version__}"


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom cscoach.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('nltk', 'pandas', 'vaderSentiment') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(("fmt", "needs_pandas"), [("json", False), ("html", True)])
def test_only_the_html_report_imports_pandas(tmp_path: Path, fmt: str, needs_pandas: bool) -> None:
    """pandas serves the HTML report's team overview; a JSON or terminal run starts without it."""
    chat = tmp_path / "chat.txt"
    chat.write_text("Customer: Where is my order?\nAgent: It ships today.\n", encoding="utf-8")
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom cscoach.cli import app\n"
        f"r = CliRunner().invoke(app, ['analyze', {str(chat)!r}, '-f', {fmt!r}, '-q'])\n"
        "assert r.exit_code == 0, r.output\nprint('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == str(needs_pandas)


@pytest.mark.parametrize(
    "command", ["analyze", "summary", "eval", "train", "rules", "demo", "formats", "init"]
)
def test_help_shows_plain_metavars_and_examples(runner: CliRunner, command: str) -> None:
    help_text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"}).stdout
    options = help_text.split("Options:", 1)[1]
    option_lines = [line for line in options.splitlines() if line.lstrip().startswith("-")]
    typed = [line for line in option_lines if re.search(r"<[a-z][\w|\[\] ]*>", line)]
    assert option_lines and not typed, typed
    usage = help_text.splitlines()[0]
    arguments = help_text.split("Arguments:", 1)[-1].split("Options:", 1)[0]
    assert "{" not in usage and not re.search(r"<[a-z][\w|\[\] ]*>", arguments), help_text
    assert "Examples:" in help_text and f"cscoach {command}" in help_text


def test_command_list_descriptions_are_not_cut(runner: CliRunner) -> None:
    commands = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout.split("Commands:")[1]
    assert len(commands.strip().splitlines()) == 8
    assert "..." not in commands


def test_analyze_terminal_report_plain_when_not_a_tty(runner: CliRunner, chat: Path) -> None:
    result = runner.invoke(app, ["analyze", str(chat)])
    assert "\x1b[" not in result.stdout
    for expected in (
        "overall",
        "empathy",
        "Transcript",
        "Tips",
        "negative_language",
        "We can't do that.",
    ):
        assert expected in result.stdout


def test_terminal_report_tells_a_fault_report_from_an_upset_customer(
    runner: CliRunner, tmp_path: Path
) -> None:
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "Customer: I can't log in to my account.\nAgent: Please reset it here.\n"
        "Customer: I can't log in again, this is so annoying!\nAgent: Please reset it here.\n",
        encoding="utf-8",
    )
    out = runner.invoke(app, ["analyze", str(chat)], env={"COLUMNS": "160"}).stdout
    first, second = (line for line in out.splitlines() if "customer_negative" in line)
    assert "fault report, not upset" in first
    assert "fault report" not in second


def test_analyze_json_matches_the_contract(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["analyze", str(EXAMPLES / "billing_double_charge.json"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict) and data.keys() >= RESULT_KEYS
    assert data["schema_version"] == 1 and data["id"] == "BILL-1042" and data["agent"] == "Priya"
    assert {
        "overall",
        "active_listening",
        "empathy",
        "apology",
        "positive_language",
        "resolution",
    } <= data["scores"].keys()
    for value in data["scores"].values():
        assert value is None or (isinstance(value, int) and 0 <= value <= 100)
    for turn in data["turns"]:
        assert turn.keys() >= TURN_KEYS
        for tag in turn["tags"]:
            assert tag.keys() >= TAG_KEYS
            assert turn["text"][tag["start"] : tag["end"]] == tag["text"]
    assert set(data["customer_sentiment"]) == {"start", "end", "trend"}
    assert data["customer_sentiment"]["trend"] in {"improved", "worsened", "steady"}


def test_analyze_jsonl_over_all_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "-f", "jsonl"])
    lines = result.stdout.splitlines()
    assert len(lines) >= 10
    for line in lines:
        item = json.loads(line)
        assert item.keys() >= RESULT_KEYS
        for tip in item["tips"]:
            assert tip.keys() >= TIP_KEYS
    assert result.exit_code == 1  # the examples include agents who hit critical rules


def test_json_list_for_several_conversations(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["analyze", str(EXAMPLES / "subscription_cancel.json"), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["SUB-880", "SUB-881"]


def test_output_is_deterministic(runner: CliRunner) -> None:
    args = ["analyze", str(EXAMPLES), "-f", "jsonl"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


def test_malformed_file_is_reported_and_others_still_analysed(
    runner: CliRunner, chat: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"turns": [', encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(bad), str(chat), "-f", "jsonl"])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "broken.json" in errors[0] and "invalid JSON" in errors[0]
    assert "Traceback" not in result.output


def test_fail_under_sets_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    good = {
        "id": "good",
        "turns": [
            {"role": "customer", "speaker": "Dana", "text": "My parcel arrived broken, I'm upset."},
            {
                "role": "agent",
                "text": "Hi Dana, I'm so sorry, that sounds frustrating. Just to confirm, the parcel arrived broken? I've sent a replacement; you'll get tracking within the hour.",
            },
            {"role": "customer", "speaker": "Dana", "text": "Perfect, thank you so much!"},
        ],
    }
    bad = {"id": "bad", "turns": [
        {"role": "customer", "text": "My parcel arrived broken, I'm upset."},
        {"role": "agent", "text": "Not possible."},
        {"role": "customer", "text": "This is useless, terrible service."}]}  # fmt: skip
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--fail-under", "60"])
    assert result.exit_code == 1
    assert "FAIL bad: overall" in result.stderr and "FAIL good" not in result.stderr
    assert "2 conversations analysed, 1 passed, 1 failed" in result.stderr
    assert runner.invoke(app, ["analyze", str(path), "--fail-under", "0", "-q"]).exit_code == 0
    empathy = runner.invoke(app, ["analyze", str(path), "--fail-under", "empathy=50"])
    assert empathy.exit_code == 1 and "FAIL bad: empathy 0 < 50" in empathy.stderr
    for wrong in ("101", "kindness=5", "x"):
        assert runner.invoke(app, ["analyze", str(path), "--fail-under", wrong]).exit_code == 2


def test_critical_rule_fails_the_gate(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Customer: where is it\nAgent: It is our policy.\n", encoding="utf-8")
    assert runner.invoke(app, ["analyze", str(path), "-q"]).exit_code == 0
    result = runner.invoke(app, ["analyze", str(path), "--critical", "negative.policy"])
    assert result.exit_code == 1 and "critical rule negative.policy" in result.stderr
    assert runner.invoke(app, ["analyze", str(path), "--critical", "no.such"]).exit_code == 2


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["analyze", "-", "-f", "jsonl"], input="Customer: hi\nAgent: Hello! How can I help?\n"
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["source"] == "<stdin>"


def test_markup_in_transcripts_is_shown_literally(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("Customer: [bold red]hi[/] there\nAgent: hello\n", encoding="utf-8")
    assert "[bold red]hi[/] there" in runner.invoke(app, ["analyze", str(path)]).stdout


def test_roles_inferred_is_reported(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "wifi_router_multiline.txt")])
    assert "roles inferred" in result.stdout


def test_several_conversations_end_with_summary(runner: CliRunner) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "account_access.jsonl")])
    assert "Summary" in result.stdout and "ACC-311" in result.stdout.split("Summary")[1]


def test_rules_list_and_detail(runner: CliRunner) -> None:
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0 and "apology.sorry" in listing.stdout
    detail = runner.invoke(app, ["rules", "negative.refusal"])
    assert detail.exit_code == 0
    assert "fires on" in detail.stdout and "does not fire on" in detail.stdout
    assert runner.invoke(app, ["rules", "nope"]).exit_code == 2


def test_bad_columns_option_is_a_usage_error(runner: CliRunner, chat: Path) -> None:
    result = runner.invoke(app, ["analyze", str(chat), "--columns", "colour=x"])
    assert result.exit_code == 2 and "--columns" in result.stderr
