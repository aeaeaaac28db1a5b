"""``cscoach train``: fit the tagger, the request model or the upset model to the team's
labelled data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..logline import one_line
from .common import analyzer_from, fail, failing_on, output_stream, settings_from, workers
from .options import ConfigOption, JobsOption, output_option, paths_argument

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from ..model import Conversation
    from ..tagger.train import Example

Paths = paths_argument(
    "Labelled transcripts: canonical JSON/JSONL whose agent turns carry 'labels' "
    "(as for 'cscoach eval')."
)
ModelDirOption = output_option(Path, "DIR", "Model directory to write (created if needed).")
SeedOption = Annotated[int, typer.Option("--seed", metavar="N", help="Seed for the folds.")]
FoldsOption = Annotated[
    int, typer.Option("--folds", metavar="N", min=2, max=20, help="Cross-validation folds.")
]
MinPositivesOption = Annotated[
    int,
    typer.Option(
        "--min-positives",
        metavar="N",
        min=1,
        help="A tag with fewer positive turns stays on the rules.",
    ),
]
RequestsOption = Annotated[
    Path | None,
    typer.Option(
        "--requests",
        metavar="LABELS",
        help="Fit the request model instead of the tagger, from request labels (JSON Lines "
        'of {"id": "CONVERSATION_ID:TURN", "request": true, "handling": "missed"}) joined '
        "with the conversations in PATH. Writes DIR/requests.json and DIR/REQUESTS_CARD.md.",
        show_default=False,
    ),
]
UpsetOption = Annotated[
    Path | None,
    typer.Option(
        "--upset",
        metavar="LABELS",
        help="Fit the upset model instead of the tagger, from labels of customer turns (JSON "
        'Lines of {"id": "CONVERSATION_ID:TURN", "upset": true}) joined with the '
        "conversations in PATH. Writes DIR/upset.json and DIR/UPSET_CARD.md.",
        show_default=False,
    ),
]


def train(
    paths: Paths,
    output: ModelDirOption,
    seed: SeedOption = 0,
    folds: FoldsOption = 5,
    min_positives: MinPositivesOption = 50,
    requests: RequestsOption = None,
    upset: UpsetOption = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
) -> None:
    """Fit the tagger to your own labelled conversations and write a model with its card.

    With --requests LABELS, fit the request model instead: whether a customer turn asks for
    something, and how the agent's reply handled it (answered, partial, clarify, deferred,
    redirect, missed). The labels name customer turns by conversation id and turn number, so
    the transcripts stay where they are. analyze uses DIR/requests.json when --model DIR holds
    one.

    With --upset LABELS, fit the upset model instead: whether a customer turn shows the
    customer upset where no phrase rule found it (its thresholds weigh precision twice, F0.5).
    analyze uses DIR/upset.json when --model DIR holds one.

    Per tag it chooses the model's settings and two thresholds (where a rule fired, and where
    none did) by cross-validation, prints cross-validated precision, recall and F1 beside the
    rules alone, and keeps a tag on the rules when it has too few positives or the model does
    not beat the rules by 0.02 F1. It writes DIR/model.json
    (readable weights) and DIR/MODEL_CARD.md (data, hashes, counts, figures, seed). Use the
    model with --model DIR on analyze and eval, or model = "DIR" in cscoach.toml. Needs
    scikit-learn: pip install 'cscoach[train]'.

    Examples:

      cscoach train labelled/*.jsonl -o team-model/

      cscoach train exports/*.jsonl --requests request-labels.jsonl -o team-model/

      cscoach train exports/*.jsonl --upset upset-labels.jsonl -o team-model/

      cscoach analyze exports/ --model team-model/
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        fail("cscoach train needs scikit-learn: pip install 'cscoach[train]'")
    from ..tagger.train import TrainingError, examples_from, file_facts

    if requests is not None and upset is not None:
        fail("--requests and --upset fit different models: give one of them")
    settings = settings_from(config)
    analyzer = analyzer_from(settings, rules_only=requests is None, track_requests=False)
    conversations = _conversations(paths)
    fitting = _Fitting(output, seed, folds, workers(jobs, settings), min_positives)
    if requests is not None:
        _train_requests(conversations, analyzer, requests, paths, fitting)
        return
    if upset is not None:
        _train_upset(conversations, analyzer, upset, paths, fitting)
        return
    with failing_on(TrainingError):
        examples = examples_from(conversations, analyzer)
    if not examples:
        fail(
            f"{', '.join(paths)}: no labelled agent turns "
            "(agent turns need a 'labels' list of tag ids)"
        )
    typer.echo(
        f"training on {len(examples)} labelled agent turns from {len(conversations)} "
        f"conversations ({folds}-fold cross-validation, seed {seed})",
        err=True,
    )
    _fit_and_write(examples, file_facts([Path(p) for p in paths], conversations), fitting)


@dataclass(frozen=True)
class _Fitting:
    """How ``cscoach train`` fits and where it writes."""

    output: Path
    seed: int
    folds: int
    jobs: int
    min_positives: int


def _conversations(paths: list[str]) -> list[Conversation]:
    """Every conversation of the inputs; training on part of them is no training: an unreadable
    input ends the run."""
    from ..ingest import InputNote, ReadError, load

    conversations = []
    for item in load(paths):
        if isinstance(item, InputNote):
            typer.echo(f"cscoach: note: {one_line(str(item))}", err=True)
        elif isinstance(item, ReadError):
            fail(str(item))
        else:
            conversations.append(item)
    return conversations


def _fit_and_write(
    examples: list[Example], facts: dict[str, Any], fitting: _Fitting, task: str = "tags"
) -> None:
    """Fit a model for ``task`` (the tagger, or the request model), write it with its card,
    and print the cross-validated figures."""
    from ..render.safe import inert_console
    from ..render.trainreport import render_training
    from ..tagger.card import write_model
    from ..tagger.train import TrainingError, build_model, fit
    from ..tagger.weights import FILES, TASKS
    from ..upset_training import BETA

    with failing_on(TrainingError):
        tags, reports = fit(
            examples,
            seed=fitting.seed,
            folds=fitting.folds,
            jobs=fitting.jobs,
            min_positives=fitting.min_positives,
            on_tag=lambda r: typer.echo(f"  {r.tag}: {r.decided_by}", err=True),
            labels=TASKS[task],
            beta=BETA if task == "upset" else 1.0,
        )
    built = build_model(
        tags, reports, facts, fitting.seed, fitting.folds, fitting.min_positives, task=task
    )
    try:
        write_model(fitting.output, built)
    except OSError as exc:
        fail(f"{fitting.output}: {exc.strerror or exc}")
    model_file, card_file = FILES[task]
    with output_stream(None) as stream:
        render_training(inert_console(stream), reports, card_file)
    typer.echo(f"wrote {fitting.output / model_file} and {fitting.output / card_file}", err=True)


def _train_requests(
    conversations: list[Conversation],
    analyzer: Analyzer,
    labels_path: Path,
    paths: list[str],
    fitting: _Fitting,
) -> None:
    """``train --requests``: the request model from labelled customer turns."""
    from ..requests.training import read_labels, request_examples
    from ..tagger.train import TrainingError

    with failing_on(TrainingError):
        labels = read_labels(labels_path)
        tagged = ((c, analyzer.tagged(c)) for c in conversations)
        examples = request_examples(tagged, labels)
    found = (
        f"{len(examples)} examples from {len(labels)} labelled customer turns" if examples else ""
    )
    _fit_on_customer_labels(
        examples, found, "requests", labels_path, list(labels), paths, conversations, fitting
    )


def _train_upset(
    conversations: list[Conversation],
    analyzer: Analyzer,
    labels_path: Path,
    paths: list[str],
    fitting: _Fitting,
) -> None:
    """``train --upset``: the upset model from labelled customer turns (read by the rules
    alone: the model learns what they miss)."""
    from ..tagger.train import TrainingError
    from ..upset_training import read_upset_labels, upset_examples

    with failing_on(TrainingError):
        labels = read_upset_labels(labels_path)
        detected = ((c, analyzer.detect(c)) for c in conversations)
        examples, ruled = upset_examples(detected, labels)
    found = (
        f"the {len(examples)} labelled customer turns no rule found upset (the rules found "
        f"{len(ruled)}, {sum(ruled)} rightly)"
        if examples or ruled
        else ""
    )
    _fit_on_customer_labels(
        examples, found, "upset", labels_path, list(labels), paths, conversations, fitting
    )


def _fit_on_customer_labels(
    examples: list[Example],
    found: str,
    task: str,
    labels_path: Path,
    labels: list[str],
    paths: list[str],
    conversations: list[Conversation],
    fitting: _Fitting,
) -> None:
    """Fit a model on labelled customer turns (``found`` says what the labels gave: empty
    when they name no customer turn of the inputs), and write it with its card."""
    if not found:
        fail(f"{labels_path}: no label names a customer turn of {', '.join(paths)}")
    model = {"requests": "request", "upset": "upset"}[task]
    typer.echo(
        f"training the {model} model on {found} ({fitting.folds}-fold cross-validation, "
        f"seed {fitting.seed})",
        err=True,
    )
    facts = _customer_label_facts(paths, labels_path, labels, conversations)
    _fit_and_write(examples, facts, fitting, task)


def _customer_label_facts(
    paths: list[str], labels_path: Path, labels: list[str], conversations: list[Conversation]
) -> dict[str, Any]:
    """The card's data facts where the labels name customer turns: per file, how many."""
    from ..tagger.train import file_facts

    facts = file_facts([*(Path(p) for p in paths), labels_path], conversations)
    labelled = [label.rsplit(":", 1)[0] for label in labels]
    for entry in facts["files"]:  # what each file gave: labelled customer turns, not agent turns
        if entry["name"] == labels_path.name:
            entry["labelled_agent_turns"] = len(labels)
        else:
            mine = {c.id for c in conversations if Path(c.source or "").name == entry["name"]}
            entry["labelled_agent_turns"] = sum(conv in mine for conv in labelled)
    facts["counted"] = "labelled customer turns (or labels)"
    return facts
