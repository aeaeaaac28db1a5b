"""``cscoach summary``: team tables over many conversations, from transcripts or saved results."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import values
from .cluster import cluster_errors, dask_extra, no_urls
from .common import (
    EXIT_OK,
    EXIT_USAGE,
    analyzer_from,
    error,
    fail,
    note,
    output_stream,
    settings_from,
    warn,
    workers,
)
from .options import (
    PARTITION_SIZE,
    AgentOption,
    ConfigOption,
    Engine,
    EngineOption,
    JobsOption,
    OutputOption,
    PartitionSizeOption,
    SchedulerOption,
    fail_under_option,
    format_option,
    paths_argument,
)

if TYPE_CHECKING:
    from ..config import Settings
    from ..gate import Thresholds
    from ..summary import Collector


class SummaryFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    html = "html"


Paths = paths_argument(
    "Transcripts to analyse, or result JSON Lines saved earlier with --format jsonl."
)
BaselineOption = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Results (jsonl) of a previous run: show what moved since.",
    ),
]
FormatOption = format_option(SummaryFormat, "terminal, json, markdown or html.")
SaveScriptsOption = Annotated[
    Path | None,
    typer.Option(
        "--save-scripts",
        metavar="FILE",
        help="Add the run's macro lines (openers, closers, canned lines) to the scripts list of "
        "this cscoach.toml (created if missing; comments kept): from the next run they are "
        "marked macro and earn no behaviour credit. Review the list before you commit it.",
    ),
]
FailUnderOption = fail_under_option(
    "The gate's thresholds, as for analyze: pass rates count the conversations that hold them "
    "(default: config's; with none, only critical rules fail)."
)


def summary(
    paths: Paths,
    baseline: BaselineOption = None,
    output_format: FormatOption = SummaryFormat.terminal,
    output: OutputOption = None,
    fail_under: FailUnderOption = [],  # noqa: B006 - typer needs a literal default
    agent: AgentOption = [],  # noqa: B006
    jobs: JobsOption = None,
    config: ConfigOption = None,
    engine: EngineOption = Engine.local,
    scheduler: SchedulerOption = None,
    partition_size: PartitionSizeOption = PARTITION_SIZE,
    save_scripts: SaveScriptsOption = None,
) -> None:
    """Team-level tables over many conversations: per agent and per team (conversations, pass
    rate at the gate's thresholds, mean scores, an agent's top three tips), per tag (rate per 100
    agent turns), per dimension (mean, p10, distribution), the most frequent tips, failed and
    worst conversations, a trend by day, week or month when turns carry timestamps, recurring
    customer complaint themes with a quote each, and changes against a baseline run (with n).

    Examples:

      cscoach summary exports/ --fail-under 50

      cscoach summary exports/ -f html -o team.html

      cscoach analyze exports/ -f jsonl -o today.jsonl -q

      cscoach summary today.jsonl --baseline yesterday.jsonl -f markdown

      cscoach summary s3://bucket/results/ --engine dask --scheduler tcp://sched:8786

      cscoach summary exports/ --save-scripts cscoach.toml
    """
    from ..render.summaryout import SUMMARY_RENDERERS
    from ..summary import summarize, summary_of

    settings = settings_from(config)
    problems: list[str] = []
    thresholds = values.thresholds(fail_under, settings)
    before = None
    if baseline is not None:
        if not baseline.is_file():
            fail(f"--baseline {baseline}: no such file")
        before = _results_of([str(baseline)], settings, tuple(agent), 1, problems)
    count = workers(jobs, settings)
    if engine is Engine.dask:
        collector = _collected_on_dask(
            paths, settings, tuple(agent), thresholds, scheduler, count, partition_size, problems
        )
        report = summary_of(collector, before)
    else:
        if scheduler:
            fail("--scheduler needs --engine dask")
        no_urls(paths)
        results = _results_of(paths, settings, tuple(agent), count, problems)
        report = summarize(results, before, thresholds, settings.theme_options())
    if not report.conversations:
        fail("no conversations to summarise")
    with output_stream(output) as stream:
        SUMMARY_RENDERERS[output_format.value](report, stream)
    if save_scripts is not None:
        _save_scripts(save_scripts, [line for line, _ in report.macros])
    for line in report.warnings():
        warn(line)
    for problem in problems:
        error(problem)
    raise typer.Exit(EXIT_USAGE if problems else EXIT_OK)


def _save_scripts(path: Path, lines: list[str]) -> None:
    from ..scriptfile import ScriptFileError
    from ..scriptfile import save_scripts as save

    try:
        saved = save(path, lines)
    except ScriptFileError as exc:
        fail(f"--save-scripts {exc}")
    kept = f" ({saved.already} already there)" if saved.already else ""
    typer.echo(
        f"cscoach: saved {len(saved.added)} macro lines as scripts to {path}{kept}; from the "
        "next run they earn no behaviour credit",
        err=True,
    )


def _collected_on_dask(
    paths: list[str],
    settings: Settings,
    agents: tuple[str, ...],
    thresholds: Thresholds,
    scheduler: str | None,
    workers: int,
    size: str,
    problems: list[str],
) -> Collector:
    """``summary --engine dask``: the summary's Collector, reduced per partition on the cluster."""
    from ..batch.local import Work
    from ..ingest import ReadOptions

    with dask_extra():
        from ..batch.dask_summary import as_dict, summarize_on_dask
    options = ReadOptions(agents=(*settings.agents, *agents), roles=settings.roles)
    work = Work(analyzer_from(settings), options, False, as_dict)
    partition_bytes = values.size_in_bytes(size)
    with cluster_errors():
        return summarize_on_dask(
            paths, work, thresholds, scheduler, workers, partition_bytes, problems,
            settings.theme_options(),
        )  # fmt: skip


def _results_of(
    paths: list[str], settings: Settings, agents: tuple[str, ...], jobs: int, problems: list[str]
) -> Iterator[dict[str, Any]]:
    """Result dicts from saved result files as they are, and from transcripts by analysing them."""
    from ..batch import analyze_inputs
    from ..ingest import InputNote, ReadError, ReadOptions
    from ..summary import is_results_file, read_results, result_parts

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
        for item in analyze_inputs(transcripts, analyzer_from(settings), options, jobs):
            if isinstance(item, InputNote):
                note(item, quiet=True)
                continue
            if isinstance(item, ReadError):
                problems.append(str(item))
            else:
                yield item.to_dict()
