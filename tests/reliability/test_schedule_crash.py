"""SIGKILL at every file-system call of a re-import that renames a session with notes.

A rename writes the notes first, then session.toml, then the schedule days: whatever step
a kill lands on, every note keeps its text and one of the two titles, a schedule that has
the new title means the notes have it too, and running the import again finishes the job.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from test_crash import _run_forked  # the same armed fork as the day-file crash tests
from typer.testing import CliRunner

from ospo_notes.cli import app
from ospo_notes.store import NotesStore
from ospo_notes.store.files import is_temp_name
from ospo_notes.store.schedule_store import ScheduleStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "schedules"
OLD, NEW = "Opening keynote", "Opening keynote: the sequel"


def _state(notes_dir: Path, day: date) -> tuple[list[tuple[str, str]], set[str], str]:
    """Notes (text, session), the schedule's titles and the started session's title."""
    notes = [(n.text, n.session) for n in NotesStore(notes_dir).read_day(day).notes]
    schedule = ScheduleStore(notes_dir)
    titles = {e.title for d in schedule.days() for e in schedule.read_day(d).entries}
    current = schedule.current_session()
    return sorted(notes), titles, current.title if current else ""


def _prepare(notes_dir: Path, original: Path) -> date:
    if notes_dir.exists():
        shutil.rmtree(notes_dir)
    run = CliRunner().invoke
    assert run(app, ["schedule", "import", str(original)]).exit_code == 0
    schedule = ScheduleStore(notes_dir)
    entry = next(e for d in schedule.days() for e in schedule.read_day(d).entries if e.title == OLD)
    day = entry.start.date().isoformat()
    for text in ("first", "second"):
        assert run(app, ["add", "--day", day, "--session", OLD, text]).exit_code == 0
    assert run(app, ["session", "start", entry.id, "--day", day]).exit_code == 0
    return entry.start.date()


@pytest.mark.slow
def test_sigkill_at_every_step_of_a_rename_loses_nothing(notes_dir: Path, tmp_path: Path) -> None:
    original = tmp_path / "schedule.json"
    doc = json.loads((FIXTURES / "pretalx-small.json").read_text())
    original.write_text(json.dumps(doc))
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(doc).replace(f'"{OLD}"', f'"{NEW}"'))
    args = ["schedule", "import", str(renamed)]

    day = _prepare(notes_dir, original)
    before = _state(notes_dir, day)
    assert CliRunner().invoke(app, args).exit_code == 0  # reference run
    after = _state(notes_dir, day)
    assert after[0] == [("first", NEW), ("second", NEW)] and after[2] == NEW
    steps = 0
    for kill_at in range(1, 600):
        _prepare(notes_dir, original)
        if not _run_forked(args, kill_at):
            break
        steps += 1
        where = f"killed at step {kill_at}"
        notes, titles, current = _state(notes_dir, day)  # everything still parses
        assert [text for text, _ in notes] == ["first", "second"], where
        assert {session for _, session in notes} <= {OLD, NEW}, where
        if NEW in titles:
            assert {session for _, session in notes} == {NEW}, where
            assert current == NEW, where
        assert CliRunner().invoke(app, args).exit_code == 0, where  # run again: mended
        assert _state(notes_dir, day) == after, where
        leftovers = [p for p in notes_dir.rglob("*") if is_temp_name(p.name)]
        assert leftovers == [], where
    else:
        pytest.fail("the rename did not finish in 600 steps")
    assert before != after
    assert steps >= 10, f"only {steps} crash points; is the hook working?"
