"""Tables: the notes of `list`, the line of `day`, the sessions of `schedule show`,
the speakers of `speakers`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from ospo_notes.notes.model import DayInfo, Note
from ospo_notes.notes.query import NoteList
from ospo_notes.render.base import (
    KIND_MARKS,
    KIND_STYLES,
    clock,
    console,
    hashtag_line,
    show,
    speakers_of,
    titled_table,
)
from ospo_notes.schedule.entry import DaySchedule
from ospo_notes.terminal_text import visible
from ospo_notes.vocabulary.speakers import SpeakersOverview

if TYPE_CHECKING:
    from rich.text import Text


@show.register(NoteList)
def notes_table(data: NoteList, *, title: str = "", show_day: bool = False) -> None:
    """`ospo-notes list`: one row a note, the id first so it can be copied.

    The note gets the width; its session and themes go on a dim line under it, so
    nothing is cut short at 80 columns.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(visible(title)) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        leading=1,
        expand=True,
    )
    table.add_column("id", style="dim", no_wrap=True)
    if show_day:
        table.add_column("day", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("note", ratio=1)
    for note in data.notes:
        row = [Text(note.id)]
        if show_day:
            row.append(Text(note.day.isoformat()))
        row += [
            Text(clock(note)),
            Text(f"{KIND_MARKS[note.kind]} {note.kind}", style=KIND_STYLES[note.kind]),
            _note_cell(note),
        ]
        table.add_row(*row)
    console().print(table)


def _note_cell(note: Note) -> Text:
    from rich.text import Text

    cell = Text(visible(note.text))
    context = " · ".join(part for part in (visible(note.session), speakers_of(note)) if part)
    tags = hashtag_line(note.themes)
    if context or tags:
        cell.append("\n")
        cell.append(context, style="dim")
        cell.append(("  " if context and tags else "") + tags, style="dim blue")
    return cell


def day_line(info: DayInfo, count: int) -> None:
    """`ospo-notes day`: what the day is called, how much it holds, and its own paragraphs."""
    from rich.text import Text

    notes = f"{count} note" + ("" if count == 1 else "s")
    out = console()
    out.print(Text(f"{visible(info.heading())} ({notes})"))
    for label, text in (("Intro", info.intro), ("Closing", info.closing)):
        if text:
            out.print()
            out.print(Text(label, style="bold"))
            out.print(Text(visible(text)))


@show.register(DaySchedule)
def schedule_table(data: DaySchedule) -> None:
    """`ospo-notes schedule show`: a day's sessions; ▶ marks the one you are in."""
    from rich.table import Table
    from rich.text import Text

    day = data.day
    table = Table(title=f"Schedule · {day.isoformat()}", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("start", no_wrap=True)
    table.add_column("end", no_wrap=True)
    table.add_column("room")
    table.add_column("title", ratio=1)
    table.add_column("speakers")
    table.add_column("track")
    for entry in data.entries:
        here = entry.id == data.current_id
        table.add_row(
            Text("▶" if here else ""),
            Text(_schedule_clock(entry.start, day)),
            Text(_schedule_clock(entry.end, day)),
            Text(visible(entry.room)),
            Text(visible(entry.title), style="bold" if here else ""),
            Text(visible(", ".join(entry.speakers))),
            Text(visible(entry.track), style="dim"),
        )
    console().print(table)


def _schedule_clock(stamp: datetime, day: date) -> str:
    """HH:MM, with +1 for a time after midnight of the listed day."""
    later = (stamp.date() - day).days
    return stamp.strftime("%H:%M") + (f"+{later}" if later > 0 else "")


@show.register(SpeakersOverview)
def speakers_table(data: SpeakersOverview, *, title: str) -> None:
    """`ospo-notes speakers`: who spoke, who they are, and how many notes name them."""
    from rich.text import Text

    table = titled_table(title)
    table.add_column("speaker", no_wrap=True, style="bold")
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("role · organisation", ratio=1)
    for row in data.speakers:
        about = Text(visible(", ".join(part for part in (row.role, row.org) if part)))
        if row.aliases:
            also = "also " + ", ".join(visible(a) for a in row.aliases)
            about.append(("\n" if about else "") + also, style="dim")
        table.add_row(Text(visible(row.name)), Text(str(row.count)), about)
    console().print(table)
