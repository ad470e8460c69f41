"""The few English words every post layout writes: dates, spans, lists, the title.

In English whatever the locale, so the same notes always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ospo_notes.export.markdown_text import one_line, visible_line
from ospo_notes.notes.model import DayInfo
from ospo_notes.vocabulary.themes import Vocabulary

_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_DASH = "\u2013"


def title(info: DayInfo) -> str:
    """'OSPOs for Good — UN Open Source Week', or whichever of the two is set."""
    parts = [visible_line(part) for part in (info.title, info.event) if part.strip()]
    return " — ".join(parts) or f"Notes from {long_date(info.day)}"


def range_title(infos: Sequence[DayInfo]) -> str:
    """The events of several days ('UN Open Source Week'), else their span."""
    return " and ".join(events(infos)) or f"Notes from {span([i.day for i in infos])}"


def events(infos: Iterable[DayInfo]) -> list[str]:
    return list(dict.fromkeys(visible_line(i.event) for i in infos if i.event.strip()))


def lead(infos: Sequence[DayInfo]) -> str:
    """'Notes from 18 June 2024 at UN Open Source Week.': the line a post has without an intro."""
    named = events(infos)
    where = f" at {one_line(' and '.join(named))}" if named else ""
    return f"Notes from {span([i.day for i in infos])}{where}."


def day_heading(info: DayInfo) -> str:
    """'Tuesday 18 June 2024: OSPOs for Good', a day's heading in a post of several days."""
    heading = long_date(info.day, weekday=True)
    if info.title.strip():
        heading += f": {visible_line(info.title)}"
    return one_line(heading)


def theme_title(vocabulary: Vocabulary, theme: str) -> str:
    """A theme's title as Markdown; the theme as typed when its title would show nothing."""
    return one_line(vocabulary.title(theme)) or one_line(theme)


def sentence(text: str) -> str:
    """`text` ending as a sentence does (a full stop added unless it has one)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def and_list(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def credits(authors: Sequence[str]) -> str:
    """'Notes by Ana Lima and Ben Okoro.' ('' for nobody): who took the post's notes."""
    return f"Notes by {and_list(one_line(name) for name in authors)}." if authors else ""


def long_date(day: date, *, weekday: bool = False, year: bool = True) -> str:
    """'18 June 2024' (or 'Tuesday 18 June 2024', '18 June')."""
    text = f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def span(days: Sequence[date]) -> str:
    """'18 June 2024', '17-19 June 2024', '30 June - 2 July 2024' (with en dashes)."""
    first, last = min(days), max(days)
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{EN_DASH}{long_date(last)}"
    if first.year == last.year:
        return f"{long_date(first, year=False)} {EN_DASH} {long_date(last)}"
    return f"{long_date(first)} {EN_DASH} {long_date(last)}"


def paragraphs(text: str) -> list[str]:
    """The author's paragraphs (an intro or a closing), split at blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(block) for block in blocks if block]
