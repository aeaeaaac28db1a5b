from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.evaluate import TagStats, evaluate


def labelled(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "metadata": {"label_set": ["apology", "gratitude"]}, "turns": [
            {"role": "customer", "text": "My order is late."},
            {"role": "agent", "text": "Sorry for the delay, thanks for waiting.", "labels": ["apology", "gratitude"]}]},
        {"id": "b", "metadata": {"label_set": ["apology", "gratitude"]}, "turns": [
            {"role": "customer", "text": "Where is it?"},
            {"role": "agent", "text": "Thank you. It ships today.", "labels": ["apology"]}]},
        {"id": "c", "metadata": {"label_set": ["gratitude"]}, "turns": [
            {"role": "customer", "text": "Hi"},
            {"role": "agent", "text": "Sorry, hello!", "labels": []}]},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_metrics_respect_label_set(tmp_path: Path, analyzer) -> None:
    from cscoach.ingest import load

    ev = evaluate(analyzer.analyze(c) for c in load([str(labelled(tmp_path))]))
    apology, gratitude = ev.stats["apology"], ev.stats["gratitude"]
    # "c" does not judge apology, so its "Sorry" is neither a hit nor an error.
    assert (apology.tp, apology.fp, apology.fn) == (1, 0, 1)
    assert (gratitude.tp, gratitude.fp, gratitude.fn, gratitude.tn) == (1, 1, 0, 1)
    assert ev.turns == 3 and "empathy" not in ev.stats


def test_kappa_and_f1() -> None:
    s = TagStats("x", tp=8, fp=2, fn=2, tn=88)
    assert round(s.f1, 3) == 0.8 and round(s.kappa, 3) == 0.778
    assert TagStats("y").f1 == 0.0


def test_eval_command_json_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["eval", str(labelled(tmp_path)), "--format", "json", "--errors", "apology"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {t["tag"] for t in data["tags"]} == {"apology", "gratitude"}
    assert data["errors"] == [
        {"kind": "fn", "tag": "apology", "conversation": "b", "turn": 2, "text": "Thank you. It ships today.",
         "rules": ["gratitude.thanks"], "context": "Where is it?"}
    ]  # fmt: skip
    table = runner.invoke(app, ["eval", str(labelled(tmp_path)), "--errors", "apology"])
    assert "macro" in table.stdout and "False negatives (in gold, missed): 1" in table.stdout


def test_eval_without_labels_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"turns": [{"role": "agent", "text": "hi"}]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 2 and "no labelled agent turns" in result.stderr
