"""Put exported days back into the notes dir, without duplicating a note.

A note whose id is already on its day is skipped when it is the same note, and stops
the import when it differs: neither version is silently lost. All days are checked and
written under one hold of the lock, and no day is written unless every day passes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ospo_notes.errors import NotesError
from ospo_notes.notes.codec import dump_header, dump_note
from ospo_notes.notes.model import FORMAT, Day, DayInfo, Note, is_blank, storable_bytes
from ospo_notes.store.notes_store import NotesStore


@dataclass(frozen=True)
class Restored:
    """What an import did, for the confirmation line."""

    added: int
    skipped: int
    days: int


def restore_days(store: NotesStore, days: Sequence[Day], source: str = "the import") -> Restored:
    """Add the notes of `days` that the store lacks; refuse notes that clash.

    One hold of the store's lock covers the check and every write: an edit made while
    a long import runs either lands before it (and is checked against) or waits for it.
    `source` names where the days came from (the export file) in errors.
    """
    for day in days:  # what the file says alone, before the lock is taken
        if day.info.format > FORMAT:
            raise NotesError(
                f"day {day.day} was exported from format {day.info.format}, newer than this "
                f"ospo-notes (format {FORMAT}): upgrade ospo-notes to import it"
            )
        _check_storable(day, source)
    incoming = {day.day: day for day in days}
    added = skipped = 0

    def change(current: Day) -> Day | None:
        nonlocal added, skipped
        merged, new, same = merge(current, incoming[current.day])
        skipped += same
        if new == 0 and _same_info(merged.info, current.info):
            return None
        added += new
        return merged

    written = store.update_days(list(incoming), change, "imported notes into {day}")
    return Restored(added=added, skipped=skipped, days=written)


def merge(current: Day, incoming: Day) -> tuple[Day, int, int]:
    """`current` plus the notes of `incoming` it lacks; (day, added, already there)."""
    have = {note.id: note for note in current.notes}
    new: list[Note] = []
    for note in incoming.notes:
        stored = have.get(note.id)
        if stored is None:
            new.append(note)
        elif not _identical(stored, note):
            raise NotesError(
                f"note {note.id} of {note.day} differs from the one in the notes dir; "
                "nothing was imported: edit or delete one of them, then import again"
            )
    return (
        Day(info=_merge_info(current.info, incoming.info), notes=(*current.notes, *new)),
        len(new),
        len(incoming.notes) - len(new),
    )


def _merge_info(current: DayInfo, incoming: DayInfo) -> DayInfo:
    """Title, event, intro, closing and extra keys are restored where the stored day has none."""
    return DayInfo(
        day=current.day,
        title=current.title or incoming.title,
        event=current.event or incoming.event,
        intro=current.intro or incoming.intro,
        closing=current.closing or incoming.closing,
        format=current.format,
        extra={**incoming.extra, **current.extra},
    )


def _check_storable(incoming: Day, source: str) -> None:
    """What the import adds to a day must be storable as UTF-8 (JSON allows `\\ud800`),
    and each new note must show some text (not zero-width characters alone)."""
    fix = f"fix it in {source} and import again; nothing was imported"
    where = f"{source}: day {incoming.day}"
    for note in incoming.notes:
        if is_blank(note.text):
            raise NotesError(f"{where}: note {note.id} has no visible text: {fix}")
    storable_bytes(
        dump_header(incoming.info),
        f"{where}: the title, event, intro, closing or extra keys",
        fix=fix,
        error=NotesError,
    )
    for note in incoming.notes:
        storable_bytes(dump_note(note), f"{where}: note {note.id}", fix=fix, error=NotesError)


def _identical(a: Note, b: Note) -> bool:
    return a == b and _same_value(dict(a.extra), dict(b.extra))


def _same_info(a: DayInfo, b: DayInfo) -> bool:
    return a == b and _same_value(dict(a.extra), dict(b.extra))


def _same_value(a: Any, b: Any) -> bool:
    """`a == b` for TOML values, except that a NaN equals a NaN (`nan` is a TOML float).

    With plain `==` a note carrying `key = nan` never equals its own export, and an
    identical file would re-import as "differs".
    """
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same_value, a, b))
    return bool(a == b)
