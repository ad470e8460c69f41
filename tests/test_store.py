"""The notes dir: appends, rewrites, hand edits, and files we must not touch."""

from datetime import date, time
from pathlib import Path

import pytest

from ospo_notes.errors import DayFileError, NotFoundError, ReadOnlyFormatError, UsageError
from ospo_notes.notes.codec import parse_day
from ospo_notes.notes.model import Note
from ospo_notes.store import NotesStore, locate_notes_dir

DAY = date(2024, 6, 18)


def note(text: str = "hello", **fields: object) -> Note:
    return Note(id="", day=DAY, text=text, **fields)  # type: ignore[arg-type]


@pytest.fixture
def store(notes_dir: Path) -> NotesStore:
    return NotesStore(notes_dir)


def test_add_creates_the_dir_and_a_valid_file(store: NotesStore) -> None:
    stored = store.add_note(note(time=time(9, 42), themes=("trust",)))
    assert len(stored.id) == 8
    assert store.read_day(DAY).notes == (stored,)
    assert store.day_path(DAY).read_text().startswith("format = 1\nday = 2024-06-18\n")


def test_adds_append_without_touching_older_lines(store: NotesStore) -> None:
    store.add_note(note("one"))
    before = store.day_path(DAY).read_bytes()
    store.add_note(note("two"))
    after = store.day_path(DAY).read_bytes()
    assert after.startswith(before)
    assert [n.text for n in store.read_day(DAY).notes] == ["one", "two"]


def test_fast_path_is_skipped_after_a_hand_edit(store: NotesStore) -> None:
    store.add_note(note("one"))
    path = store.day_path(DAY)
    # A hand edit: a comment, and a note whose key is quoted (the stamp no longer matches).
    path.write_text(path.read_text() + '\n# added by hand\n[notes."hand0001"]\ntext = "by hand"\n')
    added = store.add_note(note("two"))
    text = path.read_text()
    assert "# added by hand" in text  # appended, not rewritten: comments survive
    assert [n.text for n in store.read_day(DAY).notes] == ["one", "by hand", "two"]
    assert added.id != "hand0001"


def test_append_to_an_inline_notes_table_rewrites_cleanly(store: NotesStore) -> None:
    path = store.day_path(DAY)
    path.parent.mkdir(parents=True)
    path.write_text('format = 1\nnotes = { abcd1234 = { text = "inline" } }\n')
    store.add_note(note("appended"))
    assert [n.text for n in store.read_day(DAY).notes] == ["inline", "appended"]
    assert "[notes.abcd1234]" in path.read_text()


def test_a_broken_file_is_never_rewritten(store: NotesStore) -> None:
    path = store.day_path(DAY)
    path.parent.mkdir(parents=True)
    broken = b'format = 1\n[notes.abcd1234\ntext = "x"\n'
    path.write_bytes(broken)
    with pytest.raises(DayFileError, match=r"2024-06-18.toml:2:\d+"):
        store.add_note(note())
    with pytest.raises(DayFileError):
        store.update_day(DAY, lambda d: d)
    assert path.read_bytes() == broken


def test_a_newer_format_is_read_but_never_written(store: NotesStore) -> None:
    path = store.day_path(DAY)
    path.parent.mkdir(parents=True)
    newer = b'format = 2\n\n[notes.abcd1234]\ntext = "from the future"\n'
    path.write_bytes(newer)
    assert store.read_day(DAY).notes[0].text == "from the future"
    with pytest.raises(ReadOnlyFormatError, match="format 2, newer than this ospo-notes"):
        store.add_note(note())
    assert path.read_bytes() == newer


def test_other_days_stay_readable_next_to_a_broken_one(store: NotesStore) -> None:
    store.add_note(note("fine"))
    (store.root / "2024-06-19.toml").write_text("notes = [")
    assert store.read_day(DAY).notes[0].text == "fine"
    assert store.days() == [DAY, date(2024, 6, 19)]


def test_update_note_and_delete(store: NotesStore) -> None:
    a = store.add_note(note("a"))
    b = store.add_note(note("b"))
    store.update_note(a, lambda n: n.with_changes(text="A"))
    store.update_note(b, lambda _n: None)
    assert [n.text for n in store.read_day(DAY).notes] == ["A"]
    with pytest.raises(NotFoundError, match="no longer in"):
        store.update_note(b, lambda n: n)


def test_find_note_by_prefix(store: NotesStore) -> None:
    stored = store.add_note(note("findable"))
    assert store.find_note(stored.id[:4]) == stored
    with pytest.raises(UsageError, match="at least 4 characters"):
        store.find_note(stored.id[:3])
    with pytest.raises(NotFoundError, match="no note has an id starting with 'zzzzz'"):
        store.find_note("zzzzz")


def test_find_note_reports_ambiguous_prefixes(store: NotesStore) -> None:
    path = store.day_path(DAY)
    path.parent.mkdir(parents=True)
    path.write_text('[notes.abcd1111]\ntext = "1"\n[notes.abcd2222]\ntext = "2"\n')
    with pytest.raises(
        NotFoundError, match=r"2 notes match \(2024-06-18/abcd1111, 2024-06-18/abcd2222\)"
    ):
        store.find_note("abcd")


def test_symlinked_day_file_is_refused(store: NotesStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("format = 1\n")
    store.root.mkdir(parents=True)
    store.day_path(DAY).symlink_to(elsewhere)
    with pytest.raises(Exception, match="symbolic link"):
        store.add_note(note())
    assert elsewhere.read_text() == "format = 1\n"
    assert store.day_path(DAY).is_symlink()


def test_state_dir_ignores_itself_in_git(store: NotesStore) -> None:
    store.add_note(note())
    assert (store.root / ".ospo-notes" / ".gitignore").read_text().strip().endswith("*")


def test_file_mode_is_kept(store: NotesStore) -> None:
    store.add_note(note())
    store.day_path(DAY).chmod(0o600)
    store.add_note(note())
    assert store.day_path(DAY).stat().st_mode & 0o777 == 0o600


def test_lost_or_corrupt_stamps_only_cost_a_parse(store: NotesStore) -> None:
    store.add_note(note("one"))
    for stamp in (store.root / ".ospo-notes" / "stamps").iterdir():
        stamp.write_text("{not json")
    store.add_note(note("two"))
    assert parse_day(store.day_path(DAY).read_bytes(), day=DAY, source="x").notes[1].text == "two"


def test_locate_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OSPO_NOTES_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locate_notes_dir().path == tmp_path / "xdg" / "ospo-notes"
    (tmp_path / "notes").mkdir(exist_ok=True)
    assert locate_notes_dir().is_default  # an empty notes/ is nobody's notes folder
    (tmp_path / "notes" / ".ospo-notes").mkdir()
    assert locate_notes_dir().reason == "the nearest ospo-notes folder, in the current folder"
    monkeypatch.setenv("OSPO_NOTES_DIR", str(tmp_path / "env"))
    assert locate_notes_dir().path == tmp_path / "env"
    assert locate_notes_dir(Path("opt")).path == tmp_path / "opt"


def test_a_schedule_rename_finds_every_spelling_of_the_old_title(tmp_path: Path) -> None:
    """Notes typed before 'one session, one name' (or by hand) may differ in case and
    spaces from the schedule's title; the rename still carries them along."""
    from ospo_notes.notes.sessions import session_folded
    from ospo_notes.store.files import locked

    store = NotesStore(tmp_path)
    for session in ("Secured mobile concept", "secured  mobile concept ", "Another talk"):
        store.add_note(Note(id="", day=DAY, text=f"in {session}", session=session))
    with locked(tmp_path):  # as a schedule update holds it
        pending = store.sessions_renamed(DAY, {session_folded("Secured Mobile Concept"): "New"})
        assert pending is not None and pending.changed == 2
        store.write_pending(pending)
    sessions = sorted(n.session for n in store.read_day(DAY).notes)
    assert sessions == ["Another talk", "New", "New"]
