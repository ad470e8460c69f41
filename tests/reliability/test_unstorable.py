"""Text Python holds but UTF-8 cannot store: lone surrogates, from argv, pipes and files.

A non-UTF-8 terminal hands Python bytes as U+DC80-U+DCFF; a JSON `\\ud800` escape gives
any other lone surrogate. Every command refuses them in one line, before anything on disk
changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from torture import DAY, run_cli
from typer.testing import Result

from ospo_notes.errors import UsageError
from ospo_notes.notes import codec
from ospo_notes.notes.model import Note, check_text, storable_bytes

D = DAY.isoformat()


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for folders): any change shows."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes() for p in root.rglob("*")
    }


def assert_refused(result: Result, code: int = 2) -> str:
    """Exit `code`, one `Error:` line on stderr and no escaped exception; returns the line."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# -- the one check ----------------------------------------------------------------------


def test_bytes_from_a_terminal_are_shown_as_bytes() -> None:
    with pytest.raises(UsageError) as caught:
        storable_bytes("caf\udce9", "the title")
    assert str(caught.value) == (
        "the title contains bytes that are not UTF-8 (b'\\xe9'): "
        "set your terminal to UTF-8 (e.g. LANG=C.UTF-8) and type it again"
    )


@pytest.mark.parametrize("bad", ["\ud800", "\udbff\udfff"[::-1], "\udc00", "\udcff\ud800"])
def test_any_lone_surrogate_is_refused_with_its_code_point(bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        check_text(f"before {bad} after")
    message = str(caught.value)
    assert message.startswith("the note contains ")
    assert message.isascii()
    assert "\\ud" in message


def test_a_note_with_a_lone_surrogate_is_refused_in_one_line(cli, notes_dir: Path) -> None:
    result = cli("add", "-d", D, "--", "half a pair: \ud800")
    assert "'\\ud800'" in assert_refused(result)
    assert snapshot(notes_dir) == {}


def test_a_description_with_a_lone_surrogate_is_refused_in_one_line(cli, notes_dir: Path) -> None:
    result = cli("themes", "describe", "trust", "\ud800")
    assert "the description contains" in assert_refused(result)
    assert snapshot(notes_dir) == {}


def test_non_utf8_argv_in_a_description_is_refused(notes_dir: Path) -> None:
    done = run_cli(notes_dir, "themes", "describe", "trust", b"caf\xe9")
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "Error: the description contains bytes that are not UTF-8 (b'\\xe9'): "
        "set your terminal to UTF-8 (e.g. LANG=C.UTF-8) and type it again\n"
    )
    assert snapshot(notes_dir) == {}


# -- the current session ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "field"),
    [
        pytest.param([b"talk \xff"], "the session title", id="title"),
        pytest.param([b"talk", b"-p", b"Ren\xe9"], "a speaker's name", id="speaker"),
    ],
)
def test_session_start_refuses_non_utf8_argv(
    notes_dir: Path, args: list[bytes], field: str
) -> None:
    done = run_cli(notes_dir, "session", "start", *args)
    assert done.returncode == 2, done.stderr
    stderr = done.stderr.decode()
    assert stderr.startswith(f"Error: {field} contains bytes that are not UTF-8 (b'\\x")
    assert stderr.count("\n") == 1, stderr
    assert snapshot(notes_dir) == {}


def test_capture_reports_a_bad_session_line_and_goes_on(notes_dir: Path) -> None:
    done = run_cli(notes_dir, "capture", "-d", D, input=b"/session caf\xff\nstill taken\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode().splitlines() == [
        "Error: the session title contains bytes that are not UTF-8 (b'\\xff'): "
        "set your terminal to UTF-8 (e.g. LANG=C.UTF-8) and type it again",
        "Captured 1 note.",
    ]
    assert len(done.stdout.split()) == 1
    assert not (notes_dir / ".ospo-notes" / "session.toml").exists()
    (note,) = read_notes(notes_dir)
    assert (note.text, note.session) == ("still taken", "")


def read_notes(root: Path) -> list[Note]:
    return list(codec.parse_day((root / f"{D}.toml").read_bytes(), day=DAY, source="test").notes)


# -- schedule import ----------------------------------------------------------------------

FIXTURES = Path(__file__).parents[1] / "fixtures" / "schedules"


def pretalx_with(tmp_path: Path, **changes: object) -> Path:
    """The small pretalx schedule, its first event changed (None removes a key)."""
    document = json.loads((FIXTURES / "pretalx-small.json").read_text(encoding="utf-8"))
    event = document["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][0]
    for key, value in changes.items():
        if value is None:
            event.pop(key)
        else:
            event[key] = value
    path = tmp_path / "talks.json"
    path.write_text(json.dumps(document), encoding="ascii")  # "\ud800" travels as an escape
    assert "\\ud800" in path.read_text(encoding="ascii")
    return path


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"title": "Opening \ud800"}, id="title"),
        pytest.param({"title": "Opening \ud800", "guid": None}, id="title-no-guid"),
        pytest.param({"guid": "b0a1-\ud800"}, id="guid"),
        pytest.param({"persons": [{"name": "Ada \ud800"}]}, id="speaker"),
    ],
)
def test_schedule_import_refuses_a_lone_surrogate_escape(
    cli, notes_dir: Path, tmp_path: Path, changes: dict[str, object]
) -> None:
    path = pretalx_with(tmp_path, **changes)
    message = assert_refused(cli("schedule", "import", str(path)), code=1)
    assert message.startswith(f"Error: {path}: ")
    assert "'\\ud800'" in message
    assert "nothing was imported" in message
    assert snapshot(notes_dir) == {}


def test_schedule_import_refuses_a_non_utf8_file_name_as_the_schedule_name(
    notes_dir: Path, tmp_path: Path
) -> None:
    document = json.loads((FIXTURES / "pretalx-small.json").read_text(encoding="utf-8"))
    del document["schedule"]["conference"]["title"]  # then the file name names the schedule
    path = tmp_path / os.fsdecode(b"talks\xff.json")
    path.write_bytes(json.dumps(document).encode())
    done = run_cli(notes_dir, "schedule", "import", os.fsencode(path))
    assert done.returncode == 2, done.stderr
    assert done.stderr.decode() == (
        "Error: the schedule's name (its file name) contains bytes that are not UTF-8 "
        "(b'\\xff'): give the file a UTF-8 name, e.g. schedule.json, and import it again\n"
    )
    assert snapshot(notes_dir) == {}


# -- import of a JSON export ----------------------------------------------------------------


def two_day_export(cli, tmp_path: Path, bad: dict[str, str]) -> Path:  # type: ignore[no-untyped-def]
    """An export of two days whose second day's note (or the day itself) is changed."""
    other = tmp_path / "other"
    for day in ("2024-06-18", "2024-06-19"):
        assert cli("--notes-dir", str(other), "add", "-d", day, f"note of {day}").exit_code == 0
    export = tmp_path / "export.json"
    args = ("export", "-f", "json", "--from", "2024-06-18", "--to", "2024-06-19", "-o")
    assert cli("--notes-dir", str(other), *args, str(export)).exit_code == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    second = document["days"][1]
    for key, value in bad.items():
        if key in second:
            second[key] = value
        else:
            second["notes"][0][key] = value
    export.write_text(json.dumps(document), encoding="ascii")
    return export


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"text": "\ud800"}, id="text"),
        pytest.param({"session": "talk \udfff"}, id="session"),
        pytest.param({"speakers": ["Ada \ud800"]}, id="speaker"),
        pytest.param({"title": "day \ud800"}, id="title"),
    ],
)
def test_import_checks_every_day_is_storable_before_writing_any(
    cli, notes_dir: Path, tmp_path: Path, bad: dict[str, str]
) -> None:
    export = two_day_export(cli, tmp_path, bad)
    message = assert_refused(cli("import", str(export)), code=1)
    assert message.startswith(f"Error: {export}: day 2024-06-19: ")
    assert "nothing was imported" in message
    assert snapshot(notes_dir) == {}


# -- refused before anything on disk is touched -------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([b"add", b"x", b"--session", b"\xff"], id="add-session"),
        pytest.param([b"add", b"x", b"-p", b"Ren\xe9"], id="add-speaker"),
        pytest.param([b"add", b"x", b"-t", b"caf\xe9"], id="add-theme"),
        pytest.param([b"add", b"caf\xe9"], id="add-text"),
        pytest.param([b"day", D, b"--title", b"\xff"], id="day-title"),
        pytest.param([b"day", D, b"--title", b"ok", b"--event", b"\xff"], id="day-event"),
        pytest.param([b"session", b"start", b"\xff"], id="session-start"),
    ],
)
def test_a_refused_argument_leaves_no_file_behind(notes_dir: Path, args: list[str | bytes]) -> None:
    done = run_cli(notes_dir, *args, *([b"-d", D] if args[0] == b"add" else []))
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stderr.startswith(b"Error: ") and done.stderr.count(b"\n") == 1, done.stderr
    assert b"not UTF-8" in done.stderr
    assert snapshot(notes_dir) == {}  # not even the lock file or the state folder


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([b"--session", b"\xff"], id="session"),
        pytest.param([b"--speaker", b"Ren\xe9"], id="speaker"),
        pytest.param([b"--text", b"caf\xe9"], id="text"),
    ],
)
def test_a_refused_edit_leaves_the_notes_dir_as_it_was(sample_dir: Path, args: list[bytes]) -> None:
    before = snapshot(sample_dir)
    note_id = read_notes(sample_dir)[0].id
    done = run_cli(sample_dir, "edit", note_id, *args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(b"Error: ") and done.stderr.count(b"\n") == 1, done.stderr
    assert snapshot(sample_dir) == before
