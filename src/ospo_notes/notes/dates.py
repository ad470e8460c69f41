"""Strict parsing of the days and times users type.

`date.fromisoformat` also accepts `20240618` and `2024-W25-2`; a day name ends up in
a file name, so only the documented shapes get through.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from ospo_notes.errors import UsageError

DAY_FORMS = "YYYY-MM-DD, 'today' or 'yesterday'"
_DAY_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_TIME_SHAPE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_day(text: str, *, today: date | None = None) -> date:
    """Turn `YYYY-MM-DD`, `today` or `yesterday` into a date, refusing anything else."""
    today = today or date.today()
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    shape = _DAY_SHAPE.fullmatch(text)
    if shape:
        try:
            return date.fromisoformat(text)
        except ValueError:
            year, month = int(shape.group(1)), int(shape.group(2))
            raise UsageError(f"invalid day {text!r}: {_why_not(year, month)}") from None
    raise UsageError(f"invalid day {text!r}: use {DAY_FORMS}")


def _why_not(year: int, month: int) -> str:
    """Why a day of the right shape is not on the calendar (2024-02-30, 2024-13-01)."""
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}: months run from 01 to 12 (YYYY-MM-DD)"
    if year < 1:
        return "there is no year 0000: years start at 0001"
    last = 31 if month == 12 else (date(year, month + 1, 1) - timedelta(days=1)).day
    return f"that day does not exist: {_MONTHS[month - 1]} {year} has {last} days"


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
