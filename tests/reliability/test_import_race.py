"""`import` racing an edit: the import is whole or not at all, never part and "nothing".

A long import used to check every day first and then lock each day on its own: an edit
landing in between made it stop with "nothing was imported" after writing most days.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from torture import env_for, run_cli, stored, write_day

from ospo_notes.export.json_export import to_json
from ospo_notes.notes.model import Day, DayInfo, Note

FIRST = date(2024, 1, 1)
DAYS = 400
LAST = FIRST + timedelta(days=DAYS - 1)


def _export(path: Path) -> None:
    """DAYS days of one new note each; the last day also holds the note already stored."""
    days = [
        Day(
            info=DayInfo(day=FIRST + timedelta(days=n)),
            notes=(Note(id=f"new{n:05d}", day=FIRST + timedelta(days=n), text=f"imported {n}"),),
        )
        for n in range(DAYS)
    ]
    kept = Note(id="keep0001", day=LAST, text="original")
    days[-1] = Day(info=DayInfo(day=LAST, title="Seeded"), notes=(kept, *days[-1].notes))
    path.write_text(to_json(days), encoding="utf-8")


def _imported_days(notes_dir: Path) -> int:
    return sum((notes_dir / f"{FIRST + timedelta(days=n)}.toml").exists() for n in range(DAYS - 1))


@pytest.mark.slow
def test_an_edit_during_a_long_import_leaves_it_whole_or_undone(
    notes_dir: Path, tmp_path: Path
) -> None:
    write_day(notes_dir, [("keep0001", "original")], day=LAST)
    export = tmp_path / "year.json"
    _export(export)
    importing = subprocess.Popen(
        [sys.executable, "-m", "ospo_notes", "import", str(export)],
        env=env_for(notes_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first_day = notes_dir / f"{FIRST}.toml"
    deadline = time.monotonic() + 60
    while not first_day.exists() and importing.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)  # the import has begun writing: edit the note it will meet last
    edited = run_cli(notes_dir, "edit", "keep0001", "--text", "changed meanwhile", timeout=120)
    _out, err = importing.communicate(timeout=120)

    assert edited.returncode == 0, edited.stderr.decode()
    assert stored(notes_dir, LAST)["keep0001"].text == "changed meanwhile"
    if importing.returncode == 0:  # the edit waited for the import
        assert err.decode() == f"Imported {DAYS} notes into {DAYS} days; 1 already there.\n"
        assert _imported_days(notes_dir) == DAYS - 1
        assert "new00399" in stored(notes_dir, LAST)
    else:  # the edit came first: the import refused, and wrote nothing
        assert importing.returncode == 1
        assert err.decode().count("\n") == 1
        assert "differs" in err.decode()
        assert _imported_days(notes_dir) == 0
