"""Follow conversations call by call through ``Analyzer.analyze`` and count the tangle.

Every Python call made while one conversation is analysed is traced (``sys.setprofile``) and
attributed to the cscoach module its code lives in. Printed, per conversation and per turn:

  - entries into ``cscoach.text`` from another module (what each turn's text costs in passes);
  - calls of the sentence splitter and of the noise masker on a turn's own text;
  - climbs: a call from a lower layer of the pipeline into a higher one (a component reaching
    back up instead of reading what flowed down to it), as distinct call sites and as calls.

Layers, lowest first: text (and model, limits, memo), sentiment, rules, tagger, requests,
report (scoring, coaching, behaviours, reasons), analyzer.

    python benchmarks/callflow.py            # the bundled examples and 200 dataset conversations
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load
from cscoach.model import Conversation, Turn

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT.parent / "shared" / "datasets"

LAYERS = {
    "text": 0, "doc": 0, "model": 0, "limits": 0, "memo": 0, "punkt": 0, "_nltk": 0,
    "sentiment": 1, "rules": 2, "tagger": 3, "requests": 4,
    "scoring": 5, "coaching": 5, "behaviours": 5, "reasons": 5,
    "analyzer": 6,
}  # fmt: skip


def layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "cscoach" or len(parts) < 2:
        return None
    return LAYERS.get(parts[1])


def conversations() -> list[Conversation]:
    convs = [c for c in load([str(ROOT / "transcripts_examples")]) if not isinstance(c, ReadError)]
    rows = []
    for name in ("stc3-dev.jsonl", "ibm-twitter-dev.jsonl", "abcd-sample.jsonl"):
        path = DATASETS / name
        if path.exists():
            rows += [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    for row in random.Random(7).sample(rows, min(200, len(rows))):
        turns = tuple(Turn(role=t["role"], text=t["text"]) for t in row["turns"])
        convs.append(Conversation(id=str(row.get("id")), turns=turns, channel=row.get("channel")))
    return convs


MEMO = "cscoach.memo"


class Tracer:
    def __init__(self) -> None:
        self.text_entries = 0
        self.text_functions: Counter[str] = Counter()
        self.splits = 0
        self.masks = 0
        self.climb_calls = 0
        self.climb_sites: Counter[tuple[str, str]] = Counter()

    def __call__(self, frame, event, arg) -> None:
        if event != "call":
            return
        callee = frame.f_globals.get("__name__", "")
        caller_frame = frame.f_back
        caller = caller_frame.f_globals.get("__name__", "") if caller_frame else ""
        name = frame.f_code.co_name
        if caller == MEMO:
            return  # the memo calling what it wraps: counted at the memo's own call
        if callee == MEMO and name == "call":  # a memoised function, hit or not: count it
            wrapped = frame.f_locals["short"].__wrapped__
            callee, name = wrapped.__module__, wrapped.__name__
        if callee == "cscoach.text":  # whoever calls: a split inside text.py is a split too
            self.splits += name == "sentence_spans"
            self.masks += name == "mask_noise"
        if callee == caller or name.startswith("<"):
            return  # within a module, or a generator resumed by whoever consumes it
        if callee == "cscoach.text":
            self.text_entries += 1
            self.text_functions[name] += 1
        low, high = layer(caller), layer(callee)
        if low is not None and high is not None and high > low:
            self.climb_calls += 1
            site = f"{caller}.{caller_frame.f_code.co_name}"
            self.climb_sites[(site, f"{callee}.{name}")] += 1


def main() -> None:
    analyzer = Analyzer()
    convs = conversations()
    analyzer.analyze(convs[0])  # warm: imports, compiled patterns and models are not the flow
    tracer = Tracer()
    turns = sum(len(c.turns) for c in convs)
    sys.setprofile(tracer)
    try:
        for conv in convs:
            analyzer.analyze(conv)
    finally:
        sys.setprofile(None)
    n = len(convs)
    print(f"{n} conversations, {turns} turns")
    print(f"entries into cscoach.text: {tracer.text_entries / turns:.2f} per turn")
    for name, count in tracer.text_functions.most_common():
        print(f"  {count / turns:6.2f}  {name}")
    print(f"sentence splits: {tracer.splits / turns:.2f} per turn")
    print(f"masking passes: {tracer.masks / turns:.2f} per turn")
    print(
        f"climbs (lower layer calling a higher one): {len(tracer.climb_sites)} call sites, "
        f"{tracer.climb_calls / n:.1f} calls per conversation"
    )
    for (site, target), count in tracer.climb_sites.most_common():
        print(f"  {count:6d}  {site} -> {target}")


if __name__ == "__main__":
    main()
