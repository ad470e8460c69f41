"""The notes dir: one TOML file per day, read freely, written only under the lock.

Every write is read-validate-change-validate-replace. A file that does not parse
or validate is reported and never rewritten; a file of a newer format is read but
never written. Every write of a day file goes through `_write`, which journals it
first (see `journal`), so each change can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ospo_notes.errors import (
    DayFileError,
    NotesError,
    NotFoundError,
    ReadOnlyFormatError,
)
from ospo_notes.notes import codec
from ospo_notes.notes.model import FORMAT, Day, DayInfo, Note, new_id
from ospo_notes.notes.sessions import existing_session, session_folded
from ospo_notes.store import journal, stamps
from ospo_notes.store.files import (
    day_files,
    locked,
    read_bytes,
    remove_stale_temps,
    replace_atomically,
    state_dir,
)

if TYPE_CHECKING:  # loaded on use: `add` never reads the vocabularies
    from ospo_notes.vocabulary.speakers import Speakers
    from ospo_notes.vocabulary.themes import Vocabulary


@dataclass(frozen=True)
class PendingDay:
    """A day file rebuilt and checked, to be written under the lock it was read under."""

    day: date
    data: bytes
    ids: frozenset[str]
    changed: int  # how many notes differ
    old: bytes  # the file as it was read, so the change can be undone


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
        from ospo_notes.store.themes_file import read_vocabulary

        return read_vocabulary(self.root)

    def speakers(self) -> Speakers:
        """The speaker vocabulary (`speakers.toml`); empty when the notes dir has none."""
        from ospo_notes.store.speakers_file import read_speakers

        return read_speakers(self.root)

    def find_note(self, ref: str, day: date | None = None) -> Note:
        """The note `ref` names: an id, 4+ characters of one, or `DAY/ID` (see `notes.refs`).

        `day` (from `--day`) limits the search to that day, as `DAY/` does.
        """
        from ospo_notes.notes import refs

        wanted = refs.parse_ref(ref, day)
        needle = wanted.prefix.encode()
        found: list[Note] = []
        for on in [wanted.day] if wanted.day else self.days():
            path = self.day_path(on)
            data = read_bytes(path)
            if data is None or needle not in data:  # a cheap filter before parsing
                continue
            parsed = codec.parse_day(data, day=on, source=str(path))
            found.extend(note for note in parsed.notes if note.id.startswith(wanted.prefix))
        return refs.pick(wanted, found)

    # -- writing -------------------------------------------------------------------

    def add_note(self, note: Note, *, same_session: bool = False) -> Note:
        """Append a note to its day; returns it with the id it was stored under.

        When the file is exactly what we last wrote (its stamp matches) the new block is
        appended without parsing the rest, so adding stays flat as a day grows. With
        `same_session`, a session already on the day that the note's session names (see
        `sessions.existing_session`) lends the note its exact title, read from what the add
        reads anyway.
        """
        path = self.day_path(note.day)
        with locked(self.root):
            state = state_dir(self.root)
            remove_stale_temps(self.root)
            existing = read_bytes(path)
            data = existing or b""
            stamp = stamps.load_stamp(state, note.day) if data else None
            before = stamps.digest(data) if existing is not None else ""
            parsed: Day | None = None
            if stamp is not None and stamp.digest == before:
                taken = stamp.ids  # unchanged since we wrote it: no need to parse
            else:
                parsed = self._parse_for_write(data, note.day, path)
                taken = frozenset(n.id for n in parsed.notes)
            if same_session and note.session:
                titles = (
                    codec.written_sessions(data)
                    if parsed is None
                    else (n.session for n in parsed.notes)
                )
                note = note.with_changes(
                    session=existing_session(note.session, titles) or note.session
                )
            note = note.with_changes(id=new_id(taken))
            block = codec.dump_note(note)
            self._check_block(block, note, path)
            base = data or codec.dump_header(DayInfo(day=note.day)).encode()
            new = base + (b"" if base.endswith(b"\n") else b"\n") + codec.encode(block)
            if parsed is not None:
                new = self._verified_append(new, parsed, note, path)
            where = f" · {note.session}" if note.session else ""
            what = f"added {note.kind} {note.id} to {note.day}{where}"
            self._write(path, new, note.day, taken | {note.id}, existing, what, before=before)
        return note

    def update_day(self, day: date, change: Callable[[Day], Day], what: str = "") -> Day:
        """Apply `change` to a day under the lock and write the result whole.

        `what` says what the change did, as `undo` reports it.
        """
        with locked(self.root):
            remove_stale_temps(self.root)
            return self._update_day_locked(day, change, what or f"changed {day}", "")

    def update_days(
        self, days: Sequence[date], change: Callable[[Day], Day | None], what: str
    ) -> int:
        """Apply `change` to each of `days` under one hold of the lock; all or nothing.

        Every day is read, changed and checked before the first is written, so a failure
        in `change` (or a day that would not read back) leaves every file as it was. A
        None from `change` leaves that day alone. Returns how many days were written.
        The days' undo steps share a group, so one `undo` takes the whole change back;
        `what` names it, with `{day}` for each day.
        """
        group = new_id(frozenset())
        with locked(self.root):
            remove_stale_temps(self.root)
            planned: list[tuple[date, Path, bytes, frozenset[str], bytes | None]] = []
            for day in days:
                path = self.day_path(day)
                old = read_bytes(path)
                updated = change(self._parse_for_write(old or b"", day, path))
                if updated is None:
                    continue
                data = codec.encode(codec.dump_day(updated))
                codec.parse_day(data, day=day, source=str(path))  # never write what won't read
                planned.append((day, path, data, frozenset(n.id for n in updated.notes), old))
            for done, (day, path, data, ids, old) in enumerate(planned):
                try:
                    said = what.format(day=day)
                    self._write(path, data, day, ids, old, said, group=group)
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

    def update_note(
        self, note: Note, change: Callable[[Note], Note | None], what: str = ""
    ) -> Note | None:
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

        self.update_day(note.day, apply, what or f"changed {note.kind} {note.id} of {note.day}")
        return result[0]

    def delete_notes(self, notes: Iterable[Note]) -> None:
        """Delete `notes`, one write per day, all under one lock: all of them or none.

        Every day is read and checked before any is written; the steps share a group,
        so one `undo` brings them all back.
        """
        by_day: dict[date, list[str]] = {}
        for note in notes:
            if note.id not in by_day.setdefault(note.day, []):
                by_day[note.day].append(note.id)
        group = new_id(frozenset())
        with locked(self.root):
            remove_stale_temps(self.root)
            for day, ids in sorted(by_day.items()):  # check all first
                path = self.day_path(day)
                have = {
                    n.id for n in self._parse_for_write(read_bytes(path) or b"", day, path).notes
                }
                if not have.issuperset(ids):
                    gone = ", ".join(i for i in ids if i not in have)
                    raise NotFoundError(
                        f"{gone} no longer in {day}: deleted meanwhile; nothing deleted"
                    )
            for day, ids in sorted(by_day.items()):
                shown = ", ".join(ids)
                self._update_day_locked(day, _without(set(ids)), f"deleted {shown} of {day}", group)

    def undo(self) -> list[str]:
        """Revert the last change (or group of changes); what each undone step did."""
        from ospo_notes.store.undo import undo_last  # only `undo` needs it

        return undo_last(self)

    def sessions_renamed(self, day: date, renames: Mapping[str, str]) -> PendingDay | None:
        """`day` with the notes of each session `renames` names (`session_folded`) given the
        new title; None when no note there has one. Call with the lock held: nothing is
        written, so a schedule update can check every file before it writes the first."""
        path = self.day_path(day)
        data = read_bytes(path)
        if not data:
            return None
        parsed = self._parse_for_write(data, day, path)
        notes = []
        for note in parsed.notes:
            title = renames.get(session_folded(note.session))
            notes.append(note.with_changes(session=title) if title else note)
        changed = sum(old != new for old, new in zip(parsed.notes, notes, strict=True))
        if not changed:
            return None
        new = codec.encode(codec.dump_day(Day(info=parsed.info, notes=tuple(notes))))
        codec.parse_day(new, day=day, source=str(path))  # never write what won't read
        return PendingDay(day, new, frozenset(n.id for n in notes), changed, data)

    def write_pending(self, pending: PendingDay) -> None:
        """Write a day `sessions_renamed` prepared; call with the same lock still held."""
        what = f"renamed the sessions of {pending.day} from the schedule"
        path = self.day_path(pending.day)
        self._write(path, pending.data, pending.day, pending.ids, pending.old, what)

    # -- helpers -------------------------------------------------------------------

    def _update_day_locked(
        self, day: date, change: Callable[[Day], Day], what: str, group: str
    ) -> Day:
        path = self.day_path(day)
        existing = read_bytes(path)
        current = self._parse_for_write(existing or b"", day, path)
        updated = change(current)
        data = codec.encode(codec.dump_day(updated))
        codec.parse_day(data, day=day, source=str(path))  # never write what won't read
        ids = frozenset(n.id for n in updated.notes)
        self._write(path, data, day, ids, existing, what, group=group)
        return updated

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

    def _write(
        self,
        path: Path,
        data: bytes,
        day: date,
        ids: frozenset[str],
        old: bytes | None,
        what: str,
        *,
        group: str = "",
        before: str | None = None,
    ) -> None:
        """The one place a day file is replaced: journal the change, then make it."""
        state = state_dir(self.root)
        after = stamps.digest(data)
        if data != old:
            if before is None:
                before = stamps.digest(old) if old is not None else ""
            journal.record(
                state,
                day=day,
                what=what,
                group=group,
                old=old,
                before=before,
                after=after,
                new=data,
                target=path,
            )
        replace_atomically(path, data)
        stamps.save_stamp(state, day, stamps.Stamp(after, ids))


def _without(ids: set[str]) -> Callable[[Day], Day]:
    """A day change that drops the notes `ids`."""
    return lambda day: Day(info=day.info, notes=tuple(n for n in day.notes if n.id not in ids))
