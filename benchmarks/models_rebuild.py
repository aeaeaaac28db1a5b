"""Do the built-in models still rebuild byte for byte from the README's commands?

A rule or feature change moves the features a model was fitted on; the model must then be
refitted, or `cscoach train` no longer reproduces what ships. This rebuilds the tagger, the
request model and the upset model into a temporary folder with the README's commands (on
../shared/datasets and benchmarks/labels) and compares every file with
src/cscoach/tagger/builtin/. Exits 1 when one differs. Needs the train extra (scikit-learn).

    python benchmarks/models_rebuild.py [--jobs 2] [--only tagger|requests|upset]
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parents[1] / "shared" / "datasets"
LABELS = HERE / "labels"
BUILTIN = HERE.parent / "src" / "cscoach" / "tagger" / "builtin"

MODELS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "tagger": (
        [str(DATASETS / "cs-train.jsonl"), str(DATASETS / "epitome-dev.jsonl")],
        ("model.json", "MODEL_CARD.md"),
    ),
    "requests": (
        [str(DATASETS / "cs-train.jsonl"), "--requests", str(LABELS / "cs-requests-train.jsonl")],
        ("requests.json", "REQUESTS_CARD.md"),
    ),
    "upset": (
        [str(DATASETS / "cs-train.jsonl"), "--upset", str(LABELS / "customer-upset-train.jsonl")],
        ("upset.json", "UPSET_CARD.md"),
    ),
}


def rebuild(name: str, out: Path, jobs: int) -> list[str]:
    """The files of model ``name`` that differ from the built-in ones after a rebuild."""
    arguments, files = MODELS[name]
    command = [sys.executable, "-m", "cscoach", "train", *arguments, "-o", str(out)]
    subprocess.run([*command, "--jobs", str(jobs)], check=True, capture_output=True)
    return [f for f in files if not filecmp.cmp(out / f, BUILTIN / f, shallow=False)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", choices=sorted(MODELS))
    args = parser.parse_args()
    stale = []
    for name in [args.only] if args.only else list(MODELS):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            differ = rebuild(name, Path(folder), args.jobs)
            seconds = time.perf_counter() - started
        verdict = f"differs: {', '.join(differ)}" if differ else "identical"
        print(f"{name}: {verdict} ({seconds:.0f} s)")
        stale += differ
    if stale:
        print("rebuild the stale models with the README's commands, then re-measure")
        sys.exit(1)


if __name__ == "__main__":
    main()
