"""A progress line on stderr for long runs; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .render.safe import inert_console

REFRESH_SECONDS = 0.2


class RunProgress:
    """Counts conversations as they are written. Refreshed by hand (no thread), so it is safe
    next to a forking process pool. Call ``clear()`` before writing anything else to the
    terminal: the line is erased, and drawn again at the next refresh."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Progress | None = None
        self._task = None
        self._count = self._errors = 0
        self._partitions: tuple[int, int] | None = None
        self._last = 0.0
        self._start = time.monotonic()

    def __enter__(self) -> RunProgress:
        if self.enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=inert_console(stderr=True),
                auto_refresh=False,
                transient=True,
            )
            self._task = self._progress.add_task("analysing", total=None)
        return self

    def clear(self) -> None:
        """Erase the progress line, so what follows starts on a clean line."""
        if self._progress is not None and self._progress.live.is_started:
            self._progress.stop()

    def partitions(self, done: int, total: int) -> None:
        """A cluster run: ``done`` of ``total`` partitions finished (in any order)."""
        self._partitions = (done, total)
        self._last = 0.0  # show it now
        self.advance(error=False, count=False)

    def advance(self, *, error: bool = False, count: bool = True) -> None:
        self._count += count and not error
        self._errors += count and error
        if self._progress is None:
            return
        now = time.monotonic()
        if now - self._last >= REFRESH_SECONDS:
            self._last = now
            rate = self._count / max(now - self._start, 1e-6)
            noun = "conversation" if self._count == 1 else "conversations"
            text = f"{self._count:,} {noun} analysed ({rate:,.0f}/s)"
            if self._partitions is not None:
                done, total = self._partitions
                text = f"{done:,}/{total:,} partitions, {text}"
            if self._errors:
                text += f", {self._errors} unreadable"
            self._progress.update(self._task, description=text)
            if not self._progress.live.is_started:
                self._progress.start()
            self._progress.refresh()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        self.clear()
