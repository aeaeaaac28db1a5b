"""How often each request tip agrees with the labellers: for every unanswered_question,
redirect, no_reply and re_asking tip on a labelled customer turn, is the turn labelled so?

- ``--split dev``: the built-in request model on cs-requests-dev (for reporting).
- ``--split train --folds K``: K-fold by conversation on cs-requests-train; each fold's tips
  come from a request model fitted on the other folds (for choosing, without touching dev).

    python benchmarks/request_tip_precision.py [--split dev|train] [--folds K] [--show]

A tip's precision here is the labellers' view of the handling, not of the tip's wording:
an unanswered_question tip is right where the turn is labelled ``missed`` or ``partial``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from requests_eval import conversations, seen_in_training
from requests_labelling import LABELS

from cscoach.analyzer import Analyzer
from cscoach.model import Conversation, ConversationResult
from cscoach.requests.training import request_examples
from cscoach.tagger.train import build_model, fit
from cscoach.tagger.weights import TASKS, TaggerModel, builtin_model

RIGHT_WHEN = {
    "unanswered_question": frozenset({"missed", "partial"}),
    "redirect": frozenset({"redirect"}),
    "no_reply": frozenset({"no_reply"}),
}
FAMILIES = (*RIGHT_WHEN, "re_asking")


def verdicts(
    results: Iterable[ConversationResult], gold: dict[str, dict]
) -> list[tuple[str, str, bool, str, float]]:
    """(family, item id, right?, gold handling) for each request tip on a labelled turn."""
    out = []
    for result in results:
        for tip in result.tips:
            if tip.tag not in FAMILIES or tip.context is None:
                continue
            request_turn = tip.context.turn
            if tip.tag == "re_asking":
                request_turn = next(
                    (r.turn for r in result.requests if r.reask and r.reask.asked.turn == tip.turn),
                    request_turn,
                )
            item = f"{result.conversation.id}:{request_turn}"
            row = gold.get(item)
            if row is None:
                continue
            handling = row.get("handling", "none") if row["request"] else "none"
            if tip.tag == "re_asking":
                right = bool(row.get("reask"))
            else:
                right = handling in RIGHT_WHEN[tip.tag]
            confidence = next((r.confidence for r in result.requests if r.turn == request_turn), 0)
            out.append((tip.tag, item, right, handling, confidence))
    return out


def folds_of(convs: list[Conversation], k: int, seed: int) -> list[list[Conversation]]:
    shuffled = sorted(convs, key=lambda c: c.id)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::k] for i in range(k)]


def fitted(train: list[Conversation], gold: dict[str, dict], seed: int) -> TaggerModel:
    rules = Analyzer(request_model=None)
    examples = request_examples(((c, rules.tagged(c)) for c in train), gold)
    tags, reports = fit(examples, seed=seed, labels=TASKS["requests"])
    return build_model(tags, reports, {}, seed, 5, task="requests")


def table(found: list[tuple[str, str, bool, str, float]]) -> None:
    print("| family | tips | right | precision | labelled as (wrong ones) |")
    print("|---|---|---|---|---|")
    by_family: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)
    for family, item, right, handling, _ in found:
        by_family[family].append((item, right, handling))
    for family in FAMILIES:
        rows = by_family.get(family, [])
        right = sum(r for _, r, _ in rows)
        wrong = Counter(h for _, r, h in rows if not r)
        share = f"{right / len(rows):.2f}" if rows else "-"
        listed = ", ".join(f"{h} {n}" for h, n in wrong.most_common())
        print(f"| {family} | {len(rows)} | {right} | {share} | {listed} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", action="store_true", help="list every tip's verdict")
    args = parser.parse_args()
    path = LABELS / f"cs-requests-{args.split}.jsonl"
    gold = {row["id"]: row for row in map(json.loads, path.read_text().splitlines())}
    convs = conversations(args.split)
    found: list[tuple[str, str, bool, str, float]] = []
    if args.split == "dev":
        analyzer = Analyzer(request_model=builtin_model("requests"))
        found = verdicts(map(analyzer.analyze, convs), gold)
    else:
        parts = folds_of(convs, args.folds, args.seed)
        for i, held_out in enumerate(parts):
            rest = [c for j, part in enumerate(parts) if j != i for c in part]
            analyzer = Analyzer(request_model=fitted(rest, gold, args.seed))
            found += verdicts(map(analyzer.analyze, held_out), gold)
            print(f"fold {i + 1}/{args.folds}: {len(found)} tips so far", file=sys.stderr)
    print(f"# request tips against cs-requests-{args.split} labels ({len(convs)} conversations)\n")
    table(found)
    if args.split == "dev":
        seen = seen_in_training()
        unseen = [row for row in found if row[1].rsplit(":", 1)[0] not in seen]
        where = f"the {len(convs) - len(seen)} conversations that share no turn with cs-train"
        more = LABELS / "cs-requests-dev-unseen.jsonl"
        if more.exists():
            added = conversations("dev-unseen")
            extra = {row["id"]: row for row in map(json.loads, more.read_text().splitlines())}
            unseen += verdicts(map(analyzer.analyze, added), extra)
            where += f" and the {len(added)} of cs-requests-dev-unseen"
        print(f"\n## {where}\n")
        table(unseen)
    if args.show:
        for family, item, right, handling, confidence in found:
            verdict = "RIGHT" if right else "WRONG"
            print(f"{verdict} {family} {item} labelled {handling} (confidence {confidence:.2f})")


if __name__ == "__main__":
    main()
