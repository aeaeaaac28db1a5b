"""What analyze and summary share about where they run: the local engine reads only files,
and the Dask engine is an optional extra whose failures are one line each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .common import fail


def no_urls(paths: list[str]) -> None:
    """The local engine reads files: a URL input is a usage error that names the way out."""
    for path in paths:
        if "://" in path and not Path(path).exists():
            fail(f"{path}: URL inputs need --engine dask (pip install 'cscoach[dask]')")


@contextmanager
def dask_extra() -> Iterator[None]:
    """Around an import of the Dask engine: a clear error when the extra is missing."""
    try:
        yield
    except ImportError:
        fail("--engine dask needs the dask extra: pip install 'cscoach[dask]'")


@contextmanager
def cluster_errors() -> Iterator[None]:
    """Around a Dask run: a scheduler that cannot be reached, an output folder that cannot be
    written, a cluster that fails to start or gives up, each said in one line."""
    try:
        yield
    except OSError as exc:
        fail(f"--engine dask: {exc.strerror or exc}")
    except Exception as exc:
        fail(f"--engine dask: {type(exc).__name__}: {exc}")
