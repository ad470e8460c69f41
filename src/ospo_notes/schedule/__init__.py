"""Conference schedule parsing: bytes in, entries out (no CLI, no file writing).

Supported, detected from content: frab/Pentabarf schedule.xml, c3voc/pretalx schedule.json and
iCalendar .ics. Every problem with a file surfaces as one `ScheduleError` line.

`parse_schedule` is imported on first use: `add` reads stored sessions (`ScheduleEntry`) on
every note, and must not pay for loading icalendar and the XML parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ospo_notes.schedule.entry import Schedule, ScheduleEntry

if TYPE_CHECKING:
    from ospo_notes.schedule.detect import parse_schedule

__all__ = ["Schedule", "ScheduleEntry", "parse_schedule"]


def __getattr__(name: str) -> Any:
    if name == "parse_schedule":
        from ospo_notes.schedule.detect import parse_schedule

        return parse_schedule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
