"""iCalendar ``.ics`` (pretalx, Indico, Sched), parsed with the ``icalendar`` library.

Zone: ``X-WR-TIMEZONE``, else the IANA zone of the events' ``TZID``, else ``--tz``, else the
machine's zone. UTC and ``TZID`` times are converted to it; floating times are read in it.

Day attribution: the local date of the start, except that a start before 03:00 counts to the
previous day, since conference nights (parties, late sessions) belong to the day before. This
applies to .ics only: frab and c3voc files say which day an event belongs to.

pretalx (``PRODID:-//pretalx//...``) writes ``SUMMARY`` as "Title - Speaker, Speaker"; for those
files the speakers are split off at the last " - ". Other producers keep SUMMARY as the title.
All-day events (``DTSTART`` a date) are not talks and are skipped; ``RRULE`` is not expanded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from ospo_notes.schedule.common import (
    build_schedule,
    check_year,
    derived_id,
    fail,
    in_zone,
    shorten,
)
from ospo_notes.schedule.entry import Schedule, ScheduleEntry
from ospo_notes.schedule.zones import Zone, choose_zone

_NIGHT_ENDS = time(3, 0)
_Event = icalendar.Component


def _load(data: bytes, source: str) -> list[_Event]:
    """The VCALENDAR components of `data`; any parser failure becomes a ScheduleError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(source, "the calendar is not UTF-8 text", "export the .ics again") from None
    try:
        components = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as err:  # icalendar raises ValueError, KeyError, IndexError... on bad input
        raise fail(
            source, f"the calendar is broken ({shorten(err, 60)})", "download the .ics again"
        ) from None
    calendars: list[_Event] = [c for c in components if c.name == "VCALENDAR"]
    if not calendars:
        raise fail(
            source, "the calendar is incomplete (no whole VCALENDAR)", "download the .ics again"
        )
    return calendars


def _prop(component: _Event, name: str) -> Any:
    """A property's value object, the first one if the property repeats."""
    value = component.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _attr(value: object, name: str) -> Any:
    """`value.name`, or None when absent or when icalendar marks the property as broken."""
    try:
        return getattr(value, name, None)
    except ValueError:  # icalendar's BrokenCalendarProperty for unparsable values
        return None


def _text(component: _Event, name: str) -> str:
    """A text property as a plain stripped string, "" when absent."""
    value = _prop(component, name)
    return "" if value is None else str(value).strip()


def _stamp(event: _Event, name: str, source: str) -> datetime | date | None:
    """DTSTART/DTEND as datetime (or date for all-day), None when absent."""
    prop = _prop(event, name)
    if prop is None:
        return None
    value = _attr(prop, "dt")
    if not isinstance(value, date):
        raw = _text(event, name)
        raise fail(source, f"an event has the {name} {shorten(raw)}", "use YYYYMMDDTHHMMSS")
    return check_year(value, source, f"an event's {name}")


def _zone_name(calendars: list[_Event], events: list[_Event]) -> str:
    """X-WR-TIMEZONE, else the IANA key of the first TZID-qualified event start."""
    for calendar in calendars:
        if named := _text(calendar, "X-WR-TIMEZONE"):
            return named
    for event in events:
        prop = _prop(event, "DTSTART")
        tzinfo = _attr(_attr(prop, "dt"), "tzinfo")
        if "TZID" in (_attr(prop, "params") or {}) and isinstance(tzinfo, ZoneInfo):
            return tzinfo.key
    return ""


def _category(event: _Event) -> str:
    """The first CATEGORIES value, used as the track."""
    value = _prop(event, "CATEGORIES")
    cats = _attr(value, "cats")
    if cats:
        return str(cats[0]).strip()
    return "" if value is None else str(value).split(",")[0].strip()


def _title_and_speakers(summary: str, pretalx: bool) -> tuple[str, tuple[str, ...]]:
    """Split pretalx's "Title - A, B" summaries; others are all title."""
    title, sep, names = summary.rpartition(" - ")
    if not (pretalx and sep and title.strip() and names.strip()):
        return summary, ()
    return title.strip(), tuple(n.strip() for n in names.split(",") if n.strip())


def _end(event: _Event, start: datetime, zone: Zone, source: str, what: str) -> datetime:
    """DTEND, else DTSTART + DURATION, else DTSTART (a zero-length slot)."""
    end = _stamp(event, "DTEND", source)
    if end is None:
        duration = _prop(event, "DURATION")
        if duration is None:
            return start
        length = _attr(duration, "dt")
        if not isinstance(length, timedelta):
            raise fail(source, f"{what} has the DURATION {shorten(duration)}", "use e.g. PT45M")
        end = start.astimezone(ZoneInfo("UTC")) + length
    if not isinstance(end, datetime):
        raise fail(source, f"{what} ends on a date but starts at a time", "fix its DTEND")
    end = in_zone(end, zone)
    if end < start:
        raise fail(source, f"{what} ends before it starts", "fix its DTEND or DURATION")
    return end


def _conference_day(start: datetime) -> date:
    """The local date, with starts before 03:00 counted to the previous day."""
    if start.time() < _NIGHT_ENDS:
        return start.date() - timedelta(days=1)
    return start.date()


def _entry(event: _Event, zone: Zone, pretalx: bool, source: str) -> ScheduleEntry | None:
    """Build one entry, or None for an all-day event."""
    summary = " ".join(_text(event, "SUMMARY").split())
    if not summary:
        uid = _text(event, "UID") or "?"
        raise fail(source, f"event {shorten(uid)} has no SUMMARY", "give every VEVENT a title")
    raw_start = _stamp(event, "DTSTART", source)
    if raw_start is None:
        raise fail(source, f"event {shorten(summary)} has no DTSTART", "give it a start time")
    if not isinstance(raw_start, datetime):
        return None
    start = in_zone(raw_start, zone)
    title, speakers = _title_and_speakers(summary, pretalx)
    room = _text(event, "LOCATION")
    day = _conference_day(start)
    return ScheduleEntry(
        id=_text(event, "UID") or derived_id(day, start, room, title),
        title=title,
        start=start,
        end=_end(event, start, zone, source, f"event {shorten(title)}"),
        day=day,
        room=room,
        speakers=speakers,
        track=_category(event),
        abstract=_text(event, "DESCRIPTION"),
    )


def parse_ical(data: bytes, *, override: Zone | None, source: str) -> Schedule:
    """Parse an iCalendar file into a Schedule."""
    calendars = _load(data, source)
    events = [e for calendar in calendars for e in calendar.walk("VEVENT")]
    zone = choose_zone(_zone_name(calendars, events), [], override, source)
    pretalx = _text(calendars[0], "PRODID").startswith("-//pretalx//")
    built = [_entry(event, zone, pretalx, source) for event in events]
    title = _text(calendars[0], "X-WR-CALNAME") or _text(calendars[0], "NAME")
    return build_schedule(title, zone, [e for e in built if e is not None], source)
