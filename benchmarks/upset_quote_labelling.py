"""Build a labelling pack for the empathy tip's quote, and merge two labellers' answers.

Each item is one cs-train customer turn that cs-train's reviewers agreed is upset
(benchmarks/labels/customer-upset-train.jsonl) and that has at least two sentences the quote
could be, split into numbered sentences. Labellers read only benchmarks/labels/upset-quote-guide.md
and the items, and pick the sentence that best shows the customer upset. The turns already in
upset-quote-train.jsonl's first round are left out; the draw is fixed (``SEED``). Only ids and the picked
sentence's offset are kept in the project; the text is joined from ../shared/datasets at run time.

    python benchmarks/upset_quote_labelling.py pack OUT_DIR            # OUT_DIR/items.md
    python benchmarks/upset_quote_labelling.py merge A.jsonl B.jsonl    # appends agreed labels
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.ingest import ReadError, load

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels"
TRAIN_LABELS = LABELS / "upset-quote-train.jsonl"
AGREEMENT = LABELS / "upset-quote-train.agreement.json"
SEED = 20261209
DRAW = 200
EARLIER = 77
"""The labels of the first round (the file's first lines): their turns are not drawn again."""


def candidates() -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Every upset cs-train turn with two or more quotable sentences not yet labelled: its text
    and its sentence spans, by item id."""
    rows = map(json.loads, (LABELS / "customer-upset-train.jsonl").read_text().splitlines())
    upset = {row["id"] for row in rows if row.get("upset")}
    lines = TRAIN_LABELS.read_text().splitlines()[:EARLIER]
    done = {json.loads(line)["id"] for line in lines}
    analyzer = Analyzer()
    assert analyzer.upset is not None
    out = {}
    for conversation in load([str(DATASETS / "cs-train.jsonl")]):
        if isinstance(conversation, ReadError):
            continue
        for turn in analyzer.detect(conversation):
            key = f"{conversation.id}:{turn.index}"
            if key not in upset or key in done:
                continue
            quotable, _ = analyzer.upset.quote_candidates(turn.doc)
            if len(quotable) >= 2:
                out[key] = (turn.doc.text, list(turn.doc.spans))
    return out


def drawn() -> dict[str, tuple[str, list[tuple[int, int]]]]:
    pool = candidates()
    keys = sorted(pool)
    return {key: pool[key] for key in sorted(random.Random(SEED).sample(keys, DRAW))}


def write_pack(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for key, (text, spans) in drawn().items():
        lines.append(f"## {key}\n")
        lines += [f"{n}. {' '.join(text[s:e].split())}" for n, (s, e) in enumerate(spans, 1)]
        lines.append("")
    (out / "items.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"{out / 'items.md'}: {DRAW} items")


def merge(a_path: Path, b_path: Path) -> None:
    """Append the items both labellers picked the same sentence in, and update the agreement."""
    a, b = ({row["id"]: row["pick"] for row in map(json.loads, p.open())} for p in (a_path, b_path))
    items = drawn()
    missing = set(items) - (set(a) & set(b))
    if missing:
        raise SystemExit(f"{len(missing)} items lack an answer, e.g. {sorted(missing)[0]}")
    labelled = {json.loads(line)["id"] for line in TRAIN_LABELS.read_text().splitlines()}
    if labelled & set(items):
        raise SystemExit(f"{TRAIN_LABELS} already holds this draw's labels")
    agreed = {key: a[key] for key in items if a[key] == b[key]}
    with TRAIN_LABELS.open("a", encoding="utf-8") as handle:
        for key, pick in agreed.items():
            _, spans = items[key]
            if 1 <= pick <= len(spans):
                handle.write(json.dumps({"id": key, "start": spans[pick - 1][0]}) + "\n")
    before = json.loads(AGREEMENT.read_text())
    total = {"items": before["items"] + len(items), "agreed": before["agreed"] + len(agreed)}
    total["agreement"] = round(total["agreed"] / total["items"], 3)
    AGREEMENT.write_text(json.dumps(total, indent=1) + "\n")
    print(f"agreed on {len(agreed)} of {len(items)} ({len(agreed) / len(items):.3f}); {total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("pack").add_argument("out", type=Path)
    both = sub.add_parser("merge")
    both.add_argument("a", type=Path)
    both.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "pack":
        write_pack(args.out)
    else:
        merge(args.a, args.b)


if __name__ == "__main__":
    main()
