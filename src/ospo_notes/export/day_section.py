"""One day's part of a range post.

A range post is its day sections in date order, then a closing (themes, open
questions, follow-ups) summed over the days. A `DaySection` holds a day's finished
Markdown blocks and what the closing needs from that day, so the post is put
together one day at a time and a year of notes never sits in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from ospo_notes.model import DayInfo
from ospo_notes.summary import ThemeCount


@dataclass(frozen=True)
class DaySection:
    """A day's blocks of a range post, and its part of the post's closing."""

    info: DayInfo  # day, title and event (the lead and the title need them)
    notes: int
    blocks: tuple[str, ...]
    sessions: tuple[str, ...]  # session titles in the order they came up
    themes: tuple[ThemeCount, ...]
    questions: tuple[str, ...]
    actions: tuple[str, ...]
