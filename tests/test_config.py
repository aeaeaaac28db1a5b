from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.config import ConfigError, find_config, load_settings

CUSTOM = """
weights = { empathy = 3 }
disable = ["closing.wrap_up"]
agents = ["Robin"]
fail_under = 50

[[rules]]
id = "acme.banned_phrase"
tag = "negative_language"
patterns = ['''per my last (?:email|message)''']
message = "Passive-aggressive phrase."
tip = "Restate the point kindly."
rewrite = "To recap: ..."
critical = true
examples = { fire = ["Per my last email, it shipped."], pass = ["My last email had the link."] }
"""


def test_found_upwards_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "cscoach.toml").write_text(CUSTOM, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "cscoach.toml"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text("[tool.cscoach]\nfail_under = 70\n", encoding="utf-8")
    settings = load_settings(start=tmp_path)
    assert settings.fail_under == 70


def test_custom_rule_disable_and_weights_apply(tmp_path: Path) -> None:
    path = tmp_path / "cscoach.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    settings = load_settings(path)
    rules = settings.rule_set()
    assert "acme.banned_phrase" in rules.by_id and "closing.wrap_up" not in rules.by_id
    assert settings.weights == {"empathy": 3.0} and settings.agents == ("Robin",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1", "colour: unknown key"),
        ("weights = { kindness = 2 }", "weights.kindness: unknown dimension"),
        ("weights = { empathy = -1 }", "weights.empathy: expected a finite number >= 0"),
        ("fail_under = 300", "fail_under: expected a whole number 0-100"),
        ('disable = ["no.such.rule"]', "cannot disable unknown rule 'no.such.rule'"),
        (
            '[[rules]]\nid = "x"\ntag = "nice"\npatterns = ["a"]\nmessage = "m"',
            "rules[1].tag: 'nice' is not a tag id",
        ),
        ("fail_under = ", "invalid TOML"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "cscoach.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_cli_uses_config_and_reports_errors_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text(CUSTOM, encoding="utf-8")
    chat = tmp_path / "c.txt"
    chat.write_text(
        "Customer: where is my parcel\nRobin: Per my last email, it shipped.\n", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(chat), "--config", str(config), "-f", "jsonl"])
    assert result.exit_code == 1 and "acme.banned_phrase" in result.stderr
    config.write_text("colour = 1", encoding="utf-8")
    broken = runner.invoke(app, ["analyze", str(chat), "--config", str(config)])
    assert broken.exit_code == 2 and len(broken.stderr.strip().splitlines()) == 1
    assert "Traceback" not in broken.output


def test_config_roles_format_and_thresholds_apply(tmp_path: Path) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text(
        'format = "jsonl"\njobs = 1\nroles = { "Robin" = "agent", "Pat" = "customer" }\n'
        "fail_under = { overall = 99 }\n",
        encoding="utf-8",
    )
    chat = tmp_path / "c.txt"
    chat.write_text(
        "Robin: How can I help?\nPat: My order is late.\nRobin: Sorry, it ships today.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(chat), "--config", str(config)])
    data = __import__("json").loads(result.stdout)
    assert [t["role"] for t in data["turns"]] == ["agent", "customer", "agent"]
    assert data["roles_inferred"] is False
    assert result.exit_code == 1 and "overall" in result.stderr


def test_bad_role_in_config(tmp_path: Path) -> None:
    path = tmp_path / "cscoach.toml"
    path.write_text('roles = { "Robin" = "wizard" }', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"roles\.Robin: unknown role 'wizard'"):
        load_settings(path)
