"""Bringing the index up to date with the day files.

Before each use every day file's (size, mtime, ctime, inode) is compared with what
was indexed, and the files that changed are re-read, one at a time (memory stays
flat). A file changed less than two seconds before it was indexed is also compared
by content hash, since a same-size edit within one clock tick keeps its mtime.
Only SQLite's own locking guards this (the notes dir's write lock is never taken),
so indexing never blocks capture.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.model import Day, Note
from ospo_notes.store import codec, index_db
from ospo_notes.store.files import read_bytes
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.store.stamps import digest

RACY_NS = 2_000_000_000  # files changed this close to their indexing are hashed too

Progress = Callable[[int, int], None]
"""Called as (files done, files to index) while the index catches up."""


def refresh(
    db: sqlite3.Connection, store: NotesStore, fts: bool, progress: Progress | None = None
) -> None:
    """Re-index the day files that changed since they were indexed; forget removed ones."""
    on_disk = set(store.days())
    known = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT day, size, mtime_ns, ctime_ns, ino, digest, checked_ns FROM files"
        )
    }
    for gone in known.keys() - {d.isoformat() for d in on_disk}:
        with writing(db):
            forget(db, fts, gone)
    todo = [day for day in sorted(on_disk) if not _unchanged(db, store, day, known)]
    if progress is not None and todo:
        progress(0, len(todo))
    for done, day in enumerate(todo, 1):
        _index_file(db, store, fts, day)
        if progress is not None:
            progress(done, len(todo))


def _unchanged(
    db: sqlite3.Connection, store: NotesStore, day: date, known: dict[str, tuple[Any, ...]]
) -> bool:
    """True when the file is as it was indexed (stat first, content when racy)."""
    row = known.get(day.isoformat())
    path = store.day_path(day)
    try:
        st = path.stat()
    except OSError:
        return False
    if row is None or (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) != row[:4]:
        return False
    stored_digest, checked_ns = row[4:]
    if st.st_ctime_ns < checked_ns - RACY_NS:
        return True  # any later write would have moved ctime past this
    # Changed close to when it was read: one clock tick may hide a same-size edit.
    now = time.time_ns()
    try:
        same = bool(stored_digest == digest(path.read_bytes()))
    except OSError:
        same = False
    if same:
        with writing(db):
            db.execute("UPDATE files SET checked_ns = ? WHERE day = ?", (now, day.isoformat()))
    return same


def _index_file(db: sqlite3.Connection, store: NotesStore, fts: bool, day: date) -> None:
    path = store.day_path(day)
    key = day.isoformat()
    checked = time.time_ns()
    try:
        data, st = index_db.read_with_stat(path)
    except FileNotFoundError:
        with writing(db):
            forget(db, fts, key)
        return
    except OSError:
        try:  # the same words a direct read would use
            read_bytes(path)
            message = f"cannot read {path}"
        except NotesError as err:
            message = str(err)
        with writing(db):
            forget(db, fts, key)
            db.execute(
                "INSERT INTO files (day, error, error_kind, checked_ns) VALUES (?, ?, ?, ?)",
                (key, message, "read", checked),
            )
        return
    signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    try:
        parsed: Day | None = codec.parse_day(data, day=day, source=str(path))
        error = None
    except DayFileError as err:
        parsed, error = None, str(err)
    with writing(db):
        forget(db, fts, key)
        info = parsed.info if parsed else None
        db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                *signature,
                digest(data),
                checked,
                error,
                "day" if error else None,
                info.title if info else None,
                info.event if info else None,
                info.format if info else None,
                index_db.dump_extra(info.extra) if info else None,
                info.intro if info else None,
                info.closing if info else None,
            ),
        )
        if parsed is not None:
            _insert_notes(db, fts, key, parsed.notes)


def _insert_notes(db: sqlite3.Connection, fts: bool, key: str, notes: tuple[Note, ...]) -> None:
    first = db.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM notes").fetchone()[0]
    ranks = [0] * len(notes)
    for rank, pos in enumerate(sorted(range(len(notes)), key=lambda i: notes[i].sort_key())):
        ranks[pos] = rank
    rows = []
    themes: list[tuple[int, str, str]] = []
    for pos, note in enumerate(notes):
        rowid = first + pos
        rows.append(index_db.note_row(rowid, key, pos, ranks[pos], note))
        themes.extend((rowid, key, theme) for theme in dict.fromkeys(note.themes))
    marks = ", ".join("?" * len(rows[0])) if rows else ""
    db.executemany(f"INSERT INTO notes VALUES ({marks})", rows)  # noqa: S608 (only ? marks)
    db.executemany("INSERT INTO themes VALUES (?, ?, ?)", themes)
    if fts:
        db.executemany(
            "INSERT INTO notes_fts (rowid, haystack) VALUES (?, ?)",
            ((row[0], row[index_db.HAYSTACK]) for row in rows),
        )


def forget(db: sqlite3.Connection, fts: bool, key: str) -> None:
    if fts:
        db.execute(
            "INSERT INTO notes_fts (notes_fts, rowid, haystack) "
            "SELECT 'delete', rowid, haystack FROM notes WHERE day = ?",
            (key,),
        )
    db.execute("DELETE FROM sections WHERE day = ?", (key,))
    db.execute("DELETE FROM themes WHERE day = ?", (key,))
    db.execute("DELETE FROM notes WHERE day = ?", (key,))
    db.execute("DELETE FROM files WHERE day = ?", (key,))


@contextlib.contextmanager
def writing(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction; IMMEDIATE so that it waits for another writer up front."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # a failed COMMIT must not leave it open
            db.execute("ROLLBACK")
        raise
