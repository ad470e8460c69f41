"""Round two of hostile input: each is refused in one clear line, and nothing changes.

Days that have the right shape but are not on the calendar, notes that show nothing,
and a `nan` kept in an unknown key that made an identical file re-import as "differs".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from torture import DAY, run_cli, stored, write_day
from typer.testing import Result

from ospo_notes.notes.model import is_blank

D = DAY.isoformat()
INVISIBLE = [
    "\u200b",
    "\u202e\u200b",
    "\ufeff",
    " \u200b\u2060\u200d \t",
    "\u180e\u061c\u2066\u2069",
    "\u3164",
    "\u00a0\u2028",
]


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for folders): any change shows."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes() for p in root.rglob("*")
    }


def refused(result: Result, code: int) -> str:
    """Exit `code` with one `Error:` line and no traceback; returns the line."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# -- days that do not exist -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["add", "x", "--day", "2024-02-30"], "that day does not exist: February 2024 has 29 days"),
        (["list", "--day", "2023-02-29"], "that day does not exist: February 2023 has 28 days"),
        (["list", "--from", "2024-04-31"], "that day does not exist: April 2024 has 30 days"),
        (["export", "--to", "2024-12-32"], "that day does not exist: December 2024 has 31 days"),
        (["themes", "--day", "2024-13-01"], "there is no month 13: months run from 01 to 12"),
        (["summary", "--day", "0000-01-01"], "there is no year 0000"),
    ],
)
def test_a_day_that_does_not_exist_is_named_as_such(
    cli, notes_dir: Path, args: list[str], why: str
) -> None:
    line = refused(cli(*args), 2)
    assert why in line
    assert "use YYYY-MM-DD" not in line
    assert not notes_dir.exists()


# -- notes that show nothing ------------------------------------------------------------


@pytest.mark.parametrize("text", INVISIBLE)
def test_is_blank_sees_invisible_characters(text: str) -> None:
    assert is_blank(text)
    assert not is_blank(text + "a")
    assert not is_blank("\u0301")  # a lone combining mark shows (on a dotted circle)


@pytest.mark.parametrize("text", INVISIBLE)
def test_add_refuses_a_note_of_invisible_characters(cli, notes_dir: Path, text: str) -> None:
    line = refused(cli("add", text, "--day", D), 2)
    assert "invisible" in line or "empty" in line
    assert not notes_dir.exists()


def test_edit_refuses_invisible_text(cli, notes_dir: Path) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    before = snapshot(notes_dir)
    line = refused(cli("edit", "abcd1234", "--text", "\u200b\u202e"), 2)
    assert "invisible" in line
    assert snapshot(notes_dir) == before


def test_edit_in_the_editor_refuses_invisible_text(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    editor = tmp_path / "blank_editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('\"kept\"', '\"\\\\u200b\"'))\n"
    )
    monkeypatch.setenv("EDITOR", f"python3 {editor}")
    before = snapshot(notes_dir)
    line = refused(cli("edit", "abcd1234"), 2)
    assert "invisible" in line
    assert snapshot(notes_dir) == before


def test_capture_refuses_an_invisible_line_and_keeps_the_others(notes_dir: Path) -> None:
    done = run_cli(notes_dir, "capture", "--day", D, input="one\n\u200b\u202e\ntwo\n".encode())
    assert done.returncode == 1
    assert "invisible" in done.stderr.decode()
    assert sorted(n.text for n in stored(notes_dir).values()) == ["one", "two"]


def test_import_refuses_a_note_of_invisible_characters(
    cli, notes_dir: Path, tmp_path: Path
) -> None:
    export = tmp_path / "e.json"
    note = {"id": "abcd1234", "day": D, "kind": "note", "text": "\u200b\ufeff"}
    ok = {"id": "efgh5678", "day": "2024-06-17", "kind": "note", "text": "fine"}
    export.write_text(
        json.dumps(
            {
                "format": "ospo-notes-export",
                "version": 1,
                "days": [{"day": "2024-06-17", "notes": [ok]}, {"day": D, "notes": [note]}],
            }
        )
    )
    line = refused(cli("import", str(export)), 1)
    assert "note abcd1234 has no visible text" in line
    assert not notes_dir.exists()


# -- nan in an unknown key --------------------------------------------------------------


def test_an_identical_file_with_nan_reimports_as_already_there(
    cli, notes_dir: Path, tmp_path: Path
) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    path = notes_dir / f"{D}.toml"
    text = path.read_text().replace('text = "kept"', 'text = "kept"\nscore = nan\nv = [nan]')
    path.write_text("rating = nan\n" + text)
    export = tmp_path / "e.json"
    assert cli("export", "--day", D, "--format", "json", "--output", str(export)).exit_code == 0
    before = path.read_bytes()
    r = cli("import", str(export))
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "Imported 0 notes into 0 days; 1 already there.\n"
    assert path.read_bytes() == before
