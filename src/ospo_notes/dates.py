"""Strict parsing of the days and times users type.

`date.fromisoformat` also accepts `20240618` and `2024-W25-2`; a day name ends up in
a file name, so only the documented shapes get through.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from ospo_notes.errors import UsageError

DAY_FORMS = "YYYY-MM-DD, 'today' or 'yesterday'"
_DAY_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_SHAPE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_day(text: str, *, today: date | None = None) -> date:
    """Turn `YYYY-MM-DD`, `today` or `yesterday` into a date, refusing anything else."""
    today = today or date.today()
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if _DAY_SHAPE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise UsageError(f"invalid day {text!r}: use {DAY_FORMS}")


def parse_time(text: str) -> time:
    """Turn `HH:MM` (or `HH:MM:SS`) into a time."""
    match = _TIME_SHAPE.fullmatch(text.strip())
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            return time(hour, minute, second)
        except ValueError:
            pass
    raise UsageError(f"invalid time {text!r}: use HH:MM, e.g. 09:42")


def parse_range(first: date | None, last: date | None) -> tuple[date, date] | None:
    """Check a `--from/--to` pair; either end alone means that single day."""
    if first is None:
        return None if last is None else (last, last)
    last = last or first
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}: swap them")
    return first, last


def now() -> datetime:
    """The local wall-clock time, to the second (notes carry no sub-second noise)."""
    return datetime.now().replace(microsecond=0)
