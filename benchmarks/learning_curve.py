"""How the tagger's cross-validated F1 grows with the amount of labelled training data.

Trains with the real trainer (`cscoach.tagger.train.fit`, the path `cscoach train` takes) on
random shares of a labelled file, several draws per share, and prints the mean F1 per tag.
A curve still rising at 100 % says more labels would help; the gain per doubling says how many:

    python benchmarks/learning_curve.py [FILE] [--tags active_listening,positive_language]
                                        [--shares 0.25,0.5,1] [--draws 3]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import load
from cscoach.model import Conversation
from cscoach.tagger.train import Example, examples_from, fit

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEFAULT_TAGS = "active_listening,positive_language,next_steps,solution"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DATASETS / "cs-train.jsonl")
    parser.add_argument("--tags", default=DEFAULT_TAGS, help="comma-separated agent tags")
    parser.add_argument("--shares", default="0.25,0.5,0.75,1", help="shares of the turns")
    parser.add_argument("--draws", type=int, default=3, help="random draws per share below 1")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    tags = frozenset(args.tags.split(","))
    conversations = [c for c in load([str(args.file)]) if isinstance(c, Conversation)]
    examples = [
        replace(e, judged=e.judged & tags)
        for e in examples_from(conversations, Analyzer(model=None))
    ]
    ordered = sorted(tags)
    print(f"{args.file.name}: {len(examples)} labelled agent turns\n")
    print("| share | turns | " + " | ".join(ordered) + " |")
    print("|---|---|" + "---|" * len(ordered))
    for share in (float(s) for s in args.shares.split(",")):
        started = time.perf_counter()
        means = _mean_f1(examples, share, 1 if share >= 1 else args.draws, args.jobs)
        size = round(len(examples) * share)
        cells = [f"{means[t]:.3f}" for t in ordered]
        print(f"| {share:.2f} | {size} | " + " | ".join(cells) + f" |  ({_seconds(started)})")
    print("\nF1 is cross-validated (5 folds) within each draw; the mean over draws is shown.")


def _mean_f1(examples: list[Example], share: float, draws: int, jobs: int) -> dict[str, float]:
    scores: dict[str, list[float]] = {}
    for draw in range(draws):
        sample = random.Random(draw).sample(examples, math.floor(len(examples) * share))
        _, reports = fit(sample, seed=draw, jobs=jobs)
        for report in reports:
            figures = report.cross_validated or report.rules
            scores.setdefault(report.tag, []).append(figures.f1)
    return {tag: statistics.mean(values) for tag, values in scores.items()}


def _seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.0f} s"


if __name__ == "__main__":
    main()
