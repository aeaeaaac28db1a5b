"""Build the cs-requests labelling packs, and merge two labellers' answers into agreed labels.

The request-handling sets (../shared/datasets/GUIDELINES-requests.md) label CUSTOMER turns:
does the turn ask for something, and what did the agent's reply do with it.

- ``cs-requests-train``: every customer turn of cs-train.jsonl (conversations in no dev set).
- ``cs-requests-dev``: every customer turn of a fixed random draw of stc3-dev conversations,
  of ibm-twitter-dev conversations (all the multi-turn threads and a draw of the rest), and of
  abcd-sample. Reported on, never fitted.
- ``cs-requests-dev-unseen``: every customer turn of a further draw of stc3-dev and
  ibm-twitter-dev conversations that are not in cs-requests-dev and share no customer turn with
  cs-train. The shared datasets draw cs-train's items from the same threads as those dev sets,
  so about half of cs-requests-dev is training data; this set, with the part of
  cs-requests-dev that shares nothing, gives the figures of conversations the models never saw.

Only ids, turn numbers and labels are kept in the project (benchmarks/labels/); the text is
joined from ../shared/datasets at run time.

    python benchmarks/requests_labelling.py packs OUT_DIR        # items for the labellers
    python benchmarks/requests_labelling.py merge A.jsonl B.jsonl --split train|dev|dev-unseen
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels"
SEED = 20261206
DEV_STC3_CONVERSATIONS = 170
DEV_IBM_SHORT_CONVERSATIONS = 40
UNSEEN_SEED = 20261207
UNSEEN_STC3_CONVERSATIONS = 40
UNSEEN_IBM_CONVERSATIONS = 40
TRAIN_CHUNKS = 3
DEV_CHUNKS = 2
UNSEEN_CHUNKS = 1
HANDLINGS = ("answered", "partial", "clarify", "deferred", "redirect", "missed", "no_reply")


def read(name: str) -> list[dict]:
    with open(DATASETS / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def dev_conversations() -> list[dict]:
    """The fixed draw of dev conversations (by conversation, never by turn)."""
    rng = random.Random(SEED)
    stc3 = read("stc3-dev.jsonl")
    ibm = read("ibm-twitter-dev.jsonl")
    ibm_threads = [c for c in ibm if len(c["turns"]) > 2]
    ibm_short = [c for c in ibm if len(c["turns"]) <= 2]
    return (
        rng.sample(stc3, DEV_STC3_CONVERSATIONS)
        + ibm_threads
        + rng.sample(ibm_short, DEV_IBM_SHORT_CONVERSATIONS)
        + read("abcd-sample.jsonl")
    )


def training_turns() -> set[str]:
    """The text of every customer turn of cs-train."""
    return {
        turn["text"]
        for conversation in read("cs-train.jsonl")
        for turn in conversation["turns"]
        if turn["role"] == "customer"
    }


def unseen_conversations() -> list[dict]:
    """A fixed draw of stc3-dev and ibm-twitter-dev conversations outside cs-requests-dev that
    share no customer turn with cs-train (by conversation, never by turn)."""
    rng = random.Random(UNSEEN_SEED)
    used = {c["id"] for c in dev_conversations()}
    seen = training_turns()

    def pool(name: str) -> list[dict]:
        return [
            c
            for c in read(name)
            if c["id"] not in used
            and not any(t["role"] == "customer" and t["text"] in seen for t in c["turns"])
        ]

    return rng.sample(pool("stc3-dev.jsonl"), UNSEEN_STC3_CONVERSATIONS) + rng.sample(
        pool("ibm-twitter-dev.jsonl"), UNSEEN_IBM_CONVERSATIONS
    )


def split_conversations(split: str) -> list[dict]:
    if split == "train":
        return read("cs-train.jsonl")
    return unseen_conversations() if split == "dev-unseen" else dev_conversations()


def items(conversation: dict) -> Iterator[tuple[str, int]]:
    """(item id, 1-based turn number) of every customer turn."""
    for number, turn in enumerate(conversation["turns"], 1):
        if turn["role"] == "customer":
            yield f"{conversation['id']}:{number}", number


def render(conversation: dict) -> str:
    lines = [f"=== conversation {conversation['id']} ==="]
    for number, turn in enumerate(conversation["turns"], 1):
        text = " ".join(str(turn.get("text", "")).split())
        lines.append(f"[{number}] {turn['role']}: {text}")
    ids = [item for item, _ in items(conversation)]
    lines.append("ITEMS: " + ", ".join(ids))
    return "\n".join(lines) + "\n"


def chunked(conversations: list[dict], count: int) -> list[list[dict]]:
    size = -(-len(conversations) // count)
    return [conversations[i : i + size] for i in range(0, len(conversations), size)]


def write_packs(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for split, count in (
        ("train", TRAIN_CHUNKS),
        ("dev", DEV_CHUNKS),
        ("dev-unseen", UNSEEN_CHUNKS),
    ):
        for number, chunk in enumerate(chunked(split_conversations(split), count), 1):
            path = out / f"{split}{number}.txt"
            path.write_text("\n".join(render(c) for c in chunk), encoding="utf-8")
            n_items = sum(1 for c in chunk for _ in items(c))
            print(f"{path}: {len(chunk)} conversations, {n_items} items")


def load_answers(path: Path) -> dict[str, dict]:
    answers: dict[str, dict] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                answers[row["id"]] = row
    return answers


def agreement(a: dict[str, dict], b: dict[str, dict]) -> dict[str, tuple[int, int]]:
    """Per field: (agreed, judged by both)."""
    both = sorted(set(a) & set(b))
    result = {"request": (sum(a[i]["request"] == b[i]["request"] for i in both), len(both))}
    asked = [i for i in both if a[i]["request"] and b[i]["request"]]
    for field in ("handling", "reask"):
        result[field] = (sum(a[i].get(field) == b[i].get(field) for i in asked), len(asked))
    return result


def merge(a_path: Path, b_path: Path) -> list[dict]:
    """Items both labellers agree on: request, and for requests handling and reask."""
    a, b = load_answers(a_path), load_answers(b_path)
    kept = []
    for item in sorted(set(a) & set(b)):
        x, y = a[item], b[item]
        if bool(x["request"]) != bool(y["request"]):
            continue
        row = {"id": item, "request": bool(x["request"])}
        if row["request"]:
            if x.get("handling") != y.get("handling") or x.get("handling") not in HANDLINGS:
                continue
            row["handling"] = x["handling"]
            row["reask"] = bool(x.get("reask")) and bool(y.get("reask"))
            row["reask_agreed"] = bool(x.get("reask")) == bool(y.get("reask"))
        kept.append(row)
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    packs = sub.add_parser("packs")
    packs.add_argument("out", type=Path)
    merged = sub.add_parser("merge")
    merged.add_argument("answers", type=Path, nargs="+", help="A1 B1 [A2 B2 ...] in pairs")
    merged.add_argument("--split", choices=("train", "dev", "dev-unseen"), required=True)
    args = parser.parse_args()
    if args.command == "packs":
        write_packs(args.out)
        return
    pairs = list(zip(args.answers[::2], args.answers[1::2], strict=True))
    rows: list[dict] = []
    totals: Counter[str] = Counter()
    for a_path, b_path in pairs:
        for field, (agreed, judged) in agreement(
            load_answers(a_path), load_answers(b_path)
        ).items():
            totals[f"{field}_agreed"] += agreed
            totals[f"{field}_judged"] += judged
        rows.extend(merge(a_path, b_path))
    LABELS.mkdir(exist_ok=True)
    out = LABELS / f"cs-requests-{args.split}.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for row in sorted(rows, key=lambda r: r["id"]):
            handle.write(json.dumps(row, sort_keys=True) + "\n")
    figures = {}
    for field in ("request", "handling", "reask"):
        agreed, judged = totals[f"{field}_agreed"], totals[f"{field}_judged"]
        figures[field] = {"agreed": agreed, "judged": judged}
        print(f"{field:<9} agreement {agreed}/{judged} = {agreed / max(judged, 1):.3f}")
    agreement_file = LABELS / f"cs-requests-{args.split}.agreement.json"
    agreement_file.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")
    print(f"{out}: {len(rows)} agreed items; agreement in {agreement_file}")


if __name__ == "__main__":
    main()
