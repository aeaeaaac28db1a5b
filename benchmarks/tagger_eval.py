"""Rules alone, the model cross-validated on its training data, and the model on each dev set.

Prints one Markdown table per dev set (the README's tagger table comes from here):

    python benchmarks/tagger_eval.py [--model DIR] [DATASETS_DIR]

A dev set the model was trained on (its card lists the training files) has no honest dev
figure: its column shows the cross-validated figure on that file instead, marked "(cv)".
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cscoach.analyzer import Analyzer
from cscoach.evaluate import Evaluation, evaluate
from cscoach.ingest import ReadError, load
from cscoach.tagger.weights import TaggerModel, builtin_model, load_model

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
DEV_SETS = ("cs-dev", "cs-hard-dev", "epitome-dev", "esconv-dev")
MIN_GOLD = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="?", type=Path, default=DATASETS)
    parser.add_argument("--model", type=Path, help="model directory (default: built-in)")
    args = parser.parse_args()
    model = load_model(args.model) if args.model else builtin_model()
    trained_on = {f["name"] for f in model.training.get("files", [])}
    print(f"model: {args.model or 'built-in'}; trained on {', '.join(sorted(trained_on))}\n")
    print_training(model)
    for name in DEV_SETS:
        path = args.datasets / f"{name}.jsonl"
        if path.exists():
            print_dev_set(path, model, path.name in trained_on)


def print_training(model: TaggerModel) -> None:
    print("## Cross-validated on the training data\n")
    print("| tag | positives | rules F1 | model F1 (cv) | decided by |")
    print("|---|---|---|---|---|")
    rules, chosen = [], []
    for tag, facts in model.training.get("tags", {}).items():
        cv = facts.get("cross_validated", {}).get("f1")
        rules.append(facts["rules"]["f1"])
        chosen.append(cv if facts["decided_by"] == "model" and cv is not None else rules[-1])
        shown = "-" if cv is None else f"{cv:.2f}"
        print(
            f"| {tag} | {facts['positives']} | {facts['rules']['f1']:.2f} | {shown} | "
            f"{facts['decided_by']} |"
        )
    if rules:
        print(f"| macro | | {_mean(rules):.2f} | {_mean(chosen):.2f} | |\n")


def print_dev_set(path: Path, model: TaggerModel, in_training: bool) -> None:
    conversations = [c for c in load([str(path)]) if not isinstance(c, ReadError)]
    rules = evaluate(Analyzer(model=None).analyze(c) for c in conversations)
    learned = evaluate(Analyzer(model=model).analyze(c) for c in conversations)
    by_file = {
        tag: facts.get("cross_validated_by_file", {}).get(path.name)
        for tag, facts in model.training.get("tags", {}).items()
    }
    note = " (in the training data: model column is cross-validated)" if in_training else ""
    print(f"## {path.name}{note}\n")
    print("| tag | gold | rules P / R / F1 | model P / R / F1 |")
    print("|---|---|---|---|")
    rules_f1, model_f1 = [], []
    for tag, stats in learned.stats.items():
        base = rules.stats[tag]
        if in_training and by_file.get(tag):
            cv = by_file[tag]
            shown = f"{cv['precision']:.2f} / {cv['recall']:.2f} / {cv['f1']:.2f} (cv)"
            f1 = cv["f1"]
        else:
            shown, f1 = _prf(learned, tag), stats.f1
        print(f"| {tag} | {stats.gold} | {_prf(rules, tag)} | {shown} |")
        if stats.gold >= MIN_GOLD:
            rules_f1.append(base.f1)
            model_f1.append(f1)
    if model_f1:
        print(
            f"| macro (tags with >= {MIN_GOLD} gold) | | {_mean(rules_f1):.3f} | "
            f"{_mean(model_f1):.3f} |"
        )
    print()


def _prf(ev: Evaluation, tag: str) -> str:
    s = ev.stats[tag]
    return f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    main()
