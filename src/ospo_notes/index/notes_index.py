"""A derived SQLite index of the day files, for questions that span many days.

The TOML files stay the source of truth. Parsing them runs at ~3 MB/s, so reading a
hundred thousand notes takes seconds; the index answers the same questions from
`<notes dir>/.ospo-notes/index.sqlite3` in milliseconds, after catching up with the
files that changed (`index.sync`). Deleting the index loses nothing: the next command
rebuilds it. A damaged index, or one of another schema, is deleted and rebuilt.

Answers are the same `Note` and `Day` objects a full read returns, in the same order;
a broken day file in the range raises the same error as reading it directly. Every
row read is checked against its CRC (`index.database`): damage raises `IndexDamaged`, never
a wrong answer.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.index import database, sync
from ospo_notes.index.database import IndexDamaged
from ospo_notes.index.sync import Progress
from ospo_notes.notes.model import Day, Note
from ospo_notes.notes.query import NoteFilter
from ospo_notes.store.files import state_dir
from ospo_notes.store.notes_store import NotesStore


class NotesIndex:
    """An open, up-to-date index of one notes dir; use `NotesIndex.open`."""

    def __init__(self, store: NotesStore, db: sqlite3.Connection, path: Path) -> None:
        self.store = store
        self.path = path
        self._db = db

    # -- opening and catching up ------------------------------------------------------

    @classmethod
    def open(cls, store: NotesStore, progress: Progress | None = None) -> NotesIndex:
        """Open (creating or rebuilding as needed) and bring up to date with the files.

        A damaged index is deleted and built again; a busy or read-only one raises
        `sqlite3.Error` (the caller reads the files instead).
        """
        path = state_dir(store.root) / database.INDEX_FILE
        for attempt in (1, 2):
            db = None
            try:
                db = database.connect(path)
                index = cls(store, db, path)
                index.refresh(progress)
                return index
            except (IndexDamaged, sqlite3.Error) as err:
                if db is not None:
                    db.close()
                if attempt == 2 or not _is_damage(err):
                    raise
                database.delete_db(path)  # it is only a cache
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._db.close()

    def discard(self) -> None:
        """Close and delete a damaged index; the next `open` builds it from the files."""
        self.close()
        database.delete_db(self.path)

    def __enter__(self) -> NotesIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def refresh(self, progress: Progress | None = None) -> None:
        """Re-index the day files that changed since they were indexed; forget removed ones."""
        try:
            sync.refresh(self._db, self.store, progress)
        except sqlite3.Error as err:
            raise IndexDamaged(str(err)) if database.damage(err) else err from None

    # -- answers --------------------------------------------------------------------

    def read_days(
        self, days: Iterable[date], kinds: Collection[str] | None = None
    ) -> Iterator[Day]:
        """Each existing day of `days` in the order given, as `NotesStore.read_days` reads it.

        With `kinds`, only notes of those kinds (`Day.of_kinds`): the others are not built.
        """
        wanted = list(days)
        if not wanted:
            return
        if wanted == sorted(set(wanted)):
            only = {d.isoformat() for d in wanted}
            yield from self._days_between(wanted[0], wanted[-1], only, kinds)
            return
        for day in wanted:  # an unusual order: one day at a time
            yield from self._days_between(day, day, None, kinds)

    def notes(
        self, first: date | None = None, last: date | None = None, where: NoteFilter | None = None
    ) -> Iterator[Note]:
        """Matching notes from `first` to `last`: by day, then as `Day.sorted_notes` orders them.

        SQL narrows by kind and theme, searched words are looked for in each row's
        text before it becomes a note; every row given is checked and then matched
        by the exact rules of a full scan.
        """
        where = where or NoteFilter()
        lo, hi = first or date.min, last or date.max
        self._raise_broken(lo, hi, None)
        sql = [database.SELECT_NOTES]
        args: list[Any] = list(database.rowid_range(lo, hi))
        if where.kind:
            sql.append("AND kind = ?")
            args.append(where.kind)
        for theme in where.themes:  # the JSON list holds each theme as json.dumps writes it
            sql.append("AND instr(themes, ?) > 0")
            args.append(json.dumps(theme, ensure_ascii=False))
        words = [w for w in where.search.casefold().split() if database.plain_word(w)]
        if words:  # `words_in`'s rule, applied by SQLite before a row reaches Python
            sql.append("AND holds_words(?, text, session, speakers, themes)")
            args.append(" ".join(words))
        sql.append("ORDER BY rowid")
        for row in self._query(" ".join(sql), args):
            note = database.note(row)
            if where.matches(note):
                yield note

    def theme_counts(
        self, days: Iterable[date], fold: Callable[[str], str]
    ) -> dict[date, Counter[str]]:
        """Notes per theme on each of `days`, themes folded by `fold` (a note counts once).

        Each day keeps how many notes carry each set of themes, so folding two themes
        of one note into one (an alias and its theme) still counts that note once.
        """
        wanted = sorted(set(days))
        counts: dict[date, Counter[str]] = {day: Counter() for day in wanted}
        if not wanted:
            return counts
        keys = {d.isoformat() for d in wanted}
        self._raise_broken(wanted[0], wanted[-1], keys)
        for read in self._query(database.SELECT_DAYS + " AND error IS NULL", _keys(wanted)):
            row = database.checked_day(read)
            if row[0] in keys:
                tally = counts[date.fromisoformat(row[0])]
                for themes, count in database.theme_sets(row):
                    for theme in dict.fromkeys(map(fold, themes)):
                        tally[theme] += count
        return counts

    def _days_between(
        self, first: date, last: date, only: set[str] | None, kinds: Collection[str] | None
    ) -> Iterator[Day]:
        list(self._query("BEGIN", ()))  # one snapshot: each day's row and its notes agree
        try:
            yield from self._snapshot_days(first, last, only, kinds)
        finally:
            with contextlib.suppress(sqlite3.Error):  # closed already when it was damaged
                self._db.execute("COMMIT")

    def _snapshot_days(
        self, first: date, last: date, only: set[str] | None, kinds: Collection[str] | None
    ) -> Iterator[Day]:
        self._raise_broken(first, last, only)
        infos = [
            database.checked_day(row)
            for row in self._query(
                database.SELECT_DAYS + " AND error IS NULL", _keys([first, last])
            )
            if only is None or row[0] in only
        ]
        span = database.rowid_range(first, last)
        sql, args = database.SELECT_NOTES, list[Any](span)
        counted: dict[int, int] | None = None
        if kinds is not None:  # rows of other kinds stay in SQLite, counted there
            counted = dict(self._query(database.COUNT_NOTES, span))
            sql += f" AND kind IN ({', '.join('?' * len(kinds))})"
            args += kinds
        rows = self._query(sql, args)
        per_day = groupby(rows, key=lambda row: row[0] >> 32)  # rowids come in order
        ahead = next(per_day, None)
        for info in sorted(infos):
            ordinal = date.fromisoformat(info[0]).toordinal()
            while ahead is not None and ahead[0] < ordinal:
                ahead = next(per_day, None)  # a day left out of the answer
            day_rows = []
            if ahead is not None and ahead[0] == ordinal:
                day_rows = list(ahead[1])
                ahead = next(per_day, None)
            held = len(day_rows) if counted is None else counted.get(ordinal, 0)
            if held != info[10]:
                raise IndexDamaged(f"the index lost notes of {info[0]}")
            notes = sorted(day_rows, key=lambda row: row[1])  # back in file order
            yield Day(info=database.day_info(info), notes=tuple(map(database.note, notes)))

    def _raise_broken(self, first: date, last: date, only: set[str] | None) -> None:
        """A broken file in the range fails the question, as reading it would."""
        for row in self._query(
            database.SELECT_DAYS + " AND error IS NOT NULL ORDER BY day", _keys([first, last])
        ):
            key, _digest, error, kind, *_rest = database.checked_day(row)
            if only is None or key in only:
                raise DayFileError(error) if kind == "day" else NotesError(error)

    def _query(self, sql: str, args: Iterable[Any]) -> Iterator[Any]:
        """Rows of `sql`; IndexDamaged when SQLite finds the file damaged."""
        try:
            yield from self._db.execute(sql, tuple(args))
        except sqlite3.Error as err:
            if database.damage(err):
                raise IndexDamaged(str(err)) from None
            raise  # busy, read-only, full: not the index's fault


def _keys(days: list[date]) -> tuple[str, str]:
    return days[0].isoformat(), days[-1].isoformat()


def _is_damage(err: Exception) -> bool:
    return isinstance(err, IndexDamaged) or (
        isinstance(err, sqlite3.Error) and database.damage(err)
    )
