"""One day's part of a range post, as text that can be kept and reused.

A range post is its day sections in date order, then a closing (themes, open
questions, follow-ups) summed over the days. A `DaySection` holds a day's finished
Markdown blocks and what the closing needs from that day, so a post over a year of
notes can be put together from kept sections without reading any note again. The
index keeps them per day under `section_key`, which names everything a section
depends on besides the day file itself and the code (an index built by another
release of ospo-notes is rebuilt).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ospo_notes.model import DayInfo
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary import ThemeCount
from ospo_notes.themes import Vocabulary


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

    def to_json(self) -> str:
        """Text that `from_json` reads back equal."""
        return json.dumps(
            {
                "day": self.info.day.isoformat(),
                "title": self.info.title,
                "event": self.info.event,
                "notes": self.notes,
                "blocks": self.blocks,
                "sessions": self.sessions,
                "themes": [(t.theme, t.count, t.description, t.sessions) for t in self.themes],
                "questions": self.questions,
                "actions": self.actions,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> DaySection:
        data = json.loads(text)
        return cls(
            info=DayInfo(date.fromisoformat(data["day"]), data["title"], data["event"]),
            notes=data["notes"],
            blocks=tuple(data["blocks"]),
            sessions=tuple(data["sessions"]),
            themes=tuple(
                ThemeCount(theme, count, description, tuple(sessions))
                for theme, count, description, sessions in data["themes"]
            ),
            questions=tuple(data["questions"]),
            actions=tuple(data["actions"]),
        )


def section_key(
    vocabulary: Vocabulary | None,
    by: str,
    kinds: Sequence[str],
    schedule: Sequence[ScheduleEntry],
) -> str:
    """A digest of everything besides the day file that shapes its section."""
    words = vocabulary or Vocabulary()
    shape = repr(
        (
            by,
            tuple(kinds),
            sorted(words.descriptions.items()),
            sorted(words.aliases.items()),
            tuple(schedule),
        )
    )
    return hashlib.blake2b(shape.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
