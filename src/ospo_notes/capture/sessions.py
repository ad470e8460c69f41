"""Sessions you are in: starting one by title or id, describing it, renaming one in a day's notes.

Shared by `session` and the capture prompt's `/session`. Which session a new note joins
is `capture.adding.attachment_for`; which session runs when is `schedule.current`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from ospo_notes.errors import NotesError
from ospo_notes.notes.model import Day
from ospo_notes.notes.sessions import Renamed, existing_session, rename_session, session_folded
from ospo_notes.schedule import current as running
from ospo_notes.schedule.current import CurrentSession
from ospo_notes.store import NotesStore

if TYPE_CHECKING:
    from ospo_notes.schedule.entry import ScheduleEntry
    from ospo_notes.store.schedule_store import ScheduleStore


def begin_session(
    s: ScheduleStore, query: str, day: date, speakers: tuple[str, ...], now: datetime
) -> tuple[CurrentSession, ScheduleEntry | None]:
    """Start the session `query` names on `day`'s schedule, or an ad-hoc one titled `query`."""
    entries = s.entries([day])
    entry = running.resolve_session(entries, query)
    if entry is None:
        title = _noted_session(s, day, query) or query.strip()
        session = CurrentSession(title=title, day=day, started=now, speakers=speakers)
    else:
        session = CurrentSession(
            title=entry.title,
            day=running.session_day(entry),
            started=now,
            id=entry.id,
            speakers=speakers or entry.speakers,
        )
    s.start_session(session)
    return session, entry


def _noted_session(s: ScheduleStore, day: date, query: str) -> str | None:
    """The title of a session already in `day`'s notes that `query` names, ignoring case
    and spaces; None when there is none (or the day file does not read: the title is
    then used as typed)."""
    try:
        notes = NotesStore(s.root).read_day(day).notes
    except NotesError:
        return None
    return existing_session(query, (note.session for note in notes if note.session))


def describe(session: CurrentSession, entry: ScheduleEntry | None = None) -> str:
    """One line about a session: time, title, room, speakers."""
    parts = []
    if entry is not None:
        parts.append(f"{entry.start:%H:%M}-{entry.end:%H:%M}")
    parts.append(session.title)
    if entry is not None and entry.room:
        parts.append(f"({entry.room})")
    line = " ".join(parts)
    if session.speakers:
        line += " · " + ", ".join(session.speakers)
    return line


def start_message(session: CurrentSession, entry: ScheduleEntry | None, query: str) -> str:
    """What `session start` and `/session` say on stderr."""
    if entry is None and session.title != query.strip():
        using = f'Session: using "{session.title}" (already on {session.day})'
        return f"{using}\nNow in: {describe(session)}"
    if entry is None:
        return (
            f"No session on {session.day} matches {query.strip()!r}; "
            f"started an ad-hoc session: {describe(session)}"
        )
    return f"Now in: {describe(session, entry)}"


def rename_in_notes(
    notes: NotesStore, schedule: ScheduleStore, day: date, old: str, new: str, *, merge: bool
) -> Renamed:
    """Rename session `old` to `new` in every note of `day`, in one write: all or none.

    A started session of that name is renamed too, so the notes added next follow it.
    """
    done: list[Renamed] = []

    def change(current: Day) -> Day:
        done.append(rename_session(current, old, new, merge=merge))
        return done[-1].day

    notes.update_day(day, change)
    result = done[-1]
    started = schedule.current_session()
    same = started is not None and session_folded(started.title) == session_folded(result.old)
    if started is not None and same and started.applies_to(day):
        schedule.start_session(replace(started, title=result.new))
    return result
