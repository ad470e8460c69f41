"""A derived SQLite index of the day files, for questions that span many days.

The TOML files stay the source of truth. Parsing them runs at ~3 MB/s, so reading a
hundred thousand notes takes seconds; the index answers the same questions from
`<notes dir>/.ospo-notes/index.sqlite3` in milliseconds, after catching up with the
files that changed (`index_sync`). Deleting the index loses nothing: the next command
rebuilds it. A damaged or older index is deleted and rebuilt.

Answers are the same `Note` and `Day` objects a full read returns, in the same order;
a broken day file in the range raises the same error as reading it directly. The
index also keeps texts made from a day (a post's day sections), given out again only
while the day file they were made from is unchanged.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.model import Day, DayInfo, Note
from ospo_notes.query import NoteFilter
from ospo_notes.store import index_db, index_sync
from ospo_notes.store.files import state_dir
from ospo_notes.store.index_sync import Progress
from ospo_notes.store.notes_store import NotesStore

_KEPT_TEXT = (  # a kept text, while made from the file as it is and for the same key
    "SELECT s.text FROM sections s JOIN files f ON f.day = s.day AND f.digest = s.digest "
    "WHERE s.day = ? AND s.key = ?"
)


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
        index_sync.refresh(self._db, self.store, self._fts, progress)

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
        for row in self._matching(first, last, where, index_db.SELECT_NOTES):
            note = index_db.note(row)
            if where.matches(note):  # the exact rules; SQL only narrows the rows read
                yield note

    def notes_json(
        self,
        first: date | None = None,
        last: date | None = None,
        where: NoteFilter | None = None,
        keep: Callable[[Note], bool] | None = None,
    ) -> Iterator[str]:
        """The `note_json` text of each note `notes` (and `keep`) would give, in its order.

        With no rules to check, the stored texts are passed on without reading any note.
        """
        where = where or NoteFilter()
        rows = self._matching(first, last, where, index_db.SELECT_NOTES_JSON)
        if where == NoteFilter() and keep is None:
            yield from (row[-1] for row in rows)
            return
        for row in rows:
            note = index_db.note(row[:-1])
            if where.matches(note) and (keep is None or keep(note)):
                yield row[-1]

    def _matching(
        self, first: date | None, last: date | None, where: NoteFilter, select: str
    ) -> Iterator[Any]:
        """Rows `select` reads for the notes SQL can narrow `where` to, in `notes` order."""
        lo, hi = _bounds(first, last)
        self._raise_broken(lo, hi, None)
        sql = [select]
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
        sql.append("ORDER BY day, rank")
        return self._query(" ".join(sql), args)

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

    def made_per_day(
        self, days: Iterable[date], key_of: Callable[[date], str], make: Callable[[Day], str]
    ) -> Iterator[str]:
        """`make(day)` for each of `days` that has a file, in date order, kept in the index.

        A text is kept with `key_of(day)` and the hash of the file it was made from, and
        given out again only while both still hold: a day file changed by hand, or a
        text made by a slower process from an older read, is made afresh.
        """
        wanted = sorted(set(days))
        if not wanted:
            return
        lo, hi = wanted[0].isoformat(), wanted[-1].isoformat()
        self._raise_broken(lo, hi, {d.isoformat() for d in wanted})
        for day in wanted:
            key = key_of(day)
            # Checked and read in one statement: another process may replace it meanwhile.
            kept = list(self._query(_KEPT_TEXT, (day.isoformat(), key)))
            yield from (text for (text,) in kept) if kept else self._make_and_keep(day, key, make)

    def _make_and_keep(self, day: date, key: str, make: Callable[[Day], str]) -> Iterator[str]:
        iso = day.isoformat()
        self._db.execute("BEGIN")  # one snapshot: the notes, and the hash of their file
        try:
            hashes = list(self._query("SELECT digest FROM files WHERE day = ?", (iso,)))
            read = list(self._days_between(iso, iso, None))
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # closed already if it was damaged
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        if not read:
            return  # the day has no file
        text = make(read[0])
        busy_or_read_only = contextlib.suppress(sqlite3.OperationalError)  # then not kept
        with busy_or_read_only, index_sync.writing(self._db):
            self._db.execute(
                "INSERT OR REPLACE INTO sections VALUES (?, ?, ?, ?)", (iso, key, *hashes[0], text)
            )
        yield text

    def _days_between(self, lo: str, hi: str, only: set[str] | None) -> Iterator[Day]:
        self._raise_broken(lo, hi, only)
        infos = {
            row[0]: row[1:]
            for row in self._query(
                "SELECT day, title, event, format, extra, intro, closing FROM files "
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
            title, event, fmt, extra, intro, closing = infos[key]
            yield Day(
                info=DayInfo(
                    day=date.fromisoformat(key),
                    title=title,
                    event=event,
                    intro=intro,
                    closing=closing,
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
