"""Adding one note: its fields checked, the session it joins, the day file written.

Shared by `add` (through Typer or the quick path in `launch`) and `capture`. Nothing here imports
Typer or Rich: the quick path of `add` starts without them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import model, sessions
from ospo_notes.notes.model import Note
from ospo_notes.store.files import SCHEDULE_DIR, schedule_in_use

if TYPE_CHECKING:  # loaded on use: `add` pays for them only when a schedule or session exists
    from ospo_notes.schedule.current import Attachment
    from ospo_notes.store.schedule_store import ScheduleStore

Warn = Callable[[str], None]
"""Tells the person at the terminal something that does not stop the command."""

_WHY = {"started": "current session", "scheduled": "on the schedule now"}


def add_note(
    root: Path,
    text: str,
    *,
    day: date | None,
    at: time | None,
    session: str,
    speakers: tuple[str, ...],
    kind: str,
    themes: tuple[str, ...],
    now: datetime,
    warn: Warn,
    folder: str = "",
    author: str | None = None,
) -> tuple[Note, str]:
    """Store a note in the notes dir `root`; the note as stored, and the line that says so.

    Without a session the note joins the started session, else the one session running
    at its time on the imported schedule; that session's speakers fill in unless given.
    Every field is checked before the store is touched. `folder` names the notes dir in
    the line (empty for the default one), so a note never lands somewhere unsaid.
    `author` is `--author` (None: from the environment, the config file or git).
    """
    from ospo_notes.store import NotesStore
    from ospo_notes.store.user_config import author_for_new_note

    note = new_note(
        text,
        day=day or now.date(),
        at=at,
        now=now,
        kind=kind,
        session=session,
        speakers=speakers,
        themes=themes,
    )
    note = note.with_changes(author=author_for_new_note(author, root, warn))
    reason = ""
    typed = note.session
    if not typed and schedule_in_use(root):  # without either, the schedule store never loads
        # after midnight, a note without --day may join last night's talk
        note, reason = join_session(
            note, _schedule_store(root), at, now, warn, move_day=day is None
        )
    note_day = note.day
    scheduled = scheduled_title(root, note_day, typed, warn) if typed else None
    if scheduled is not None:
        note = note.with_changes(session=scheduled)
    stored = NotesStore(root).add_note(note, same_session=bool(typed) and scheduled is None)
    if typed and stored.session != typed:
        where_from = "on the schedule of" if scheduled else "already on"
        warn(f'Session: using "{stored.session}" ({where_from} {note_day})')
    where = f" · {stored.session}" if stored.session else ""
    asides = "; ".join(part for part in (_WHY.get(reason, ""), folder) if part)
    aside = f" ({asides})" if asides else ""
    told = f"Added {stored.kind} {stored.id} to {stored.day}{where}{aside}."
    return stored, told


def new_note(
    text: str,
    *,
    day: date,
    at: time | None,
    now: datetime,
    kind: str,
    session: str = "",
    speakers: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
) -> Note:
    """A note as typed, checked and normalized: `at`'s time, else now's (today only), else none."""
    return model.normalize_note(
        Note(
            id="",
            day=day,
            text=text,
            kind=kind,
            time=at or (now.time() if day == now.date() else None),
            session=session,
            speakers=speakers,
            themes=themes,
        )
    )


def join_session(
    note: Note,
    schedule: ScheduleStore,
    at: time | None,
    now: datetime,
    warn: Warn,
    *,
    move_day: bool,
) -> tuple[Note, str]:
    """`note` in the started session, else the one running at its time; and why (or '').

    The session's speakers fill in unless the note has its own. With `move_day`, a note
    taken after midnight in a talk that began the day before moves to that day.
    """
    attached = attachment_for(schedule, note.day, note_moment(note.day, at, now), warn)
    if attached is None:
        return note, ""
    note = note.with_changes(session=attached.title, speakers=note.speakers or attached.speakers)
    if move_day and attached.day is not None:
        note = note.with_changes(day=attached.day)
    return note, attached.reason


def saved_but_unprinted(note_id: str, err: object) -> str:
    """The error for a note stored whose id could not be printed: a retry would add it twice."""
    return f"{err}; the note was saved as {note_id}: do not add it again"


def kind_of(kind: str | None, *, highlight: bool) -> str:
    """The kind `--kind` and `--highlight` ask for together."""
    if kind is None:
        return "highlight" if highlight else "note"
    folded = model.check_kind(kind)
    if highlight and folded != "highlight":
        raise UsageError(f"--highlight and --kind {kind} disagree: give one of them")
    return folded


def note_moment(day: date, at: time | None, now: datetime) -> datetime | None:
    """When a note was taken, for matching the schedule; see `ospo_notes.schedule.current`.

    A typed `--at` is conference wall-clock time (naive); a note taken now is an instant.
    """
    if at is not None:
        return datetime.combine(day, at)
    if day == now.date():
        return now.astimezone()
    return None


def attachment_for(
    s: ScheduleStore, day: date, moment: datetime | None, warn: Warn
) -> Attachment | None:
    """The session a note of `day` at `moment` joins: started, else the one running, else none.

    None, quickly, when the notes dir has neither a schedule nor a started session. A stored
    schedule that does not parse never costs a note: it is reported and the note has no session.
    """
    if not schedule_in_use(s.root):
        return None
    from ospo_notes.schedule import current as context
    from ospo_notes.schedule.current import Attachment

    current = s.current_session(warn)
    if current is not None and current.applies_to(day):
        return context.attach(current, (), day, moment)
    if moment is None:
        return Attachment()
    try:
        entries = s.entries(context.candidate_days(day))
    except NotesError as err:
        warn(f"Warning: {err}; the note is saved without a session")
        return Attachment()
    return context.attach(current, entries, day, moment)


def scheduled_title(root: Path, day: date, typed: str, warn: Warn) -> str | None:
    """The title of the session on `day`'s schedule that `typed` names, ignoring case and
    spaces (`sessions.existing_session`); None without a schedule or a match."""
    if not (root / SCHEDULE_DIR).is_dir():  # no schedule: nothing more to import
        return None
    s = _schedule_store(root)
    try:
        entries = s.read_day(day).entries
    except NotesError as err:
        warn(f"Warning: {err}; the session title is kept as typed")
        return None
    return sessions.existing_session(typed, (entry.title for entry in entries))


def _schedule_store(root: Path) -> ScheduleStore:
    from ospo_notes.store.schedule_store import ScheduleStore

    return ScheduleStore(root)
