"""Authors at the command line: add/capture --author, config, list, edit, summary, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ospo_notes.store import NotesStore

DAY = "2024-06-18"


def notes_of(notes_dir: Path) -> list[Any]:
    store = NotesStore(notes_dir)
    return [n for d in store.read_days(store.days()) for n in d.notes]


def authors(notes_dir: Path) -> list[str]:
    return [n.author for n in notes_of(notes_dir)]


def add(cli: Any, text: str, *args: str) -> str:
    done = cli("add", "--day", DAY, text, *args)
    assert done.exit_code == 0, done.stderr
    return str(done.stdout.strip())


def config_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "ospo-notes" / "config.toml"  # conftest's XDG_CONFIG_HOME


# -- add and capture ------------------------------------------------------------------


def test_add_author_is_stored_in_the_day_file(cli: Any, notes_dir: Path) -> None:
    add(cli, "Open source is infrastructure", "--author", " Ana Lima ")
    assert authors(notes_dir) == ["Ana Lima"]
    assert 'author = "Ana Lima"\n' in (notes_dir / f"{DAY}.toml").read_text()


def test_without_any_source_no_author_key_is_written(cli: Any, notes_dir: Path) -> None:
    add(cli, "Nobody said who")
    assert authors(notes_dir) == [""]
    assert "author" not in (notes_dir / f"{DAY}.toml").read_text()


def test_add_takes_the_author_from_the_environment(
    cli: Any, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OSPO_NOTES_AUTHOR", "Ben Okoro")
    add(cli, "From the environment")
    add(cli, "The option wins", "--author", "Ana Lima")
    assert authors(notes_dir) == ["Ben Okoro", "Ana Lima"]


def test_add_takes_the_author_from_the_config_file_then_git(
    cli: Any, notes_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[user]\n\tname = Gil Git\n")
    add(cli, "From git")
    assert cli("config", "author", "Cora Config").exit_code == 0
    add(cli, "From the config file")
    assert authors(notes_dir) == ["Gil Git", "Cora Config"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Error: --author is empty: give a name, e.g. 'Ana Lima'\n"),
        ("Ana\nLima", "Error: --author must be one line: give it without line breaks\n"),
        ("Ana\x07", "Error: --author contains the control character U+0007: type it without\n"),
        ("x" * 201, "Error: --author is 201 characters long: give a name of at most 200\n"),
    ],
)
def test_a_bad_author_is_refused_and_nothing_is_stored(
    cli: Any, notes_dir: Path, name: str, message: str
) -> None:
    done = cli("add", "A note", "--author", name)
    assert (done.exit_code, done.stdout, done.stderr) == (2, "", message)
    assert not notes_dir.exists()


def test_a_broken_config_file_warns_once_and_the_note_is_kept(
    cli: Any, notes_dir: Path, tmp_path: Path
) -> None:
    path = config_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("author = [\n")
    done = cli("add", "--day", DAY, "Never lost")
    assert done.exit_code == 0
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Warning: {path}:")
    assert warnings[0].endswith("; the note is saved without an author")
    assert [(n.text, n.author) for n in notes_of(notes_dir)] == [("Never lost", "")]
    assert path.read_text() == "author = [\n"


def test_capture_gives_every_note_its_author(cli: Any, notes_dir: Path) -> None:
    done = cli("capture", "--day", DAY, "--author", "Ana Lima", input="one\ntwo\n")
    assert done.exit_code == 0, done.stderr
    assert authors(notes_dir) == ["Ana Lima", "Ana Lima"]


def test_capture_refuses_a_bad_author_before_reading_a_line(cli: Any, notes_dir: Path) -> None:
    done = cli("capture", "--day", DAY, "--author", "", input="one\n")
    assert (done.exit_code, done.stderr) == (
        2,
        "Error: --author is empty: give a name, e.g. 'Ana Lima'\n",
    )
    assert not list(notes_dir.glob("*.toml"))


# -- config ---------------------------------------------------------------------------


def test_config_shows_sets_and_removes_the_author(cli: Any, tmp_path: Path) -> None:
    path = config_file(tmp_path)
    done = cli("config")
    assert done.exit_code == 0
    assert done.stdout == (
        "author: none (set one with: ospo-notes config author NAME)\n"
        f"config file: {path} (none yet)\n"
    )
    done = cli("config", "author", "Ana Lima")
    assert (done.exit_code, done.stderr) == (0, f"Author set to 'Ana Lima' in {path}.\n")
    assert done.stdout == f"author: Ana Lima (from {path})\n"
    assert cli("config").stdout == f"author: Ana Lima (from {path})\nconfig file: {path}\n"
    done = cli("config", "author", "")
    assert (done.exit_code, done.stderr) == (0, f"Author removed from {path}.\n")
    assert "author" not in path.read_text()
    again = cli("config", "author", "")  # nothing left to remove: it says so
    assert (again.exit_code, again.stderr) == (0, f"No author was set in {path}.\n")


def test_config_says_where_the_author_comes_from(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[user]\n\tname = Gil Git\n")
    shown = cli("config", "author").stdout
    assert shown == f"author: Gil Git (from user.name in {tmp_path / '.git' / 'config'})\n"
    monkeypatch.setenv("OSPO_NOTES_AUTHOR", "Eve Env")
    assert cli("config", "author").stdout == "author: Eve Env (from $OSPO_NOTES_AUTHOR)\n"


def test_config_refuses_an_unknown_setting_and_a_bad_name(cli: Any, tmp_path: Path) -> None:
    done = cli("config", "colour", "blue")
    assert (done.exit_code, done.stderr) == (
        2,
        "Error: unknown setting 'colour': the settings are author\n",
    )
    done = cli("config", "author", "a\nb")
    assert (done.exit_code, done.stderr) == (
        2,
        "Error: the author must be one line: give it without line breaks\n",
    )
    assert not config_file(tmp_path).exists()


def test_config_names_a_broken_config_file_and_leaves_it(cli: Any, tmp_path: Path) -> None:
    path = config_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("author = 'x\n")
    for args in (("config",), ("config", "author", "Ana")):
        done = cli(*args)
        assert done.exit_code == 1
        assert done.stderr.startswith(f"Error: {path}:")
        assert done.stderr.count("\n") == 1
    assert path.read_text() == "author = 'x\n"


# -- list, edit, export, import -------------------------------------------------------


@pytest.fixture
def two_authors(cli: Any) -> dict[str, str]:
    return {
        "ana": add(cli, "Ana's first", "--author", "Ana Lima", "-H"),
        "ben": add(cli, "Ben's only", "--author", "Ben Okoro"),
        "ana2": add(cli, "Ana's second", "--author", "Ana Lima"),
        "none": add(cli, "Nobody's"),
    }


def test_list_author_filters_by_the_whole_name_in_any_case(
    cli: Any, two_authors: dict[str, str]
) -> None:
    done = cli("list", "--day", DAY, "--author", "ANA LIMA", "--json")
    assert done.exit_code == 0
    assert [n["id"] for n in json.loads(done.stdout)] == [two_authors["ana"], two_authors["ana2"]]
    assert [n["author"] for n in json.loads(done.stdout)] == ["Ana Lima", "Ana Lima"]
    done = cli("list", "--day", DAY, "--author", "Ana")
    assert (done.exit_code, done.stderr) == (0, f"No notes match on {DAY}.\n")


def test_list_json_over_a_range_from_the_index_keeps_the_author(
    cli: Any, two_authors: dict[str, str], notes_dir: Path
) -> None:
    first = cli("list", "--from", "2024-06-01", "--to", "2024-06-30", "--json")
    assert (notes_dir / ".ospo-notes" / "index.sqlite3").exists()
    again = cli(
        "list", "--from", "2024-06-01", "--to", "2024-06-30", "--json", "--author", "ben okoro"
    )
    listed = json.loads(first.stdout)
    assert [n.get("author") for n in listed] == ["Ana Lima", "Ben Okoro", "Ana Lima", None]
    assert [(n["id"], n["author"]) for n in json.loads(again.stdout)] == [
        (two_authors["ben"], "Ben Okoro")
    ]


def test_edit_author_changes_and_removes_it(
    cli: Any, two_authors: dict[str, str], notes_dir: Path
) -> None:
    done = cli("edit", two_authors["none"], "--author", "Cleo Ng")
    assert (done.exit_code, done.stderr) == (0, f"Updated {two_authors['none']}.\n")
    assert cli("edit", two_authors["ben"], "--author", "").exit_code == 0
    assert authors(notes_dir) == ["Ana Lima", "", "Ana Lima", "Cleo Ng"]
    before = (notes_dir / f"{DAY}.toml").read_bytes()
    done = cli("edit", two_authors["ana"], "--author", "x\ny")
    assert (done.exit_code, done.stderr) == (
        2,
        "Error: --author must be one line: give it without line breaks\n",
    )
    assert (notes_dir / f"{DAY}.toml").read_bytes() == before


@pytest.mark.usefixtures("two_authors")
def test_export_json_carries_the_author_and_import_restores_it(
    cli: Any, notes_dir: Path, tmp_path: Path
) -> None:
    exported = cli("export", "--day", DAY, "--format", "json")
    assert exported.exit_code == 0
    notes = json.loads(exported.stdout)["days"][0]["notes"]
    assert [n.get("author") for n in notes] == ["Ana Lima", "Ben Okoro", "Ana Lima", None]
    dump = tmp_path / "export.json"
    dump.write_text(exported.stdout)
    other = tmp_path / "other"
    done = cli("--notes-dir", str(other), "import", str(dump))
    assert done.exit_code == 0, done.stderr
    assert authors(other) == authors(notes_dir)


# -- summary --------------------------------------------------------------------------


@pytest.mark.usefixtures("two_authors")
def test_summary_credits_each_note_and_tallies_per_author(cli: Any) -> None:
    done = cli("--no-pager", "summary", "--day", DAY)
    assert done.exit_code == 0
    assert "Ben's only  — Ben Okoro" in done.stdout
    assert "by Ana Lima" in done.stdout  # the highlight's context line
    tally = " ".join(done.stdout.split()[-20:])
    assert tally.endswith("2 by Ana Lima · 1 by Ben Okoro · 1 without author")


def test_summary_with_one_author_credits_no_single_note(cli: Any) -> None:
    add(cli, "Only mine", "--author", "Ana Lima")
    done = cli("--no-pager", "summary", "--day", DAY)
    assert "—" not in done.stdout
    assert done.stdout.rstrip().endswith("· 1 by Ana Lima")


@pytest.mark.usefixtures("two_authors")
def test_summary_json_carries_authors(cli: Any) -> None:
    data = json.loads(cli("summary", "--day", DAY, "--json").stdout)
    assert data["tally"]["authors"] == [
        {"name": "Ana Lima", "notes": 2},
        {"name": "Ben Okoro", "notes": 1},
    ]
    in_sessions = [n.get("author") for group in data["sessions"] for n in group["notes"]]
    assert sorted(map(str, in_sessions)) == ["Ana Lima", "Ana Lima", "Ben Okoro", "None"]


def test_summary_json_without_authors_has_no_author_keys(cli: Any) -> None:
    add(cli, "Unsigned")
    data = json.loads(cli("summary", "--day", DAY, "--json").stdout)
    assert "authors" not in data["tally"]
    assert "author" not in data["sessions"][0]["notes"][0]


# -- the post ---------------------------------------------------------------------------


@pytest.mark.usefixtures("two_authors")
def test_the_post_credits_the_authors_after_the_intro(cli: Any) -> None:
    assert cli("day", DAY, "--intro", "I went to the OSPO day.").exit_code == 0
    post = cli("export", "--day", DAY).stdout
    assert "I went to the OSPO day.\n\nNotes by Ana Lima and Ben Okoro.\n\n" in post
    front = cli("export", "--day", DAY, "--front-matter").stdout
    assert 'authors: ["Ana Lima", "Ben Okoro"]\n---\n' in front
    for layout in ("session", "theme"):
        assert (
            "\nNotes by Ana Lima and Ben Okoro.\n"
            in cli("export", "--day", DAY, "--by", layout).stdout
        )


def test_one_author_is_credited_alone_and_nobody_not_at_all(cli: Any) -> None:
    add(cli, "Mine", "--author", "Ana Lima")
    assert "\nNotes by Ana Lima.\n" in cli("export", "--day", DAY).stdout
    add(cli, "Another day's", "--day", "2024-06-19")
    post = cli("export", "--day", "2024-06-19", "--front-matter").stdout
    assert "Notes by" not in post
    assert "authors:" not in post


def test_a_range_post_credits_every_author_of_the_range(cli: Any) -> None:
    add(cli, "Day one", "--author", "Ana Lima")
    assert cli("add", "--day", "2024-06-19", "Day two", "--author", "Ben Okoro").exit_code == 0
    assert (
        cli("add", "--day", "2024-06-19", "Day two again", "--author", "Ben Okoro").exit_code == 0
    )
    for layout in ("post", "session"):
        post = cli("export", "--from", DAY, "--to", "2024-06-19", "--by", layout).stdout
        assert "\nNotes by Ben Okoro and Ana Lima.\n" in post


def test_credits_are_markdown_safe(cli: Any) -> None:
    add(cli, "Careful", "--author", "*Ana* [x](y)")
    post = cli("export", "--day", DAY).stdout
    assert "Notes by *Ana* [x](y)." not in post
    assert "Notes by " in post


# -- the quick path, as a real process ------------------------------------------------


def _run_add(notes_dir: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ospo_notes", "add", "--day", DAY, "Quick"],
        env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_the_quick_add_reads_the_environment_and_git(notes_dir: Path, tmp_path: Path) -> None:
    done = _run_add(notes_dir, tmp_path, OSPO_NOTES_AUTHOR="Eve Env")
    assert (done.returncode, done.stderr.startswith("Added note")) == (0, True), done.stderr
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text("[user]\n\tname = Gil Git\n")
    done = _run_add(repo / "notes", tmp_path)
    assert done.returncode == 0, done.stderr
    assert authors(notes_dir) == ["Eve Env"]
    assert authors(repo / "notes") == ["Gil Git"]
    done = _run_add(repo / "notes", tmp_path, OSPO_NOTES_AUTHOR="a\x1bb")
    assert (done.returncode, done.stdout) == (2, "")
    assert (
        done.stderr
        == "Error: $OSPO_NOTES_AUTHOR contains the control character U+001B: type it without\n"
    )
    assert len(notes_of(repo / "notes")) == 1
    assert NotesStore(repo / "notes").days() == [date(2024, 6, 18)]
