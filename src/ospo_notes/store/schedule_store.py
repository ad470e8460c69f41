"""Imported schedules and the current session, kept in the notes dir beside the day files.

- `schedule/YYYY-MM-DD.toml`: a file per conference day (`schedule.stored`), written only by
  `schedule import` and `schedule update`.
- `schedule/sources.toml`: the URL each schedule came from (`schedule.sources`).
- `.ospo-notes/session.toml`: the session you started (per-machine state: deleting it ends it).

Re-import rule: sessions are matched by the schedule's id, so a re-import updates them in
place. On each day the imported file covers, sessions that came from the same schedule (same
name) but are no longer in the file are removed: a talk the organisers dropped disappears. A
session whose id moved to another day leaves its old day. Days the file does not cover and
sessions of other schedules are left alone. All affected files are parsed and rebuilt before
the first one is written; a stored file that does not parse stops the import with nothing
changed.

Notes name their session by its title (typed or attached, they group alike), so the one
change a re-import makes to day note files is for a renamed session: its notes, filed under
the date it started, take the new title in the same locked write, and a started session
does too. Keeping the title text (not a new id field) keeps every note readable on its own,
in the post and in git, and costs `add` nothing; see `_note_renames` for when a shared title
makes the owner unclear and the notes are left as they are.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ospo_notes.errors import ReadOnlyFormatError, ScheduleError
from ospo_notes.notes.model import FORMAT, check_storable, storable_bytes
from ospo_notes.notes.sessions import session_folded
from ospo_notes.store.files import (
    SCHEDULE_DIR,
    SESSION_FILE,
    STATE_DIR,
    day_files,
    locked,
    read_bytes,
    remove_stale_temps,
    replace_atomically,
    write_errors,
)
from ospo_notes.store.notes_store import NotesStore, PendingDay

if TYPE_CHECKING:  # loaded on use, so `add` in a dir without a schedule stays as fast as before
    from ospo_notes.schedule.changes import SessionChange
    from ospo_notes.schedule.current import CurrentSession
    from ospo_notes.schedule.entry import Schedule, ScheduleEntry
    from ospo_notes.schedule.sources import ScheduleSource
    from ospo_notes.schedule.stored import ScheduleDay

_WARNED: set[Path] = set()  # unreadable session files already told about in this process


@dataclass(frozen=True)
class ImportResult:
    """What an import changed, for the report."""

    days: tuple[date, ...]
    added: int
    updated: int
    unchanged: int
    removed: int
    changes: tuple[SessionChange, ...] = ()
    notes_renamed: int = 0  # notes that now carry a renamed session's new title
    titles_kept: tuple[SessionChange, ...] = ()  # renames whose notes were left (title shared)


class ScheduleStore:
    """The stored schedule and current session of one notes dir."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / SCHEDULE_DIR

    def day_path(self, day: date) -> Path:
        return self.folder / f"{day.isoformat()}.toml"

    def days(self) -> list[date]:
        """Conference days that have sessions stored, oldest first."""
        return day_files(self.folder)

    def read_day(self, day: date) -> ScheduleDay:
        """The sessions listed under `day` (empty when none are stored)."""
        from ospo_notes.schedule.stored import ScheduleDay, parse_schedule_day

        path = self.day_path(day)
        data = read_bytes(path)
        if data is None:
            return ScheduleDay(day=day)
        return parse_schedule_day(data, day=day, source=str(path))

    def entries(self, days: Iterable[date]) -> list[ScheduleEntry]:
        """Sessions of several days, in time order."""
        found = [entry for day in days for entry in self.read_day(day).entries]
        return sorted(found, key=lambda e: (e.start, e.room, e.title))

    def sessions_on(self, day: date) -> list[ScheduleEntry]:
        """Sessions a summary of `day` can show, in time order: every one listed under `day`
        (a talk after midnight belongs to the day it is listed under), and those listed under
        the day before that start on `day`, for notes filed under the date they were taken
        (`entry.day` tells them apart)."""
        if not self.folder.is_dir():
            return []
        candidates = self.entries([day - timedelta(days=1), day])
        return [entry for entry in candidates if day in (entry.day, entry.start.date())]

    def sources_path(self) -> Path:
        from ospo_notes.schedule.sources import FILE_NAME

        return self.folder / FILE_NAME

    def sources(self) -> dict[str, ScheduleSource]:
        """The schedules imported from a URL, by event name (empty when there are none)."""
        from ospo_notes.schedule.sources import parse_sources

        data = read_bytes(self.sources_path())
        return {} if data is None else parse_sources(data, str(self.sources_path()))

    def import_schedule(
        self, schedule: Schedule, origin: str, source: ScheduleSource | None = None
    ) -> ImportResult:
        """Store `schedule`'s sessions, updating a previous import of the same `origin`.

        A renamed session's notes (on the date it started, by their session title) get the
        new title in the same locked write, unless another session there shares the old
        title. `source`, for a download, is remembered in sources.toml. Every file is built
        and checked before the first is written; the order (notes, session, schedule days,
        sources) means a crash part-way is mended by running the update again.
        """
        from ospo_notes.schedule.changes import session_changes

        incoming: dict[date, list[ScheduleEntry]] = {}
        for entry in schedule.entries:
            incoming.setdefault(entry.day, []).append(entry)
        new_ids = {entry.id for entry in schedule.entries}
        writes: list[tuple[Path, bytes]] = []
        check_storable(
            origin,
            "the schedule's name (its file name)",
            fix="give the file a UTF-8 name, e.g. schedule.json, and import it again",
        )
        with locked(self.root):
            remove_stale_temps(self.root)  # the notes dir too: a rename writes notes
            remove_stale_temps(self.folder)
            current = {day: self._read_for_write(day) for day in {*self.days(), *incoming}}
            before = {entry.id: entry for sday in current.values() for entry in sday.entries}
            merged = _Merge()
            for day, stored in sorted(current.items()):
                sday = merged.day(stored, incoming.get(day), new_ids, origin)
                data = self._checked(sday)
                if data != read_bytes(self.day_path(day)):
                    writes.append((self.day_path(day), data))
            cancelled, after = merged.cancelled, merged.after
            changes = session_changes(before, schedule.entries, cancelled)
            notes, renames, titles_kept = self._note_renames(changes, after, cancelled)
            session = self._renamed_session(renames)
            if source is not None:
                from ospo_notes.schedule.sources import dump_sources, remembered

                sources = dump_sources(remembered(self.sources(), source)).encode()
                if sources != read_bytes(self.sources_path()):
                    writes.append((self.sources_path(), sources))
            if writes:  # an empty folder would make `in_use` true: only create it to write
                with write_errors(self.folder):
                    self.folder.mkdir(exist_ok=True)
            for pending in notes:
                NotesStore(self.root).write_pending(pending)
            if session is not None:
                replace_atomically(self.session_path(), session)
            for path, data in writes:
                replace_atomically(path, data)
        return ImportResult(
            days=tuple(sorted(incoming)),
            added=merged.added,
            updated=merged.updated,
            unchanged=merged.unchanged,
            removed=len(cancelled),
            changes=changes,
            notes_renamed=sum(pending.changed for pending in notes),
            titles_kept=titles_kept,
        )

    def _note_renames(
        self,
        changes: Iterable[SessionChange],
        after: list[ScheduleEntry],
        cancelled: list[ScheduleEntry],
    ) -> tuple[list[PendingDay], dict[str, str], tuple[SessionChange, ...]]:
        """The note days a rename rewrites, the renamed ids, and renames left ambiguous.

        Notes name their session by title, and are filed under the date the talk started.
        A rename carries them along only when no other session starting that date (still
        there, or just cancelled) has the old title: otherwise which notes belong to which
        session cannot be told, and they keep the title they have.
        """
        renamed = [c for c in changes if c.renamed and c.old is not None and c.new is not None]
        if not renamed:
            return [], {}, ()
        per_day: dict[date, dict[str, str]] = {}
        kept: list[SessionChange] = []
        renamed_ids: dict[str, str] = {}
        for change in renamed:
            assert change.old is not None and change.new is not None  # for mypy
            day, key, entry_id = (
                change.old.start.date(),
                session_folded(change.old.title),
                change.old.id,
            )
            others = [
                e
                for e in (*after, *cancelled, *(c.old for c in renamed if c.old))
                if e.id != entry_id and e.start.date() == day and session_folded(e.title) == key
            ]
            if others:
                kept.append(change)
                continue
            per_day.setdefault(day, {})[key] = change.new.title
            renamed_ids[entry_id] = change.new.title
        notes = NotesStore(self.root)
        pending = [notes.sessions_renamed(day, titles) for day, titles in sorted(per_day.items())]
        return [p for p in pending if p is not None], renamed_ids, tuple(kept)

    def _renamed_session(self, renamed_ids: dict[str, str]) -> bytes | None:
        """session.toml with the new title, when the started session was renamed."""
        current = self.current_session()
        if current is None or current.id not in renamed_ids:
            return None
        from dataclasses import replace

        return self._session_bytes(replace(current, title=renamed_ids[current.id]))

    def _read_for_write(self, day: date) -> ScheduleDay:
        stored = self.read_day(day)
        if stored.format > FORMAT:
            raise ReadOnlyFormatError(
                f"{self.day_path(day)} has format {stored.format}, newer than this ospo-notes: "
                "upgrade ospo-notes to import into it; nothing was changed"
            )
        return stored

    def _checked(self, sday: ScheduleDay) -> bytes:
        """The file's bytes, parsed back first: never write what will not read."""

        from ospo_notes.schedule.stored import dump_schedule_day, parse_schedule_day

        path = self.day_path(sday.day)
        data = storable_bytes(
            dump_schedule_day(sday),
            f"{path}: the sessions",
            fix="fix the schedule file and import it again; nothing was changed",
            error=ScheduleError,
        )
        back = parse_schedule_day(data, day=sday.day, source=str(path))
        if back.entries != sday.entries:
            raise ScheduleError(
                f"{path}: these sessions would not read back unchanged from the file, so "
                "nothing was imported; please report this with the schedule file"
            )
        return data

    # -- the current session -----------------------------------------------------------

    def session_path(self) -> Path:
        return self.root / STATE_DIR / SESSION_FILE

    def current_session(self, warn: Callable[[str], None] | None = None) -> CurrentSession | None:
        """The started session, or None (also when the state file is unreadable).

        An unreadable file is told to `warn`, once per process: a note still gets
        added, but the person learns why it joined no session and how to clear it.
        """
        session = self._read_session()
        if session is False:
            path = self.session_path()
            if warn is not None and path not in _WARNED:
                _WARNED.add(path)
                warn(
                    f"Warning: {path} (the started session) cannot be read, so notes join "
                    "no started session; 'ospo-notes session stop' or deleting it clears it."
                )
            return None
        return session

    def session_unreadable(self) -> bool:
        """Whether a session file is there but cannot be read (`session stop` clears it)."""
        return self._read_session() is False

    def _read_session(self) -> CurrentSession | Literal[False] | None:
        """The started session, None when there is none, False when its file is unreadable."""
        from ospo_notes.schedule.current import CurrentSession

        data = read_bytes(self.session_path())
        if not data:
            return None
        try:
            doc = tomllib.loads(data.decode("utf-8"))
            speakers = doc.get("speakers", [])
            started = doc["started"]
            session = CurrentSession(
                title=str(doc["title"]),
                day=doc["day"],
                started=started,
                id=str(doc.get("id", "")),
                speakers=tuple(str(s) for s in speakers),
            )
        except (ValueError, KeyError, TypeError):
            return False
        if not isinstance(session.day, date) or not isinstance(started, datetime):
            return False
        return session

    def start_session(self, session: CurrentSession) -> None:
        """Make `session` the current one (replacing any other)."""
        data = self._session_bytes(session)  # before any file is touched
        with locked(self.root):
            replace_atomically(self.session_path(), data)

    def _session_bytes(self, session: CurrentSession) -> bytes:
        import tomli_w

        check_storable(session.title, "the session title")
        for speaker in session.speakers:
            check_storable(speaker, "a speaker's name")
        doc: dict[str, Any] = {
            "title": session.title,
            "day": session.day,
            "started": session.started,
            "speakers": list(session.speakers),
        }
        if session.id:
            doc["id"] = session.id
        return storable_bytes(tomli_w.dumps(doc), "the session")

    def stop_session(self) -> CurrentSession | None:
        """End the current session; returns the one that was running, if any."""
        current = self.current_session()
        with locked(self.root), write_errors(self.session_path()):
            self.session_path().unlink(missing_ok=True)
        return current


@dataclass
class _Merge:
    """Builds each stored day with the imported sessions in it, counting what changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: list[ScheduleEntry] = field(default_factory=list)
    after: list[ScheduleEntry] = field(default_factory=list)

    def day(
        self,
        stored: ScheduleDay,
        incoming: list[ScheduleEntry] | None,
        new_ids: set[str],
        origin: str,
    ) -> ScheduleDay:
        """`stored` with `incoming` merged in (see the module's re-import rule)."""
        from ospo_notes.schedule.stored import ScheduleDay

        kept: dict[str, ScheduleEntry] = {}
        origins = dict(stored.origins)
        for entry in stored.entries:
            dropped = incoming is not None and origins.get(entry.id) == origin
            if entry.id in new_ids or dropped:
                origins.pop(entry.id, None)
                if entry.id not in new_ids:
                    self.cancelled.append(entry)
                continue
            kept[entry.id] = entry
        old = {entry.id: entry for entry in stored.entries}
        for entry in incoming or ():
            if entry.id not in old:
                self.added += 1
            elif _same(old[entry.id], entry) and stored.origins.get(entry.id) == origin:
                self.unchanged += 1
            else:
                self.updated += 1
            kept[entry.id] = entry
            origins[entry.id] = origin
        entries = tuple(sorted(kept.values(), key=lambda e: (e.start, e.room, e.title)))
        self.after.extend(entries)
        return ScheduleDay(day=stored.day, entries=entries, origins=origins)


def _same(old: ScheduleEntry, new: ScheduleEntry) -> bool:
    """Equal fields and the same zone (aware datetimes compare equal across zones)."""
    from ospo_notes.schedule.zones import zone_name

    return old == new and zone_name(old.start.tzinfo) == zone_name(new.start.tzinfo)
