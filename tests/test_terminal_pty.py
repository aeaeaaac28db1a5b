"""The terminal report as a person sees it: run under a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "transcripts_examples"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_pty(args: list[str], columns: int = 100) -> str:
    """stdout and stderr of a command that believes both are a terminal, as the screen lines."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(args, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break  # the child closed the terminal
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(primary)
    screen = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))
    lines = []
    for raw in screen.replace("\r\n", "\n").split("\n"):
        lines.append(raw.rsplit("\r", 1)[-1])  # a carriage return redraws the line
    return "\n".join(lines)


def test_the_progress_line_never_shares_a_line_with_the_report() -> None:
    out = run_in_pty([sys.executable, "-m", "cscoach", "analyze", str(EXAMPLES)])
    borders = [line for line in out.splitlines() if "╭─" in line]
    assert len(borders) >= 20, out[-2000:]
    assert all(line.startswith("╭─") for line in borders), [
        b for b in borders if not b.startswith("╭─")
    ]
    for line in out.splitlines():
        if "conversations analysed (" in line:  # the spinner's text
            assert "│" not in line and "FAIL" not in line, line
    assert "cscoach: 25 conversations analysed" in out
