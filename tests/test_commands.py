"""The command line's own errors: a bad config or option value is one line and exit 2, however
the command reaches it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.commands.app import app

CHAT = "Customer: Where is my order?\nAgent: It ships today, thank you for waiting.\n"


@pytest.fixture
def chat(tmp_path: Path) -> Path:
    path = tmp_path / "chat.txt"
    path.write_text(CHAT, encoding="utf-8")
    return path


def _one_error(result) -> str:
    """The one error line of a run that exited 2 (an exception other than the exit would be a
    traceback on the command line)."""
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("cscoach: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_summary_with_a_config_model_that_is_missing_is_one_line(
    tmp_path: Path, chat: Path, engine: str
) -> None:
    config = tmp_path / "cscoach.toml"
    config.write_text('model = "no-such-model"\n', encoding="utf-8")
    args = ["summary", str(chat), "--config", str(config), "--engine", engine]
    line = _one_error(CliRunner().invoke(app, args))
    assert "model:" in line and "no-such-model" in line and "no model.json" in line


def test_summary_partition_size_error_is_said_once(chat: Path) -> None:
    args = ["summary", str(chat), "--engine", "dask", "--partition-size", "0"]
    line = _one_error(CliRunner().invoke(app, args))
    assert line == (
        "cscoach: error: --partition-size '0': expected a size such as 64MB, 500kB or 1GiB"
    )


def test_analyze_with_a_config_model_that_is_missing_is_one_line(
    tmp_path: Path, chat: Path
) -> None:
    """analyze's one-line config error, the one summary now shares."""
    config = tmp_path / "cscoach.toml"
    config.write_text('model = "no-such-model"\n', encoding="utf-8")
    line = _one_error(CliRunner().invoke(app, ["analyze", str(chat), "--config", str(config)]))
    assert "no-such-model" in line
