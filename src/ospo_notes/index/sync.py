"""Bringing the index up to date with the day files.

Before each use every day file's (size, mtime, ctime, inode) is compared with what
was indexed. A file whose stat changed is hashed first: when its bytes are the ones
indexed (a `git checkout`, a copy, a `touch`) only the stat is updated, since hashing
is far cheaper than parsing TOML; the others are re-read in date order, each day
written as it comes (by worker processes when there is much to parse: `index.read`).
A file changed less than two seconds before it was indexed is also
compared by hash, since a same-size edit within one clock tick keeps its mtime.
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

from ospo_notes.index import database
from ospo_notes.index.read import DayRows, read_day_files
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.store.stamps import digest

RACY_NS = 2_000_000_000  # files changed this close to their indexing are hashed too

_INSERT_FILE = (
    f"INSERT INTO files (size, mtime_ns, ctime_ns, ino, checked_ns, {database.DAY_COLUMNS}) "  # noqa: S608 (constant)
    f"VALUES ({', '.join('?' * (5 + len(database.DAY_COLUMNS.split(','))))})"
)

Progress = Callable[[int, int], None]
"""Called as (files done, files to index) while the index catches up."""


def refresh(db: sqlite3.Connection, store: NotesStore, progress: Progress | None = None) -> None:
    """Re-index the day files that changed since they were indexed; forget removed ones."""
    on_disk = {d.isoformat() for d in store.days()}
    known = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT day, size, mtime_ns, ctime_ns, ino, digest, checked_ns FROM files"
        )
    }
    for gone in sorted(known.keys() - on_disk):
        with writing(db):
            forget(db, gone)
    restamp: list[tuple[Any, ...]] = []
    todo = [key for key in sorted(on_disk) if not _unchanged(store, key, known, restamp)]
    if restamp:
        with writing(db):
            db.executemany(
                "UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, ino = ?, checked_ns = ? "
                "WHERE day = ? AND digest = ?",
                restamp,
            )
    if progress is not None and todo:
        progress(0, len(todo))
    for done, (key, read) in enumerate(zip(todo, read_day_files(store.root, todo), strict=True), 1):
        _write(db, key, read)
        if progress is not None:
            progress(done, len(todo))


def _unchanged(
    store: NotesStore, key: str, known: dict[str, tuple[Any, ...]], restamp: list[tuple[Any, ...]]
) -> bool:
    """True when the file holds what was indexed (stat first, then content hash).

    A file with the indexed bytes but a new stat gets a row in `restamp`.
    """
    row = known.get(key)
    if row is None:
        return False
    path = store.day_path(date.fromisoformat(key))
    try:
        st = path.stat()
    except OSError:
        return False
    *signature, stored_digest, checked_ns = row
    if (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) == tuple(signature) and (
        st.st_ctime_ns < checked_ns - RACY_NS  # any later write would have moved ctime past this
    ):
        return True
    # A new stat, or changed close to when it was read (one clock tick may hide a
    # same-size edit): the bytes decide.
    now = time.time_ns()
    try:
        data, st = database.read_with_stat(path)
    except OSError:
        return False
    if stored_digest is None or digest(data) != stored_digest:
        return False
    restamp.append((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, now, key, stored_digest))
    return True


def _write(db: sqlite3.Connection, key: str, read: DayRows | None) -> None:
    """Replace what the index holds of day `key` with `read` (None: the file is gone)."""
    with writing(db):
        forget(db, key)  # another process may have indexed it meanwhile
        if read is None:
            return
        db.executemany(f"INSERT INTO notes VALUES ({', '.join('?' * 12)})", read.notes)  # noqa: S608
        db.execute(_INSERT_FILE, (*(read.signature or (None,) * 4), read.checked_ns, *read.values))


def forget(db: sqlite3.Connection, key: str) -> None:
    """Drop a day from the index."""
    lo, hi = database.rowid_range(date.fromisoformat(key), date.fromisoformat(key))
    db.execute("DELETE FROM notes WHERE rowid BETWEEN ? AND ?", (lo, hi))
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
