"""The capture loop: each line a note stored the moment it is read, or a /command.

A plain function over lines, so tests need no terminal; `cli.capture` feeds it the
prompt or the pipe and prints each stored id (`ack`) the moment it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from ospo_notes.capture.adding import join_session, new_note
from ospo_notes.capture.sessions import begin_session, start_message
from ospo_notes.errors import NotesError
from ospo_notes.notes import dates
from ospo_notes.notes.model import Note

if TYPE_CHECKING:
    from ospo_notes.capture.lines import Command
    from ospo_notes.store import NotesStore
    from ospo_notes.store.schedule_store import ScheduleStore


class CaptureRun:
    """What one capture did: the notes it kept (newest last) and the lines that failed.

    `at` is the clock `--at` or `/at` set: every note from then on gets that time.
    """

    def __init__(self, at: time | None = None) -> None:
        self.notes: list[Note] = []
        self.failed = 0
        self.at = at


def run_capture(
    lines: Iterable[str],
    notes: NotesStore,
    schedule: ScheduleStore,
    *,
    day: date,
    clock: Callable[[], datetime] = dates.now,
    ack: Callable[[str], None],
    tell: Callable[[str], None],
    run: CaptureRun | None = None,
    author: str = "",
) -> CaptureRun:
    """Store each line as a note (or run its /command); `ack` gets each stored id.

    Every note gets `author` (already resolved: '' for none)."""
    from ospo_notes.capture.lines import Clock, Command, NoteDraft, parse_capture_line

    run = run if run is not None else CaptureRun()
    for line in lines:
        try:
            parsed = parse_capture_line(line)
        except NotesError as err:
            tell(f"Error: {err}")
            continue
        if isinstance(parsed, NoteDraft):
            try:
                now = clock()
                note = new_note(parsed.text, day=day, at=run.at, now=now, kind=parsed.kind)
                note, _why = join_session(note, schedule, run.at, now, tell, move_day=False)
                stored = notes.add_note(note.with_changes(author=author))
            except NotesError as err:
                tell(f"Error: {err}; not saved")
                run.failed += 1
                continue
            run.notes.append(stored)
            ack(stored.id)
        elif isinstance(parsed, Clock):
            run.at = parsed.at
            tell(f"Clock set to {parsed.at:%H:%M}: the notes that follow get this time.")
        elif isinstance(parsed, Command):
            try:
                _command(parsed, run, notes, schedule, day, clock, tell)
            except NotesError as err:
                tell(f"Error: {err}")
    return run


def _command(
    command: Command,
    run: CaptureRun,
    notes: NotesStore,
    schedule: ScheduleStore,
    day: date,
    clock: Callable[[], datetime],
    tell: Callable[[str], None],
) -> None:
    if command.name == "help":
        from ospo_notes.capture.lines import CAPTURE_HELP

        tell(CAPTURE_HELP)
    elif command.name == "session":
        session, entry = begin_session(schedule, command.argument, day, (), clock())
        tell(start_message(session, entry, command.argument))
    elif command.name == "stop":
        ended = schedule.stop_session()
        tell(f"Stopped: {ended.title}" if ended else "No session was started.")
    elif command.name == "undo":
        if not run.notes:
            tell("Nothing to undo: no note was taken in this capture.")
            return
        last = run.notes[-1]
        notes.update_note(
            last, lambda _current: None, f"deleted {last.kind} {last.id} of {last.day}"
        )
        run.notes.pop()
        tell(f"Removed {last.id}: {last.text}")
