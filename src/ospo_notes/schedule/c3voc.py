"""c3voc ``schedule.json`` (also pretalx's JSON export).

Zone rule (see `ospo_notes.schedule.zones`): the named ``time_zone_name`` is used only if it
gives the event ``date`` stamps the offsets they carry; otherwise ``--tz``; otherwise a fixed
offset matching the stamps. Real pretalx files say "UTC" while every date carries "+01:00":
the stamps win, so a talk printed at 09:00 stays at 09:00 (zone "UTC+01:00").

Day attribution: an event belongs to the day it is listed under. Without a ``date`` stamp the
start is the day's date plus ``start``, on the next date when before the day's ``day_start``.
Persons may carry ``public_name`` (frab style) or ``name`` (pretalx).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ospo_notes.schedule.common import (
    build_schedule,
    derived_id,
    end_after,
    fail,
    in_zone,
    parse_clock,
    parse_day,
    parse_duration,
    parse_timestamp,
    shorten,
    wall_clock_start,
)
from ospo_notes.schedule.entry import Schedule, ScheduleEntry
from ospo_notes.schedule.zones import Zone, choose_zone

_FIX = "export the schedule again (c3voc schedule.json format)"


@dataclass(frozen=True)
class _Slot:
    """An event object with the context of the day and room it is listed under."""

    day: date
    day_starts: time | None
    room: str
    event: dict[str, Any]
    stamp: datetime | None


def load_json(data: bytes, source: str) -> object:
    """Decode JSON, turning every decoder failure into a ScheduleError."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as err:  # JSONDecodeError and UnicodeDecodeError too
        raise fail(
            source, f"the JSON is broken ({shorten(err, 60)})", "download the schedule again"
        ) from None


def _object(value: object, source: str, what: str) -> dict[str, Any]:
    """`value` if it is a JSON object, else a shape error."""
    if not isinstance(value, dict):
        raise fail(source, f"{what} is not a JSON object", _FIX)
    return value


def _list(value: object, source: str, what: str) -> list[Any]:
    """`value` if it is a JSON array, else a shape error."""
    if not isinstance(value, list):
        raise fail(source, f"{what} is not a JSON array", _FIX)
    return value


def _str(mapping: dict[str, Any], key: str, source: str, what: str) -> str:
    """A string field, "" when absent or null; other types are a shape error."""
    value = mapping.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise fail(source, f"{what} has a {key!r} that is not text", _FIX)
    return str(value).strip()


def _required(mapping: dict[str, Any], key: str, source: str, what: str) -> str:
    """A string field the entry cannot do without."""
    value = _str(mapping, key, source, what)
    if not value:
        raise fail(source, f"{what} has no {key!r}", _FIX)
    return value


def _slots(days: list[Any], source: str) -> list[_Slot]:
    """Every event with its day, room and own timestamp, in file order."""
    slots = []
    for index, raw_day in enumerate(days, start=1):
        day = _object(raw_day, source, f"day {index}")
        when = parse_day(_required(day, "date", source, f"day {index}"), source, f"day {index}")
        starts = _str(day, "day_start", source, f"day {when}")
        day_starts = parse_timestamp(starts, source, f"day {when}").time() if starts else None
        rooms = _object(day.get("rooms", {}), source, f"'rooms' of day {when}")
        for room, events in rooms.items():
            for raw_event in _list(events, source, f"room {shorten(room)} on {when}"):
                event = _object(raw_event, source, f"an event in room {shorten(room)}")
                stamp_text = _str(event, "date", source, "an event")
                stamp = parse_timestamp(stamp_text, source, "an event") if stamp_text else None
                slots.append(_Slot(when, day_starts, str(room), event, stamp))
    return slots


def _speakers(event: dict[str, Any], source: str, what: str) -> tuple[str, ...]:
    """Speaker names from `persons`: `public_name` (frab style), `name` (pretalx) or plain text."""
    names = []
    for person in _list(event.get("persons") or [], source, f"'persons' of {what}"):
        if isinstance(person, str):
            name = person
        else:
            record = _object(person, source, f"a person of {what}")
            name = _str(record, "public_name", source, what) or _str(record, "name", source, what)
        if name := " ".join(name.split()):
            names.append(name)
    return tuple(names)


def _entry(slot: _Slot, zone: Zone, source: str) -> ScheduleEntry:
    """Build one entry; times in `zone`."""
    event = slot.event
    title = _required(event, "title", source, "an event")
    what = f"event {shorten(title)}"
    clock = parse_clock(_required(event, "start", source, what), source, what)
    length = parse_duration(_required(event, "duration", source, what), source, what)
    if slot.stamp is not None:
        start = in_zone(slot.stamp, zone)
    else:
        start = wall_clock_start(slot.day, clock, slot.day_starts, zone)
    room = _str(event, "room", source, what) or slot.room.strip()
    return ScheduleEntry(
        id=_str(event, "guid", source, what) or derived_id(slot.day, start, room, title),
        title=title,
        start=start,
        end=end_after(start, length, zone),
        day=slot.day,
        room=room,
        speakers=_speakers(event, source, what),
        track=_str(event, "track", source, what),
        kind=_str(event, "type", source, what),
        abstract=_str(event, "abstract", source, what),
    )


def parse_c3voc(document: object, *, override: Zone | None, source: str) -> Schedule:
    """Parse an already decoded c3voc/pretalx schedule.json document."""
    top = _object(document, source, "the JSON document")
    if "schedule" not in top:
        raise fail(
            source,
            "the JSON is not a c3voc/pretalx schedule (no 'schedule' key)",
            "use the conference's schedule.json, schedule.xml or .ics export",
        )
    schedule = _object(top["schedule"], source, "'schedule'")
    conference = _object(schedule.get("conference"), source, "'schedule.conference'")
    days = _list(conference.get("days"), source, "'schedule.conference.days'")
    slots = _slots(days, source)
    named = _str(conference, "time_zone_name", source, "the conference")
    zone = choose_zone(named, [s.stamp for s in slots if s.stamp], override, source)
    entries = [_entry(slot, zone, source) for slot in slots]
    title = _str(conference, "title", source, "the conference")
    return build_schedule(title, zone, entries, source)
