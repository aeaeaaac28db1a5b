from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.summary import summarize


def result(
    conv_id: str,
    agent: str,
    team: str,
    overall: int,
    empathy: int | None,
    tags: list[str],
    customer: str,
) -> dict:
    return {
        "schema_version": 1, "id": conv_id, "agent": agent, "metadata": {"team": team},
        "scores": {"overall": overall, "empathy": empathy},
        "turns": [
            {"index": 1, "role": "customer", "text": customer, "tags": []},
            {"index": 2, "role": "agent", "text": "x", "tags": [{"tag": t} for t in tags]},
        ],
        "tips": [{"tag": "empathy", "turn": 2, "quote": "x", "tip": f"tip for {conv_id}"}],
        "critical": [],
    }  # fmt: skip


RESULTS = [
    result(
        "a", "Sam", "billing", 90, 100, ["apology", "empathy"], "charged twice again for my invoice"
    ),
    result("b", "Sam", "billing", 70, None, ["apology"], "charged twice on my card, refund please"),
    result(
        "c", "Kim", "shipping", 30, 0, ["negative_language"], "parcel never arrived, charged twice"
    ),
    result("d", "Kim", "shipping", 50, 0, [], "parcel never arrived, where is it"),
]


def test_tables() -> None:
    s = summarize(RESULTS)
    assert s.conversations == 4
    assert s.agents.loc["Sam", "overall"] == 80 and s.agents.loc["Kim", "conversations"] == 2
    assert s.teams.loc["shipping", "overall"] == 40
    assert s.tags.loc["apology", "turns"] == 2 and s.tags.loc["apology", "per_100_turns"] == 50
    assert s.dimensions.loc["empathy", "scored"] == 3 and s.dimensions.loc["overall", "p10"] == 36
    assert list(s.worst.index[:2]) == ["c", "d"]
    assert ("charged twice", 3) in s.themes


def test_baseline_changes() -> None:
    before = [result("old", "Sam", "billing", 60, 50, [], "hello there")]
    s = summarize(RESULTS, before)
    assert s.changes is not None
    assert s.changes.loc[("all", "overall"), "change"] == 0.0
    assert s.changes.loc[("agent Sam", "overall"), "change"] == 20.0
    assert s.changes.loc[("agent Sam", "overall"), "n_before"] == 1
    assert s.changes.loc[("agent Sam", "overall"), "n_now"] == 2
    assert s.changes.loc[("agent Kim", "overall"), "n_before"] == 0
    assert set(s.changes["note"]) == {"small n"}  # a handful of conversations proves nothing


def test_baseline_changes_on_enough_conversations_are_not_marked() -> None:
    now = [result(f"n{i}", "Sam", "billing", 80, 80, [], "late parcel") for i in range(30)]
    before = [result(f"b{i}", "Sam", "billing", 60, 60, [], "late parcel") for i in range(30)]
    changes = summarize(now, before).changes
    assert changes is not None
    assert changes.loc[("agent Sam", "overall"), "change"] == 20.0
    assert changes.loc[("agent Sam", "overall"), "note"] == ""


def test_themes_are_sorted_by_count() -> None:
    # By association alone "parcel vanished" (4, never apart) would rank above "charged twice" (6).
    texts = ["refund charged card", "card charged refund", "charged card"] * 3
    texts += ["parcel vanished"] * 4 + ["charged twice again"] * 6
    results = [result(str(i), "Sam", "t", 50, 50, [], text) for i, text in enumerate(texts)]
    counts = [count for _, count in summarize(results).themes]
    assert counts == sorted(counts, reverse=True) and counts[0] == 6


def test_summary_command_over_saved_results_and_transcripts(tmp_path: Path) -> None:
    saved = tmp_path / "today.jsonl"
    saved.write_text("\n".join(json.dumps(r) for r in RESULTS) + "\n", encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["summary", str(saved), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["conversations"] == 4 and {a["agent"] for a in data["agents"]} == {"Sam", "Kim"}
    examples = Path(__file__).resolve().parents[1] / "transcripts_examples"
    table = runner.invoke(app, ["summary", str(examples), "--baseline", str(saved), "--jobs", "1"])
    assert table.exit_code == 0, table.output
    for title in (
        "Per agent",
        "Per team",
        "Tags",
        "Dimensions",
        "Worst conversations",
        "Changes against the baseline",
    ):
        assert title in table.stdout
    markdown = runner.invoke(app, ["summary", str(saved), "--format", "markdown"])
    assert markdown.stdout.startswith("# cscoach summary")


def test_init_writes_a_valid_starter(tmp_path: Path) -> None:
    import re

    from cscoach.config import load_settings

    target = tmp_path / "cscoach.toml"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    assert runner.invoke(app, ["init", str(target)]).exit_code == 2
    lines = target.read_text(encoding="utf-8").splitlines()
    uncommented = [
        line[2:]
        if re.match(r"# (\[|[a-z_]+ = |  ?'|\])", line) and not line.startswith("# fail_under = 70")
        else line
        for line in lines
    ]
    target.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    settings = load_settings(target)
    assert settings.fail_under == 70 and settings.fail_under_dimensions["empathy"] == 60
    assert (
        settings.roles["HelpBot"] == "bot" and settings.jobs == 4 and settings.format == "terminal"
    )
    assert "acme.per_my_last" in settings.rule_set().by_id


def test_terminal_summary_folds_names_and_measures_instead_of_cutting(tmp_path: Path) -> None:
    agent = "Nadia Petrovna-Whitfield <nadia.petrovna@blendco.example>"
    saved = tmp_path / "r.jsonl"
    rows = [result(str(i), agent, "t", 40 + i, 50, [], "parcel late") for i in range(3)]
    saved.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = (
        CliRunner()
        .invoke(app, ["summary", str(saved), "--baseline", str(saved)], env={"COLUMNS": "80"})
        .stdout
    )
    assert "…" not in out.split("Worst conversations")[1]
    joined = "".join(line.strip() for line in out.splitlines())
    assert "nadia.petrovna@blendco.example>" in joined.replace(" ", "")
