"""Worst cases against the bounds in limits.py: each hostile input, its wall time and peak memory.

Every row is one `cscoach` process on one generated input (start-up, about 1-2 s, included).

    python benchmarks/hostile.py
"""

from __future__ import annotations

import itertools
import json
import string
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import cscoach, run

HEADERS = "From: a@b.example\nTo: c@d.example\nMessage-ID: <x@b>\n"


def _eml(headers: str, body: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / "x.eml"
        path.write_text(f"{HEADERS}{headers}\n\n{body}\n")
        return ["analyze", str(path), "-f", "jsonl", "-q"]

    return make


def _jsonl(conversation: dict, command: str = "analyze") -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / "x.jsonl"
        path.write_text(json.dumps(conversation) + "\n")
        return [command, str(path), *(["-f", "jsonl", "-q"] if command == "analyze" else [])]

    return make


def _text(text: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / "x.txt"
        path.write_text(text)
        return ["analyze", str(path), "-q"]

    return make


def _deep_json(folder: Path) -> list[str]:
    path = folder / "x.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    return ["analyze", str(path), "-q"]


def _names(n: int) -> list[str]:
    """n distinct speaker names of letters only ("Aaaa", "Aaab", ...)."""
    words = itertools.product(string.ascii_lowercase, repeat=4)
    return ["".join(word).title() for word in itertools.islice(words, n)]


def _speakers(folder: Path) -> list[str]:
    path = folder / "x.txt"
    path.write_text(
        "".join(f"{name}: hello there, my order is late\n" * 2 for name in _names(40_000))
    )
    return ["analyze", str(path), "-f", "jsonl", "-q"]


CASES: list[tuple[str, str, Callable[[Path], list[str]]]] = [
    ("email header line 2,000 chars", "In-Reply-To: 60,000 '<'",
     _eml("Subject: x\nIn-Reply-To: " + "<" * 60_000, "my order is late")),
    ("email header line 2,000 chars", "Subject of 10,000 encoded words",
     _eml("Subject: " + " ".join(["=?utf-8?q?a?="] * 10_000), "my order is late")),
    ("HTML over 5,000 tags stripped linearly", "20,000 nested <div>",
     _eml("Subject: y\nContent-Type: text/html", "<div>" * 20_000 + "late" + "</div>" * 20_000)),
    ("email-reply-parser reads 1,500 chars", "'On ' x 1,500",
     _eml("Subject: z", "my order is late " + "On " * 1_500)),
    ("JSON depth: one-line error", "JSON nested 100,000 deep", _deep_json),
    ("role inference and names linear in speakers", "40,000 speakers, 80,000 turns", _speakers),
    ("sentence splitting linear", "a turn of 20,000 '!'", _text("Customer: help" + "!" * 20_000 + "\nAgent: ok\n")),
    ("a run of end marks read once", "19,000 '!' then a sentence", _text("Customer: help " + "!" * 19_000 + "x. Then y.\nAgent: ok\n")),
    ("line breaks sought where whitespace starts", "19,000 spaces after '!'", _text("Customer: help! " + " " * 19_000 + "x\nAgent: ok\n")),
    ("turn analysed to 20,000 chars; terminal shows 5,000", "a 10 MB turn, terminal report",
     _text("Customer: " + "my order is late " * 600_000 + "\nAgent: Sorry!\n")),
    ("summary reads 20,000 chars of a turn", "summary of a 48 MB message",
     _jsonl({"schema_version": 1, "id": "b", "scores": {"overall": 50}, "tips": [],
             "turns": [{"role": "customer", "text": "complaint words " * 3_000_000, "tags": []}]},
            command="summary")),
]  # fmt: skip


def main() -> None:
    print(f"{'bound':<52} {'input':<36} {'time':>7} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for n, (bound, label, make) in enumerate(CASES):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            # one process: the bound is what one process needs, not the worker pool's total
            seconds, peak = run(cscoach(*make(folder), "--jobs", "1"), check=False)
            print(f"{bound:<52} {label:<36} {seconds:6.2f}s {peak / 1024:7.0f} MB")


if __name__ == "__main__":
    main()
