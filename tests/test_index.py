"""The index gives the same answers as reading every TOML file, whatever happens to them."""

import contextlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ospo_notes.errors import DayFileError
from ospo_notes.export.note_json import note_json
from ospo_notes.index import answers as indexed
from ospo_notes.index import database as index_db
from ospo_notes.index import notes_index as index
from ospo_notes.index.notes_index import NotesIndex
from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.notes.query import NoteFilter
from ospo_notes.store import NotesStore

FIRST = date(2024, 6, 17)
WORDS = ["open", "source", "OSPO", "sovereign", "Straße", "ÇA", "trust", "a_b", "50%", "x"]


def make_day(day: date, count: int, seed: int = 0, **info: object) -> Day:
    notes = []
    for i in range(count):
        k = seed + i
        notes.append(
            Note(
                id=f"n{day:%m%d}{i:04d}",
                day=day,
                text=" ".join(WORDS[(k * j) % len(WORDS)] for j in range(1, 5)),
                kind=("note", "highlight", "quote")[k % 3],
                time=None if k % 4 == 0 else time(9 + k % 5, (7 * k) % 60),
                session=("", "Opening keynote", "Panel")[k % 3],
                speakers=(("Ana",), (), ("Ana", "Bo"))[k % 3],
                themes=(("trust",), ("trust", "policy"), ())[(k // 2) % 3],
                author=("Ana Lima", "", "Ben Okoro", "Çelik")[k % 4],
                extra={"link": "https://x", "when": date(2024, 1, k % 28 + 1)}
                if k % 7 == 0
                else {},
            )
        )
    return Day(info=DayInfo(day=day, title=f"Day {day}", **info), notes=tuple(notes))  # type: ignore[arg-type]


def write(store: NotesStore, day: Day) -> None:
    store.root.mkdir(parents=True, exist_ok=True)
    store.day_path(day.day).write_text(codec.dump_day(day))


@pytest.fixture
def store(notes_dir: Path) -> NotesStore:
    s = NotesStore(notes_dir)
    for offset in range(4):
        write(s, make_day(FIRST + timedelta(days=offset), 12, seed=offset))
    return s


def scan(
    store: NotesStore, where: NoteFilter, first: date = date.min, last: date = date.max
) -> list[Note]:
    """The answer without an index: parse every file."""
    days = [d for d in store.days() if first <= d <= last]
    return [n for d in store.read_days(days) for n in d.sorted_notes() if where.matches(n)]


FILTERS = [
    NoteFilter(),
    NoteFilter(kind="highlight"),
    NoteFilter(themes=("trust", "policy")),
    NoteFilter(session="KEYNOTE"),
    NoteFilter(speaker="bo"),
    NoteFilter(search="sove"),
    NoteFilter(search="STRASSE ça"),  # casefold: ß is ss
    NoteFilter(search="STRASSE"),  # found by the index as by a scan (no note has both)
    NoteFilter(search="ça straße"),
    NoteFilter(search="50%"),
    NoteFilter(search="a_b x"),  # LIKE wildcards and short words are literal text
    NoteFilter(search='"quoted'),
    NoteFilter(search="nowhere"),
    NoteFilter(themes=("trust",), kind="note", search="open"),
    NoteFilter(author="ana lima"),
    NoteFilter(author="çelik", kind="highlight"),
    NoteFilter(author="Ana"),  # the whole name, not a part of it
]


def assert_same(store: NotesStore) -> None:
    with NotesIndex.open(store) as ix:
        assert list(ix.read_days(store.days())) == list(store.read_days(store.days()))
        for kinds in (("highlight",), ("note", "quote"), ()):  # the post's reads
            from_files = [d.of_kinds(kinds) for d in store.read_days(store.days())]
            assert list(ix.read_days(store.days(), kinds)) == from_files, kinds
            assert list(indexed.read_days(store, store.days(), kinds=kinds)) == from_files
        for where in FILTERS:
            assert list(ix.notes(None, None, where)) == scan(store, where), where
            json_texts = [note_json(n) for n in scan(store, where)]
            assert (
                list(map(note_json, indexed.find_notes(store, None, None, where))) == json_texts
            ), where
        odd = [n for n in scan(store, NoteFilter()) if len(n.text) % 2]
        keep_odd = lambda n: len(n.text) % 2 == 1  # noqa: E731
        assert list(
            map(note_json, filter(keep_odd, indexed.find_notes(store, None, None, NoteFilter())))
        ) == list(map(note_json, odd))
        assert list(ix.notes(FIRST + timedelta(1), FIRST + timedelta(2))) == scan(
            store, NoteFilter(), FIRST + timedelta(1), FIRST + timedelta(2)
        )
        expected = {d.day: Counter(t for n in d.notes for t in set(n.themes)) for d in days(store)}
        assert ix.theme_counts(store.days(), str) == expected
        # Folding "trust" into "open" counts a note tagged with both once.
        fold = {"trust": "open"}.get
        folded = {
            d.day: Counter(t for n in d.notes for t in {fold(t, t) for t in n.themes})
            for d in days(store)
        }
        assert ix.theme_counts(store.days(), lambda t: fold(t, t)) == folded


def days(store: NotesStore) -> list[Day]:
    return list(store.read_days(store.days()))


def test_index_answers_equal_a_full_scan(store: NotesStore) -> None:
    assert_same(store)
    assert (store.root / ".ospo-notes" / "index.sqlite3").is_file()


def test_extra_keys_and_day_info_read_back_equal(store: NotesStore) -> None:
    write(store, make_day(FIRST, 8, event="UN Open Source Week", extra={"venue": {"room": 3}}))
    with NotesIndex.open(store) as ix:
        [day] = ix.read_days([FIRST])
    direct = store.read_day(FIRST)
    assert day.info.extra == direct.info.extra == {"venue": {"room": 3}}
    assert [n.to_dict() for n in day.notes] == [n.to_dict() for n in direct.notes]


def test_a_days_intro_and_closing_come_through_the_index(cli, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    intro = "I was thrilled to be there.\nA few hundred people from 40 countries."
    write(store, make_day(FIRST, 3, intro=intro, closing="Two more days to go!"))
    with NotesIndex.open(store) as ix:
        [day] = ix.read_days([FIRST])
    assert (day.info.intro, day.info.closing) == (intro, "Two more days to go!")
    assert day.info == store.read_day(FIRST).info
    cli("day", FIRST.isoformat(), "--intro", "")  # a change after indexing is seen too
    with NotesIndex.open(store) as ix:
        [day] = ix.read_days([FIRST])
    assert (day.info.intro, day.info.closing) == ("", "Two more days to go!")


def test_adds_edits_and_deletes_through_the_store(store: NotesStore) -> None:
    assert_same(store)
    added = store.add_note(
        Note(id="", day=FIRST, text="new #sovereign note", themes=("sovereign",))
    )
    assert_same(store)
    store.update_note(added, lambda n: n.with_changes(text="changed words"))
    assert_same(store)
    store.update_note(added, lambda _n: None)
    store.add_note(Note(id="", day=date(2025, 1, 1), text="a new day"))
    assert_same(store)


def test_hand_edits_of_the_same_size_are_seen(store: NotesStore) -> None:
    assert_same(store)
    path = store.day_path(FIRST)
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data.replace(b"Opening keynote", b"Closing keynote"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert path.stat().st_size == before.st_size
    with NotesIndex.open(store) as ix:
        assert any(n.session == "Closing keynote" for n in ix.notes(FIRST, FIRST))
    assert_same(store)


def test_an_edit_in_the_same_clock_tick_is_seen_by_its_hash(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the stat is identical (a coarse clock), a fresh file is compared by content."""
    assert_same(store)
    path = store.day_path(FIRST)
    real_stat = Path.stat
    frozen = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Panel", b"Lunch"))
    monkeypatch.setattr(
        Path, "stat", lambda self, **kw: frozen if self == path else real_stat(self, **kw)
    )
    with NotesIndex.open(store) as ix:
        assert any(n.session == "Lunch" for n in ix.notes(FIRST, FIRST))


def test_removed_files_and_a_deleted_index(store: NotesStore) -> None:
    assert_same(store)
    store.day_path(FIRST).unlink()
    assert_same(store)
    for leftover in (store.root / ".ospo-notes").glob("index.sqlite3*"):
        leftover.unlink()
    assert_same(store)


@pytest.mark.parametrize("junk", [b"not a database at all" * 100, b""])
def test_a_corrupt_index_is_rebuilt_silently(store: NotesStore, junk: bytes) -> None:
    assert_same(store)
    db = store.root / ".ospo-notes" / "index.sqlite3"
    db.write_bytes(junk)
    assert_same(store)


@pytest.mark.parametrize("stamp", ["0", "4 0.1.0"])  # older schemas, one with its release
def test_an_index_of_another_version_is_rebuilt(store: NotesStore, stamp: str) -> None:
    assert_same(store)
    db = sqlite3.connect(store.root / ".ospo-notes" / "index.sqlite3")
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (stamp,))
        db.execute("DELETE FROM notes")  # stale rows must not survive the rebuild
    db.close()
    assert_same(store)


def test_a_broken_day_fails_like_reading_it(store: NotesStore) -> None:
    broken = FIRST + timedelta(days=2)
    store.day_path(broken).write_text("format = 1\n[notes.abc\n")
    with pytest.raises(DayFileError) as direct:
        store.read_day(broken)
    with NotesIndex.open(store) as ix:
        with pytest.raises(DayFileError) as indexed:
            list(ix.notes(FIRST, FIRST + timedelta(days=3)))
        assert str(indexed.value) == str(direct.value)
        with pytest.raises(DayFileError):
            list(ix.read_days(store.days()))
        assert len(list(ix.notes(FIRST, FIRST + timedelta(days=1)))) == 24  # outside: fine
    write(store, make_day(broken, 3))  # fixed by hand
    assert_same(store)


def test_progress_is_reported_per_file(store: NotesStore) -> None:
    calls: list[tuple[int, int]] = []
    NotesIndex.open(store, lambda done, total: calls.append((done, total))).close()
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    calls.clear()
    NotesIndex.open(store, lambda done, total: calls.append((done, total))).close()
    assert calls == []  # nothing changed: nothing to report


def test_days_stream_one_at_a_time(store: NotesStore) -> None:
    """read_days is lazy: the first day comes before the others are built."""
    with NotesIndex.open(store) as ix:
        days: Iterator[Day] = ix.read_days(store.days())
        first = next(days)
        assert first.day == FIRST
        assert [d.day for d in days] == store.days()[1:]


def test_read_only_notes_dir_still_answers(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(index.NotesIndex, "open", refuse)
    where = NoteFilter(search="trust")
    assert list(indexed.find_notes(store, None, None, where)) == scan(store, where)
    assert list(indexed.read_days(store, store.days())) == list(store.read_days(store.days()))


def test_list_over_a_range_uses_the_index(cli, store: NotesStore) -> None:
    r = cli(
        "list",
        "--from",
        str(FIRST),
        "--to",
        str(FIRST + timedelta(3)),
        "--search",
        "open",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    expected = [n.to_dict() for n in scan(store, NoteFilter(search="open"))]
    assert json.loads(r.stdout) == json.loads(json.dumps(expected, default=str))
    assert (store.root / ".ospo-notes" / "index.sqlite3").is_file()
    store.day_path(FIRST).write_text("day = 1999-01-01\n")
    r = cli("list", "--from", str(FIRST), "--to", str(FIRST + timedelta(3)))
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: ") and "'day' says" in r.stderr
    assert r.stderr.count("\n") == 1


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=6),
    needle=st.text(min_size=1, max_size=4).filter(str.strip),
)
def test_search_matches_the_scan_for_any_text(
    store: NotesStore, texts: list[str], needle: str
) -> None:
    day = Day(
        info=DayInfo(day=FIRST),
        notes=tuple(
            Note(id=f"h{i:07d}", day=FIRST, text=t, session=t[::-1], speakers=(t, "x"))
            for i, t in enumerate(texts)
        ),
    )
    write(store, day)
    where = NoteFilter(search=needle)
    with NotesIndex.open(store) as ix:
        assert list(ix.notes(FIRST, FIRST, where)) == scan(store, where, FIRST, FIRST)


def test_progress_bar_only_on_a_terminal() -> None:
    from ospo_notes import render

    assert render.index_progress() is None  # stderr is captured here, not a terminal
    bar = render.IndexProgress()
    bar(0, 5)
    assert bar._bar is None  # a few files index too fast to need a bar
    for done in range(30 + 1):
        bar(done, 30)
    assert bar._bar is None  # finished: taken off the terminal
    bar.close()


@pytest.mark.parametrize("search", ["", "open", "nowhere"])
def test_list_json_streams_the_same_text_as_one_dump(cli, store: NotesStore, search: str) -> None:
    span = ("--from", str(FIRST), "--to", str(FIRST + timedelta(3)))
    r = cli("list", *span, "--search", search, "--json")
    assert r.exit_code == 0, r.stderr
    notes = [n.to_dict() for n in scan(store, NoteFilter(search=search))]
    assert r.stdout == json.dumps(notes, ensure_ascii=False, indent=2, default=str) + "\n"


ADDER = """
import sys
from datetime import date
from pathlib import Path
from ospo_notes.notes.model import Note
from ospo_notes.store import NotesStore
store = NotesStore(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    day = date(2024, 6, 17 + i % 2)
    store.add_note(Note(id="", day=day, text=f"concurrent {sys.argv[3]} {i}"))
"""


def test_queries_while_two_processes_add(store: NotesStore) -> None:
    """Capture never waits for the index, loses nothing, and the index catches up."""
    import subprocess
    import sys

    adders = [
        subprocess.Popen([sys.executable, "-c", ADDER, str(store.root), "30", name])
        for name in ("a", "b")
    ]
    while any(p.poll() is None for p in adders):
        with NotesIndex.open(store) as ix:
            assert len(list(ix.notes(None, None, NoteFilter(search="concurrent")))) <= 60
    assert [p.returncode for p in adders] == [0, 0]
    with NotesIndex.open(store) as ix:
        assert len(list(ix.notes(None, None, NoteFilter(search="concurrent")))) == 60
    assert_same(store)


@pytest.mark.parametrize("needle", ["0", "abc", "x abc"])
def test_search_finds_words_after_a_nul(store: NotesStore, needle: str) -> None:
    """SQLite's LIKE and FTS read text only up to a NUL; the index must not."""
    note = Note(id="nul00001", day=FIRST, text="x\x00 0 abcdef")
    write(store, Day(info=DayInfo(day=FIRST), notes=(note,)))
    where = NoteFilter(search=needle)
    with NotesIndex.open(store) as ix:
        assert list(ix.notes(FIRST, FIRST, where)) == scan(store, where, FIRST, FIRST)


def test_touched_files_are_hashed_not_parsed_again(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `git checkout` or a copy moves every mtime and changes no byte: nothing is re-read."""
    assert_same(store)
    for offset, day in enumerate(store.days()):
        path = store.day_path(day)
        later = path.stat().st_mtime_ns + (offset + 1) * 10**9
        os.utime(path, ns=(later, later))
    parsed: list[date] = []
    real_parse = codec.parse_day
    monkeypatch.setattr(
        codec,
        "parse_day",
        lambda data, day, source: parsed.append(day) or real_parse(data, day=day, source=source),
    )
    calls: list[tuple[int, int]] = []
    NotesIndex.open(store, lambda done, total: calls.append((done, total))).close()
    assert (parsed, calls) == ([], [])
    monkeypatch.undo()
    assert_same(store)


def test_the_index_holds_data_not_output(cli, store: NotesStore) -> None:
    """No note JSON, no Markdown, no release in the stamp: a new release reuses the index."""
    span = ("--from", str(FIRST), "--to", str(FIRST + timedelta(3)))
    for args in [("list", *span, "--json"), ("export", *span), ("themes", *span)]:
        assert cli(*args).exit_code == 0
    path = store.root / ".ospo-notes" / "index.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            index_db.SCHEMA,
        )
    data = path.read_bytes()
    assert b'"text": ' not in data and b"## " not in data
    assert index_db.SCHEMA.isdigit()


@pytest.mark.parametrize("needle", ['"the"', "a\\b", 'bo"', "tab\there"])
def test_search_finds_words_json_would_escape(store: NotesStore, needle: str) -> None:
    """Speakers and themes are kept as JSON, which escapes quotes, backslashes and tabs."""
    note = Note(
        id="esc00001",
        day=FIRST,
        text="plain",
        session="tab\there",
        speakers=('Ana "the" Bo"',),
        themes=("a\\b",),
    )
    write(store, Day(info=DayInfo(day=FIRST), notes=(note,)))
    where = NoteFilter(search=needle)
    with NotesIndex.open(store) as ix:
        found = list(ix.notes(FIRST, FIRST, where))
    assert found == scan(store, where, FIRST, FIRST) != []


@pytest.mark.slow
def test_a_big_build_parses_in_worker_processes(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes give the same index, broken days included, with progress per file."""
    from ospo_notes.index import read as index_read

    store.day_path(FIRST + timedelta(days=5)).write_text("format = 1\n[notes.abc\n")
    monkeypatch.setattr(index_read, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(index_read, "_spawn_safe", lambda: True)  # pytest's main is guarded
    workers: list[int] = []
    real_workers = index_read._workers
    monkeypatch.setattr(
        index_read, "_workers", lambda *args: workers.append(real_workers(*args)) or workers[-1]
    )
    calls: list[tuple[int, int]] = []
    NotesIndex.open(store, lambda done, total: calls.append((done, total))).close()
    assert calls == [(done, 5) for done in range(6)]
    if (os.cpu_count() or 1) > 1:
        assert workers[0] >= 2
    monkeypatch.undo()
    with NotesIndex.open(store) as ix, pytest.raises(DayFileError):
        list(ix.notes())
    store.day_path(FIRST + timedelta(days=5)).unlink()
    assert_same(store)


@pytest.mark.parametrize("kinds", [None, ("note",), ("highlight", "quote")])
def test_a_lost_row_is_found_whatever_kinds_are_asked(store: NotesStore, kinds) -> None:  # type: ignore[no-untyped-def]
    """Rows of kinds a post leaves out stay in SQLite, but are still counted."""
    with NotesIndex.open(store):
        pass
    path = store.root / ".ospo-notes" / "index.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "DELETE FROM notes WHERE rowid = (SELECT min(rowid) FROM notes WHERE kind = 'quote')"
        )
    with NotesIndex.open(store) as ix, pytest.raises(index_db.IndexDamaged, match="lost notes"):
        list(ix.read_days(store.days(), kinds))


def test_a_one_day_listing_loads_neither_sqlite_nor_the_index(sample_dir: Path) -> None:
    """One day is read from its file: a piped `list --day` imports no SQLite at all."""
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "ospo_notes",
            "list",
            "--day",
            "2024-06-18",
            "--json",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "OSPO_NOTES_DIR": str(sample_dir)},
        check=True,
    )
    loaded = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert json.loads(done.stdout)  # the day's notes, as JSON
    assert "sqlite3" not in loaded
    assert not {name for name in loaded if name.startswith("ospo_notes.index.")} - {
        "ospo_notes.index.answers"
    }
    assert not (sample_dir / ".ospo-notes" / "index.sqlite3").exists()
