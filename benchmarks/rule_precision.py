"""How often each rule is right: its precision on every labelled agent turn it fires in.

A hit is right when the turn's gold labels hold the rule's tag; turns whose conversation did not
judge the tag (metadata.label_set) are left out, and so are single-label sets (ESConv), where a
second correct tag counts as wrong. Prints a table, and with --write stores the figures in
src/cscoach/rules/precision.json, which `cscoach rules` shows and the critical-rule test reads.

    python benchmarks/rule_precision.py [--write] [DATASETS_DIR]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import AGENT_TAGS
from cscoach.rules.engine import builtin_rules

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"
LABELLED = ("cs-train.jsonl", "cs-dev.jsonl", "cs-hard-dev.jsonl", "epitome-dev.jsonl")
OUT = ROOT / "src" / "cscoach" / "rules" / "precision.json"


def measure(paths: list[Path]) -> dict[str, dict[str, float | int]]:
    analyzer = Analyzer(model=None)
    hits: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for conv in load([str(p) for p in paths]):
        if isinstance(conv, ReadError) or conv.metadata.get("single_label"):
            continue
        judged = set(conv.metadata.get("label_set") or AGENT_TAGS)
        for tr in analyzer.detect(conv):
            if tr.turn.role != "agent" or tr.turn.labels is None:
                continue
            gold = set(tr.turn.labels)
            for rule in {(f.rule, f.tag) for f in tr.findings if f.tag in judged}:
                hits[rule[0]] += 1
                right[rule[0]] += rule[1] in gold
    return {
        rule: {
            "hits": hits[rule],
            "right": right[rule],
            "precision": round(right[rule] / hits[rule], 3),
        }
        for rule in sorted(hits)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="?", type=Path, default=DATASETS)
    parser.add_argument("--write", action="store_true", help=f"store the figures in {OUT.name}")
    args = parser.parse_args()
    paths = [args.datasets / name for name in LABELLED if (args.datasets / name).exists()]
    figures = measure(paths)
    critical = {r.id for r in builtin_rules().rules if r.critical}
    print(f"measured on {', '.join(p.name for p in paths)}\n")
    print("| rule | hits | right | precision | critical |")
    print("|---|---|---|---|---|")
    for rule, f in sorted(figures.items(), key=lambda item: item[1]["precision"]):
        flag = "yes" if rule in critical else ""
        print(f"| {rule} | {f['hits']} | {f['right']} | {f['precision']:.2f} | {flag} |")
    if args.write:
        data = {"measured_on": [p.name for p in paths], "rules": figures}
        OUT.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {OUT}")


if __name__ == "__main__":
    main()
