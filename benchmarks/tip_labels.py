"""How often a tip says something the reviewers' labels contradict.

A tip makes a claim about a turn the reviewers labelled: "turn 4 neither acknowledged how they
feel nor apologised" is wrong if they tagged turn 4 empathy or apology ("apologised but did not
acknowledge how they feel": if they tagged it empathy); "a generic reply: it
never names the customer's issue" is wrong if they tagged it active listening, a clarifying
question, empathy or a solution; "no turn offers a fix or says what happens next" is wrong if
they tagged any agent turn solution or next steps; a negative-language tip is wrong if they
judged the turn and did not tag negative_language. Tips whose claim no label speaks to
(privacy, names, re-asking) are counted apart.

This is a floor on wrong tips, not a full review: a tip can be wrong for reasons no label
records. Run it on cs-train (what the tagger was fitted to, so partly in-sample) and on the
development sets:

    python benchmarks/tip_labels.py [FILES...] [--show N]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import load
from cscoach.model import AGENT_TAGS, Conversation, ConversationResult, Tip

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEFAULT = ("cs-train", "cs-dev", "cs-hard-dev", "ibm-twitter-dev", "stc3-dev")

CONTRADICTED_BY = {
    "empathy": frozenset({"empathy", "apology"}),
    "active_listening": frozenset(
        {"active_listening", "clarifying_question", "empathy", "apology", "solution"}
    ),
}
"""Per tip tag: labels on the tipped turn that say the tip is wrong."""


def verdict(tip: Tip, result: ConversationResult, judged: frozenset[str]) -> str | None:
    """'right' or 'wrong' where the labels speak to the tip's claim, else None."""
    labels = _labels(result, tip.turn)
    if tip.tag == "negative_language":
        if labels is None or "negative_language" not in judged:
            return None
        return "right" if "negative_language" in labels else "wrong"
    if tip.tag in CONTRADICTED_BY:
        if labels is None:
            return None
        contradicting = CONTRADICTED_BY[tip.tag]
        if tip.tag == "empathy" and "apologised but" in tip.tip:
            contradicting = frozenset({"empathy"})  # the apology is the tip's own premise
        return "wrong" if labels & contradicting else "right"
    if tip.tag == "resolution" and tip.tip.startswith("No turn offers"):
        agent = [t.turn.labels for t in result.turns if t.turn.role == "agent"]
        if not agent or any(lab is None for lab in agent):
            return None
        given = frozenset().union(*agent)
        return "wrong" if given & {"solution", "next_steps"} else "right"
    return None


def _labels(result: ConversationResult, index: int) -> frozenset[str] | None:
    for tr in result.turns:
        if tr.index == index:
            labels = tr.turn.labels
            return frozenset(labels) if labels is not None else None
    return None


def _judged(conversation: Conversation) -> frozenset[str]:
    label_set = conversation.metadata.get("label_set")
    return frozenset(label_set) if isinstance(label_set, list) else frozenset(AGENT_TAGS)


def measure(path: Path, show: int) -> tuple[Counter, list[str]]:
    analyzer = Analyzer()
    counts: Counter = Counter()
    examples: list[str] = []
    conversations: Iterable = load([str(path)])
    for conversation in conversations:
        if not isinstance(conversation, Conversation):
            continue
        result = analyzer.analyze(conversation)
        for tip in result.tips:
            said = verdict(tip, result, _judged(conversation))
            counts[(tip.tag, said or "unchecked")] += 1
            if said == "wrong" and len(examples) < show:
                labels = sorted(_labels(result, tip.turn) or ())
                examples.append(f"{conversation.id} [{tip.tag}] labels={labels}: {tip.tip[:160]}")
    return counts, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print up to N wrong tips per file")
    args = parser.parse_args()
    files = args.files or [DATASETS / f"{name}.jsonl" for name in DEFAULT]
    print("| file | tip | checked | contradicted by the labels | unchecked |")
    print("|---|---|---:|---:|---:|")
    for path in files:
        if not path.exists():
            continue
        counts, examples = measure(path, args.show)
        tags = sorted({tag for tag, _ in counts})
        for tag in tags:
            right, wrong = counts[(tag, "right")], counts[(tag, "wrong")]
            checked = right + wrong
            share = f"{wrong} ({wrong / checked:.0%})" if checked else "-"
            print(f"| {path.stem} | {tag} | {checked} | {share} | {counts[(tag, 'unchecked')]} |")
        for line in examples:
            print(f"  wrong: {line}")


if __name__ == "__main__":
    main()
