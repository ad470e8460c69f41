"""Day files merged field by field, with real `git merge` and `git rebase`.

Two attendees change the same note or the same day's header: what each changed is
kept when they changed different things (themes as a set), and only a field both
changed differently is left between conflict markers, around that one note.
"""

from __future__ import annotations

import tomllib

import pytest
from git_clones import GIT, WAYS, add, commit_and_fetch, integrate, ok, two_clones
from torture import DAY, run_cli, stored

from ospo_notes.notes import codec

pytestmark = [  # real git repositories and merges
    pytest.mark.slow,
    pytest.mark.skipif(GIT is None, reason="needs git"),
    pytest.mark.parametrize("way", WAYS),
]
D = DAY.isoformat()
DAY_FILE = f"{D}.toml"


def test_themes_of_one_note_tagged_on_both_sides_are_all_kept(tmp_path, way) -> None:
    def themed(origin, seeded):
        ok(origin, "tag", seeded[1], "old-theme", "kept-theme")

    alice, bob, seeded = two_clones(tmp_path, driver=True, before_split=themed)
    ok(alice, "tag", seeded[0], "open-data")
    ok(bob, "tag", seeded[0], "procurement")
    ok(alice, "tag", seeded[1], "old-theme", "--remove")  # untagged here, tagged there
    ok(bob, "tag", seeded[1], "new-theme")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    notes = stored(alice)
    assert set(notes[seeded[0]].themes) == {"open-data", "procurement"}
    assert set(notes[seeded[1]].themes) == {"kept-theme", "new-theme"}
    assert run_cli(alice, "check").returncode == 0


def test_different_fields_of_one_note_are_both_changed(tmp_path, way) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True, seed=4)
    ok(alice, "edit", seeded[0], "--text", "alice fixed the words")
    ok(bob, "edit", seeded[0], "--kind", "quote")
    ok(alice, "delete", seeded[1], "--yes")  # deleted there, untouched here: gone
    ok(bob, "delete", seeded[2], "--yes")  # deleted here, edited there: kept
    ok(alice, "edit", seeded[2], "--text", "alice's edit of a note bob deleted")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"note {seeded[2]} was deleted on one side and edited on the other" in done.stderr
    notes = stored(alice)
    assert set(notes) == {seeded[0], seeded[2], seeded[3]}
    assert (notes[seeded[0]].text, notes[seeded[0]].kind) == ("alice fixed the words", "quote")
    assert notes[seeded[2]].text == "alice's edit of a note bob deleted"


def test_header_fields_changed_on_each_side_are_all_kept(tmp_path, way) -> None:
    alice, bob, _seeded = two_clones(tmp_path, driver=True)
    ok(alice, "day", D, "--title", "OSPOs for Good", "--intro", "First line.\nSecond line.")
    ok(bob, "day", D, "--event", "UN Open Source Week", "--closing", "See you tomorrow!")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    info = codec.parse_day((alice / DAY_FILE).read_bytes(), day=DAY, source="merged").info
    assert (info.title, info.event) == ("OSPOs for Good", "UN Open Source Week")
    assert (info.intro, info.closing) == ("First line.\nSecond line.", "See you tomorrow!")


def test_unknown_keys_of_a_note_merge_key_by_key(tmp_path, way) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True)
    for clone, line in ((alice, 'mood = "glad"'), (bob, "reviewed = true")):
        path = clone / DAY_FILE
        header = f"[notes.{seeded[0]}]\n"
        path.write_text(path.read_text().replace(header, header + line + "\n"))
    ok(bob, "edit", seeded[0], "--text", "bob's words")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    table = tomllib.loads((alice / DAY_FILE).read_text())["notes"][seeded[0]]
    assert (table["text"], table["mood"], table["reviewed"]) == ("bob's words", "glad", True)


def test_one_field_changed_differently_marks_that_note_only(tmp_path, way) -> None:
    alice, bob, seeded = two_clones(tmp_path, driver=True)
    ok(alice, "edit", seeded[0], "--text", "alice's words")
    ok(bob, "edit", seeded[0], "--text", "bob's words", "--kind", "quote")
    ok(alice, "tag", seeded[0], "from-alice")
    ok(alice, "day", D, "--title", "Alice's title")
    ok(bob, "day", D, "--title", "Bob's title", "--event", "Bob's event")
    added = add(bob, "bob's new note")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode != 0
    assert f"CONFLICT (content): Merge conflict in {DAY_FILE}" in done.stdout
    assert f"note {seeded[0]} (text)" in done.stderr
    assert "the day's title" in done.stderr
    text = (alice / DAY_FILE).read_text()
    assert text.count("\n<<<<<<< ") == 2  # the title line and the one note
    marked_note = text[text.rindex("\n<<<<<<< ") : text.rindex("\n>>>>>>> ")]
    assert marked_note.count(f"[notes.{seeded[0]}]") == 2
    # both versions carry the changes that did merge: bob's kind, alice's theme
    assert marked_note.count('kind = "quote"') == 2
    assert marked_note.count('"from-alice"') == 2
    assert text.count("Bob's event") == 1  # merged, outside the markers
    assert f"[notes.{added}]" in text and f"[notes.{seeded[1]}]" in text
    checked = run_cli(alice, "check")
    assert checked.returncode == 1
    assert f"around 'title', note {seeded[0]} (" in checked.stdout.decode()


def test_a_day_file_created_on_both_sides_merges_as_additions(tmp_path, way) -> None:
    alice, bob, _seeded = two_clones(tmp_path, driver=True)
    later = DAY.replace(day=DAY.day + 1)
    ours = run_cli(alice, "add", "alice on day two", "--day", later.isoformat())
    theirs = run_cli(bob, "add", "bob on day two", "--day", later.isoformat())
    ok(bob, "day", later.isoformat(), "--title", "Day two")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    notes = stored(alice, later)
    assert set(notes) == {ours.stdout.decode().strip(), theirs.stdout.decode().strip()}
    assert run_cli(alice, "check").returncode == 0
