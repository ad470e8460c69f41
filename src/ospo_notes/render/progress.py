"""Progress bars on stderr: the index catching up with many day files, a slow download."""

from __future__ import annotations

import sys
import time
from typing import Any

from ospo_notes.render.base import console


class IndexProgress:
    """A progress bar on stderr while the index catches up with many files.

    Called as (done, total); Rich is imported only once there is a bar to draw.
    """

    MIN_FILES = 20  # below this the index catches up too fast to need a bar

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.MIN_FILES or done >= total:
                return
            from rich.progress import Progress

            self._bar = Progress(console=console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("Indexing day files", total=total)
        self._bar.update(self._task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Take the bar off the terminal (also when the command failed half-way)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def index_progress() -> IndexProgress | None:
    """A progress callback for the index, only when stderr is a terminal."""
    return IndexProgress() if sys.stderr.isatty() else None


class DownloadProgress:
    """A bar on stderr for a schedule download that takes more than a second.

    Called as (bytes so far, total or None); a quick download draws nothing at all.
    """

    DELAY = 1.0  # seconds before a bar is worth drawing

    def __init__(self, label: str) -> None:
        self._label = label
        self._began = time.monotonic()
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int | None) -> None:
        if self._bar is None:
            if time.monotonic() - self._began < self.DELAY:
                return
            from rich.progress import DownloadColumn, Progress, TextColumn, TransferSpeedColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        """Take the bar off the terminal (also when the download failed)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def download_progress(label: str) -> DownloadProgress | None:
    """A progress callback for a download, only when stderr is a terminal."""
    return DownloadProgress(label) if sys.stderr.isatty() else None
