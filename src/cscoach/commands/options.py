"""The options and arguments several commands share, declared once.

An alias here is the whole declaration (``config: ConfigOption = None``); a function here builds
the declaration of an option whose names and metavar are shared but whose help, or type, is each
command's own.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

PARTITION_SIZE = "64MB"
"""--partition-size's default."""
WRITE_TO_FILE = "Write to FILE (atomically: renamed into place when done)."


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def paths_argument(help: str) -> Any:
    """The ``PATH...`` argument: the inputs a command reads."""
    return Annotated[list[str], typer.Argument(metavar="PATH", help=help, show_default=False)]


def format_option(choices: Any, help: str, **settings: Any) -> Any:
    """``--format/-f FORMAT``: one of ``choices``, the command's output formats."""
    return Annotated[
        choices, typer.Option("--format", "-f", metavar="FORMAT", help=help, **settings)
    ]


def output_option(kind: Any, metavar: str, help: str) -> Any:
    """``--output/-o``: where the command writes, a ``kind`` of ``metavar``."""
    return Annotated[kind, typer.Option("--output", "-o", metavar=metavar, help=help)]


def fail_under_option(help: str) -> Any:
    """``--fail-under N|DIM=N`` (repeatable): the gate's thresholds."""
    return Annotated[list[str], typer.Option("--fail-under", metavar="N|DIM=N", help=help)]


OutputOption = output_option(Path | None, "FILE", WRITE_TO_FILE)
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (default: cscoach.toml or [tool.cscoach] in pyproject.toml, upwards).",
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
        help="--engine dask: the largest byte range of a JSON Lines file (e.g. 64MB, 500kB). "
        "Files are cut on line boundaries into at least 2 ranges per worker, none under 256kB.",
    ),
]
