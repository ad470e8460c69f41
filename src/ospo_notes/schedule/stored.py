"""Stored schedule days as text: one TOML file per conference day.

    format = 1
    day = 2020-12-14
    timezone = "Europe/Brussels"

    [sessions."c3d2f1a0-..."]
    title = "Opening keynote"
    start = 2020-12-14T10:00:00+01:00
    end = 2020-12-14T10:30:00+01:00
    room = "Main Hall"
    speakers = ["Grace Hopper"]
    schedule = "DemoCon"

Sessions are keyed by the schedule's own stable id (guid / UID), quoted where it is not a bare
key. Start and end are offset date-times as the conference's wall clock; `timezone` names the
zone they are read back into (a session whose zone differs from the day's carries its own).
`schedule` says which imported schedule a session came from, so re-importing one schedule
never removes another's sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

from ospo_notes.errors import DayFileError
from ospo_notes.notes.codec import load_document
from ospo_notes.notes.model import FORMAT
from ospo_notes.schedule.entry import ScheduleEntry

_TEXT_KEYS = ("room", "track", "kind", "abstract")


@dataclass(frozen=True)
class ScheduleDay:
    """A conference day's stored sessions, in time order, with the schedule each came from."""

    day: date
    entries: tuple[ScheduleEntry, ...] = ()
    origins: Mapping[str, str] = field(default_factory=dict)  # id -> schedule name
    format: int = FORMAT


def zone_named(name: str) -> tzinfo | None:
    """The zone stored as `name`; None when this machine does not know it."""
    if name == "UTC":
        return UTC
    if name.startswith("UTC") and len(name) == 9 and name[3] in "+-" and name[6] == ":":
        try:
            hours, minutes = int(name[4:6]), int(name[7:9])
        except ValueError:
            return None
        sign = 1 if name[3] == "+" else -1
        return timezone(sign * timedelta(hours=hours, minutes=minutes), name)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_schedule_day(data: bytes, *, day: date, source: str) -> ScheduleDay:
    """Parse and validate a stored schedule day; `source` names the file in errors."""
    doc = load_document(data, source, fix="import the schedule again")
    fmt = doc.get("format", FORMAT)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise DayFileError(f"{source}: 'format' must be a positive whole number, not {fmt!r}")
    if doc.get("day", day) != day:
        raise DayFileError(f"{source}: 'day' says {doc.get('day')!r} but the file is named {day}")
    default_zone = _text(doc, "timezone", source) or "UTC"
    sessions = doc.get("sessions", {})
    if not isinstance(sessions, dict):
        raise DayFileError(f"{source}: 'sessions' must be a table of [sessions.ID] tables")
    entries = []
    origins = {}
    for entry_id, table in sessions.items():
        where = f"{source}: session {entry_id!r}"
        if not isinstance(table, dict):
            raise DayFileError(f"{where} must be a table")
        entries.append(_entry(entry_id, table, day, default_zone, where))
        origins[entry_id] = _text(table, "schedule", where)
    entries.sort(key=lambda e: (e.start, e.room, e.title))
    return ScheduleDay(day=day, entries=tuple(entries), origins=origins, format=fmt)


def dump_schedule_day(sday: ScheduleDay) -> str:
    """The day's file: header, then one table per session in time order."""
    import tomli_w

    from ospo_notes.schedule.zones import zone_name  # not at the top: `add` loads this module

    zones = [zone_name(e.start.tzinfo) for e in sday.entries]
    default_zone = max(set(zones), key=zones.count) if zones else "UTC"
    doc: dict[str, Any] = {"format": sday.format, "day": sday.day, "timezone": default_zone}
    sessions: dict[str, dict[str, Any]] = {}
    for entry, zone in zip(sday.entries, zones, strict=True):
        table: dict[str, Any] = {"title": entry.title, "start": entry.start, "end": entry.end}
        if zone != default_zone:
            table["timezone"] = zone
        for key in _TEXT_KEYS:
            if getattr(entry, key):
                table[key] = getattr(entry, key)
        if entry.speakers:
            table["speakers"] = list(entry.speakers)
        if sday.origins.get(entry.id):
            table["schedule"] = sday.origins[entry.id]
        sessions[entry.id] = table
    if sessions:
        doc["sessions"] = sessions
    return tomli_w.dumps(doc)


def _entry(entry_id: str, table: dict[str, Any], day: date, zone: str, where: str) -> ScheduleEntry:
    title = _text(table, "title", where)
    if not entry_id or not title.strip():
        raise DayFileError(f"{where} needs an id and a 'title'")
    tz = zone_named(_text(table, "timezone", where) or zone)
    start = _stamp(table, "start", tz, where)
    end = _stamp(table, "end", tz, where)
    if end < start:
        raise DayFileError(f"{where}: 'end' is before 'start'")
    speakers = table.get("speakers", [])
    if not isinstance(speakers, list) or not all(isinstance(s, str) for s in speakers):
        raise DayFileError(f"{where}: 'speakers' must be a list of strings")
    texts = {key: _text(table, key, where) for key in _TEXT_KEYS}
    return ScheduleEntry(
        id=entry_id,
        title=title,
        start=start,
        end=end,
        day=day,
        speakers=tuple(speakers),
        **texts,
    )


def _stamp(table: dict[str, Any], key: str, tz: tzinfo | None, where: str) -> datetime:
    value = table.get(key)
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise DayFileError(
            f"{where}: '{key}' must be a date-time with offset like 2020-12-14T10:00:00+01:00"
        )
    return value.astimezone(tz) if tz is not None else value


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise DayFileError(f"{where}: '{key}' must be a string, not {value!r}")
    return value
