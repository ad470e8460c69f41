"""The parsed shape of a schedule, independent of the file format it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ScheduleEntry:
    """One talk, workshop or other slot, with times in the conference's zone."""

    id: str  # stable id from the file (guid / UID), else derived from day+start+room+title
    title: str
    start: datetime  # timezone-aware, in the conference's local zone
    end: datetime  # timezone-aware, in the conference's local zone
    day: date  # the conference day it is listed under (after-midnight slots stay on it)
    room: str = ""
    speakers: tuple[str, ...] = ()
    track: str = ""
    kind: str = ""  # event type: "Talk", "Workshop", ...
    abstract: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The session as JSON-ready data: times as ISO 8601 with their offset, and the
        zone they are in (IANA name, or "UTC+01:00" for a fixed offset)."""
        from ospo_notes.schedule.zones import zone_name

        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "day": self.day.isoformat(),
            "timezone": zone_name(self.start.tzinfo),
            "room": self.room,
            "speakers": list(self.speakers),
            "track": self.track,
            "kind": self.kind,
            "abstract": self.abstract,
        }


@dataclass(frozen=True)
class Schedule:
    """A whole conference schedule; entries are sorted by (start, room, title)."""

    title: str  # conference title if the file names one, else ""
    timezone: str  # IANA name (or "UTC+01:00" style fixed offset) the entries are expressed in
    entries: tuple[ScheduleEntry, ...]


@dataclass(frozen=True)
class DaySchedule:
    """What `schedule show` shows: a day's sessions in time order, and the one marked as
    the session you are in (`current_id`, "" for none; see `current.marked_session`)."""

    day: date
    entries: tuple[ScheduleEntry, ...]
    current_id: str = ""

    def to_dict(self) -> list[dict[str, Any]]:
        """Each session as data, with `current` saying whether it is the marked one."""
        return [{**e.to_dict(), "current": e.id == self.current_id} for e in self.entries]
