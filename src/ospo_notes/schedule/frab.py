"""frab / Pentabarf ``schedule.xml`` (frab, pretalx, FOSDEM).

Day attribution follows frab: an event belongs to the ``<day date>`` it is listed under, even
when it starts after midnight (the day's ``end`` is then past midnight). Its start is the
event's ``<date>`` when present; otherwise the day's date plus ``<start>``, moved to the next
calendar date when ``<start>`` is earlier than the day's own ``start`` time. The zone follows
`ospo_notes.schedule.zones` (``<time_zone_name>`` checked against the ``<date>`` offsets).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from xml.etree.ElementTree import Element, ParseError

# defusedxml ships no type information; it refuses entity bombs and external entities.
from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

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


@dataclass(frozen=True)
class _Slot:
    """An <event> with the context of the <day> and <room> it is listed under."""

    day: date
    day_starts: time | None
    room: str
    event: Element
    stamp: datetime | None  # the event's own <date>, if any


def _text(element: Element | None, child: str) -> str:
    """Stripped text of a child element, "" when absent."""
    if element is None:
        return ""
    return (element.findtext(child) or "").strip()


def load_xml(data: bytes, source: str) -> Element:
    """Parse XML safely, turning every parser failure into a ScheduleError."""
    try:
        root: Element = fromstring(data)
    except DefusedXmlException:
        raise fail(
            source,
            "the XML declares entities or a DTD, which are refused for safety",
            "export the schedule again without entity declarations",
        ) from None
    except (ParseError, ValueError, LookupError, RecursionError) as err:  # LookupError: encoding
        raise fail(
            source, f"the XML is broken ({shorten(err, 60)})", "download the schedule again"
        ) from None
    return root


def _day_start(day: Element, source: str) -> time | None:
    """Wall-clock time the day begins (its `start` attribute), if given."""
    value = day.get("start", "").strip()
    if not value:
        return None
    return parse_timestamp(value, source, f"day {day.get('date', '?')}").time()


def _slots(root: Element, source: str) -> list[_Slot]:
    """Every event in document order, with its day, room and own timestamp."""
    slots = []
    for day in root.iter("day"):
        when = parse_day(day.get("date", ""), source, f"day {day.get('index', '?')}")
        day_starts = _day_start(day, source)
        for room in day.iter("room"):
            for event in room.iter("event"):
                raw = _text(event, "date")
                stamp = parse_timestamp(raw, source, "an event") if raw else None
                slots.append(_Slot(when, day_starts, room.get("name", ""), event, stamp))
    return slots


def _required(event: Element, child: str, source: str) -> str:
    """A child element the entry cannot do without."""
    value = _text(event, child)
    if not value:
        name = _text(event, "title") or event.get("guid") or event.get("id") or "?"
        raise fail(source, f"event {shorten(name)} has no <{child}>", "export the schedule again")
    return value


def _speakers(event: Element) -> tuple[str, ...]:
    """Names of the <person> elements, whitespace collapsed, blanks dropped."""
    persons = event.find("persons")
    if persons is None:
        return ()
    names = (" ".join("".join(p.itertext()).split()) for p in persons.iter("person"))
    return tuple(name for name in names if name)


def _entry(slot: _Slot, zone: Zone, source: str) -> ScheduleEntry:
    """Build one entry; times in `zone`."""
    event = slot.event
    title = _required(event, "title", source)
    clock = parse_clock(_required(event, "start", source), source, f"event {shorten(title)}")
    length = parse_duration(_required(event, "duration", source), source, f"event {title!r}")
    if slot.stamp is not None:
        start = in_zone(slot.stamp, zone)
    else:
        start = wall_clock_start(slot.day, clock, slot.day_starts, zone)
    room = _text(event, "room") or slot.room.strip()
    return ScheduleEntry(
        id=(event.get("guid") or "").strip() or derived_id(slot.day, start, room, title),
        title=title,
        start=start,
        end=end_after(start, length, zone),
        day=slot.day,
        room=room,
        speakers=_speakers(event),
        track=_text(event, "track"),
        kind=_text(event, "type"),
        abstract=_text(event, "abstract"),
    )


def parse_frab(data: bytes, *, override: Zone | None, source: str) -> Schedule:
    """Parse a frab/Pentabarf schedule.xml into a Schedule."""
    root = load_xml(data, source)
    if root.tag != "schedule":
        raise fail(
            source,
            f"the XML is not a frab schedule (root element <{str(root.tag)[:30]}>)",
            "use the conference's schedule.xml, schedule.json or .ics export",
        )
    conference = root.find("conference")
    slots = _slots(root, source)
    zone = choose_zone(
        _text(conference, "time_zone_name"),
        [s.stamp for s in slots if s.stamp is not None],
        override,
        source,
    )
    entries = [_entry(slot, zone, source) for slot in slots]
    return build_schedule(_text(conference, "title"), zone, entries, source)
