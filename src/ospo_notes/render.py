"""Everything the terminal shows, drawn with Rich. The only module that imports Rich.

Note text is user text: it is always shown as text (markup and escape sequences
are displayed, never interpreted).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from ospo_notes.model import DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry

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


def schedule_table(entries: Sequence[ScheduleEntry], *, day: date, current_id: str = "") -> None:
    """`ospo-notes schedule show`: a day's sessions; ▶ marks the one you are in."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Schedule · {day.isoformat()}", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("start", no_wrap=True)
    table.add_column("end", no_wrap=True)
    table.add_column("room")
    table.add_column("title", ratio=1)
    table.add_column("speakers")
    table.add_column("track")
    for entry in entries:
        here = entry.id == current_id
        table.add_row(
            Text("▶" if here else ""),
            Text(_clock(entry.start, day)),
            Text(_clock(entry.end, day)),
            Text(visible(entry.room)),
            Text(visible(entry.title), style="bold" if here else ""),
            Text(visible(", ".join(entry.speakers))),
            Text(visible(entry.track), style="dim"),
        )
    console().print(table)


def _clock(stamp: datetime, day: date) -> str:
    """HH:MM, with +1 for a time after midnight of the listed day."""
    later = (stamp.date() - day).days
    return stamp.strftime("%H:%M") + (f"+{later}" if later > 0 else "")
