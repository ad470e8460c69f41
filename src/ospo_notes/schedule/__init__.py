"""Conference schedule parsing: bytes in, entries out (no CLI, no file writing).

Supported, detected from content: frab/Pentabarf schedule.xml, c3voc/pretalx schedule.json and
iCalendar .ics. Every problem with a file surfaces as one `ScheduleError` line.
"""

from ospo_notes.schedule.detect import parse_schedule
from ospo_notes.schedule.entry import Schedule, ScheduleEntry

__all__ = ["Schedule", "ScheduleEntry", "parse_schedule"]
