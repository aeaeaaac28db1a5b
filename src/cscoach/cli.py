"""The command line: parses options, wires ingest -> analyze -> render, sets the exit code.

Heavy modules (nltk, pandas, vaderSentiment, the rule engine) are imported inside the commands,
so ``cscoach --help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer
from typer.core import TyperArgument, TyperCommand

from . import __version__
from .catalog import FORMAT_NAMES, FORMATS
from .logline import one_line

if TYPE_CHECKING:
    from .analyzer import Analyzer
    from .gate import Thresholds
    from .model import Conversation
    from .tagger.train import Example

EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE = 0, 1, 2


class PlainHelp(TyperCommand):
    """A command whose help shows arguments as command-line tools do (``PATH...``): Typer
    prints their Python type (``PATH <list[str]>``) and braces required ones (``{PATH}...``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
                param._usage_display_name = partial(_plain_usage, param)  # type: ignore[method-assign]


def _plain_usage(param: TyperArgument) -> str:
    name = param.display_name_raw + ("..." if param.nargs != 1 else "")
    return name if param.required else f"[{name}]"


app = typer.Typer(
    name="cscoach",
    help="Coach customer-service conversations: find what agents did well and badly in each turn, "
    "score each conversation, and print quoted improvement tips. Offline and deterministic.\n\n"
    "Start with: cscoach demo (analyses the bundled example conversations), then: cscoach "
    "analyze YOUR_EXPORTS/",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    html = "html"
    junit = "junit"
    github = "github"
    sarif = "sarif"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        metavar="ENGINE",
        help="local (default): processes on this machine; dask: partitions on a Dask cluster "
        "(pip install 'cscoach[dask]'), which also reads fsspec URLs (s3://, gs://, abfs://, "
        "file://).",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="--engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster "
        "of --jobs worker processes).",
    ),
]
PartitionSizeOption = Annotated[
    str,
    typer.Option(
        "--partition-size",
        metavar="SIZE",
        help="--engine dask: JSON Lines files larger than this are split into ranges of it, on "
        "line boundaries (e.g. 64MB, 500kB).",
    ),
]
InputFormat = StrEnum("InputFormat", {name: name for name in ("auto", *FORMAT_NAMES)})


class EvalFormat(StrEnum):
    terminal = "terminal"
    json = "json"


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (default: cscoach.toml or [tool.cscoach] in pyproject.toml, upwards).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically: renamed into place when done).",
    ),
]
AgentOption = Annotated[
    list[str],
    typer.Option(
        "--agent", "-a", metavar="NAME", help="A speaker name that is an agent (repeatable)."
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        metavar="DIR",
        help="Tagger model directory made by 'cscoach train' (default: config's model, else the "
        "built-in model).",
        show_default=False,
    ),
]
FailUnderOption = Annotated[
    list[str],
    typer.Option(
        "--fail-under",
        metavar="N|DIM=N",
        help="Exit 1 when a conversation scores below N overall, or DIMENSION=N "
        "(repeatable), e.g. --fail-under 70 --fail-under empathy=60",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        min=1,
        help="Worker processes (default: all cores).",
        show_default=False,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cscoach {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Coach customer-service conversations."""


def fail(message: str) -> NoReturn:
    typer.echo(f"cscoach: error: {one_line(message)}", err=True)
    raise typer.Exit(EXIT_USAGE)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """The one way a command writes its output: a failure to write (a full disk, no
    permission) is a one-line error and exit code 2; a closed pipe ends the run quietly."""
    from .output import OutputClosed, OutputError, guarded_output

    try:
        with guarded_output(path) as stream:
            yield stream
    except OutputClosed:
        raise typer.Exit(EXIT_OK) from None
    except OutputError as exc:
        fail(str(exc))


def _note(item: Exception, quiet: bool) -> None:
    """An input's note on stderr; an input that gave no conversation is a warning, shown even
    with --quiet: an export that silently analysed nothing must not pass unnoticed."""
    from .ingest import EmptyInput

    if isinstance(item, EmptyInput):
        typer.echo(f"cscoach: warning: {one_line(str(item))}", err=True)
    elif not quiet:
        typer.echo(f"cscoach: note: {one_line(str(item))}", err=True)


def _columns(values: list[str]) -> dict[str, str]:
    from .ingest.csvlog import FIELDS

    mapping = {}
    for value in values:
        field, sep, column = value.partition("=")
        if not sep or field.strip() not in FIELDS or not column.strip():
            fail(
                f"--columns {value!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        mapping[field.strip()] = column.strip()
    return mapping


def _thresholds(
    values: list[str], config_overall: int | None, config_dims: Mapping[str, int]
) -> Thresholds:
    """--fail-under values over the config's: N for overall, DIMENSION=N for one dimension."""
    from .scoring import DIMENSIONS

    overall = config_overall
    dims: dict[str, int] = dict(config_dims)
    for value in values:
        name, sep, number = value.rpartition("=")
        if not number.strip().isdigit() or int(number) > 100:
            fail(f"--fail-under {value!r}: expected N or DIMENSION=N with N from 0 to 100")
        if not sep:
            overall = int(number)
        elif name.strip() in DIMENSIONS:
            dims[name.strip()] = int(number)
        elif name.strip() == "overall":
            overall = int(number)
        else:
            fail(
                f"--fail-under {value!r}: unknown dimension (one of: overall, {', '.join(DIMENSIONS)})"
            )
    from .gate import Thresholds

    return Thresholds(overall, dims)


def _warn_imprecise_critical(analyzer, quiet: bool) -> None:
    """A critical rule fails conversations on its own: say so when it is often wrong."""
    from .rules.precision import critical_warning

    if quiet:
        return
    for rule_id in sorted(analyzer.critical):
        rule = analyzer.rules.by_id.get(rule_id)
        if rule is not None and rule.origin == "built-in" and (why := critical_warning(rule_id)):
            typer.echo(f"cscoach: warning: critical rule {why}", err=True)


def _workers(jobs: int | None, settings) -> int:
    """--jobs, else the config's jobs, else all cores; never more than the cores there are
    (thousands of processes would only thrash, and orphan on a kill)."""
    from .batch import default_jobs

    return min(jobs or settings.jobs or default_jobs(), default_jobs())


def _settings(config: Path | None):
    from .config import ConfigError, load_settings

    try:
        return load_settings(config)
    except ConfigError as exc:
        fail(str(exc))


@app.command(
    cls=PlainHelp, short_help="Score conversations and print coaching tips, or result files."
)
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Transcript files, directories (searched recursively), globs, or - for stdin.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            show_default=False,
            help="terminal (default): the rich report; json, jsonl: result JSON; csv (one row per "
            "conversation, --per-turn for turns); markdown; html (one offline file); junit; github "
            "(workflow annotations); sarif.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR/",
            help="Write to FILE (atomically: renamed into place when done). With --engine dask and "
            "jsonl or csv, DIR/ (or a URL ending in /) gets one part file per partition and a "
            "_SUCCESS marker.",
        ),
    ] = None,
    per_turn: Annotated[
        bool, typer.Option("--per-turn", help="csv: one row per turn with its tags.")
    ] = False,
    input_format: Annotated[
        InputFormat,
        typer.Option(
            "--input-format",
            "-i",
            metavar="READER",
            help="Force the reader instead of sniffing each file: auto (default), json, jsonl, "
            "csv, text, email, eml, mbox, zendesk, intercom, freshdesk, helpscout, front, "
            "livechat, voice, slack, twitter, webvtt (see: cscoach formats).",
        ),
    ] = InputFormat.auto,
    agent_domain: Annotated[
        list[str],
        typer.Option(
            "--agent-domain",
            metavar="DOMAIN",
            help="Email domain whose senders are agents (repeatable).",
        ),
    ] = [],  # noqa: B006
    agent: AgentOption = [],  # noqa: B006 - typer needs a literal default
    columns: Annotated[
        list[str],
        typer.Option(
            "--columns",
            metavar="FIELD=COLUMN",
            help="CSV column mapping FIELD=COLUMN, FIELD in id, speaker, role, text, "
            "timestamp (repeatable), e.g. --columns text=Message",
        ),
    ] = [],  # noqa: B006
    fail_under: FailUnderOption = [],  # noqa: B006
    critical: Annotated[
        list[str],
        typer.Option(
            "--critical",
            metavar="RULE_ID",
            help="A rule id whose any hit fails the conversation (repeatable).",
        ),
    ] = [],  # noqa: B006
    jobs: JobsOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact", help="Mask emails, phone numbers and card numbers in every output."
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Under each tip, what its suggested rewrite earns when cscoach reads it back "
            "(every rewrite is checked before it is shown).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no run summary on stderr.")
    ] = False,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partition_size: PartitionSizeOption = "64MB",
) -> None:
    """Analyse transcripts and print a coaching report (or result JSON) per conversation.

    Exit codes: 0 all thresholds held; 1 a threshold or critical rule failed; 2 usage error, an
    unreadable input (every readable input is still reported), nothing analysed at all, or an
    output that could not be written.

    Examples:

      cscoach analyze chat.json

      cscoach analyze exports/ -f html -o report.html

      cscoach analyze exports/ -f jsonl -o results.jsonl --fail-under 70 -q

      cscoach analyze 's3://bucket/2026-11-30/*.jsonl' --engine dask --scheduler tcp://sched:8786 -f jsonl -o s3://bucket/results/
    """
    from .batch import analyze_inputs
    from .batch.local import Work
    from .config import ConfigError
    from .ingest import InputNote, ReadError, ReadOptions
    from .progress import RunProgress
    from .render import RenderOptions, renderer_for, report

    settings = _settings(config)
    thresholds = _thresholds(fail_under, settings.fail_under, settings.fail_under_dimensions)
    try:
        analyzer = settings.analyzer(tuple(critical), model)
    except ConfigError as exc:
        fail(str(exc))
    _warn_imprecise_critical(analyzer, quiet)
    options = ReadOptions(
        input_format=None if input_format is InputFormat.auto else input_format.value,
        columns=_columns(columns),
        agents=(*settings.agents, *agent),
        roles=settings.roles,
        agent_domains=(*settings.agent_domains, *agent_domain),
    )
    fmt = output_format.value if output_format else settings.format or "terminal"
    workers = _workers(jobs, settings)
    parts = output is not None and (output.endswith("/") or Path(output).is_dir())
    if parts and (engine is not Engine.dask or fmt not in ("jsonl", "csv")):
        fail(
            f"--output {output}: is a directory; give a file name (a folder of part files needs "
            "--engine dask and -f jsonl or csv)"
        )
    if engine is not Engine.dask and (scheduler or "://" in (output or "")):
        fail("--scheduler and URL outputs need --engine dask")
    if engine is not Engine.dask:
        _no_urls(paths)
    output_file = None if output is None or parts else Path(output)
    analysed = unreadable = failed = 0
    speakers: set[str] = set()
    interrupted = False
    try:
        with _output(output_file) as stream, RunProgress(not quiet) as progress:
            render_options = RenderOptions(thresholds, per_turn, explain)
            renderer_class = renderer_for(fmt)
            renderer = renderer_class(stream, render_options)
            finish = partial(report, renderer_class, render_options)
            if engine is Engine.dask:
                work = Work(analyzer, options, redact, finish)
                sink = _part_sink(output, fmt, render_options) if parts else None
                size = _bytes(partition_size)
                items = _on_dask(paths, work, scheduler, workers, size, sink, progress)
            else:
                items = analyze_inputs(paths, analyzer, options, workers, redact, finish)
            try:
                for item in items:
                    progress.clear()  # nothing may print on the progress line
                    if isinstance(item, InputNote):
                        _note(item, quiet)
                        continue
                    if isinstance(item, ReadError):
                        unreadable += 1
                        typer.echo(f"cscoach: error: {one_line(str(item))}", err=True)
                        progress.advance(error=True)
                        continue
                    analysed += 1
                    speakers |= item.speakers
                    if item.prepared is not None:  # None: a worker wrote it to its part file
                        renderer.write(item.prepared)
                    if item.unscored and not item.failures and not quiet:
                        typer.echo(
                            f"cscoach: warning: {one_line(item.conversation_id)}: unscored: no agent turn "
                            "to score (name the agent with --agent NAME)",
                            err=True,
                        )
                    if item.failures:
                        failed += 1
                        if not quiet:
                            typer.echo(
                                f"cscoach: FAIL {one_line(item.conversation_id)}: "
                                f"{one_line('; '.join(item.failures))}",
                                err=True,
                            )
                    progress.advance()
            finally:
                renderer.close()
    except KeyboardInterrupt:
        interrupted = True
    if not quiet or interrupted:
        bad = f", {unreadable} unreadable" if unreadable else ""
        stopped = " (interrupted: results so far were written)" if interrupted else ""
        typer.echo(
            f"cscoach: {analysed} conversation{'s' * (analysed != 1)} analysed, "
            f"{analysed - failed} passed, {failed} failed{bad}{stopped}",
            err=True,
        )
    for name in sorted({a.strip().lower() for a in options.agents} - speakers):
        if analysed:
            typer.echo(f"cscoach: warning: --agent {name!r} matched no speaker", err=True)
    if interrupted:
        raise typer.Exit(130)
    if unreadable or not analysed:  # nothing at all analysed is never a pass
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_THRESHOLD if failed else EXIT_OK)


def _no_urls(paths: list[str]) -> None:
    """The local engine reads files: a URL input is a usage error that names the way out."""
    for path in paths:
        if "://" in path and not Path(path).exists():
            fail(f"{path}: URL inputs need --engine dask (pip install 'cscoach[dask]')")


def _bytes(size: str) -> int:
    """'64MB', '500kB', '1GiB' or a plain number of bytes."""
    import re

    units = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9,
             "kib": 2**10, "mib": 2**20, "gib": 2**30}  # fmt: skip
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", size.lower())
    if (
        not match
        or match.group(2) not in units
        or float(match.group(1)) * units[match.group(2)] < 1
    ):
        fail(f"--partition-size {size!r}: expected a size such as 64MB, 500kB or 1GiB")
    return int(float(match.group(1)) * units[match.group(2)])


def _part_sink(folder: str, fmt: str, render_options):
    from .batch.dask_engine import PartSink
    from .render import renderer_for

    return PartSink(folder, renderer_for(fmt), render_options, fmt)


def _on_dask(paths, work, scheduler, workers, partition_bytes, sink, progress):
    """The items of a Dask run, with a clear error when the extra is missing."""
    try:
        from .batch.dask_engine import analyze_on_dask
    except ImportError:
        fail("--engine dask needs the dask extra: pip install 'cscoach[dask]'")
    try:
        yield from analyze_on_dask(
            paths, work, scheduler, workers, partition_bytes, sink, progress.partitions
        )
    except OSError as exc:  # the scheduler cannot be reached, or the output folder written
        fail(f"--engine dask: {exc.strerror or exc}")
    except Exception as exc:  # the cluster failed to start or gave up: say so in one line
        fail(f"--engine dask: {type(exc).__name__}: {exc}")


class SummaryFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command(
    cls=PlainHelp, short_help="Team tables: agents, tags, scores, themes, changes since a baseline."
)
def summary(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Transcripts to analyse, or result JSON Lines saved earlier with --format jsonl.",
            show_default=False,
        ),
    ],
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Results (jsonl) of a previous run: show what moved since.",
        ),
    ] = None,
    output_format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", metavar="FORMAT", help="terminal, json, markdown or html."),
    ] = SummaryFormat.terminal,
    output: OutputOption = None,
    fail_under: Annotated[
        list[str],
        typer.Option(
            "--fail-under",
            metavar="N|DIM=N",
            help="The gate's thresholds, as for analyze: pass rates count the conversations "
            "that hold them (default: config's; with none, only critical rules fail).",
        ),
    ] = [],  # noqa: B006
    agent: AgentOption = [],  # noqa: B006
    jobs: JobsOption = None,
    config: ConfigOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partition_size: PartitionSizeOption = "64MB",
) -> None:
    """Team-level tables over many conversations: per agent and per team (conversations, pass
    rate at the gate's thresholds, mean scores, an agent's top three tips), per tag (rate per 100
    agent turns), per dimension (mean, p10, distribution), the most frequent tips, failed and
    worst conversations, a trend by day, week or month when turns carry timestamps, recurring
    customer complaint themes with a quote each, and changes against a baseline run (with n).

    Examples:

      cscoach summary exports/ --fail-under 70

      cscoach summary exports/ -f html -o team.html

      cscoach analyze exports/ -f jsonl -o today.jsonl -q

      cscoach summary today.jsonl --baseline yesterday.jsonl -f markdown

      cscoach summary s3://bucket/results/ --engine dask --scheduler tcp://sched:8786
    """
    from .render.summaryout import SUMMARY_RENDERERS
    from .summary import summarize, summary_of

    settings = _settings(config)
    problems: list[str] = []
    thresholds = _thresholds(fail_under, settings.fail_under, settings.fail_under_dimensions)
    before = None
    if baseline is not None:
        if not baseline.is_file():
            fail(f"--baseline {baseline}: no such file")
        before = _results_of([str(baseline)], settings, tuple(agent), 1, problems)
    workers = _workers(jobs, settings)
    if engine is Engine.dask:
        collector = _collected_on_dask(
            paths, settings, tuple(agent), thresholds, scheduler, workers, partition_size, problems
        )
        report = summary_of(collector, before)
    else:
        if scheduler:
            fail("--scheduler needs --engine dask")
        _no_urls(paths)
        results = _results_of(paths, settings, tuple(agent), workers, problems)
        report = summarize(results, before, thresholds)
    if not report.conversations:
        fail("no conversations to summarise")
    with _output(output) as stream:
        SUMMARY_RENDERERS[output_format.value](report, stream)
    for problem in problems:
        typer.echo(f"cscoach: error: {one_line(problem)}", err=True)
    raise typer.Exit(EXIT_USAGE if problems else EXIT_OK)


def _collected_on_dask(paths, settings, agents, thresholds, scheduler, workers, size, problems):
    """``summary --engine dask``: the summary's Collector, reduced per partition on the cluster."""
    from .batch.local import Work
    from .ingest import ReadOptions

    try:
        from .batch.dask_summary import as_dict, summarize_on_dask
    except ImportError:
        fail("--engine dask needs the dask extra: pip install 'cscoach[dask]'")
    options = ReadOptions(agents=(*settings.agents, *agents), roles=settings.roles)
    work = Work(settings.analyzer(), options, False, as_dict)
    try:
        return summarize_on_dask(
            paths, work, thresholds, scheduler, workers, _bytes(size), problems
        )
    except OSError as exc:
        fail(f"--engine dask: {exc.strerror or exc}")
    except Exception as exc:  # the cluster failed to start or gave up: say so in one line
        fail(f"--engine dask: {type(exc).__name__}: {exc}")


def _results_of(
    paths: list[str], settings, agents: tuple[str, ...], jobs: int, problems: list[str]
):
    """Result dicts from saved result files as they are, and from transcripts by analysing them."""
    from .batch import analyze_inputs
    from .ingest import InputNote, ReadError, ReadOptions
    from .summary import is_results_file, read_results, result_parts

    saved = [p for p in paths if Path(p).is_file() and is_results_file(Path(p))]
    folders = [p for p in paths if Path(p).is_dir() and (Path(p) / "_SUCCESS").is_file()]
    transcripts = [p for p in paths if p not in saved and p not in folders]
    for folder in folders:  # part files of a cluster run (--engine dask -o DIR/)
        parts, missing = result_parts(Path(folder))
        problems.extend(missing)
        saved.extend(str(part) for part in parts)
    for path in saved:
        try:
            yield from read_results(Path(path), problems)
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: {exc}")
    if transcripts:
        options = ReadOptions(agents=(*settings.agents, *agents), roles=settings.roles)
        for item in analyze_inputs(transcripts, settings.analyzer(), options, jobs):
            if isinstance(item, InputNote):
                _note(item, quiet=True)
                continue
            if isinstance(item, ReadError):
                problems.append(str(item))
            else:
                yield item.to_dict()


@app.command(
    "eval",
    cls=PlainHelp,
    short_help="Compare cscoach's tags with your human labels (P, R, F1, kappa).",
)
def eval_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Canonical transcript JSON/JSONL whose agent turns carry gold 'labels'.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        EvalFormat, typer.Option("--format", "-f", metavar="FORMAT", help="terminal or json.")
    ] = EvalFormat.terminal,
    errors: Annotated[
        str | None,
        typer.Option(
            "--errors", metavar="TAG", help="List false positives and false negatives of this tag."
        ),
    ] = None,
    min_gold: Annotated[
        int,
        typer.Option(
            "--min-gold",
            metavar="N",
            help="Average only over tags with at least this many gold positives.",
        ),
    ] = 1,
    config: ConfigOption = None,
    model: ModelOption = None,
    rules_only: Annotated[
        bool,
        typer.Option("--rules-only", help="Judge the phrase rules alone, without the tagger."),
    ] = False,
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
    from .batch import analyze_inputs
    from .config import ConfigError
    from .evaluate import evaluate
    from .ingest import InputNote, ReadError
    from .model import AGENT_TAGS
    from .render.evalreport import render_errors, render_evaluation
    from .render.jsonout import dumps

    if errors is not None and errors not in AGENT_TAGS:
        fail(f"--errors {errors!r}: not an agent tag (one of: {', '.join(AGENT_TAGS)})")
    settings = _settings(config)
    try:
        analyzer = settings.analyzer(model=model, rules_only=rules_only)
        baseline = None if rules_only else settings.analyzer(rules_only=True)
    except ConfigError as exc:
        fail(str(exc))
    results, unreadable = [], 0
    for item in analyze_inputs(paths, analyzer, jobs=1):
        if isinstance(item, InputNote):
            _note(item, quiet=False)
        elif isinstance(item, ReadError):
            unreadable += 1
            typer.echo(f"cscoach: error: {one_line(str(item))}", err=True)
        else:
            results.append(item)
    ev = evaluate(results)
    if not ev.turns:
        fail("no labelled agent turns found (agent turns need a 'labels' list)")
    rules_ev = None
    if baseline is not None:
        rules_ev = evaluate(baseline.analyze(r.conversation) for r in results)
    trained = analyzer.tagger.model.training.get("tags", {}) if analyzer.tagger else {}
    cross_validated = {
        tag: facts["cross_validated"]["f1"]
        for tag, facts in trained.items()
        if facts.get("decided_by") == "model" and "cross_validated" in facts
    }
    if output_format is EvalFormat.json:
        data = ev.to_dict(min_gold)
        if rules_ev is not None:
            data["rules_only"] = rules_ev.to_dict(min_gold)
        data["cross_validated_f1"] = cross_validated
        if errors:
            data["errors"] = [e.to_dict() for e in ev.errors if e.tag == errors]
        with _output(None) as stream:
            stream.write(dumps(data, indent=2) + "\n")
    else:
        from .render.safe import inert_console

        with _output(None) as stream:
            console = inert_console(stream)
            render_evaluation(console, ev, min_gold, rules_ev, cross_validated)
            if errors:
                render_errors(console, [e for e in ev.errors if e.tag == errors])
    raise typer.Exit(EXIT_USAGE if unreadable else EXIT_OK)


@app.command(cls=PlainHelp, short_help="Fit the tagger to your own labelled conversations.")
def train(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Labelled transcripts: canonical JSON/JSONL whose agent turns carry 'labels' "
            "(as for 'cscoach eval').",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Model directory to write (created if needed)."
        ),
    ],
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Seed for the folds.")] = 0,
    folds: Annotated[
        int, typer.Option("--folds", metavar="N", min=2, max=20, help="Cross-validation folds.")
    ] = 5,
    min_positives: Annotated[
        int,
        typer.Option(
            "--min-positives",
            metavar="N",
            min=1,
            help="A tag with fewer positive turns stays on the rules.",
        ),
    ] = 50,
    requests: Annotated[
        Path | None,
        typer.Option(
            "--requests",
            metavar="LABELS",
            help="Fit the request model instead of the tagger, from request labels (JSON Lines "
            'of {"id": "CONVERSATION_ID:TURN", "request": true, "handling": "missed"}) joined '
            "with the conversations in PATH. Writes DIR/requests.json and DIR/REQUESTS_CARD.md.",
            show_default=False,
        ),
    ] = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
) -> None:
    """Fit the tagger to your own labelled conversations and write a model with its card.

    With --requests LABELS, fit the request model instead: whether a customer turn asks for
    something, and how the agent's reply handled it (answered, partial, clarify, deferred,
    redirect, missed). The labels name customer turns by conversation id and turn number, so
    the transcripts stay where they are. analyze uses DIR/requests.json when --model DIR holds
    one.

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

      cscoach analyze exports/ --model team-model/
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        fail("cscoach train needs scikit-learn: pip install 'cscoach[train]'")
    from .config import ConfigError
    from .ingest import InputNote, ReadError, load
    from .tagger.train import TrainingError, examples_from, file_facts

    settings = _settings(config)
    try:
        analyzer = settings.analyzer(rules_only=requests is None, track_requests=False)
    except ConfigError as exc:
        fail(str(exc))
    conversations = []
    for item in load(paths):
        if isinstance(item, InputNote):
            typer.echo(f"cscoach: note: {one_line(str(item))}", err=True)
        elif isinstance(item, ReadError):
            fail(str(item))
        else:
            conversations.append(item)
    fitting = _Fitting(output, seed, folds, _workers(jobs, settings), min_positives)
    if requests is not None:
        _train_requests(conversations, analyzer, requests, paths, fitting)
        return
    try:
        examples = examples_from(conversations, analyzer)
    except TrainingError as exc:
        fail(str(exc))
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


def _fit_and_write(
    examples: list[Example], facts: dict[str, Any], fitting: _Fitting, task: str = "tags"
) -> None:
    """Fit a model for ``task`` (the tagger, or the request model), write it with its card,
    and print the cross-validated figures."""
    from .model import AGENT_TAGS, REQUEST_LABELS
    from .render.safe import inert_console
    from .render.trainreport import render_training
    from .tagger.card import write_model
    from .tagger.train import TrainingError, build_model, fit
    from .tagger.weights import FILES

    try:
        tags, reports = fit(
            examples,
            seed=fitting.seed,
            folds=fitting.folds,
            jobs=fitting.jobs,
            min_positives=fitting.min_positives,
            on_tag=lambda r: typer.echo(f"  {r.tag}: {r.decided_by}", err=True),
            labels=AGENT_TAGS if task == "tags" else REQUEST_LABELS,
        )
    except TrainingError as exc:
        fail(str(exc))
    built = build_model(
        tags, reports, facts, fitting.seed, fitting.folds, fitting.min_positives, task=task
    )
    try:
        write_model(fitting.output, built)
    except OSError as exc:
        fail(f"{fitting.output}: {exc.strerror or exc}")
    model_file, card_file = FILES[task]
    with _output(None) as stream:
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
    from .requests.training import read_labels, request_examples
    from .tagger.train import TrainingError, file_facts

    try:
        labels = read_labels(labels_path)
        tagged = ((c, analyzer.tagged(c)) for c in conversations)
        examples = request_examples(tagged, labels)
    except TrainingError as exc:
        fail(str(exc))
    if not examples:
        fail(f"{labels_path}: no label names a customer turn of {', '.join(paths)}")
    typer.echo(
        f"training the request model on {len(examples)} examples from {len(labels)} labelled "
        f"customer turns ({fitting.folds}-fold cross-validation, seed {fitting.seed})",
        err=True,
    )
    facts = file_facts([*(Path(p) for p in paths), labels_path], conversations)
    labelled = [label.rsplit(":", 1)[0] for label in labels]
    for entry in facts["files"]:  # what each file gave: labelled customer turns, not agent turns
        if entry["name"] == labels_path.name:
            entry["labelled_agent_turns"] = len(labels)
        else:
            mine = {c.id for c in conversations if Path(c.source or "").name == entry["name"]}
            entry["labelled_agent_turns"] = sum(conv in mine for conv in labelled)
    facts["counted"] = "labelled customer turns (or labels)"
    _fit_and_write(examples, facts, fitting, "requests")


@app.command(cls=PlainHelp, short_help="List the rules, or show one in full.")
def rules(
    rule_id: Annotated[
        str | None,
        typer.Argument(help="Show one rule in full.", show_default=False, metavar="RULE_ID"),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """List every rule (id, tag, what it finds, an example that fires), or show one in full.

    Examples:

      cscoach rules

      cscoach rules negative.dismissive
    """
    from .config import ConfigError
    from .render.rulesdoc import render_rule, render_rules
    from .render.safe import inert_console

    settings = _settings(config)
    try:
        rule_set = settings.rule_set()
    except ConfigError as exc:
        fail(str(exc))
    rule = None if rule_id is None else rule_set.by_id.get(rule_id)
    if rule_id is not None and rule is None:
        fail(f"no rule {rule_id!r} (see 'cscoach rules' for the list)")
    with _output(None) as stream:
        console = inert_console(stream)
        if rule is None:
            render_rules(console, rule_set)
        else:
            render_rule(console, rule, rule_set)


@app.command(
    cls=PlainHelp,
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    short_help="Analyse the bundled example conversations.",
)
def demo(ctx: typer.Context) -> None:
    """Analyse the example conversations bundled with cscoach: one per input format (chat logs,
    email, mbox, help-desk and voice exports, Slack, Twitter), good agents and poor ones.

    Any analyze option works. Examples:

      cscoach demo

      cscoach demo -f html -o demo.html

      cscoach demo --explain
    """
    from importlib import resources

    folder = resources.files("cscoach").joinpath("examples")
    command = typer.main.get_command(app)
    try:
        command.main(["analyze", str(folder), *ctx.args], prog_name="cscoach")
    except SystemExit as done:  # analyze always exits with its code
        raise typer.Exit(done.code if isinstance(done.code, int) else EXIT_USAGE) from None


@app.command(cls=PlainHelp, short_help="List the input formats cscoach reads.")
def formats() -> None:
    """List every input format cscoach reads, with an example command.

    The format is chosen per file from its content (and extension where content is ambiguous);
    --input-format NAME forces one.

    Examples:

      cscoach formats

      cscoach analyze export.csv --input-format csv --columns text=Message
    """
    from rich import box
    from rich.table import Table

    from .render.safe import inert_console

    table = Table(box=box.SIMPLE_HEAD)
    for column in ("format", "what", "example"):
        table.add_column(column, overflow="fold")
    for fmt in FORMATS:
        table.add_row(fmt.name, fmt.summary, fmt.example)
    with _output(None) as stream:
        inert_console(stream).print(table)


@app.command(cls=PlainHelp, short_help="Write a commented starter cscoach.toml.")
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.", metavar="PATH")] = Path(
        "cscoach.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter cscoach.toml (every setting, commented out, with its default).

    Examples:

      cscoach init

      cscoach init team/cscoach.toml --force
    """
    from importlib import resources

    if path.exists() and not force:
        fail(f"{path} already exists (use --force to overwrite)")
    text = resources.files("cscoach").joinpath("starter.toml").read_text(encoding="utf-8")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    with _output(None) as stream:
        stream.write(f"wrote {path}\n")


def main() -> None:
    import signal

    from .output import ENCODING_ERRORS

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ENCODING_ERRORS)
    # SIGTERM (a batch scheduler stopping the job) ends the run like Ctrl-C: what was finished
    # is kept, temporary files are removed.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    code: int | str | None = EXIT_OK
    try:
        app()
    except SystemExit as done:
        code = done.code
    except OSError as exc:  # --help or --version could not be written (commands catch theirs)
        code = _stdout_failed(exc)
    try:
        sys.stdout.flush()  # here, not at exit, where a failure would print a traceback
    except OSError as exc:
        code = _stdout_failed(exc)
    sys.exit(code)


def _stdout_failed(exc: OSError) -> int:
    """The exit code after stdout failed: quiet 0 for a closed pipe, else a one-line error."""
    from .output import WRITE_ERRORS, discard_stdout

    if exc.errno not in WRITE_ERRORS:
        raise exc
    discard_stdout()
    if isinstance(exc, BrokenPipeError):
        return EXIT_OK
    typer.echo(f"cscoach: error: stdout: {exc.strerror or exc}", err=True)
    return EXIT_USAGE
