"""Everything the terminal shows, drawn with Rich. The only module that imports Rich.

Note text is user text: it is always shown as text (markup and escape sequences
are displayed, never interpreted).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ospo_notes.model import DayInfo, Note

if TYPE_CHECKING:
    from rich.console import Console

KIND_MARKS = {"note": "·", "highlight": "★", "quote": "❝", "question": "?", "action": "→"}
KIND_STYLES = {
    "note": "",
    "highlight": "bold yellow",
    "quote": "italic cyan",
    "question": "magenta",
    "action": "green",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """Control characters as `\\x1b`-style escapes, so a note cannot drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def console(*, stderr: bool = False) -> Console:
    """A console that follows the terminal: colour on a TTY, plain text when piped."""
    from rich.console import Console

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, emoji=False)


def notes_table(notes: Sequence[Note], *, title: str = "", show_day: bool = False) -> None:
    """`ospo-notes list`: one row a note, the id first so it can be copied."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=visible(title) or None, title_justify="left", expand=False)
    table.add_column("id", style="dim", no_wrap=True)
    if show_day:
        table.add_column("day", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("session")
    table.add_column("note", ratio=1)
    table.add_column("themes")
    for note in notes:
        row = [Text(note.id)]
        if show_day:
            row.append(Text(note.day.isoformat()))
        row += [
            Text(note.time.strftime("%H:%M") if note.time else ""),
            Text(f"{KIND_MARKS[note.kind]} {note.kind}", style=KIND_STYLES[note.kind]),
            Text(visible(note.session)),
            Text(visible(note.text)),
            Text(" ".join(f"#{theme}" for theme in note.themes), style="blue"),
        ]
        table.add_row(*row)
    console().print(table)


def day_line(info: DayInfo, count: int) -> None:
    """`ospo-notes day`: what the day is called and how much it holds."""
    from rich.text import Text

    notes = f"{count} note" + ("" if count == 1 else "s")
    console().print(Text(f"{visible(info.heading())} ({notes})"))


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
