"""Build and check the built-in upset model (src/cscoach/tagger/builtin/upset.json).

Training data: customer turns of cs-train.jsonl (conversations in no dev set) that two
labellers, reading only benchmarks/labels/customer-upset-guide.md and the turns, labelled
alike (benchmarks/labels/customer-upset-train.jsonl: ids and labels only; the text is read
from ../shared/datasets at run time). `cscoach train --upset` fits it, as a team would fit
its own: cross-validated settings and F0.5 thresholds, a fixed seed, a model card.

Then the check on turns nobody fitted on: benchmarks/customer_negative_labels.tsv (80 dev
customer turns labelled by hand), upset as the rules alone read it and with the model; and,
on the training turns, the model's out-of-fold precision from each probability up (mean of
three fold seeds, the shipped model's setting): what upset.TIP_CONFIDENCE is chosen from.

    python benchmarks/upset_model.py          # fit, write the built-in, print the figures
    python benchmarks/upset_model.py --check  # figures of the shipped model only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels" / "customer-upset-train.jsonl"
BUILTIN = HERE.parent / "src" / "cscoach" / "tagger" / "builtin"


def build() -> None:
    command = [sys.executable, "-m", "cscoach", "train", str(DATASETS / "cs-train.jsonl")]
    command += ["--upset", str(LABELS), "-o", str(BUILTIN), "--seed", "0", "--folds", "5"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    model = json.loads((BUILTIN / "upset.json").read_text(encoding="utf-8"))
    report = model["training"]["tags"]["upset"]
    print(
        f"upset model: decided by {report['decided_by']}, {report['judged']} turns no rule "
        f"found upset ({report['positives']} upset); cross-validated "
        f"{json.dumps(report.get('cross_validated'))}"
    )


def check() -> None:
    """The dev check, in a fresh process so it reads the built-in just written."""
    script = HERE / "customer_negative_check.py"
    for label, flags in (("rules alone", ["--no-upset-model"]), ("with the upset model", [])):
        out = subprocess.run(
            [sys.executable, str(script), *flags], capture_output=True, text=True, check=True
        )
        print(f"dev (customer_negative_labels.tsv), {label}: {out.stdout.strip()}")


def tip_bars() -> None:
    """Out-of-fold precision and recall from each probability up, on cs-train's labelled turns
    no rule found upset: how sure the model must be for a tip to be right 8 times in 10."""
    import numpy as np

    from cscoach.analyzer import Analyzer
    from cscoach.ingest import load
    from cscoach.tagger._sklearn import Matrix, out_of_fold
    from cscoach.tagger.train import _vocabulary
    from cscoach.upset import TIP_CONFIDENCE
    from cscoach.upset_training import read_upset_labels, upset_examples

    shipped = json.loads((BUILTIN / "upset.json").read_text(encoding="utf-8"))
    setting = shipped["training"]["tags"]["upset"]["setting"]
    rules_only = Analyzer(model=None, request_model=None, upset_model=None)
    conversations = list(load([str(DATASETS / "cs-train.jsonl")]))
    examples, _ = upset_examples(
        ((c, rules_only.detect(c)) for c in conversations), read_upset_labels(LABELS)
    )
    matrix = Matrix(examples, _vocabulary(examples), "upset")
    p = np.mean([out_of_fold(matrix, setting, seed, 5, 1) for seed in (1, 2, 3)], axis=0)
    print("\nout-of-fold, from each probability up (cs-train, turns no rule found upset):")
    print("| from | turns | precision | recall |\n|---|---|---|---|")
    for bar in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
        chosen = p >= bar
        precision = matrix.y[chosen].mean() if chosen.any() else 0.0
        recall = matrix.y[chosen].sum() / max(matrix.y.sum(), 1)
        mark = " (tips)" if bar == TIP_CONFIDENCE else ""
        print(f"| {bar}{mark} | {chosen.sum()} | {precision:.2f} | {recall:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only the dev figures")
    args = parser.parse_args()
    if not args.check:
        build()
    check()
    tip_bars()


if __name__ == "__main__":
    main()
