"""Bare VADER, the speed reference: polarity_scores once on every turn of a JSON Lines file.

python benchmarks/bare_vader.py corpus.jsonl
"""

from __future__ import annotations

import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main(path: str) -> None:
    analyzer = SentimentIntensityAnalyzer()
    turns = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            for turn in json.loads(line)["turns"]:
                analyzer.polarity_scores(turn["text"])
                turns += 1
    print(turns)


if __name__ == "__main__":
    main(sys.argv[1])
