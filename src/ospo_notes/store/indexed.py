"""Answers for commands over many days: from the index when it can be kept, else the files.

A read-only notes dir, or a question about a single day, reads the TOML files
directly; the answers are the same either way.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from ospo_notes.errors import NotesError
from ospo_notes.model import Day, Note
from ospo_notes.query import NoteFilter
from ospo_notes.store.index import NotesIndex
from ospo_notes.store.index_sync import Progress
from ospo_notes.store.notes_store import NotesStore


def read_days(
    store: NotesStore, days: Iterable[date], progress: Progress | None = None
) -> Iterator[Day]:
    """Drop-in for `store.read_days(days)`, answered from the index."""
    wanted = list(days)
    index = _open_or_none(store, wanted, progress)
    if index is None:
        yield from store.read_days(wanted)
        return
    with index:
        yield from index.read_days(wanted)


def find_notes(
    store: NotesStore,
    first: date | None,
    last: date | None,
    where: NoteFilter,
    progress: Progress | None = None,
) -> Iterator[Note]:
    """Notes from `first` to `last` (open ends allowed) that match, in `list` order."""
    index = _open_or_none(store, None, progress)
    if index is None:
        yield from _scan(store, first, last, where)
        return
    with index:
        yield from index.notes(first, last, where)


def find_notes_json(
    store: NotesStore,
    first: date | None,
    last: date | None,
    where: NoteFilter,
    keep: Callable[[Note], bool] | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """`note_json` of the notes `find_notes` gives that `keep` keeps, in the same order."""
    index = _open_or_none(store, None, progress)
    if index is None:
        from ospo_notes.export.note_json import note_json

        for note in _scan(store, first, last, where):
            if keep is None or keep(note):
                yield note_json(note)
        return
    with index:
        yield from index.notes_json(first, last, where, keep)


def theme_counts(
    store: NotesStore,
    days: Iterable[date],
    fold: Callable[[str], str],
    progress: Progress | None = None,
) -> dict[date, Counter[str]]:
    """Notes per folded theme on each of `days` that has a file, from the index."""
    wanted = [day for day in days if day in set(store.days())]
    index = _open_or_none(store, wanted, progress)
    if index is None:
        return {
            day.day: Counter(t for note in day.notes for t in dict.fromkeys(map(fold, note.themes)))
            for day in store.read_days(wanted)
        }
    with index:
        return index.theme_counts(wanted, fold)


def made_per_day(
    store: NotesStore,
    days: Iterable[date],
    key_of: Callable[[date], str],
    make: Callable[[Day], str],
    progress: Progress | None = None,
) -> Iterator[str]:
    """`make(day)` for each of `days` that has a file, in date order.

    The index keeps each text under `key_of(day)` until that day's file changes, so
    asking again for the same days reads no notes at all.
    """
    wanted = sorted(set(days))
    index = _open_or_none(store, wanted, progress)
    if index is None:
        yield from map(make, store.read_days(wanted))
        return
    with index:
        yield from index.made_per_day(wanted, key_of, make)


def _scan(
    store: NotesStore, first: date | None, last: date | None, where: NoteFilter
) -> Iterator[Note]:
    """`find_notes` from the files alone."""
    lo, hi = first or date.min, last or date.max
    for day in store.read_days(d for d in store.days() if lo <= d <= hi):
        yield from (note for note in day.sorted_notes() if where.matches(note))


def _open_or_none(
    store: NotesStore, days: list[date] | None, progress: Progress | None
) -> NotesIndex | None:
    """None when a full read is as cheap (no or one day) or the index cannot be written."""
    if days is not None and len(days) <= 1:
        return None
    if not store.root.is_dir():
        return None
    try:
        return NotesIndex.open(store, progress)
    except (OSError, NotesError, sqlite3.Error):
        return None  # e.g. a read-only notes dir: still answer, from the files
