"""What a new user trips over: empty exports, permissions, names that match no one, entities,
their own rules' wording, plurals."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from cscoach.cli import app


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def test_an_empty_export_is_named_and_nothing_analysed_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "tonight.jsonl").write_text("")
    result = run("analyze", str(tmp_path / "tonight.jsonl"), "-f", "jsonl", "-q")
    assert result.exit_code == 2  # a gate must not pass a run that checked nothing
    assert result.stdout == ""
    assert "warning: " in result.stderr and "tonight.jsonl: the file is empty" in result.stderr


def test_an_empty_export_beside_others_is_named_and_the_run_passes(tmp_path: Path) -> None:
    (tmp_path / "tonight.jsonl").write_text("")
    (tmp_path / "c.txt").write_text("Customer: my order is late\nAgent: Sorry, checking now.\n")
    result = run("analyze", str(tmp_path), "-f", "jsonl", "-q")
    assert result.exit_code == 0, result.output
    assert "tonight.jsonl: the file is empty" in result.stderr


def test_nothing_readable_at_all_is_still_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{not json")
    assert run("analyze", str(tmp_path / "x.json")).exit_code == 2


def test_an_unreadable_directory_says_permission_denied(tmp_path: Path, monkeypatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == locked else real(p, mode))
    result = run("analyze", str(locked))
    assert result.exit_code == 2
    assert f"{locked}: permission denied" in result.stderr


def test_an_agent_name_that_matches_no_speaker_warns(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Customer: my order is late\nAgent: Sorry, checking now.\n")
    result = run("analyze", str(path), "--agent", "Nobody", "-f", "jsonl")
    assert "warning: --agent 'nobody' matched no speaker" in result.stderr
    matched = run("analyze", str(path), "--agent", "Agent", "-f", "jsonl")
    assert "matched no speaker" not in matched.stderr


def test_html_entities_are_decoded_in_every_reader(tmp_path: Path) -> None:
    log = tmp_path / "c.txt"
    log.write_text("Customer: R&amp;D is down &lt;3\nAgent: Thanks &amp; sorry!\n")
    canonical = tmp_path / "c.jsonl"
    canonical.write_text(
        json.dumps({"id": "x", "turns": [{"role": "customer", "text": "AT&amp;T won&#39;t"}]})
        + "\n"
    )
    texts = [
        t["text"]
        for line in run(
            "analyze", str(log), str(canonical), "-f", "jsonl", "-q"
        ).stdout.splitlines()
        for t in json.loads(line)["turns"]
    ]
    assert texts == ["R&D is down <3", "Thanks & sorry!", "AT&T won't"]


def test_a_custom_rules_message_reaches_its_tip(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text(
        '[[rules]]\nid = "acme.per_my_last"\ntag = "negative_language"\n'
        "patterns = ['''per my last (?:email|message)''']\n"
        'message = "Passive-aggressive phrase."\ntip = "Restate the point kindly."\n'
    )
    path = tmp_path / "c.txt"
    path.write_text("Customer: where is it\nAgent: Per my last email, it shipped.\n")
    result = run("analyze", str(path), "--config", str(config), "-f", "json", "-q")
    (tip,) = [t for t in json.loads(result.stdout)["tips"] if t["tag"] == "negative_language"]
    assert "Passive-aggressive phrase. Restate the point kindly." in tip["tip"]


def test_role_labels_are_not_repeated(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Customer: my order is late\nJo (Support): Sorry! Checking now.\n")
    out = run("analyze", str(path), env={"COLUMNS": "120"}).stdout
    assert "Jo (Support)" in out and "Jo (Support) (agent)" not in out


def test_demo_analyses_the_bundled_examples_and_passes_options_on() -> None:
    result = run("demo", "-f", "jsonl", "-q")
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert len(ids) >= 20 and "shipping_late_angry" in ids
    assert result.exit_code == 1  # two bundled agents brush customers off, on purpose
    assert run("demo", "--no-such-option").exit_code == 2


def test_summary_and_run_tables_never_cut_ids(tmp_path: Path) -> None:
    long_id = "ibm-03cCkoJPftP1qxvbLongIdentifier"
    path = tmp_path / "c.jsonl"
    conv = {
        "id": long_id,
        "turns": [{"role": "customer", "text": "hi"}, {"role": "agent", "text": "Hello!"}],
    }
    path.write_text(json.dumps(conv) + "\n" + json.dumps({**conv, "id": long_id + "2"}) + "\n")
    for args in (("summary", str(path)), ("analyze", str(path))):
        out = run(*args, env={"COLUMNS": "80"}).stdout
        assert re.search(r"ibm-03c\S*…", out) is None, out  # folded onto the next line, not cut
        assert "ifier" in out


def test_where_no_tip_points_at_a_turn_the_report_names_the_low_scores(tmp_path: Path) -> None:
    from cscoach.render.base import no_tips_note

    assert (
        no_tips_note({"overall": 90, "empathy": 100, "courtesy": None})
        == "Nothing to improve found."
    )
    note = no_tips_note({"overall": 47, "courtesy": 0, "outcome": 37, "resolution": 60})
    assert (
        note == "No tip points at a single turn; the lowest scores are courtesy 0 and outcome 37."
    )
    path = tmp_path / "c.txt"
    path.write_text(
        "Customer: how can I cancel purchase 1135?\n"
        "Agent: Here's a quick guide. 1. Log in. 2. Open your orders. 3. Press Cancel Order.\n"
    )
    out = CliRunner().invoke(app, ["analyze", str(path)], env={"COLUMNS": "200"}).stdout
    assert "No tip points at a single turn; the lowest scores are" in out
