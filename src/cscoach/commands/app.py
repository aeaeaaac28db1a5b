"""The ``cscoach`` command line: the Typer app, its commands in help order, and ``main``, the
console script, which turns a failed or closed stdout into an exit code."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand

from .. import __version__
from .analyze import analyze
from .common import EXIT_OK, EXIT_USAGE, error
from .demo import demo
from .eval import eval_command
from .formats import formats
from .init import init
from .rules import rules
from .summary import summary
from .train import train


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


register = partial(app.command, cls=PlainHelp)
register(short_help="Score conversations and print coaching tips, or result files.")(analyze)
register(short_help="Team tables: agents, tags, scores, themes, changes since a baseline.")(summary)
register("eval", short_help="Compare cscoach's tags with your human labels (P, R, F1, kappa).")(
    eval_command
)
register(short_help="Fit the tagger to your own labelled conversations.")(train)
register(short_help="List the rules, or show one in full.")(rules)
register(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    short_help="Analyse the bundled example conversations.",
)(demo)
register(short_help="List the input formats cscoach reads.")(formats)
register(short_help="Write a commented starter cscoach.toml.")(init)


def main() -> None:
    import signal

    from ..output import ENCODING_ERRORS

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
    from ..output import WRITE_ERRORS, discard_stdout

    if exc.errno not in WRITE_ERRORS:
        raise exc
    discard_stdout()
    if isinstance(exc, BrokenPipeError):
        return EXIT_OK
    error(f"stdout: {exc.strerror or exc}")
    return EXIT_USAGE
