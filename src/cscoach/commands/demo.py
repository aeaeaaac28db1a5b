"""``cscoach demo``: analyze the example conversations bundled with cscoach."""

from __future__ import annotations

import typer

from .common import EXIT_USAGE


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
    command = ctx.find_root().command  # the whole command line, to run analyze as typed
    try:
        command.main(["analyze", str(folder), *ctx.args], prog_name="cscoach")
    except SystemExit as done:  # analyze always exits with its code
        raise typer.Exit(done.code if isinstance(done.code, int) else EXIT_USAGE) from None
