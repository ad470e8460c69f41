"""Finding the notes folder the way git finds its repository, `init` and `where`."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ospo_notes import launch
from ospo_notes.store import locate_notes_dir
from ospo_notes.store.locate import find_notes_upward

DAY = "2024-06-18"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No $OSPO_NOTES_DIR; HOME and the XDG data dir inside the test's folder."""
    monkeypatch.delenv("OSPO_NOTES_DIR")
    home = tmp_path / "home"
    (home / "talks" / "day1" / "slides").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
    return home


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    "marker",
    [f"{DAY}.toml", "themes.toml", "speakers.toml", "schedule/", ".ospo-notes/"],
)
def test_a_notes_folder_above_is_found_by_what_it_holds(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    notes = home / "talks" / "notes"
    notes.mkdir()
    if marker.endswith("/"):
        (notes / marker).mkdir()
    else:
        (notes / marker).write_text("")
    monkeypatch.chdir(home / "talks" / "day1" / "slides")
    r = cli("where")
    assert (r.exit_code, r.stdout) == (0, f"{notes}\n")
    assert r.stderr == "(the nearest ospo-notes folder, above the current folder)\n"


def test_an_unrelated_notes_folder_is_passed_over(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = home / "project"
    (project / "notes").mkdir(parents=True)
    (project / "notes" / "todo.md").write_text("- buy milk\n")
    monkeypatch.chdir(project)
    r = cli("add", "keynote starts late", "--day", DAY)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"Added note {r.stdout.strip()} to {DAY}.\n"  # the default: not named
    assert _files(project / "notes") == ["todo.md"]
    assert (home / "xdg" / "ospo-notes" / f"{DAY}.toml").is_file()
    r = cli("where")
    assert r.stdout == f"{home / 'xdg' / 'ospo-notes'}\n"
    assert r.stderr.splitlines() == [
        "(the user data dir (created on first write))",
        f"({project / 'notes'} was passed over: it holds no day file, themes.toml, "
        f"speakers.toml, schedule/ or .ospo-notes/; 'ospo-notes init {project / 'notes'}' "
        "makes it the notes folder)",
    ]


def test_the_nearest_notes_folder_wins_and_add_says_where_the_note_went(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in (home / "notes", home / "talks" / "notes"):
        (folder / ".ospo-notes").mkdir(parents=True)
    monkeypatch.chdir(home / "talks" / "day1")
    r = cli("add", "UN keynote", "--day", DAY, "--session", "Keynote")
    assert r.exit_code == 0, r.stderr
    note_id = r.stdout.strip()
    assert r.stderr == f"Added note {note_id} to {DAY} · Keynote (notes/ in ~/talks).\n"
    assert (home / "talks" / "notes" / f"{DAY}.toml").is_file()
    assert not (home / "notes" / f"{DAY}.toml").exists()


def test_the_notes_folder_here_is_used_as_found(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "talks" / "notes" / "schedule").mkdir(parents=True)
    monkeypatch.chdir(home / "talks")
    assert cli("where").stderr == "(the nearest ospo-notes folder, in the current folder)\n"


def test_the_option_and_the_variable_come_before_the_search(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "talks" / "notes" / ".ospo-notes").mkdir(parents=True)
    monkeypatch.chdir(home / "talks")
    monkeypatch.setenv("OSPO_NOTES_DIR", str(home / "env"))
    r = cli("add", "x", "--day", DAY)
    assert r.stderr == f"Added note {r.stdout.strip()} to {DAY} (~/env).\n"
    r = cli("--notes-dir", str(home / "elsewhere" / "notes"), "add", "y", "--day", DAY)
    assert r.stderr == f"Added note {r.stdout.strip()} to {DAY} (notes/ in ~/elsewhere).\n"
    assert cli("where").stderr == "(from $OSPO_NOTES_DIR)\n"  # no search, nothing passed over


def test_the_quick_add_path_finds_the_same_folder(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (home / "talks" / "notes" / "themes.toml").parent.mkdir(parents=True)
    (home / "talks" / "notes" / "themes.toml").write_text("")
    monkeypatch.chdir(home / "talks" / "day1")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert launch.quick_add(["a note", "--day", DAY]) == 0
    assert err.getvalue() == f"Added note {out.getvalue().strip()} to {DAY} (notes/ in ~/talks).\n"
    assert (home / "talks" / "notes" / f"{DAY}.toml").is_file()


@contextlib.contextmanager
def _counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    for name in ("stat", "lstat", "scandir"):
        real = getattr(os, name)

        def counted(*args: object, _real=real, _name=name, **kwargs: object) -> object:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, counted)
    yield calls
    monkeypatch.undo()


def test_the_search_costs_a_few_stat_calls(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = home / "talks" / "day1" / "slides"
    (home / "talks" / "notes" / ".ospo-notes").mkdir(parents=True)
    with _counting(monkeypatch) as calls:
        found = find_notes_upward(deep)
    assert found is not None
    assert found.path == home / "talks" / "notes"
    assert len(calls) <= 4, calls  # two levels with nothing, then notes/ and its .ospo-notes/
    with _counting(monkeypatch) as calls:
        assert find_notes_upward(home / "project") is None
    assert len(calls) <= len((home / "project").parents) + 1, calls


def test_a_day_file_shape_must_be_a_real_day(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "2024-13-45.toml").write_text("")
    assert find_notes_upward(tmp_path) is None
    (tmp_path / "notes" / "2024-12-31.toml").write_text("")
    assert find_notes_upward(tmp_path) is not None


def test_a_deleted_current_folder_searches_nothing(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = home / "talks" / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    r = cli("where")
    assert (r.exit_code, r.stdout) == (0, f"{home / 'xdg' / 'ospo-notes'}\n")
    assert r.stderr == "(the user data dir (created on first write))\n"


def test_locate_without_anything_is_the_data_dir(home: Path) -> None:
    choice = locate_notes_dir()
    assert (choice.path, choice.is_default) == (home / "xdg" / "ospo-notes", True)


# -- init ----------------------------------------------------------------------------


def test_init_makes_notes_here_a_notes_folder_and_is_idempotent(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    talks = home / "talks"
    (talks / "notes").mkdir()
    (talks / "notes" / "todo.md").write_text("mine\n")
    monkeypatch.chdir(talks)
    r = cli("init")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "Initialized notes/ in ~/talks as an ospo-notes folder.\n"
    assert _files(talks / "notes") == [
        ".ospo-notes",
        ".ospo-notes/.gitignore",
        ".ospo-notes/lock",
        "todo.md",
    ]
    r = cli("init")
    assert (r.exit_code, r.stderr) == (
        0,
        "notes/ in ~/talks is already an ospo-notes folder; nothing changed.\n",
    )
    monkeypatch.chdir(talks / "day1" / "slides")
    assert cli("where").stdout == f"{talks / 'notes'}\n"


def test_init_a_named_folder_says_when_another_one_wins_here(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(home)
    monkeypatch.setenv("OSPO_NOTES_DIR", str(home / "env"))
    r = cli("init", "talks/../conf/notes")
    assert r.exit_code == 0
    assert r.stderr.splitlines() == [
        "Initialized notes/ in ~/conf as an ospo-notes folder.",
        f"Commands run here use {home / 'env'} instead (from $OSPO_NOTES_DIR).",
    ]
    assert (home / "conf" / "notes" / ".ospo-notes" / ".gitignore").is_file()


def test_init_on_a_file_is_one_line_and_changes_nothing(
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(home / "talks")
    Path("todo.md").write_text("x\n")
    before = _files(home)
    r = cli("init", "todo.md")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        f"Error: {home / 'talks' / 'todo.md'} is a file, not a folder: "
        "give a folder for the notes to init\n"
    )
    assert _files(home) == before
