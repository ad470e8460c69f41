"""How big a schedule may be: a whole file, a day, a talk and each of its fields.

Why limits at all: a session's title and speakers are copied into every note taken during
it, and `add` reads the day's sessions on every note. Unbounded, a 100 MB iCal SUMMARY took
22 s and 744 MB to import and then went into each note, and 100,000 events on one day made
each `add` take 7.7 s. The limits sit far above any real conference (FOSDEM, the largest we
know, lists about 500 events a day; titles run under 200 characters), so they only ever stop
a broken or hostile file, and they stop it with one line before anything is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ospo_notes.errors import ScheduleError
from ospo_notes.schedule.entry import ScheduleEntry

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A whole schedule file or download (the largest real exports are a few MB)."""
MAX_EVENTS_PER_DAY = 1000
"""`add` reads the day's sessions, about 0.3 ms each here: 1,000 keep it well under a second."""
MAX_SPEAKERS = 100
"""Speakers of one talk (a big panel has a dozen)."""
MAX_SPEAKER_NAME = 200
MAX_SCHEDULE_TITLE = 500
FIELD_LIMITS = {"id": 300, "title": 500, "room": 200, "track": 200, "kind": 200, "abstract": 20_000}
"""Characters per field of a talk."""

_FIX = "ask the organisers for a corrected export; nothing was imported"


def _over(source: str, what: str) -> ScheduleError:
    return ScheduleError(" ".join(f"{source}: {what}; {_FIX}".split()))


def check_file_size(size: int, source: str) -> None:
    """Refuse a file or download past `MAX_FILE_BYTES`, before it is parsed."""
    if size > MAX_FILE_BYTES:
        raise _over(
            source,
            f"the schedule is larger than the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB "
            f"for a schedule file ({size:,} bytes or more)",
        )


def event_name(entry: ScheduleEntry) -> str:
    """How an error names an event: its start, its id and the start of its title."""
    return f"the event at {entry.start:%Y-%m-%d %H:%M} ({_short(entry.id)}, {_short(entry.title)})"


def check_limits(title: str, entries: Sequence[ScheduleEntry], source: str) -> None:
    """Refuse a schedule that passes any limit, naming the limit and the first event past it."""
    if len(title) > MAX_SCHEDULE_TITLE:
        raise _over(
            source,
            f"the schedule's title is {len(title):,} characters, over the limit of "
            f"{MAX_SCHEDULE_TITLE:,}",
        )
    per_day: Counter[object] = Counter()
    for entry in entries:
        per_day[entry.day] += 1
        if per_day[entry.day] > MAX_EVENTS_PER_DAY:
            raise _over(
                source,
                f"{entry.day} has more than the limit of {MAX_EVENTS_PER_DAY:,} events a day "
                f"({event_name(entry)} is one too many)",
            )
        for field, limit in FIELD_LIMITS.items():
            size = len(getattr(entry, field))
            if size > limit:
                raise _over(
                    source,
                    f"the {field} of {event_name(entry)} is {size:,} characters, over the "
                    f"limit of {limit:,}",
                )
        if len(entry.speakers) > MAX_SPEAKERS:
            raise _over(
                source,
                f"{event_name(entry)} has {len(entry.speakers):,} speakers, over the limit of "
                f"{MAX_SPEAKERS:,} a talk",
            )
        for speaker in entry.speakers:
            if len(speaker) > MAX_SPEAKER_NAME:
                raise _over(
                    source,
                    f"a speaker's name in {event_name(entry)} is {len(speaker):,} characters, "
                    f"over the limit of {MAX_SPEAKER_NAME:,}",
                )


def _short(text: str, limit: int = 40) -> str:
    """`text` quoted, on one line and cut short, so a huge field never floods the message."""
    flat = " ".join(text[: limit * 4].split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
