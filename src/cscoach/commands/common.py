"""What every command does alike: exit codes, one-line errors, writing output, input notes,
settings and worker counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer

from ..logline import one_line

if TYPE_CHECKING:
    from ..analyzer import Analyzer
    from ..config import Settings

EXIT_OK, EXIT_THRESHOLD, EXIT_USAGE = 0, 1, 2


def error(message: str) -> None:
    """A one-line error on stderr; the run goes on."""
    typer.echo(f"cscoach: error: {one_line(message)}", err=True)


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    typer.echo(f"cscoach: warning: {one_line(message)}", err=True)


def fail(message: str) -> NoReturn:
    """A one-line error on stderr, and exit code 2."""
    error(message)
    raise typer.Exit(EXIT_USAGE)


@contextmanager
def failing_on(*errors: type[Exception]) -> Iterator[None]:
    """Any of ``errors`` (a bad config, unusable training data) ends the run with its message."""
    try:
        yield
    except errors as exc:
        fail(str(exc))


@contextmanager
def output_stream(path: Path | None) -> Iterator[TextIO]:
    """The one way a command writes its output: a failure to write (a full disk, no
    permission) is a one-line error and exit code 2; a closed pipe ends the run quietly."""
    from ..output import OutputClosed, OutputError, guarded_output

    try:
        with guarded_output(path) as stream:
            yield stream
    except OutputClosed:
        raise typer.Exit(EXIT_OK) from None
    except OutputError as exc:
        fail(str(exc))


def note(item: Exception, quiet: bool) -> None:
    """An input's note on stderr; an input that gave no conversation is a warning, shown even
    with --quiet: an export that silently analysed nothing must not pass unnoticed."""
    from ..ingest import EmptyInput

    if isinstance(item, EmptyInput):
        typer.echo(f"cscoach: warning: {one_line(str(item))}", err=True)
    elif not quiet:
        typer.echo(f"cscoach: note: {one_line(str(item))}", err=True)


def settings_from(config: Path | None) -> Settings:
    """The settings of --config, else of the config file found upwards."""
    from ..config import ConfigError, load_settings

    with failing_on(ConfigError):
        return load_settings(config)


def analyzer_from(settings: Settings, **options: Any) -> Analyzer:
    """``settings.analyzer(**options)``; a config it cannot be built from (a missing model, an
    unknown rule) is a one-line error."""
    from ..config import ConfigError

    with failing_on(ConfigError):
        return settings.analyzer(**options)


def workers(jobs: int | None, settings: Settings) -> int:
    """--jobs, else the config's jobs, else all cores; never more than the cores there are
    (thousands of processes would only thrash, and orphan on a kill)."""
    from ..batch import default_jobs

    return min(jobs or settings.jobs or default_jobs(), default_jobs())
