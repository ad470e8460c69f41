"""The notes dir: one TOML file per day, read freely, written only under the lock.

Every write is read-validate-change-validate-replace. A file that does not parse
or validate is reported and never rewritten; a file of a newer format is read but
never written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from ospo_notes.errors import (
    DayFileError,
    NotesError,
    NotFoundError,
    ReadOnlyFormatError,
)
from ospo_notes.model import FORMAT, Day, DayInfo, Note, new_id
from ospo_notes.store import codec, stamps
from ospo_notes.store.files import (
    day_files,
    locked,
    read_bytes,
    remove_stale_temps,
    replace_atomically,
    state_dir,
)
from ospo_notes.themes import Vocabulary


class NotesStore:
    """All access to one notes dir goes through here."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- reading -------------------------------------------------------------------

    def day_path(self, day: date) -> Path:
        """Built from the parsed date, never from what the user typed."""
        return self.root / f"{day.isoformat()}.toml"

    def days(self) -> list[date]:
        """Days that have a file, oldest first."""
        return day_files(self.root)

    def read_day(self, day: date) -> Day:
        """The day's content; an empty `Day` when it has no file yet."""
        path = self.day_path(day)
        data = read_bytes(path)
        if data is None:
            return Day(info=DayInfo(day=day))
        return codec.parse_day(data, day=day, source=str(path))

    def read_days(self, days: Iterable[date]) -> Iterator[Day]:
        """Each existing day of `days`, in the order given."""
        have = set(self.days())
        for day in days:
            if day in have:
                yield self.read_day(day)

    def vocabulary(self) -> Vocabulary:
        """The theme vocabulary (`themes.toml`); empty when the notes dir has none."""
        from ospo_notes.store.vocabulary import read_vocabulary

        return read_vocabulary(self.root)

    def find_note(self, ref: str, day: date | None = None) -> Note:
        """The note `ref` names: an id, 4+ characters of one, or `DAY/ID` (see note_refs).

        `day` (from `--day`) limits the search to that day, as `DAY/` does.
        """
        from ospo_notes import note_refs  # not on the `add` path

        wanted = note_refs.parse_ref(ref, day)
        needle = wanted.prefix.encode()
        found: list[Note] = []
        for on in [wanted.day] if wanted.day else self.days():
            path = self.day_path(on)
            data = read_bytes(path)
            if data is None or needle not in data:  # a cheap filter before parsing
                continue
            parsed = codec.parse_day(data, day=on, source=str(path))
            found.extend(note for note in parsed.notes if note.id.startswith(wanted.prefix))
        return note_refs.pick(wanted, found)

    # -- writing -------------------------------------------------------------------

    def add_note(self, note: Note) -> Note:
        """Append a note to its day; returns it with the id it was stored under.

        When the file is exactly what we last wrote (its stamp matches) the new block is
        appended without parsing the rest, so adding stays flat as a day grows.
        """
        path = self.day_path(note.day)
        with locked(self.root):
            state = state_dir(self.root)
            remove_stale_temps(self.root)
            data = read_bytes(path) or b""
            stamp = stamps.load_stamp(state, note.day) if data else None
            parsed: Day | None = None
            if stamp is not None and stamp.digest == stamps.digest(data):
                taken = stamp.ids  # unchanged since we wrote it: no need to parse
            else:
                parsed = self._parse_for_write(data, note.day, path)
                taken = frozenset(n.id for n in parsed.notes)
            note = note.with_changes(id=new_id(taken))
            block = codec.dump_note(note)
            self._check_block(block, note, path)
            base = data or codec.dump_header(DayInfo(day=note.day)).encode()
            new = base + (b"" if base.endswith(b"\n") else b"\n") + codec.encode(block)
            if parsed is not None:
                new = self._verified_append(new, parsed, note, path)
            self._write(path, new, note.day, taken | {note.id})
        return note

    def update_day(self, day: date, change: Callable[[Day], Day]) -> Day:
        """Apply `change` to a day under the lock and write the result whole."""
        path = self.day_path(day)
        with locked(self.root):
            remove_stale_temps(self.root)
            current = self._parse_for_write(read_bytes(path) or b"", day, path)
            updated = change(current)
            data = codec.encode(codec.dump_day(updated))
            codec.parse_day(data, day=day, source=str(path))  # never write what won't read
            self._write(path, data, day, frozenset(n.id for n in updated.notes))
        return updated

    def update_days(self, days: Sequence[date], change: Callable[[Day], Day | None]) -> int:
        """Apply `change` to each of `days` under one hold of the lock; all or nothing.

        Every day is read, changed and checked before the first is written, so a failure
        in `change` (or a day that would not read back) leaves every file as it was. A
        None from `change` leaves that day alone. Returns how many days were written.
        """
        with locked(self.root):
            remove_stale_temps(self.root)
            planned: list[tuple[date, Path, bytes, frozenset[str]]] = []
            for day in days:
                path = self.day_path(day)
                updated = change(self._parse_for_write(read_bytes(path) or b"", day, path))
                if updated is None:
                    continue
                data = codec.encode(codec.dump_day(updated))
                codec.parse_day(data, day=day, source=str(path))  # never write what won't read
                planned.append((day, path, data, frozenset(n.id for n in updated.notes)))
            for done, (day, path, data, ids) in enumerate(planned):
                try:
                    self._write(path, data, day, ids)
                except NotesError as err:
                    if not done:
                        raise
                    first, last = planned[0][0], planned[done - 1][0]
                    span = str(first) if done == 1 else f"{done} days, {first} to {last}"
                    raise NotesError(
                        f"{err}; it stopped there, after writing the days before it ({span}): "
                        "run it again once that is fixed"
                    ) from None
        return len(planned)

    def update_note(self, note: Note, change: Callable[[Note], Note | None]) -> Note | None:
        """Replace (or, when `change` returns None, delete) one note, by id."""
        result: list[Note | None] = []

        def apply(day: Day) -> Day:
            notes = []
            for current in day.notes:
                if current.id == note.id:
                    changed = change(current)
                    result.append(changed)
                    if changed is not None:
                        notes.append(changed)
                else:
                    notes.append(current)
            if not result:
                raise NotFoundError(f"note {note.id} is no longer in {day.day}: it was deleted")
            return Day(info=day.info, notes=tuple(notes))

        self.update_day(note.day, apply)
        return result[0]

    # -- helpers -------------------------------------------------------------------

    def _parse_for_write(self, data: bytes, day: date, path: Path) -> Day:
        if not data:
            return Day(info=DayInfo(day=day))
        parsed = codec.parse_day(data, day=day, source=str(path))
        if parsed.info.format > FORMAT:
            raise ReadOnlyFormatError(
                f"{path} has format {parsed.info.format}, newer than this ospo-notes "
                f"(format {FORMAT}): upgrade ospo-notes to change it; it was left as is"
            )
        return parsed

    def _check_block(self, block: str, note: Note, path: Path) -> None:
        """The new block must read back as exactly the note we were given."""
        back = codec.parse_note_block(block, day=note.day, source=str(path))
        if back != note:
            raise DayFileError(f"{path}: the note would not read back unchanged; not saved")

    def _verified_append(self, new: bytes, old: Day, note: Note, path: Path) -> bytes:
        """Parse an append to a file we did not write last; rewrite it clean if they clash.

        A hand-edited file can hold `notes` in a shape a new block cannot extend (an
        inline table, say); then the whole day is written out in our own layout.
        """
        try:
            if codec.parse_day(new, day=note.day, source=str(path)).notes[-1] == note:
                return new
        except DayFileError:
            pass
        new = codec.encode(codec.dump_day(Day(info=old.info, notes=(*old.notes, note))))
        codec.parse_day(new, day=note.day, source=str(path))
        return new

    def _write(self, path: Path, data: bytes, day: date, ids: frozenset[str]) -> None:
        replace_atomically(path, data)
        stamps.save_stamp(state_dir(self.root), day, stamps.Stamp(stamps.digest(data), ids))
