"""``cscoach eval``: compare cscoach's tags with human labels (precision, recall, F1, kappa)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .common import (
    EXIT_OK,
    EXIT_USAGE,
    analyzer_from,
    error,
    fail,
    note,
    output_stream,
    settings_from,
)
from .options import ConfigOption, ModelOption, format_option, paths_argument

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from ..evaluate import Disagreement, Evaluation
    from ..model import ConversationResult


class EvalFormat(StrEnum):
    terminal = "terminal"
    json = "json"


Paths = paths_argument("Canonical transcript JSON/JSONL whose agent turns carry gold 'labels'.")
FormatOption = format_option(EvalFormat, "terminal or json.")
ErrorsOption = Annotated[
    str | None,
    typer.Option(
        "--errors", metavar="TAG", help="List false positives and false negatives of this tag."
    ),
]
MinGoldOption = Annotated[
    int,
    typer.Option(
        "--min-gold",
        metavar="N",
        help="Average only over tags with at least this many gold positives.",
    ),
]
RulesOnlyOption = Annotated[
    bool,
    typer.Option("--rules-only", help="Judge the phrase rules alone, without the tagger."),
]


def eval_command(
    paths: Paths,
    output_format: FormatOption = EvalFormat.terminal,
    errors: ErrorsOption = None,
    min_gold: MinGoldOption = 1,
    config: ConfigOption = None,
    model: ModelOption = None,
    rules_only: RulesOnlyOption = False,
) -> None:
    """Measure how far to trust each tag: compare cscoach's tags with human labels.

    Label a sample of your own tickets (each agent turn's "labels" list, and optionally
    metadata.label_set naming the tags you judged), then run this to see per tag: gold positives,
    predicted, precision, recall, F1 and Cohen's kappa, with macro and micro averages. Beside
    them: the rules alone on the same turns, and the model's cross-validated F1 on its own
    training data (from its model card), so you can see what the tagger adds and whether it
    holds on your data.

    Examples:

      cscoach eval labelled.jsonl

      cscoach eval labelled.jsonl --model team-model/ --errors empathy
    """
    from ..evaluate import evaluate
    from ..model import AGENT_TAGS

    if errors is not None and errors not in AGENT_TAGS:
        fail(f"--errors {errors!r}: not an agent tag (one of: {', '.join(AGENT_TAGS)})")
    settings = settings_from(config)
    analyzer = analyzer_from(settings, model=model, rules_only=rules_only)
    baseline = None if rules_only else analyzer_from(settings, rules_only=True)
    results, unreadable = _labelled_results(paths, analyzer)
    ev = evaluate(results)
    if not ev.turns:
        fail("no labelled agent turns found (agent turns need a 'labels' list)")
    rules_ev = None
    if baseline is not None:
        rules_ev = evaluate(baseline.analyze(r.conversation) for r in results)
    findings = _Findings(ev, rules_ev, _cross_validated_f1(analyzer), min_gold, errors)
    if output_format is EvalFormat.json:
        _write_json(findings)
    else:
        _write_report(findings)
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_OK)


def _labelled_results(paths: list[str], analyzer: Analyzer) -> tuple[list[ConversationResult], int]:
    """The analysed conversations, and how many inputs could not be read (each said on stderr)."""
    from ..batch import analyze_inputs
    from ..ingest import InputNote, ReadError

    results, unreadable = [], 0
    for item in analyze_inputs(paths, analyzer, jobs=1):
        if isinstance(item, InputNote):
            note(item, quiet=False)
        elif isinstance(item, ReadError):
            unreadable += 1
            error(str(item))
        else:
            results.append(item)
    return results, unreadable


def _cross_validated_f1(analyzer: Analyzer) -> dict[str, Any]:
    """Per tag the model decides, its cross-validated F1 on its training data (its card's)."""
    trained = analyzer.tagger.model.training.get("tags", {}) if analyzer.tagger else {}
    return {
        tag: facts["cross_validated"]["f1"]
        for tag, facts in trained.items()
        if facts.get("decided_by") == "model" and "cross_validated" in facts
    }


@dataclass(frozen=True)
class _Findings:
    """What eval measured, and what of it to show."""

    ev: Evaluation
    rules_ev: Evaluation | None
    """The rules alone on the same turns (None with --rules-only)."""
    cross_validated: dict[str, Any]
    min_gold: int
    errors_of: str | None
    """--errors: the tag whose disagreements to list."""

    def disagreements(self) -> list[Disagreement]:
        return [e for e in self.ev.errors if e.tag == self.errors_of]


def _write_json(findings: _Findings) -> None:
    from ..render.jsonout import dumps

    data = findings.ev.to_dict(findings.min_gold)
    if findings.rules_ev is not None:
        data["rules_only"] = findings.rules_ev.to_dict(findings.min_gold)
    data["cross_validated_f1"] = findings.cross_validated
    if findings.errors_of:
        data["errors"] = [e.to_dict() for e in findings.disagreements()]
    with output_stream(None) as stream:
        stream.write(dumps(data, indent=2) + "\n")


def _write_report(findings: _Findings) -> None:
    from ..render.evalreport import render_errors, render_evaluation
    from ..render.safe import inert_console

    with output_stream(None) as stream:
        console = inert_console(stream)
        render_evaluation(
            console, findings.ev, findings.min_gold, findings.rules_ev, findings.cross_validated
        )
        if findings.errors_of:
            render_errors(console, findings.disagreements())
