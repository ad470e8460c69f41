"""A day at a glance, as plain data: what the terminal view and the exports draw.

Built once from a `Day`, so the Rich view, `--json` and the Markdown post cannot
drift apart. No I/O and no Rich here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import time
from typing import Any

from ospo_notes.model import Day, DayInfo, Note
from ospo_notes.themes import Vocabulary


@dataclass(frozen=True)
class SessionGroup:
    """A session's notes in time order; `title == ""` holds the notes of no session."""

    title: str
    speakers: tuple[str, ...]
    start: time | None
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class ThemeCount:
    """How often a theme came up, what it means, and in which sessions."""

    theme: str
    count: int
    description: str
    sessions: tuple[str, ...]


@dataclass(frozen=True)
class Tally:
    notes: int
    highlights: int
    sessions: int
    speakers: int
    themes: int


@dataclass(frozen=True)
class DaySummary:
    info: DayInfo
    sessions: tuple[SessionGroup, ...]
    highlights: tuple[Note, ...]
    themes: tuple[ThemeCount, ...]
    questions: tuple[Note, ...]
    actions: tuple[Note, ...]
    tally: Tally

    @property
    def is_empty(self) -> bool:
        return self.tally.notes == 0

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (`summary --json`)."""
        return {
            "day": self.info.day.isoformat(),
            "title": self.info.title,
            "event": self.info.event,
            "sessions": [
                {
                    "title": group.title,
                    "speakers": list(group.speakers),
                    "start": group.start.isoformat() if group.start else None,
                    "notes": [note.to_dict() for note in group.notes],
                }
                for group in self.sessions
            ],
            "highlights": [note.id for note in self.highlights],
            "themes": [
                {
                    "theme": t.theme,
                    "count": t.count,
                    "description": t.description,
                    "sessions": list(t.sessions),
                }
                for t in self.themes
            ],
            "questions": [note.id for note in self.questions],
            "actions": [note.id for note in self.actions],
            "tally": vars(self.tally),
        }


def build_summary(day: Day, vocabulary: Vocabulary | None = None) -> DaySummary:
    """Group a day's notes by session and count its themes (aliases folded)."""
    vocabulary = vocabulary or Vocabulary()
    notes = [note.with_changes(themes=vocabulary.fold(note.themes)) for note in day.sorted_notes()]
    sessions = _sessions(notes)
    speakers = {speaker for note in notes for speaker in note.speakers}
    themes = _theme_counts(notes, vocabulary)
    highlights = tuple(note for note in notes if note.kind == "highlight")
    return DaySummary(
        info=day.info,
        sessions=sessions,
        highlights=highlights,
        themes=themes,
        questions=tuple(note for note in notes if note.kind == "question"),
        actions=tuple(note for note in notes if note.kind == "action"),
        tally=Tally(
            notes=len(notes),
            highlights=len(highlights),
            sessions=sum(1 for group in sessions if group.title),
            speakers=len(speakers),
            themes=len(themes),
        ),
    )


def _sessions(notes: list[Note]) -> tuple[SessionGroup, ...]:
    """Sessions ordered by their first note; the session-less group goes last."""
    grouped: dict[str, list[Note]] = {}
    for note in notes:
        grouped.setdefault(note.session, []).append(note)
    groups = [
        SessionGroup(
            title=title,
            speakers=tuple(dict.fromkeys(s for note in members for s in note.speakers)),
            start=next((note.time for note in members if note.time), None),
            notes=tuple(members),
        )
        for title, members in grouped.items()
    ]
    return tuple(sorted(groups, key=lambda g: (not g.title, g.start is None, g.start or time.min)))


def _theme_counts(notes: list[Note], vocabulary: Vocabulary) -> tuple[ThemeCount, ...]:
    """Most frequent first, then alphabetical, so the order is stable."""
    counts = Counter(theme for note in notes for theme in note.themes)
    sessions: dict[str, dict[str, None]] = {}
    for note in notes:
        for theme in note.themes:
            if note.session:
                sessions.setdefault(theme, {})[note.session] = None
    return tuple(
        ThemeCount(
            theme=theme,
            count=count,
            description=vocabulary.describe(theme),
            sessions=tuple(sessions.get(theme, {})),
        )
        for theme, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
