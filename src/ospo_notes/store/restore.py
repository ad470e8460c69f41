"""Put exported days back into the notes dir, without duplicating a note.

A note whose id is already on its day is skipped when it is the same note, and stops
the import when it differs: neither version is silently lost. All days are checked
before any is written; each day is then one locked write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ospo_notes.errors import NotesError
from ospo_notes.model import FORMAT, Day, DayInfo, Note, storable_bytes
from ospo_notes.store.codec import dump_header, dump_note
from ospo_notes.store.notes_store import NotesStore


@dataclass(frozen=True)
class Restored:
    """What an import did, for the confirmation line."""

    added: int
    skipped: int
    days: int


def restore_days(store: NotesStore, days: Sequence[Day], source: str = "the import") -> Restored:
    """Add the notes of `days` that the store lacks; refuse notes that clash.

    `source` names where the days came from (the export file) in errors.
    """
    for day in days:  # check every day before writing any
        if day.info.format > FORMAT:
            raise NotesError(
                f"day {day.day} was exported from format {day.info.format}, newer than this "
                f"ospo-notes (format {FORMAT}): upgrade ospo-notes to import it"
            )
        current = store.read_day(day.day)
        merged, _new, _same = merge(current, day)
        _check_storable(merged, len(current.notes), source)
    added = skipped = written = 0
    for day in days:
        current = store.read_day(day.day)
        merged, new, same = merge(current, day)
        if new == 0 and _same_info(merged.info, current.info):
            skipped += same
            continue
        counts: list[tuple[int, int]] = []

        def change(now: Day, incoming: Day = day, out: list[tuple[int, int]] = counts) -> Day:
            result, new, same = merge(now, incoming)  # again, under the lock
            out.append((new, same))
            return result

        store.update_day(day.day, change, f"imported notes into {day.day}")
        added += counts[0][0]
        skipped += counts[0][1]
        written += 1
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


def _check_storable(merged: Day, kept: int, source: str) -> None:
    """What the import adds to a day must be storable as UTF-8 (JSON allows `\\ud800`)."""
    fix = f"fix it in {source} and import again; nothing was imported"
    where = f"{source}: day {merged.day}"
    storable_bytes(
        dump_header(merged.info),
        f"{where}: the title, event, intro, closing or extra keys",
        fix=fix,
        error=NotesError,
    )
    for note in merged.notes[kept:]:
        storable_bytes(dump_note(note), f"{where}: note {note.id}", fix=fix, error=NotesError)


def _identical(a: Note, b: Note) -> bool:
    return a == b and dict(a.extra) == dict(b.extra)


def _same_info(a: DayInfo, b: DayInfo) -> bool:
    return a == b and dict(a.extra) == dict(b.extra)
