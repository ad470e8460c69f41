"""What a command works on: the notes folder the options chose, and the days they cover."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ospo_notes.cli.terminal import say
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import dates
from ospo_notes.store import NotesDirChoice, NotesStore, locate_notes_dir

if TYPE_CHECKING:
    from ospo_notes.schedule.entry import ScheduleEntry
    from ospo_notes.store.schedule_store import ScheduleStore


def store(ctx: typer.Context) -> NotesStore:
    """The store for the notes dir chosen by --notes-dir / $OSPO_NOTES_DIR / defaults."""
    return NotesStore(notes_dir_choice(ctx).path)


def notes_dir_choice(ctx: typer.Context) -> NotesDirChoice:
    """The notes dir in use and why: --notes-dir, $OSPO_NOTES_DIR, ./notes or the data dir.

    The root callback stores --notes-dir in `obj`; during shell completion the callback
    does not run, so the parsed parameter is read instead.
    """
    root = ctx.find_root()
    option = (root.obj or {}).get("notes_dir") or root.params.get("notes_dir")
    return locate_notes_dir(Path(option) if option else None)


def days_of(s: NotesStore, day: date | None, first: date | None, last: date | None) -> list[date]:
    """The days a command covers: `--day`, or `--from/--to`, or today."""
    span = dates.parse_range(first, last)
    if span is None:
        return [day or date.today()]
    if day is not None:
        raise UsageError("give either --day or --from/--to, not both")
    return [d for d in s.days() if span[0] <= d <= span[1]]


@dataclass(frozen=True)
class Span:
    """The days a listing covers: every day, one day, or a range (as --day/--from/--to say)."""

    days: list[date]
    everything: bool  # no --day, --from or --to: all days
    single: bool  # one day: its file is the quickest answer; else the index


def span_of(s: NotesStore, day: date | None, first: date | None, last: date | None) -> Span:
    everything = day is None and first is None and last is None
    return Span(
        days=s.days() if everything else days_of(s, day, first, last),
        everything=everything,
        single=day is not None or (first is not None and first == last),
    )


def scope_words(day: date | None, first: date | None, last: date | None) -> str:
    """'on DAY' or 'from A to B', for what the user asked."""
    start, end = dates.parse_range(first, last) or (day, day)
    return f"on {start}" if start == end else f"from {start} to {end}"


def scheduled_sessions(s: NotesStore, days: Iterable[date]) -> "dict[date, list[ScheduleEntry]]":
    """Each day's scheduled sessions; a broken schedule file is a warning, never a lost view."""
    from ospo_notes.store.schedule_store import ScheduleStore

    schedule = ScheduleStore(s.root)
    found: dict[date, list[ScheduleEntry]] = {}
    for day in days:
        try:
            found[day] = schedule.sessions_on(day)
        except NotesError as err:
            say(f"Warning: {err}; going on without the schedule.")
    return found


def schedule_store(ctx: typer.Context) -> "ScheduleStore":
    """The schedule store of the notes dir in use."""
    from ospo_notes.store.schedule_store import ScheduleStore

    return ScheduleStore(notes_dir_choice(ctx).path)
