"""``cscoach init``: write a commented starter cscoach.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import fail, output_stream

PathArgument = Annotated[Path, typer.Argument(help="Where to write the file.", metavar="PATH")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


def init(path: PathArgument = Path("cscoach.toml"), force: ForceOption = False) -> None:
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
    with output_stream(None) as stream:
        stream.write(f"wrote {path}\n")
