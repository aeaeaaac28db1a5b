"""``cscoach analyze``: score conversations and print coaching tips, or write result files.

The command resolves and checks its options into a ``_Plan``, runs it (locally or on Dask)
while writing each outcome and counting it in a ``_Tally``, then prints the run summary and
exits with the gate's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..catalog import FORMAT_NAMES
from ..logline import one_line
from . import values
from .cluster import cluster_errors, dask_extra, no_urls
from .common import (
    EXIT_OK,
    EXIT_THRESHOLD,
    EXIT_USAGE,
    analyzer_from,
    error,
    fail,
    note,
    output_stream,
    settings_from,
    workers,
)
from .options import (
    PARTITION_SIZE,
    WRITE_TO_FILE,
    AgentOption,
    ConfigOption,
    Engine,
    EngineOption,
    JobsOption,
    ModelOption,
    PartitionSizeOption,
    SchedulerOption,
    fail_under_option,
    format_option,
    output_option,
    paths_argument,
)

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from ..batch.dask_engine import PartSink
    from ..batch.local import Work
    from ..config import Settings
    from ..ingest import ReadError, ReadOptions
    from ..progress import RunProgress
    from ..render import Renderer, RenderOptions, Reported

EXIT_INTERRUPTED = 130


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


InputFormat = StrEnum("InputFormat", {name: name for name in ("auto", *FORMAT_NAMES)})

Paths = paths_argument(
    "Transcript files, directories (searched recursively), globs, or - for stdin."
)
FormatOption = format_option(
    OutputFormat | None,
    "terminal (default): the rich report; json, jsonl: result JSON; csv (one row per "
    "conversation, --per-turn for turns); markdown; html (one offline file); junit; github "
    "(workflow annotations); sarif.",
    show_default=False,
)
FileOrPartsOption = output_option(
    str | None,
    "FILE|DIR/",
    f"{WRITE_TO_FILE} With --engine dask and jsonl or csv, DIR/ (or a URL ending in /) gets one "
    "part file per partition and a _SUCCESS marker.",
)
PerTurnOption = Annotated[
    bool, typer.Option("--per-turn", help="csv: one row per turn with its tags.")
]
InputFormatOption = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        "-i",
        metavar="READER",
        help="Force the reader instead of sniffing each file: auto (default), json, jsonl, "
        "csv, text, email, eml, mbox, zendesk, intercom, freshdesk, helpscout, front, "
        "livechat, voice, slack, twitter, webvtt (see: cscoach formats).",
    ),
]
AgentDomainOption = Annotated[
    list[str],
    typer.Option(
        "--agent-domain",
        metavar="DOMAIN",
        help="Email domain whose senders are agents (repeatable).",
    ),
]
ColumnsOption = Annotated[
    list[str],
    typer.Option(
        "--columns",
        metavar="FIELD=COLUMN",
        help="CSV column mapping FIELD=COLUMN, FIELD in id, speaker, role, text, "
        "timestamp (repeatable), e.g. --columns text=Message",
    ),
]
FailUnderOption = fail_under_option(
    "Exit 1 when a conversation scores below N overall, or DIMENSION=N (repeatable), e.g. "
    "--fail-under 50 --fail-under empathy=40"
)
CriticalOption = Annotated[
    list[str],
    typer.Option(
        "--critical",
        metavar="RULE_ID",
        help="A rule id whose any hit fails the conversation and scores it 0 overall (repeatable).",
    ),
]
RedactOption = Annotated[
    bool,
    typer.Option("--redact", help="Mask emails, phone numbers and card numbers in every output."),
]
ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Under each tip, what its suggested rewrite earns when cscoach reads it back "
        "(every rewrite is checked before it is shown).",
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar and no run summary on stderr.")
]


def analyze(
    paths: Paths,
    output_format: FormatOption = None,
    output: FileOrPartsOption = None,
    per_turn: PerTurnOption = False,
    input_format: InputFormatOption = InputFormat.auto,
    agent_domain: AgentDomainOption = [],  # noqa: B006 - typer needs a literal default
    agent: AgentOption = [],  # noqa: B006
    columns: ColumnsOption = [],  # noqa: B006
    fail_under: FailUnderOption = [],  # noqa: B006
    critical: CriticalOption = [],  # noqa: B006
    jobs: JobsOption = None,
    config: ConfigOption = None,
    model: ModelOption = None,
    redact: RedactOption = False,
    explain: ExplainOption = False,
    quiet: QuietOption = False,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partition_size: PartitionSizeOption = PARTITION_SIZE,
) -> None:
    """Analyse transcripts and print a coaching report (or result JSON) per conversation.

    Exit codes: 0 all thresholds held; 1 a threshold or critical rule failed; 2 usage error, an
    unreadable input (every readable input is still reported), nothing analysed at all, or an
    output that could not be written.

    Examples:

      cscoach analyze chat.json

      cscoach analyze exports/ -f html -o report.html

      cscoach analyze exports/ -f jsonl -o results.jsonl --fail-under 50 -q

      cscoach analyze 's3://bucket/2026-11-30/*.jsonl' --engine dask --scheduler tcp://sched:8786 -f jsonl -o s3://bucket/results/
    """
    from ..render import RenderOptions

    settings = settings_from(config)
    thresholds = values.thresholds(fail_under, settings)
    analyzer = _analyzer(settings, critical, model, quiet)
    read_options = _read_options(settings, input_format, columns, agent, agent_domain)
    fmt = output_format.value if output_format else settings.format or "terminal"
    part_folder = _part_folder(output, fmt, engine)
    _check_engine(engine, scheduler, output, paths)
    plan = _Plan(
        paths=paths,
        analyzer=analyzer,
        read_options=read_options,
        redact=redact,
        workers=workers(jobs, settings),
        fmt=fmt,
        render_options=RenderOptions(thresholds, per_turn, explain, settings.scripts),
        output_file=None if output is None or part_folder else Path(output),
        part_folder=part_folder,
        engine=engine,
        scheduler=scheduler,
        partition_size=partition_size,
    )
    tally = _run(plan, quiet)
    _print_summary(tally, read_options.agents, quiet, thresholds.active)
    raise typer.Exit(tally.exit_code)


# Option resolution ------------------------------------------------------------------------


def _analyzer(settings: Settings, critical: list[str], model: Path | None, quiet: bool) -> Analyzer:
    analyzer = analyzer_from(settings, extra_critical=tuple(critical), model=model)
    _warn_imprecise_critical(analyzer, quiet)
    return analyzer


def _warn_imprecise_critical(analyzer: Analyzer, quiet: bool) -> None:
    """A critical rule fails conversations on its own: say so when it is often wrong."""
    from ..rules.precision import critical_warning

    if quiet:
        return
    for rule_id in sorted(analyzer.critical):
        rule = analyzer.rules.by_id.get(rule_id)
        if rule is not None and rule.origin == "built-in" and (why := critical_warning(rule_id)):
            typer.echo(f"cscoach: warning: critical rule {why}", err=True)


def _read_options(
    settings: Settings,
    input_format: InputFormat,
    columns: list[str],
    agents: list[str],
    agent_domains: list[str],
) -> ReadOptions:
    """How to read the inputs: the options over the config's."""
    from ..ingest import ReadOptions

    return ReadOptions(
        input_format=None if input_format is InputFormat.auto else input_format.value,
        columns=values.columns(columns),
        agents=(*settings.agents, *agents),
        roles=settings.roles,
        agent_domains=(*settings.agent_domains, *agent_domains),
    )


def _part_folder(output: str | None, fmt: str, engine: Engine) -> str | None:
    """``-o DIR/``: the folder that gets one part file per partition; None for a file or stdout."""
    if output is None or not (output.endswith("/") or Path(output).is_dir()):
        return None
    if engine is not Engine.dask or fmt not in ("jsonl", "csv"):
        fail(
            f"--output {output}: is a directory; give a file name (a folder of part files needs "
            "--engine dask and -f jsonl or csv)"
        )
    return output


def _check_engine(
    engine: Engine, scheduler: str | None, output: str | None, paths: list[str]
) -> None:
    """The local engine has no scheduler and reads and writes only files."""
    if engine is Engine.dask:
        return
    if scheduler or "://" in (output or ""):
        fail("--scheduler and URL outputs need --engine dask")
    no_urls(paths)


# Running ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """An analyze run, its options resolved and checked: what to read, how, and where to write."""

    paths: list[str]
    analyzer: Analyzer
    read_options: ReadOptions
    redact: bool
    workers: int
    fmt: str
    render_options: RenderOptions
    output_file: Path | None
    """None: stdout, or a folder of part files."""
    part_folder: str | None
    engine: Engine
    scheduler: str | None
    partition_size: str


@dataclass
class _Tally:
    """What an analyze run has seen so far."""

    analysed: int = 0
    unreadable: int = 0
    failed: int = 0
    speakers: set[str] = field(default_factory=set)
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.unreadable or not self.analysed:  # nothing at all analysed is never a pass
            return EXIT_USAGE
        return EXIT_THRESHOLD if self.failed else EXIT_OK


def _run(plan: _Plan, quiet: bool) -> _Tally:
    """Run the plan, writing each conversation as it comes; Ctrl-C keeps what was written."""
    from ..progress import RunProgress
    from ..render import renderer_for

    tally = _Tally()
    try:
        with output_stream(plan.output_file) as stream, RunProgress(not quiet) as progress:
            renderer = renderer_for(plan.fmt)(stream, plan.render_options)
            outcomes = _outcomes(plan, progress)
            try:
                for outcome in outcomes:
                    progress.clear()  # nothing may print on the progress line
                    _take(outcome, renderer, tally, progress, quiet)
            finally:
                renderer.close()
    except KeyboardInterrupt:
        tally.interrupted = True
    return tally


def _outcomes(plan: _Plan, progress: RunProgress) -> Iterator[Reported | ReadError]:
    """Each input's outcome in input order, from processes on this machine or a Dask cluster."""
    from ..batch import analyze_inputs
    from ..batch.local import Work
    from ..render import renderer_for, report

    finish = partial(report, renderer_for(plan.fmt), plan.render_options)
    if plan.engine is not Engine.dask:
        return analyze_inputs(
            plan.paths, plan.analyzer, plan.read_options, plan.workers, plan.redact, finish
        )
    work = Work(plan.analyzer, plan.read_options, plan.redact, finish)
    sink = _part_sink(plan) if plan.part_folder else None
    return _on_dask(plan, work, values.size_in_bytes(plan.partition_size), sink, progress)


def _part_sink(plan: _Plan) -> PartSink:
    from ..batch.dask_engine import PartSink
    from ..render import renderer_for

    return PartSink(plan.part_folder, renderer_for(plan.fmt), plan.render_options, plan.fmt)


def _on_dask(
    plan: _Plan,
    work: Work,
    partition_bytes: int,
    sink: PartSink | None,
    progress: RunProgress,
) -> Iterator[Reported | ReadError]:
    with dask_extra():
        from ..batch.dask_engine import analyze_on_dask
    with cluster_errors():
        yield from analyze_on_dask(
            plan.paths,
            work,
            plan.scheduler,
            plan.workers,
            partition_bytes,
            sink,
            progress.partitions,
        )


def _take(
    outcome: Reported | ReadError,
    renderer: Renderer,
    tally: _Tally,
    progress: RunProgress,
    quiet: bool,
) -> None:
    """One outcome: an input's note, an unreadable input, or a conversation to write and judge."""
    from ..ingest import InputNote, ReadError

    if isinstance(outcome, InputNote):
        note(outcome, quiet)
        return
    if isinstance(outcome, ReadError):
        tally.unreadable += 1
        error(str(outcome))
        progress.advance(error=True)
        return
    tally.analysed += 1
    tally.speakers |= outcome.speakers
    if outcome.prepared is not None:  # None: a worker wrote it to its part file
        renderer.write(outcome.prepared)
    if outcome.unscored and not outcome.failures and not quiet:
        typer.echo(
            f"cscoach: warning: {one_line(outcome.conversation_id)}: unscored: no agent turn "
            "to score (name the agent with --agent NAME)",
            err=True,
        )
    if outcome.failures:
        tally.failed += 1
        if not quiet:
            typer.echo(
                f"cscoach: FAIL {one_line(outcome.conversation_id)}: "
                f"{one_line('; '.join(outcome.failures))}",
                err=True,
            )
    progress.advance()


# Run summary -------------------------------------------------------------------------------


def _print_summary(tally: _Tally, agents: tuple[str, ...], quiet: bool, gated: bool) -> None:
    """The counts (always after Ctrl-C), and each --agent that matched no speaker. Passes are
    counted only against a threshold; with none, only critical rule hits fail."""
    if not quiet or tally.interrupted:
        bad = f", {tally.unreadable} unreadable" if tally.unreadable else ""
        stopped = " (interrupted: results so far were written)" if tally.interrupted else ""
        if gated:
            verdict = f", {tally.analysed - tally.failed} passed, {tally.failed} failed"
        else:
            verdict = f", {tally.failed} with a critical rule hit" if tally.failed else ""
        typer.echo(
            f"cscoach: {tally.analysed} conversation{'s' * (tally.analysed != 1)} analysed"
            f"{verdict}{bad}{stopped}",
            err=True,
        )
    if not tally.analysed:
        return
    for name in sorted({a.strip().lower() for a in agents} - tally.speakers):
        typer.echo(f"cscoach: warning: --agent {name!r} matched no speaker", err=True)
