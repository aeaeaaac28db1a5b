"""Where the labels themselves limit active-listening and empathy figures.

Two views the F1 tables of `cscoach eval` cannot give:

1. Reviewer votes (cs-dev, cs-hard-dev): each turn carries how many of 3 reviewers gave a tag
   (metadata.votes). For each vote count, how many turns cscoach tags, and the F1 on the turns
   where all three reviewers agreed.
2. ESConv strategies: each supporter turn carries the one strategy its writer chose. For each
   strategy, how often cscoach finds active listening or empathy, and how often it finds either
   on the turns labelled Restatement or Reflection (the two the dataset maps to those tags).

    python benchmarks/label_limits.py [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import TurnResult

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets"
LISTENING, EMPATHY = "active_listening", "empathy"
RESTATEMENT, REFLECTION = "Restatement or Paraphrasing", "Reflection of feelings"


def agent_turns(path: Path) -> Iterator[tuple[dict, dict, TurnResult]]:
    """(raw conversation, raw agent turn, analysed turn) for every labelled agent turn."""
    raw = {}
    for line in path.open(encoding="utf-8"):
        data = json.loads(line)
        raw[data["id"]] = data
    analyzer = Analyzer()
    for conv in load([str(path)]):
        if isinstance(conv, ReadError):
            raise SystemExit(str(conv))
        data = raw[conv.id]
        for raw_turn, result in zip(data["turns"], analyzer.analyze(conv).turns, strict=True):
            if raw_turn["role"] == "agent" and "labels" in raw_turn:
                yield data, raw_turn, result


def votes_view(path: Path, tag: str) -> None:
    turns, tagged = Counter(), Counter()
    for data, _, result in agent_turns(path):
        votes = data["metadata"]["votes"][tag]
        turns[votes] += 1
        tagged[votes] += tag in result.tags
    by_votes = "  ".join(f"{v}/3 votes: {tagged[v]}/{turns[v]}" for v in range(4))
    tp, fp, fn = tagged[3], tagged[0], turns[3] - tagged[3]
    unanimous = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"{path.name:18} {tag:17} tagged/turns at {by_votes}")
    print(f"{'':18} {'':17} F1 on unanimous turns only: {unanimous:.2f}")


def strategies_view(path: Path) -> None:
    turns, found = Counter(), {LISTENING: Counter(), EMPATHY: Counter(), "either": Counter()}
    for _, raw_turn, result in agent_turns(path):
        strategy = raw_turn.get("strategy", "?")
        turns[strategy] += 1
        found[LISTENING][strategy] += LISTENING in result.tags
        found[EMPATHY][strategy] += EMPATHY in result.tags
        found["either"][strategy] += bool({LISTENING, EMPATHY} & result.tags)
    print(f"\n{path.name}: share of each strategy's turns where cscoach finds the tag")
    print(f"{'strategy':30} {'turns':>6} {LISTENING:>17} {EMPATHY:>8} {'either':>7}")
    for strategy, n in turns.most_common():
        shares = [found[k][strategy] / n for k in (LISTENING, EMPATHY, "either")]
        print(f"{strategy:30} {n:6} {shares[0]:17.2f} {shares[1]:8.2f} {shares[2]:7.2f}")
    both = turns[RESTATEMENT] + turns[REFLECTION]
    either = found["either"][RESTATEMENT] + found["either"][REFLECTION]
    print(f"Restatement + Reflection together: either tag found on {either}/{both} ", end="")
    print(f"({either / both:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=DEFAULT)
    folder = parser.parse_args().datasets
    for name in ("cs-dev.jsonl", "cs-hard-dev.jsonl"):
        votes_view(folder / name, LISTENING)
    strategies_view(folder / "esconv-dev.jsonl")


if __name__ == "__main__":
    main()
