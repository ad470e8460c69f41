"""The parsed shape of a schedule, independent of the file format it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


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


@dataclass(frozen=True)
class Schedule:
    """A whole conference schedule; entries are sorted by (start, room, title)."""

    title: str  # conference title if the file names one, else ""
    timezone: str  # IANA name (or "UTC+01:00" style fixed offset) the entries are expressed in
    entries: tuple[ScheduleEntry, ...]
