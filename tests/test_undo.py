"""`undo` and `delete ID...` as a user runs them: exit code, stdout, stderr, the files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ospo_notes.notes.model import Note
from ospo_notes.store import NotesStore
from ospo_notes.store import journal as journal_mod
from ospo_notes.store.stamps import digest

DAY = "2024-06-18"
OTHER = "2024-06-19"


def day_file(notes_dir: Path, day: str = DAY) -> Path:
    return notes_dir / f"{day}.toml"


def snapshot(notes_dir: Path) -> dict[str, bytes]:
    """Every day file's bytes: undo must give them back exactly."""
    return {p.name: p.read_bytes() for p in sorted(notes_dir.glob("*.toml"))}


def steps(notes_dir: Path) -> list[str]:
    return sorted(p.name for p in (notes_dir / ".ospo-notes" / "journal").glob("*.step"))


def add(cli, text: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    r = cli("add", text, "--day", DAY, *args)
    assert r.exit_code == 0, r.stderr
    return str(r.stdout.strip())


def test_each_kind_of_change_is_undone_newest_first(cli, notes_dir: Path) -> None:
    states = [snapshot(notes_dir)]
    first = add(cli, "UN keynote", "--session", "Keynote")
    states.append(snapshot(notes_dir))
    second = add(cli, "policy matters")
    states.append(snapshot(notes_dir))
    assert cli("tag", first, "trust", "global-south").exit_code == 0
    states.append(snapshot(notes_dir))
    assert cli("edit", second, "--text", "policy matters a lot").exit_code == 0
    states.append(snapshot(notes_dir))
    assert cli("day", DAY, "--title", "OSPOs for Good").exit_code == 0
    states.append(snapshot(notes_dir))
    assert cli("delete", first, "--yes").exit_code == 0
    states.append(snapshot(notes_dir))

    said = []
    for expected in reversed(states[:-1]):
        r = cli("undo")
        assert (r.exit_code, r.stdout) == (0, ""), r.stderr
        said.append(r.stderr)
        assert snapshot(notes_dir) == expected
    assert said == [
        f"Undid: deleted {first} of {DAY}.\n",
        f"Undid: set the title of {DAY}.\n",
        f"Undid: edited note {second}.\n",
        f"Undid: tagged note {first} #trust #global-south.\n",
        f"Undid: added note {second} to {DAY}.\n",
        f"Undid: added note {first} to {DAY} · Keynote.\n",
    ]
    assert not day_file(notes_dir).exists()  # the first add made the file: undone, it is gone
    assert add(cli, "after undoing everything")  # stamps and journal still work


def test_undo_with_nothing_to_undo_is_one_line(cli) -> None:
    r = cli("undo")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == "Error: nothing to undo: no change made with ospo-notes is left\n"
    add(cli, "x")
    assert cli("undo").exit_code == 0
    assert cli("undo").stderr == r.stderr


@pytest.mark.parametrize("how", ["hand edit", "git pull"])
def test_undo_refuses_when_the_day_file_changed_since(cli, notes_dir: Path, how: str) -> None:
    add(cli, "one")
    add(cli, "two")
    path = day_file(notes_dir)
    if how == "hand edit":
        path.write_bytes(path.read_bytes() + b"# fixed a typo by hand\n")
    else:  # another clone's version of the day replaces ours
        path.write_bytes(path.read_bytes().replace(b'"two"', b'"two, from the laptop"'))
    before, journal = snapshot(notes_dir), steps(notes_dir)
    for _ in range(2):  # it stays refused, and changes nothing
        r = cli("undo")
        assert (r.exit_code, r.stdout) == (1, "")
        assert r.stderr.count("\n") == 1
        assert r.stderr.startswith("Error: cannot undo 'added note ")
        assert (
            f"{path} was changed outside ospo-notes since (by hand or by git); nothing " in r.stderr
        )
        assert (snapshot(notes_dir), steps(notes_dir)) == (before, journal)


def test_a_hand_edited_file_comes_back_byte_for_byte(cli, notes_dir: Path) -> None:
    note = add(cli, "one")
    path = day_file(notes_dir)
    path.write_bytes(b"# my own comment\n" + path.read_bytes())
    hand = snapshot(notes_dir)
    add(cli, "two")  # appended to a file we did not write last
    after_add = snapshot(notes_dir)
    assert cli("tag", note, "trust").exit_code == 0  # rewrites the day: the comment goes
    assert b"my own comment" not in path.read_bytes()
    assert cli("undo").exit_code == 0
    assert snapshot(notes_dir) == after_add
    assert cli("undo").exit_code == 0
    assert snapshot(notes_dir) == hand
    r = cli("undo")  # the first add's step predates the hand edit
    assert (r.exit_code, snapshot(notes_dir)) == (1, hand)


@pytest.mark.slow  # 120 fsynced writes
def test_at_least_fifty_steps_back(cli, notes_dir: Path) -> None:
    store = NotesStore(notes_dir)
    made = [store.add_note(Note(id="", day=date(2024, 6, 18), text=f"n{n}")).id for n in range(60)]
    for n in range(60):
        r = cli("undo")
        assert r.stderr == f"Undid: added note {made[-1 - n]} to {DAY}.\n", n
    assert not day_file(notes_dir).exists()


def test_old_steps_are_pruned(cli, notes_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_mod, "KEEP", 5)
    store = NotesStore(notes_dir)
    made = [store.add_note(Note(id="", day=date(2024, 6, 18), text=f"n{n}")).id for n in range(30)]
    assert 5 <= len(steps(notes_dir)) <= 5 + 20
    for n in range(5):
        assert cli("undo").stderr == f"Undid: added note {made[-1 - n]} to {DAY}.\n", n
    assert len(NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes) == 25


def test_a_step_whose_change_never_landed_is_passed_over(cli, notes_dir: Path) -> None:
    """As a writer killed between its journal step and the day file leaves it."""
    first = add(cli, "one")
    data = day_file(notes_dir).read_bytes()
    journal_mod.record(
        notes_dir / ".ospo-notes",
        day=date(2024, 6, 18),
        what="added note zzzzzzzz",
        group="",
        old=data,
        before=digest(data),
        after=digest(data + b"never written"),
        new=data + b"never written",
        target=day_file(notes_dir),
    )
    r = cli("undo")
    assert (r.exit_code, r.stderr) == (0, f"Undid: added note {first} to {DAY}.\n")
    assert steps(notes_dir) == []


def test_a_damaged_journal_step_is_one_line(cli, notes_dir: Path) -> None:
    add(cli, "one")
    (step,) = (notes_dir / ".ospo-notes" / "journal").glob("*.step")
    step.write_bytes(b"garbage")
    before = snapshot(notes_dir)
    r = cli("undo")
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: the undo journal step {step} cannot be read; delete it to undo the steps "
        "before it (no note is lost by that)\n"
    )
    assert snapshot(notes_dir) == before


# -- delete ID... ------------------------------------------------------------------------


def test_delete_several_ids_in_one_write_per_day_and_one_undo(cli, notes_dir: Path) -> None:
    keep = add(cli, "keep me")
    a, b = add(cli, "a"), add(cli, "b")
    c = cli("add", "c", "--day", OTHER).stdout.strip()
    before, journal = snapshot(notes_dir), steps(notes_dir)
    r = cli("delete", a[:5], b, c, a, "--yes")  # a prefix and the same note twice
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == f"Deleted {a}, {b}, {c}.\n"
    assert len(steps(notes_dir)) == len(journal) + 2  # one write for each day
    assert [n.id for n in NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes] == [keep]
    assert NotesStore(notes_dir).read_day(date(2024, 6, 19)).notes == ()
    r = cli("undo")
    assert r.stderr == f"Undid: deleted {c} of {OTHER}.\nUndid: deleted {a}, {b} of {DAY}.\n"
    assert snapshot(notes_dir) == before


def test_delete_with_one_unknown_id_deletes_nothing(cli, notes_dir: Path) -> None:
    a, b = add(cli, "a"), add(cli, "b")
    before, journal = snapshot(notes_dir), steps(notes_dir)
    r = cli("delete", a, "zzzz", b, "--yes")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: no note has an id starting with 'zzzz': see 'ospo-notes list' for ids; "
        "nothing was deleted\n"
    )
    assert (snapshot(notes_dir), steps(notes_dir)) == (before, journal)
    r = cli("delete", a, "z", "--yes")  # a malformed id: a usage error, still nothing deleted
    assert r.exit_code == 2
    assert r.stderr.endswith("nothing was deleted\n")
    assert snapshot(notes_dir) == before


def test_delete_several_asks_once(cli, notes_dir: Path) -> None:
    a, b = add(cli, "a"), add(cli, "b")
    r = cli("delete", a, b, input="n\n")
    assert r.exit_code == 1
    assert f"Delete 2 notes ({a}, {b})?" in r.stdout
    assert len(NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes) == 2
    r = cli("delete", a, b, input="y\n")
    assert r.exit_code == 0
    assert NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes == ()


def test_a_note_taken_back_in_capture_can_be_undone_again(cli, notes_dir: Path) -> None:
    r = cli("capture", "--day", DAY, input="first\nsecond\n/undo\n")
    assert r.exit_code == 0, r.stderr
    assert [n.text for n in NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes] == ["first"]
    r = cli("undo")
    assert r.stderr.startswith("Undid: deleted note ")
    texts = [n.text for n in NotesStore(notes_dir).read_day(date(2024, 6, 18)).notes]
    assert texts == ["first", "second"]


def test_an_import_is_undone_too(cli, notes_dir: Path, tmp_path: Path) -> None:
    a = add(cli, "a")
    assert (
        cli("export", "--day", DAY, "--format", "json", "-o", str(tmp_path / "d.json")).exit_code
        == 0
    )
    assert cli("delete", a, "--yes").exit_code == 0
    emptied = snapshot(notes_dir)
    assert cli("import", str(tmp_path / "d.json")).exit_code == 0
    r = cli("undo")
    assert (r.exit_code, r.stderr) == (0, f"Undid: imported notes into {DAY}.\n")
    assert snapshot(notes_dir) == emptied
