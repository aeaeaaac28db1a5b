"""Where output goes: stdout, or a file written atomically (a temporary file renamed on success)."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

ENCODING_ERRORS = "backslashreplace"
"""Text that cannot be encoded (a lone surrogate from a truncated emoji) is written as its
escape, \\ud800: inside a JSON string that is still valid JSON, and nothing is lost."""


@contextmanager
def open_output(path: Path | None, *, keep_partial: bool = True) -> Iterator[TextIO]:
    """Yield a text stream; for a path, rename the temporary file into place when the block ends
    normally or is interrupted with Ctrl-C (``keep_partial``: what was written is kept), and
    delete it on any other error so a half-written report never replaces a good one."""
    if path is None:
        yield sys.stdout
        return
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory (give a file name)", str(path))
    if not (path.parent if str(path.parent) else Path(".")).is_dir():
        raise FileNotFoundError(2, "no such folder", str(path.parent))
    if path.exists() and not path.is_file():
        # A device (/dev/null), a FIFO or a terminal: write straight to it. Renaming a file
        # over it would destroy it (as root, /dev/null would become a regular file).
        with path.open("w", encoding="utf-8", newline="", errors=ENCODING_ERRORS) as direct:
            yield direct
        return
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    stream = os.fdopen(fd, "w", encoding="utf-8", newline="", errors=ENCODING_ERRORS)
    try:
        yield stream
    except KeyboardInterrupt:
        stream.close()
        if keep_partial:
            _publish(temp, path)
        else:
            os.unlink(temp)
        raise
    except BaseException:
        stream.close()
        os.unlink(temp)
        raise
    else:
        stream.close()
        _publish(temp, path)


def _publish(temp: str, path: Path) -> None:
    """Give the file the permissions a plain open() would have (mkstemp makes it private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, path)


WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE})
"""Errors that only a write to a full, broken or closed output gives."""


class OutputError(Exception):
    """The output could not be written (a full disk, no permission): one line naming it."""


class OutputClosed(Exception):
    """The reader of stdout went away ("| head"): stop quietly, as Unix tools do."""


@contextmanager
def guarded_output(path: Path | None, *, keep_partial: bool = True) -> Iterator[TextIO]:
    """``open_output``, flushed at the end, with every OSError of writing (ENOSPC, EACCES,
    EPIPE, ...) turned into OutputError, or OutputClosed for a closed pipe: the one way every
    command writes, so none can end in a traceback because its output failed."""
    name = str(path) if path is not None else "stdout"
    try:
        with open_output(path, keep_partial=keep_partial) as stream:
            yield stream
            stream.flush()
    except BrokenPipeError:
        discard_stdout()
        raise OutputClosed(name) from None
    except OSError as exc:
        if path is None:
            discard_stdout()
        raise OutputError(f"{name}: {exc.strerror or exc}") from None


def discard_stdout() -> None:
    """Point stdout at the null device: what is still buffered for it cannot be written, and
    Python's flush at exit must not print a second error about it."""
    with suppress(OSError, ValueError):  # ValueError: not a real file (a test's capture)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
