"""What a re-import changed, session by session, in the words `schedule update` prints.

Pure: sessions are matched by the schedule's own id (guid / UID), which stays the same when
organisers move or rename a talk, so a move is a move and not a cancel plus an add.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ospo_notes.schedule.entry import ScheduleEntry


@dataclass(frozen=True)
class SessionChange:
    """One session that was added, moved, renamed or cancelled (moved and renamed can both hold)."""

    old: ScheduleEntry | None  # None: added
    new: ScheduleEntry | None  # None: cancelled

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def cancelled(self) -> bool:
        return self.new is None

    @property
    def moved(self) -> bool:
        """A new start, end, day or room."""
        old, new = self.old, self.new
        if old is None or new is None:
            return False
        return (old.start, old.end, old.day, old.room) != (new.start, new.end, new.day, new.room)

    @property
    def renamed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.title != self.new.title


def session_changes(
    before: Mapping[str, ScheduleEntry],
    after: Iterable[ScheduleEntry],
    cancelled: Iterable[ScheduleEntry],
) -> tuple[SessionChange, ...]:
    """Added, moved and renamed sessions of `after` (by id against `before`) and `cancelled`
    ones, in the order of the slot they had (a new session's slot for an added one).

    Changes to other fields (speakers, abstract, track) are not listed: they count as updated.
    """
    found = []
    for entry in after:
        change = SessionChange(before.get(entry.id), entry)
        if change.added or change.moved or change.renamed:
            found.append(change)
    found.extend(SessionChange(entry, None) for entry in cancelled)
    return tuple(sorted(found, key=_slot))


def _slot(change: SessionChange) -> tuple[object, ...]:
    entry = change.old or change.new
    assert entry is not None
    return (entry.start, entry.room, entry.title)
