"""Print the request tips (unanswered_question, redirect, re_asking, no_reply) cscoach gives on
a transcript file, each conversation in full beside its tips, for a person to read and judge.
Read it on training-side sets (cs-train, bitext-synthetic), never to tune on dev sets.

    python benchmarks/requests_tips.py FILE [--sample N] [--seed S] [--tag TAG] [--ids ID,...]

Also counts how many tips each family gives on the file, and how many agent sentences carry
more than one tip (the same turn and quoted words).
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import ConversationResult

REQUEST_TIPS = ("unanswered_question", "redirect", "re_asking", "no_reply")


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(result: ConversationResult) -> str:
    lines = [f"=== {result.conversation.id} ==="]
    for number, turn in enumerate(result.conversation.turns, 1):
        lines.append(f"[{number}] {turn.role}: {_one_line(turn.text)}")
    for request in result.requests:
        lines.append(f"  request turn {request.turn} ({request.kind}): {request.handling}")
    for tip in result.tips:
        if tip.tag in REQUEST_TIPS:
            context = f" | context {tip.context.turn}: {tip.context.quote}" if tip.context else ""
            lines.append(f"  TIP {tip.tag} turn {tip.turn}: “{tip.quote}”{context}")
    shared = Counter((t.turn, t.quote) for t in result.tips if t.quote)
    for tip in result.tips:
        if tip.quote and shared[tip.turn, tip.quote] > 1:
            lines.append(f"  SAME-WORDS {tip.tag} turn {tip.turn}: “{tip.quote}”")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="print N conversations at random")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tag", choices=REQUEST_TIPS, help="only conversations with this tip")
    parser.add_argument("--ids", help="only these conversation ids (comma-separated)")
    args = parser.parse_args()
    wanted = set(args.ids.split(",")) if args.ids else None
    analyzer = Analyzer()
    with_tips: list[ConversationResult] = []
    counts: Counter[str] = Counter()
    doubled = 0
    for conversation in load([str(args.file)]):
        if isinstance(conversation, ReadError):
            continue
        if wanted is not None and conversation.id not in wanted:
            continue
        result = analyzer.analyze(conversation)
        tags = [t.tag for t in result.tips if t.tag in REQUEST_TIPS]
        counts.update(tags)
        words = Counter((t.turn, t.quote) for t in result.tips if t.quote)
        doubled += sum(
            1
            for t in result.tips
            if t.tag in REQUEST_TIPS and t.quote and words[t.turn, t.quote] > 1
        )
        if tags and (args.tag is None or args.tag in tags):
            with_tips.append(result)
    chosen = with_tips
    if args.sample and len(with_tips) > args.sample:
        chosen = random.Random(args.seed).sample(with_tips, args.sample)
    for result in chosen:
        print(show(result) + "\n")
    print(
        "tips: "
        + ", ".join(f"{tag} {counts[tag]}" for tag in REQUEST_TIPS)
        + f"; request tips sharing their quoted words with another tip: {doubled}"
    )


if __name__ == "__main__":
    main()
