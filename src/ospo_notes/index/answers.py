"""Answers for commands over many days: from the index when it can be kept, else the files.

A read-only notes dir, or a question about a single day, reads the TOML files
directly; the answers are the same either way. Damage found in the index while
answering never fails the command: the index is deleted and built again from the
files, and the answer goes on where it stopped (what was given was checked, so it
stands); if it cannot be built, the files give the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

from ospo_notes.errors import NotesError
from ospo_notes.notes.model import Day, Note
from ospo_notes.notes.query import NoteFilter, select
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.vocabulary.speakers import speaker_filter
from ospo_notes.vocabulary.themes import Vocabulary

if TYPE_CHECKING:  # SQLite and the index load only when a question spans days
    from ospo_notes.index.notes_index import NotesIndex
    from ospo_notes.index.sync import Progress

T = TypeVar("T")


def read_days(
    store: NotesStore,
    days: Iterable[date],
    progress: Progress | None = None,
    kinds: Collection[str] | None = None,
) -> Iterator[Day]:
    """Drop-in for `store.read_days(days)`, answered from the index.

    With `kinds`, each day holds only its notes of those kinds (`Day.of_kinds`).
    """
    wanted = list(days)
    return _answer(
        store,
        wanted,
        progress,
        lambda index: index.read_days(wanted, kinds),
        lambda: (day if kinds is None else day.of_kinds(kinds) for day in store.read_days(wanted)),
    )


def find_notes(
    store: NotesStore,
    first: date | None,
    last: date | None,
    where: NoteFilter,
    progress: Progress | None = None,
) -> Iterator[Note]:
    """Notes from `first` to `last` (open ends allowed) that match, in `list` order."""
    return _answer(
        store,
        None,
        progress,
        lambda index: index.notes(first, last, where),
        lambda: _scan(store, first, last, where),
    )


def matching_notes(
    store: NotesStore,
    days: list[date],
    first: date | None,
    last: date | None,
    where: NoteFilter,
    progress: Progress | None = None,
) -> Iterator[Note]:
    """The notes `list` shows: one day from its file, a range (`first`/`last`) from the index.

    Theme and speaker aliases are folded on both sides, as a check left to Python; the
    rest of `where` goes to the index query (or `select`).
    """
    keep, loose = _alias_rules(store, where)
    if first is None and last is None:  # one day: its file is the quickest answer
        found: Iterable[Note] = (
            n for d in store.read_days(days) for n in select(d.sorted_notes(), loose)
        )
    else:
        found = find_notes(store, first or last, last or first, loose, progress)
    return iter(found) if keep is None else filter(keep, found)


def theme_counts(
    store: NotesStore,
    days: Iterable[date],
    fold: Callable[[str], str],
    progress: Progress | None = None,
) -> dict[date, Counter[str]]:
    """Notes per folded theme on each of `days` that has a file, from the index."""
    wanted = [day for day in days if day in set(store.days())]

    def scan() -> Iterator[dict[date, Counter[str]]]:
        yield {
            day.day: Counter(t for note in day.notes for t in dict.fromkeys(map(fold, note.themes)))
            for day in store.read_days(wanted)
        }

    answers = _answer(
        store, wanted, progress, lambda index: iter([index.theme_counts(wanted, fold)]), scan
    )
    return next(answers)


def _answer(
    store: NotesStore,
    days: list[date] | None,
    progress: Progress | None,
    ask: Callable[[NotesIndex], Iterator[T]],
    scan: Callable[[], Iterator[T]],
) -> Iterator[T]:
    """`ask(index)`, or `scan()` when there is no index to ask; the same items either way.

    Damage met half-way deletes the index; the items given so far were checked, so
    the next answer (a rebuilt index, else the files) goes on after them.
    """
    given = 0
    for _attempt in (1, 2):
        index = _open_or_none(store, days, progress)
        if index is None:
            break
        import sqlite3

        from ospo_notes.index.database import IndexDamaged

        try:
            with index:
                for item in islice(ask(index), given, None):
                    given += 1
                    yield item
            return
        except IndexDamaged:
            index.discard()
        except sqlite3.Error:
            break  # busy or unreadable, not damaged: leave it, and read the files
    yield from islice(scan(), given, None)


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
    import sqlite3

    from ospo_notes.index.database import IndexDamaged
    from ospo_notes.index.notes_index import NotesIndex

    try:
        return NotesIndex.open(store, progress)
    except (OSError, NotesError, sqlite3.Error, IndexDamaged):
        return None  # e.g. a read-only notes dir: still answer, from the files


def _alias_rules(
    s: NotesStore, where: NoteFilter
) -> tuple[Callable[[Note], bool] | None, NoteFilter]:
    """Filters that must see aliases, as a check left to Python; the rest of the filter.

    Themes are compared with aliases folded on both sides; a speaker matches by any
    spelling the speaker vocabulary knows. Without aliases to look at, the whole filter
    stays with the index (or `select`).
    """
    rules: list[Callable[[Note], bool]] = []
    if where.themes:
        rules.append(_folded_themes_rule(where, s.vocabulary()))
        where = replace(where, themes=())
    people = s.speakers() if where.speaker else None
    if people is not None and people.aliases:
        rules.append(speaker_filter(where.speaker, people))
        where = replace(where, speaker="")
    if not rules:
        return None, where
    return lambda note: all(rule(note) for rule in rules), where


def _folded_themes_rule(where: NoteFilter, vocabulary: Vocabulary) -> Callable[[Note], bool]:
    """Themes compared with aliases folded on both sides: a check left to Python, not SQL."""
    folded, fold = replace(where, themes=vocabulary.fold(where.themes)), vocabulary.fold
    return lambda note: folded.matches(note.with_changes(themes=fold(note.themes)))
