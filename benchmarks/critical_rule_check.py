"""Is each built-in critical rule right on chats it was not written from? A critical rule fails
a conversation on its own, so it must almost never be wrong (cscoach asks 0.95 of it).

Runs every built-in critical rule over the agent turns of the shared data's chats and prints,
per source, its hits and how many are right by the hand judgements in critical_labels.tsv
(ids and verdicts only; the text is read from the shared datasets), then sentences from the
issues that must not fire (PROBES), then any hit no one has judged yet (judge it, add it).

    python benchmarks/critical_rule_check.py [DATASETS_DIR] [--hits]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import Conversation, Turn
from cscoach.rules.engine import builtin_rules

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
SOURCES = {
    "stc3-dev": "real support",
    "ibm-twitter-dev": "real support",
    "abcd-sample": "real support",
    "bitext-synthetic": "support replies",
    "esconv-dev": "peer support",
    "epitome-dev": "peer support",
}
PROBES = (
    "I will just check the Chic Grey for you.",  # issue 26: failed a happy customer's chat
    "Just follow these steps: log in, open Orders, choose Return.",
    "I'm sorry you have to deal with a late parcel on top of everything.",
    "It's completely normal to feel frustrated after waiting this long.",
)
"""Agent sentences that must not fire a critical rule."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="?", type=Path, default=DATASETS)
    parser.add_argument("--hits", action="store_true", help="print every hit with its verdict")
    args = parser.parse_args()
    with (HERE / "critical_labels.tsv").open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        verdicts = {
            (r["dataset"], r["conversation"], int(r["turn"]), r["rule"]): int(r["right"])
            for r in csv.DictReader(lines, delimiter="\t")
        }
    critical = {r.id for r in builtin_rules().rules if r.critical}
    analyzer = Analyzer(model=None)  # the phrase rules alone decide a critical hit
    hits: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    unjudged = []
    for source in SOURCES:
        path = args.datasets / f"{source}.jsonl"
        if not path.exists():
            continue
        for conv in load([str(path)]):
            if isinstance(conv, ReadError):
                continue
            for tr in analyzer.detect(conv):
                if tr.turn.role != "agent":
                    continue
                for rule in sorted({f.rule for f in tr.findings if f.rule in critical}):
                    key = (source, conv.id, tr.index, rule)
                    quote = next(f.text for f in tr.findings if f.rule == rule)
                    hits[source, rule] += 1
                    if key not in verdicts:
                        unjudged.append((*key, quote))
                    right[source, rule] += verdicts.get(key, 0)
                    if args.hits:
                        print(f"{verdicts.get(key, '?')}\t{source}\t{conv.id}\t{tr.index}\t{quote}")
    print(f"built-in critical rules: {', '.join(sorted(critical))}\n")
    print("| source | kind | rule | hits | right | precision |")
    print("|---|---|---|---|---|---|")
    for (source, rule), n in sorted(hits.items()):
        print(f"| {source} | {SOURCES[source]} | {rule} | {n} | {right[source, rule]} | "
              f"{right[source, rule] / n:.2f} |")  # fmt: skip
    total, good = sum(hits.values()), sum(right.values())
    if total:
        print(f"| all | | | {total} | {good} | {good / total:.2f} |")
    print("\nsentences that must not fire:")
    for probe in PROBES:
        conv = Conversation("probe", (Turn("customer", "Hi"), Turn("agent", probe)))
        fired = sorted({f.rule for tr in analyzer.detect(conv) for f in tr.findings} & critical)
        print(f"  {'FIRES ' + ', '.join(fired) if fired else 'ok'}: {probe}")
    if unjudged:
        print(f"\n{len(unjudged)} hits not judged yet (add them to critical_labels.tsv):")
        for source, conv_id, turn, rule, quote in unjudged:
            print(f"{source}\t{conv_id}\t{turn}\t{rule}\t{quote}\t?")


if __name__ == "__main__":
    main()
