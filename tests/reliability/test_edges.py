"""Ugly but safe: odd environments end in one clear line, exit 1 (2 for usage), no traceback.

A full stdout, a closed stdin, JSON nested thousands deep, a `~user` that does not
exist, an empty $HOME or --notes-dir, a relative $XDG_DATA_HOME, an unreadable
session file, and a terminal width of 0 or of millions.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ospo_notes.store import NotesStore

DAY = "2024-06-18"
FULL = "Error: cannot write to standard output: No space left on device; check where it goes"


def run(
    *args: str, stdout: int | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """`ospo-notes ARGS` as a real process (the notes dir comes from the test's env)."""
    return subprocess.run(
        [sys.executable, "-m", "ospo_notes", *args],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL if preexec is None else None,
        preexec_fn=preexec,
        text=True,
        check=False,
        timeout=20,
    )


def stored_texts(notes_dir: Path) -> list[str]:
    return [
        n.text
        for d in NotesStore(notes_dir).read_days(NotesStore(notes_dir).days())
        for n in d.notes
    ]


# -- a full stdout ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["list", "--day", DAY],
        ["list", "--day", DAY, "--json"],
        ["export", "--day", DAY],
        ["summary", "--day", DAY, "--json"],
        ["summary", "--day", DAY],
        ["where"],
    ],
)
def test_a_full_stdout_is_one_line(cli, notes_dir: Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "a note", "--day", DAY).exit_code == 0
    before = (notes_dir / f"{DAY}.toml").read_bytes()

    with Path("/dev/full").open("w") as full:
        done = run(*command, stdout=full.fileno())

    assert (done.returncode, done.stderr) == (1, FULL + "\n")
    assert (notes_dir / f"{DAY}.toml").read_bytes() == before


@pytest.mark.parametrize("quick", [True, False], ids=["quick path", "typer path"])
def test_add_to_a_full_stdout_says_the_note_was_saved(notes_dir: Path, quick: bool) -> None:
    """A retrying script must not add the note twice: the line gives the id it was saved as."""
    first = [] if quick else ["--notes-dir", str(notes_dir)]  # a global option: Typer runs

    with Path("/dev/full").open("w") as full:
        done = run(*first, "add", "kept once", "--day", DAY, stdout=full.fileno())

    (note,) = NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes
    assert note.text == "kept once"
    assert done.returncode == 1
    assert done.stderr == f"{FULL}; the note was saved as {note.id}: do not add it again\n"


# -- a closed stdin -----------------------------------------------------------------------


def close_stdin() -> None:
    os.close(0)


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (["add", "-"], "Error: stdin is closed: give the note as TEXT, or pipe it in with -\n"),
        (["capture"], "Error: stdin is closed: type the notes at a terminal, or pipe them in\n"),
        (["add"], "Error: no note text: give TEXT, or '-' to read it from stdin\n"),
        (
            ["schedule", "import", "-"],
            "Error: stdin is closed: pipe the schedule in, or give its file or URL\n",
        ),
    ],
)
def test_a_closed_stdin_is_one_line(notes_dir: Path, command: list[str], line: str) -> None:
    done = run(*command, preexec=close_stdin)

    assert (done.returncode, done.stdout, done.stderr) == (2, "", line)
    assert not notes_dir.exists()


# -- odd input and environments -------------------------------------------------------------


@pytest.mark.parametrize("shape", ["[", '{"a":'])
def test_import_of_deeply_nested_json_is_one_line(cli, tmp_path: Path, shape: str) -> None:  # type: ignore[no-untyped-def]
    deep = tmp_path / "deep.json"
    closing = "]" if shape == "[" else "}"
    deep.write_text(shape * 100_000 + ("1" if shape != "[" else "") + closing * 100_000)

    result = cli("import", str(deep))

    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {deep}: nested too deeply to be an export: "
        "give a file made by 'ospo-notes export --format json'\n"
    )


def test_a_home_of_an_unknown_user_names_the_variable(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OSPO_NOTES_DIR", "~nosuchuser-ospo/x")
    expected = (
        "Error: $OSPO_NOTES_DIR is '~nosuchuser-ospo/x', and ~nosuchuser-ospo names no user "
        "on this machine: give the full path\n"
    )

    result = cli("list")
    quick = run("add", "a note")

    assert (result.exit_code, result.stderr) == (1, expected)
    assert (quick.returncode, quick.stderr) == (1, expected)
    option = cli("--notes-dir", "~nosuchuser-ospo/x", "list")
    assert (option.exit_code, option.stderr) == (
        1,
        expected.replace("$OSPO_NOTES_DIR", "--notes-dir"),
    )


def test_an_empty_notes_dir_option_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--notes-dir", "", "add", "a note")

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Invalid value for '--notes-dir': it is empty")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written in the cwd


def test_an_empty_home_is_one_line(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OSPO_NOTES_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "")

    result = cli("add", "a note")

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: $HOME is empty: set HOME, or choose the notes folder with --notes-dir "
        "or $OSPO_NOTES_DIR\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_relative_xdg_data_home_is_ignored(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The XDG spec: a relative path in $XDG_DATA_HOME is invalid and should be ignored."""
    monkeypatch.delenv("OSPO_NOTES_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")

    result = cli("where")

    assert result.stdout == f"{tmp_path / 'home' / '.local' / 'share' / 'ospo-notes'}\n"


# -- an unreadable session file -------------------------------------------------------------


def test_an_unreadable_session_file_is_told_once_and_the_note_is_kept(
    cli,  # type: ignore[no-untyped-def]
    notes_dir: Path,
) -> None:
    state = notes_dir / ".ospo-notes"
    state.mkdir(parents=True)
    (state / "session.toml").write_text("title = [unclosed\n")
    warning = (
        f"Warning: {state / 'session.toml'} (the started session) cannot be read, so notes "
        "join no started session; 'ospo-notes session stop' or deleting it clears it.\n"
    )

    captured = cli("capture", "--day", DAY, input="one\ntwo\nthree\n")

    assert captured.exit_code == 0
    assert captured.stderr.count(warning) == 1
    assert stored_texts(notes_dir) == ["one", "two", "three"]
    added = run("add", "four", "--day", DAY)
    assert (added.returncode, added.stderr.count(warning)) == (0, 1)
    assert stored_texts(notes_dir) == ["one", "two", "three", "four"]
    stopped = cli("session", "stop")
    assert (stopped.exit_code, stopped.stderr) == (
        0,
        f"Removed {state / 'session.toml'}, which could not be read.\n",
    )
    assert run("add", "five", "--day", DAY).stderr.startswith("Added note")


# -- the terminal's width -------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "1", "99999999"])
@pytest.mark.parametrize("command", [["list"], ["summary"], ["themes"]])
def test_any_columns_shows_the_notes_quickly(
    cli, monkeypatch: pytest.MonkeyPatch, columns: str, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "a note about #procurement rules", "--day", DAY).exit_code == 0
    monkeypatch.setenv("COLUMNS", columns)

    started = time.monotonic()
    result = run(*command, "--day", DAY)

    assert time.monotonic() - started < 20
    assert result.returncode == 0, result.stderr
    assert "procurement" in result.stdout
    if command != ["themes"]:
        assert "a note about" in result.stdout
    widest = max(len(line) for line in result.stdout.splitlines())
    assert 40 <= widest <= 500
