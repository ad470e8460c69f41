"""A derived SQLite index of the day files, for questions that span many days.

The TOML files stay the source of truth. Parsing them runs at ~3 MB/s, so reading a
hundred thousand notes takes seconds; the index answers the same questions from
`<notes dir>/.ospo-notes/index.sqlite3` in milliseconds. Before each use it compares
every day file's (size, mtime, ctime, inode) with what it indexed and re-reads the
files that changed, one at a time (memory stays flat). A file changed less than two
seconds before it was indexed is also compared by content hash, since a same-size
edit within one clock tick keeps its mtime. Deleting the index loses nothing: the
next command rebuilds it. A damaged or older index is deleted and rebuilt.

Only SQLite's own locking guards it (the notes dir's write lock is never taken), so
indexing never blocks capture. Answers are the same `Note` and `Day` objects a full
read returns, in the same order; a broken day file in the range raises the same
error as reading it directly.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.model import Day, DayInfo, Note
from ospo_notes.query import NoteFilter
from ospo_notes.store import codec, index_db
from ospo_notes.store.files import read_bytes, state_dir
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.store.stamps import digest

RACY_NS = 2_000_000_000  # files changed this close to their indexing are hashed too

Progress = Callable[[int, int], None]
"""Called as (files done, files to index) while the index catches up."""


class NotesIndex:
    """An open, up-to-date index of one notes dir; use `NotesIndex.open`."""

    def __init__(self, store: NotesStore, db: sqlite3.Connection, path: Path) -> None:
        self.store = store
        self.path = path
        self._db = db
        self._fts = self._meta("fts") == "1"

    # -- opening and catching up ------------------------------------------------------

    @classmethod
    def open(cls, store: NotesStore, progress: Progress | None = None) -> NotesIndex:
        """Open (creating or rebuilding as needed) and bring up to date with the files."""
        path = state_dir(store.root) / index_db.INDEX_FILE
        for attempt in (1, 2):
            db = None
            try:
                db = index_db.connect(path)
                index = cls(store, db, path)
                index.refresh(progress)
                return index
            except sqlite3.DatabaseError:
                if db is not None:
                    db.close()
                if attempt == 2:
                    raise
                index_db.delete_db(path)  # corrupt or from another version: it is only a cache
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> NotesIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def refresh(self, progress: Progress | None = None) -> None:
        """Re-index the day files that changed since they were indexed; forget removed ones."""
        on_disk = set(self.store.days())
        known = {
            row[0]: row[1:]
            for row in self._db.execute(
                "SELECT day, size, mtime_ns, ctime_ns, ino, digest, checked_ns FROM files"
            )
        }
        for gone in known.keys() - {d.isoformat() for d in on_disk}:
            with self._writing():
                self._forget(gone)
        todo = [day for day in sorted(on_disk) if not self._unchanged(day, known)]
        if progress is not None and todo:
            progress(0, len(todo))
        for done, day in enumerate(todo, 1):
            self._index_file(day)
            if progress is not None:
                progress(done, len(todo))

    def _unchanged(self, day: date, known: dict[str, tuple[Any, ...]]) -> bool:
        """True when the file is as it was indexed (stat first, content when racy)."""
        row = known.get(day.isoformat())
        path = self.store.day_path(day)
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
            with self._writing():
                self._db.execute(
                    "UPDATE files SET checked_ns = ? WHERE day = ?", (now, day.isoformat())
                )
        return same

    def _index_file(self, day: date) -> None:
        path = self.store.day_path(day)
        key = day.isoformat()
        checked = time.time_ns()
        try:
            data, st = index_db.read_with_stat(path)
        except FileNotFoundError:
            with self._writing():
                self._forget(key)
            return
        except OSError:
            try:  # the same words a direct read would use
                read_bytes(path)
                message = f"cannot read {path}"
            except NotesError as err:
                message = str(err)
            with self._writing():
                self._forget(key)
                self._db.execute(
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
        with self._writing():
            self._forget(key)
            info = parsed.info if parsed else None
            self._db.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            if parsed is not None:
                self._insert_notes(key, parsed.notes)

    def _insert_notes(self, key: str, notes: tuple[Note, ...]) -> None:
        first = self._db.execute("SELECT COALESCE(MAX(rowid), 0) + 1 FROM notes").fetchone()[0]
        rows = []
        themes: list[tuple[int, str, str]] = []
        for pos, note in enumerate(notes):
            rowid = first + pos
            rows.append(index_db.note_row(rowid, key, pos, note))
            themes.extend((rowid, key, theme) for theme in dict.fromkeys(note.themes))
        self._db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self._db.executemany("INSERT INTO themes VALUES (?, ?, ?)", themes)
        if self._fts:
            self._db.executemany(
                "INSERT INTO notes_fts (rowid, haystack) VALUES (?, ?)",
                ((row[0], row[-1]) for row in rows),
            )

    def _forget(self, key: str) -> None:
        if self._fts:
            self._db.execute(
                "INSERT INTO notes_fts (notes_fts, rowid, haystack) "
                "SELECT 'delete', rowid, haystack FROM notes WHERE day = ?",
                (key,),
            )
        self._db.execute("DELETE FROM themes WHERE day = ?", (key,))
        self._db.execute("DELETE FROM notes WHERE day = ?", (key,))
        self._db.execute("DELETE FROM files WHERE day = ?", (key,))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction; IMMEDIATE so that it waits for another writer up front."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- answers --------------------------------------------------------------------

    def days(self, first: date | None = None, last: date | None = None) -> list[date]:
        """Days that have a file (readable or not), oldest first."""
        lo, hi = _bounds(first, last)
        return [
            date.fromisoformat(row[0])
            for row in self._db.execute(
                "SELECT day FROM files WHERE day BETWEEN ? AND ? ORDER BY day", (lo, hi)
            )
        ]

    def read_days(self, days: Iterable[date]) -> Iterator[Day]:
        """Each existing day of `days` in the order given, as `NotesStore.read_days` reads it."""
        wanted = list(days)
        if not wanted:
            return
        lo, hi = min(wanted).isoformat(), max(wanted).isoformat()
        if wanted == sorted(set(wanted)):
            yield from self._days_between(lo, hi, {d.isoformat() for d in wanted})
            return
        for day in wanted:  # an unusual order: one day at a time
            yield from self._days_between(day.isoformat(), day.isoformat(), None)

    def notes(
        self, first: date | None = None, last: date | None = None, where: NoteFilter | None = None
    ) -> Iterator[Note]:
        """Matching notes from `first` to `last`: by day, then as `Day.sorted_notes` orders them."""
        where = where or NoteFilter()
        lo, hi = _bounds(first, last)
        self._raise_broken(lo, hi, None)
        sql = [index_db.SELECT_NOTES]
        args: list[Any] = [lo, hi]
        if where.kind:
            sql.append("AND kind = ?")
            args.append(where.kind)
        for theme in where.themes:
            sql.append("AND rowid IN (SELECT note FROM themes WHERE theme = ?)")
            args.append(theme)
        for word in where.search.casefold().split():
            if "\x00" in word:
                continue  # SQL text cannot hold it; the NoteFilter below still checks it
            if self._fts and len(word) >= 3:
                sql.append("AND rowid IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)")
                args.append(index_db.trigram_query(word))
            else:
                sql.append("AND haystack LIKE ? ESCAPE '\\'")
                args.append("%" + index_db.escape_like(word) + "%")
        sql.append("ORDER BY day, time_us IS NULL, time_us, pos")
        for row in self._query(" ".join(sql), args):
            note = index_db.note(row)
            if where.matches(note):  # the exact rules; SQL only narrows the rows read
                yield note

    def theme_counts(
        self, days: Iterable[date], fold: Callable[[str], str]
    ) -> dict[date, Counter[str]]:
        """Notes per theme on each of `days`, themes folded by `fold` (a note counts once).

        SQL counts (day, theme) pairs; a note carrying two themes that fold into one
        (an alias and its theme) was counted twice there, and is taken off once here.
        """
        wanted = sorted(set(days))
        counts: dict[date, Counter[str]] = {day: Counter() for day in wanted}
        if not wanted:
            return counts
        lo, hi = wanted[0].isoformat(), wanted[-1].isoformat()
        self._raise_broken(lo, hi, {d.isoformat() for d in wanted})
        seen: set[str] = set()
        for key, theme, count in self._query(
            "SELECT day, theme, COUNT(*) FROM themes WHERE day BETWEEN ? AND ? GROUP BY day, theme",
            (lo, hi),
        ):
            day = date.fromisoformat(key)
            if day in counts:
                counts[day][fold(theme)] += count
                seen.add(theme)
        merged = {fold(theme) for theme in seen if fold(theme) != theme}
        folding = [theme for theme in seen if fold(theme) in merged]
        if folding:
            self._uncount_doubles(counts, lo, hi, folding, fold)
        return counts

    def _uncount_doubles(
        self,
        counts: dict[date, Counter[str]],
        lo: str,
        hi: str,
        folding: list[str],
        fold: Callable[[str], str],
    ) -> None:
        marks = ", ".join("?" for _ in folding)
        per_note: dict[int, tuple[str, Counter[str]]] = {}
        sql = (
            f"SELECT note, day, theme FROM themes WHERE day BETWEEN ? AND ? AND theme IN ({marks})"  # noqa: S608 (only ? placeholders are spliced in)
        )
        for note, key, theme in self._query(sql, (lo, hi, *folding)):
            per_note.setdefault(note, (key, Counter()))[1][fold(theme)] += 1
        for key, folded in per_note.values():
            day = date.fromisoformat(key)
            for theme, times in folded.items():
                if times > 1 and day in counts:
                    counts[day][theme] -= times - 1

    def _days_between(self, lo: str, hi: str, only: set[str] | None) -> Iterator[Day]:
        self._raise_broken(lo, hi, only)
        infos = {
            row[0]: row[1:]
            for row in self._query(
                "SELECT day, title, event, format, extra FROM files "
                "WHERE day BETWEEN ? AND ? AND error IS NULL",
                (lo, hi),
            )
            if only is None or row[0] in only
        }
        pending: list[Any] = []
        rows = self._query(
            index_db.SELECT_NOTES + " ORDER BY day, pos",
            (lo, hi),
        )
        for key in sorted(infos):
            # Days come in order; the notes of each follow from the same ordered cursor.
            day_notes = [index_db.note(row) for row in _take_day(rows, key, pending)]
            title, event, fmt, extra = infos[key]
            yield Day(
                info=DayInfo(
                    day=date.fromisoformat(key),
                    title=title,
                    event=event,
                    format=fmt,
                    extra=index_db.load_extra(extra),
                ),
                notes=tuple(day_notes),
            )

    def _raise_broken(self, lo: str, hi: str, only: set[str] | None) -> None:
        """A broken file in the range fails the question, as reading it would."""
        for key, error, kind in self._query(
            "SELECT day, error, error_kind FROM files "
            "WHERE day BETWEEN ? AND ? AND error IS NOT NULL ORDER BY day",
            (lo, hi),
        ):
            if only is None or key in only:
                raise DayFileError(error) if kind == "day" else NotesError(error)

    def _query(self, sql: str, args: Iterable[Any]) -> Iterator[Any]:
        try:
            yield from self._db.execute(sql, tuple(args))
        except sqlite3.OperationalError:
            raise  # busy, or a query it cannot run: not damage
        except sqlite3.DatabaseError as err:
            self.close()
            index_db.delete_db(self.path)
            raise NotesError(
                f"the index {self.path} was damaged ({err}); it has been deleted and will be "
                "rebuilt: run the command again"
            ) from None


def _take_day(rows: Iterator[Any], key: str, pending: list[Any]) -> Iterator[Any]:
    """Rows of day `key` from an ordered cursor; one read-ahead row waits in `pending`."""
    while True:
        row = pending.pop() if pending else next(rows, None)
        if row is None:
            return
        if row[1] < key:
            continue  # a day filtered out of the answer
        if row[1] > key:
            pending.append(row)
            return
        yield row


def _bounds(first: date | None, last: date | None) -> tuple[str, str]:
    return (first or date.min).isoformat(), (last or date.max).isoformat()
