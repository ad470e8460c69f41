"""Two clones of a notes repo add notes to one day and merge, with real git.

Plain git sees two appends at the end of one file as a conflict; the tool then
says so and points at the file. With the `ospo-notes merge-driver` set up, the
common case (both sides add notes, or change different notes) merges cleanly, and
only a note changed on both sides is left between conflict markers.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from git_clones import GIT, add, commit_and_fetch, git, two_clones
from torture import DAY, read_state, run_cli

from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.team.merge import merge_days

pytestmark = [  # real git repositories and merges
    pytest.mark.slow,
    pytest.mark.skipif(GIT is None, reason="needs git"),
]
DAY_FILE = f"{DAY.isoformat()}.toml"


def test_appends_on_both_sides_merge_cleanly_with_the_driver(tmp_path: Path) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True)
    ours = [add(alice, f"alice {n}") for n in range(3)]
    theirs = [add(bob, f"bob {n}") for n in range(3)]
    commit_and_fetch(alice, bob)
    merged = git(alice, "merge", "--no-edit", "bob")
    assert "CONFLICT" not in merged.stdout
    state = read_state(alice)
    assert set(state.notes) == {*seeded, *ours, *theirs}
    assert run_cli(alice, "check").returncode == 0
    assert run_cli(alice, "add", "after the merge", "--day", DAY.isoformat()).returncode == 0


def test_edits_of_different_notes_and_deletes_merge_cleanly(tmp_path: Path) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True)
    assert run_cli(alice, "tag", seeded[0], "from-alice").returncode == 0
    assert run_cli(alice, "delete", seeded[2], "--yes").returncode == 0
    assert run_cli(bob, "edit", seeded[1], "--text", "bob fixed a typo").returncode == 0
    assert run_cli(bob, "day", DAY.isoformat(), "--title", "OSPOs for Good").returncode == 0
    new = add(bob, "bob's new note")
    commit_and_fetch(alice, bob)
    git(alice, "merge", "--no-edit", "bob")
    state = read_state(alice)
    assert set(state.notes) == {seeded[0], seeded[1], new}
    assert state.notes[seeded[0]][1] == ("from-alice",)
    assert state.notes[seeded[1]][0] == "bob fixed a typo"
    assert state.title == "OSPOs for Good"


def test_a_note_changed_on_both_sides_is_left_marked_and_reported(tmp_path: Path) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True)
    assert run_cli(alice, "edit", seeded[0], "--text", "alice's words").returncode == 0
    assert run_cli(bob, "edit", seeded[0], "--text", "bob's words").returncode == 0
    added = add(bob, "bob's new note")
    commit_and_fetch(alice, bob)
    merged = git(alice, "merge", "--no-edit", "bob", check=False)
    assert merged.returncode != 0
    assert f"CONFLICT (content): Merge conflict in {DAY_FILE}" in merged.stdout
    text = (alice / DAY_FILE).read_text()
    assert text.count("<<<<<<< ours") == 1  # only the note both changed
    assert "alice's words" in text
    assert "bob's words" in text
    assert f"[notes.{added}]" in text  # the rest merged
    assert_conflict_is_reported(alice)


def test_without_the_driver_git_conflicts_and_the_tool_says_where(tmp_path: Path) -> None:
    alice, bob, _seeded = two_clones(tmp_path, driver=False)
    add(alice, "alice's note")
    add(bob, "bob's note")
    commit_and_fetch(alice, bob)
    merged = git(alice, "merge", "--no-edit", "bob", check=False)
    assert f"CONFLICT (content): Merge conflict in {DAY_FILE}" in merged.stdout
    assert_conflict_is_reported(alice)


def assert_conflict_is_reported(repo: Path) -> None:
    path = repo / DAY_FILE
    before = path.read_bytes()
    listed = run_cli(repo, "list", "--day", DAY.isoformat())
    assert listed.returncode == 1
    message = listed.stderr.decode()
    assert message.startswith(f"Error: {path}:")
    assert "git conflict markers" in message
    assert message.count("\n") == 1
    added = run_cli(repo, "add", "while conflicted", "--day", DAY.isoformat())
    assert added.returncode == 1
    assert path.read_bytes() == before  # never rewrites what it cannot parse
    checked = run_cli(repo, "check")
    assert checked.returncode == 1
    marker_line = before[: before.index(b"<<<<<<<")].count(b"\n") + 1
    assert checked.stdout.decode().startswith(f"{path}:{marker_line}:1: error: git conflict")


# -- the merge itself, note by note ----------------------------------------------------


def day(*notes: tuple[str, str], title: str = "") -> Day:
    d = date(2024, 6, 18)
    return Day(DayInfo(day=d, title=title), tuple(Note(id=i, day=d, text=t) for i, t in notes))


def notes_of(text: str) -> list[tuple[str, str]]:
    parsed = codec.parse_day(text.encode(), day=date(2024, 6, 18), source="merged")
    return [(n.id, n.text) for n in parsed.notes]


BASE = day(("aaaa", "one"), ("bbbb", "two"))


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        pytest.param(
            day(("aaaa", "one"), ("bbbb", "two"), ("cccc", "ours")),
            day(("aaaa", "one"), ("bbbb", "two"), ("dddd", "theirs")),
            [("aaaa", "one"), ("bbbb", "two"), ("cccc", "ours"), ("dddd", "theirs")],
            id="both add",
        ),
        pytest.param(
            day(("aaaa", "ONE"), ("bbbb", "two")),
            day(("aaaa", "one"), ("bbbb", "TWO")),
            [("aaaa", "ONE"), ("bbbb", "TWO")],
            id="edits of different notes",
        ),
        pytest.param(
            day(("bbbb", "two")),
            day(("aaaa", "one"), ("bbbb", "two"), ("cccc", "new")),
            [("bbbb", "two"), ("cccc", "new")],
            id="delete and add",
        ),
        pytest.param(
            day(("aaaa", "same"), ("bbbb", "two")),
            day(("aaaa", "same"), ("bbbb", "two")),
            [("aaaa", "same"), ("bbbb", "two")],
            id="same edit on both sides",
        ),
    ],
)
def test_clean_merges(ours: Day, theirs: Day, expected: list[tuple[str, str]]) -> None:
    merged = merge_days(BASE, ours, theirs)
    assert merged.conflicts == 0
    assert notes_of(merged.text) == expected


def test_an_edit_against_a_delete_keeps_the_edit_and_says_so() -> None:
    merged = merge_days(BASE, day(("bbbb", "two")), day(("aaaa", "edited"), ("bbbb", "two")))
    assert merged.conflicts == 0
    assert notes_of(merged.text) == [("bbbb", "two"), ("aaaa", "edited")]
    assert merged.notices == (
        "note aaaa was deleted on one side and edited on the other: kept the edited note",
    )


def test_both_titles_changed_is_a_conflict() -> None:
    merged = merge_days(BASE, day(*[], title="A"), day(*[], title="B"))
    assert merged.conflicts >= 1
    assert 'title = "A"' in merged.text
    assert 'title = "B"' in merged.text


def test_files_it_cannot_read_fall_back_to_a_line_merge(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text("a = 1\n")
    ours.write_text("a = 1\nb = 2\n")
    theirs.write_text("a = 1\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ospo_notes",
            "merge-driver",
            str(base),
            str(ours),
            str(theirs),
            "other.toml",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ours.read_text() == "a = 1\nb = 2\n"
