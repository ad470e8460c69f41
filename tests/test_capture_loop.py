"""The capture package called directly: the loop over lines, a new note, sessions.

The CLI tests (test_cli_context, test_capture_process) drive the same code through a
terminal or a pipe; these pin what each function decides, with real stores on disk.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from ospo_notes.capture.adding import join_session, new_note
from ospo_notes.capture.loop import CaptureRun, run_capture
from ospo_notes.capture.sessions import begin_session, rename_in_notes, start_message
from ospo_notes.errors import NotesError
from ospo_notes.notes.model import Note
from ospo_notes.store import NotesStore
from ospo_notes.store.schedule_store import ScheduleStore

DAY = date(2024, 6, 18)
NOW = datetime(2024, 6, 18, 10, 30)


def stores(root: Path) -> tuple[NotesStore, ScheduleStore]:
    return NotesStore(root), ScheduleStore(root)


def capture(
    root: Path, *lines: str, acked: list[str] | None = None
) -> tuple[CaptureRun, list[str]]:
    notes, schedule = stores(root)
    told: list[str] = []
    ack = (acked if acked is not None else []).append
    done = run_capture(
        lines, notes, schedule, day=DAY, clock=lambda: NOW, ack=ack, tell=told.append,
        author="Ana Lima",
    )  # fmt: skip
    return done, told


def test_each_line_is_a_note_on_disk_with_the_author_and_the_time(notes_dir: Path) -> None:
    acked: list[str] = []
    run, told = capture(notes_dir, "first thought", "! a highlight", acked=acked)
    assert told == []
    assert acked == [n.id for n in run.notes]
    on_disk = NotesStore(notes_dir).read_day(DAY).notes
    assert [(n.text, n.kind, n.author, n.time) for n in on_disk] == [
        ("first thought", "note", "Ana Lima", time(10, 30)),
        ("a highlight", "highlight", "Ana Lima", time(10, 30)),
    ]
    assert run.notes == list(on_disk)


def test_a_bad_line_is_told_and_counted_and_the_next_one_still_stored(notes_dir: Path) -> None:
    run, told = capture(notes_dir, "\udc80 not UTF-8", "/nope", "good")
    assert run.failed == 1  # a note that could not be stored; a mistyped command is not one
    assert len(told) == 2
    assert told[0].startswith("Error: ")
    assert told[0].endswith("; not saved")
    assert told[1].startswith("Error: unknown command /nope")
    assert [n.text for n in NotesStore(notes_dir).read_day(DAY).notes] == ["good"]


def test_the_clock_line_times_the_notes_after_it(notes_dir: Path) -> None:
    run, told = capture(notes_dir, "before", "/at 09:15", "after")
    assert [n.time for n in run.notes] == [time(10, 30), time(9, 15)]
    assert told == ["Clock set to 09:15: the notes that follow get this time."]


def test_undo_takes_back_only_this_captures_last_note(notes_dir: Path) -> None:
    NotesStore(notes_dir).add_note(new_note("older", day=DAY, at=None, now=NOW, kind="note"))
    run, told = capture(notes_dir, "one", "two", "/undo", "/undo", "/undo")
    assert run.notes == []
    assert told[-1] == "Nothing to undo: no note was taken in this capture."
    assert [n.text for n in NotesStore(notes_dir).read_day(DAY).notes] == ["older"]


def test_session_line_starts_a_session_the_next_notes_join(notes_dir: Path) -> None:
    run, told = capture(notes_dir, "/session Keynote", "in the keynote", "/stop", "after it")
    assert told[0].startswith("No session on 2024-06-18 matches 'Keynote'; started an ad-hoc")
    assert told[1:] == ["Stopped: Keynote"]
    assert [n.session for n in run.notes] == ["Keynote", ""]


def test_new_note_takes_now_only_for_today() -> None:
    today = new_note("a", day=DAY, at=None, now=NOW, kind="note")
    other = new_note("a", day=date(2024, 6, 17), at=None, now=NOW, kind="note")
    typed = new_note("a", day=date(2024, 6, 17), at=time(8, 0), now=NOW, kind="note")
    assert (today.time, other.time, typed.time) == (time(10, 30), None, time(8, 0))
    with pytest.raises(NotesError):
        new_note("   ", day=DAY, at=None, now=NOW, kind="note")


def test_join_session_keeps_the_notes_own_speakers(notes_dir: Path) -> None:
    _, schedule = stores(notes_dir)
    begin_session(schedule, "Panel", DAY, ("Bo",), NOW)
    note = Note(id="", day=DAY, text="x", speakers=("Cy",))
    joined, why = join_session(note, schedule, None, NOW.astimezone(), print, move_day=False)
    assert (joined.session, joined.speakers, why) == ("Panel", ("Cy",), "started")
    bare, _ = join_session(
        Note(id="", day=DAY, text="x"), schedule, None, NOW, print, move_day=False
    )
    assert bare.speakers == ("Bo",)


def test_begin_session_reuses_a_title_already_in_the_days_notes(notes_dir: Path) -> None:
    notes, schedule = stores(notes_dir)
    notes.add_note(Note(id="", day=DAY, text="x", session="Open Source Program Offices"))
    session, entry = begin_session(schedule, "open source  program offices", DAY, (), NOW)
    assert (session.title, entry) == ("Open Source Program Offices", None)
    assert start_message(session, entry, "open source  program offices").startswith(
        'Session: using "Open Source Program Offices" (already on 2024-06-18)'
    )


def test_rename_in_notes_renames_the_started_session_too(notes_dir: Path) -> None:
    notes, schedule = stores(notes_dir)
    begin_session(schedule, "Keynot", DAY, (), NOW)
    notes.add_note(Note(id="", day=DAY, text="x", session="Keynot"))
    renamed = rename_in_notes(notes, schedule, DAY, "keynot", "Keynote", merge=False)
    assert (renamed.old, renamed.new, renamed.moved) == ("Keynot", "Keynote", 1)
    assert [n.session for n in notes.read_day(DAY).notes] == ["Keynote"]
    started = schedule.current_session()
    assert started is not None
    assert started.title == "Keynote"
