"""Small helpers the format parsers share: field parsing, ids, and assembling a Schedule."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from ospo_notes.errors import ScheduleError
from ospo_notes.notes.model import check_storable
from ospo_notes.schedule.entry import Schedule, ScheduleEntry
from ospo_notes.schedule.limits import check_limits
from ospo_notes.schedule.zones import Zone

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_MAX_DURATION = timedelta(days=7)
_D = TypeVar("_D", bound=date)
_YEARS = range(1900, 3000)  # far from datetime's limits, so zone conversions cannot overflow


def fail(source: str, what: str, fix: str) -> ScheduleError:
    """One line: which file, what is wrong, how to fix it (newlines flattened)."""
    line = f"{source}: {what}; {fix}"
    return ScheduleError(" ".join(line.split()))


def shorten(value: object, limit: int = 40) -> str:
    """A value quoted for an error message, cut short so the message stays one line."""
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def parse_clock(value: str, source: str, what: str) -> time:
    """Parse a wall-clock "HH:MM" (optionally ":SS")."""
    match = _CLOCK.fullmatch(value.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise fail(source, f"{what} has the time {shorten(value)}", "write times as HH:MM")
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def parse_duration(value: str, source: str, what: str) -> timedelta:
    """Parse "HH:MM", "HH:MM:SS" or "D:HH:MM:SS"; minutes/seconds must be below 60."""
    parts = value.strip().split(":")
    if 2 <= len(parts) <= 4 and all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
        numbers = [int(p) for p in parts]
        if len(numbers) == 2:  # HH:MM -> HH:MM:SS
            numbers.append(0)
        if len(numbers) == 3:  # HH:MM:SS -> D:HH:MM:SS
            numbers.insert(0, 0)
        days, hours, minutes, seconds = numbers
        span = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if minutes < 60 and seconds < 60 and span <= _MAX_DURATION:
            return span
    raise fail(source, f"{what} has the duration {shorten(value)}", "write durations as HH:MM")


def check_year(value: _D, source: str, what: str) -> _D:
    """`value` unless its year is absurd for a conference (year 1 or 9999 would overflow)."""
    if value.year not in _YEARS:
        raise fail(source, f"{what} is in the year {value.year}", "check the schedule's dates")
    return value


def parse_timestamp(value: str, source: str, what: str) -> datetime:
    """Parse an ISO 8601 date-time (with or without offset)."""
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        raise fail(
            source, f"{what} has the date {shorten(value)}", "use ISO 8601, e.g. 2025-02-01T09:00"
        ) from None
    return check_year(stamp, source, what)


def parse_day(value: str, source: str, what: str) -> date:
    """Parse an ISO calendar date such as 2025-02-01."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise fail(source, f"{what} has the date {shorten(value)}", "use YYYY-MM-DD") from None
    return check_year(day, source, what)


def wall_clock_start(day: date, start: time, day_starts: time | None, zone: Zone) -> datetime:
    """The start of a slot given as "HH:MM" under a day; before the day's start means next date."""
    when = datetime.combine(day, start)
    if day_starts is not None and start < day_starts:
        when += timedelta(days=1)
    return when.replace(tzinfo=zone.tz)


def in_zone(stamp: datetime, zone: Zone) -> datetime:
    """An aware stamp converted to `zone`; a naive one taken as wall-clock time there."""
    if stamp.utcoffset() is None:
        return stamp.replace(tzinfo=zone.tz)
    return stamp.astimezone(zone.tz)


def end_after(start: datetime, length: timedelta, zone: Zone) -> datetime:
    """The end instant `length` after `start` in elapsed time (right across DST changes)."""
    return (start.astimezone(UTC) + length).astimezone(zone.tz)


def derived_id(day: date, start: datetime, room: str, title: str) -> str:
    """A deterministic id for entries whose file gives none: same slot, same id."""
    key = f"{day.isoformat()}|{start.isoformat()}|{room}|{title}"
    # surrogatepass: a title UTF-8 cannot store still hashes; `build_schedule` refuses it
    return "slot-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _unique_ids(entries: list[ScheduleEntry]) -> list[ScheduleEntry]:
    """Keep ids unique (recurring iCal events share a UID): later repeats get "#2", "#3"."""
    seen: dict[str, int] = {}
    result = []
    for entry in entries:
        count = seen.get(entry.id, 0) + 1
        seen[entry.id] = count
        result.append(replace(entry, id=f"{entry.id}#{count}") if count > 1 else entry)
    return result


def build_schedule(
    title: str, zone: Zone, entries: Iterable[ScheduleEntry], source: str
) -> Schedule:
    """Sort, de-duplicate ids, refuse an empty schedule and one past `limits`."""
    ordered = sorted(entries, key=lambda e: (e.start, e.room, e.title))
    if not ordered:
        raise fail(source, "the schedule contains no events", "export the full conference schedule")
    check_limits(title.strip(), ordered, source)
    _check_storable(title, f"{source}: the schedule's title", source)
    for entry in ordered:
        event = f"the event at {entry.start:%Y-%m-%d %H:%M}"
        for name in ("id", "title", "room", "track", "kind", "abstract"):
            _check_storable(getattr(entry, name), f"{source}: the {name} of {event}", source)
        for speaker in entry.speakers:
            _check_storable(speaker, f"{source}: a speaker of {event}", source)
    return Schedule(title=title.strip(), timezone=zone.name, entries=tuple(_unique_ids(ordered)))


def _check_storable(text: str, what: str, source: str) -> None:
    """Text UTF-8 cannot store (a JSON `\\ud800` escape) stops the import before any write."""
    check_storable(
        text,
        what,
        fix=f"fix the text in {source} (or download it again); nothing was imported",
        error=ScheduleError,
    )
