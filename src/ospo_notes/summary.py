"""A day at a glance, as plain data: what the terminal view and the exports draw.

Built once from a `Day`, so the Rich view, `--json` and the Markdown post cannot
drift apart. No I/O and no Rich here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from ospo_notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.speakers import Speakers
from ospo_notes.themes import Vocabulary


@dataclass(frozen=True)
class SessionGroup:
    """A session's notes in time order; `title == ""` holds the notes of no session."""

    title: str
    speakers: tuple[str, ...]
    start: time | None
    notes: tuple[Note, ...]
    end: time | None = None  # from the schedule, when the session is on it
    room: str = ""


@dataclass(frozen=True)
class ThemeCount:
    """How often a theme came up, what it is called and means, and in which sessions."""

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
    people: Speakers = field(default_factory=Speakers)  # roles and organisations
    words: Vocabulary = field(default_factory=Vocabulary)  # theme titles

    @property
    def speakers(self) -> tuple[str, ...]:
        """The day's speakers (aliases folded), in the order their sessions come."""
        return tuple(
            dict.fromkeys(name for group in self.sessions if group.notes for name in group.speakers)
        )

    @property
    def is_empty(self) -> bool:
        return self.tally.notes == 0

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (`summary --json`)."""
        return {
            "day": self.info.day.isoformat(),
            "title": self.info.title,
            "event": self.info.event,
            "intro": self.info.intro,
            "closing": self.info.closing,
            "speakers": [
                {"name": name, "role": self.people.role(name), "org": self.people.org(name)}
                for name in self.speakers
            ],
            "sessions": [
                {
                    "title": group.title,
                    "speakers": list(group.speakers),
                    "start": group.start.isoformat() if group.start else None,
                    "end": group.end.isoformat() if group.end else None,
                    "room": group.room,
                    "notes": [note.to_dict() for note in group.notes],
                }
                for group in self.sessions
            ],
            "highlights": [note.id for note in self.highlights],
            "themes": [
                {
                    "theme": t.theme,
                    "title": self.words.title(t.theme),
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


@dataclass(frozen=True)
class SessionNotes:
    """A scheduled session with the notes taken in it (for the summary and export)."""

    entry: ScheduleEntry
    notes: tuple[Note, ...]


def sessions_for_summary(
    entries: Sequence[ScheduleEntry], notes: Iterable[Note], *, attended_only: bool = False
) -> list[SessionNotes]:
    """Scheduled sessions in time order, each with the notes whose session is its title.

    Notes match by title, case-insensitively (a note keeps its session title, not an id, so
    typed and auto-attached notes group alike). With `attended_only`, sessions without notes
    are left out: the sessions you attended. Notes of unscheduled sessions are not included;
    the caller groups those as before.
    """
    by_title: dict[str, list[Note]] = {}
    for note in notes:
        if note.session:
            by_title.setdefault(note.session.casefold(), []).append(note)
    result = []
    claimed: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.start, e.room, e.title)):
        key = entry.title.casefold()
        found = () if key in claimed else tuple(sorted(by_title.get(key, ()), key=Note.sort_key))
        claimed.add(key)
        if found or not attended_only:
            result.append(SessionNotes(entry, found))
    return result


def build_summary(
    day: Day,
    vocabulary: Vocabulary | None = None,
    schedule: Sequence[ScheduleEntry] = (),
    *,
    all_sessions: bool = False,
    speakers: Speakers | None = None,
) -> DaySummary:
    """Group a day's notes by session and count its themes (theme and speaker aliases
    folded).

    Sessions on `schedule` get their times, room and speakers from it; with
    `all_sessions`, scheduled sessions without notes are listed too.
    """
    vocabulary = vocabulary or Vocabulary()
    people = speakers or Speakers()
    notes = [_folded(note, vocabulary, people) for note in day.sorted_notes()]
    sessions = _sessions(notes, schedule, people, all_sessions=all_sessions)
    named = {speaker for group in sessions if group.notes for speaker in group.speakers}
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
            sessions=sum(1 for group in sessions if group.title and group.notes),
            speakers=len(named),
            themes=len(themes),
        ),
        people=people,
        words=vocabulary,
    )


def _sessions(
    notes: list[Note], schedule: Sequence[ScheduleEntry], people: Speakers, *, all_sessions: bool
) -> tuple[SessionGroup, ...]:
    """Sessions in time order (scheduled ones by their slot); the session-less group last."""
    keyed: list[tuple[tuple[bool, float], SessionGroup]] = []
    claimed: set[str] = set()
    for found in sessions_for_summary(schedule, notes, attended_only=not all_sessions):
        entry = found.entry
        claimed.add(entry.title.casefold())
        speakers = people.fold([*entry.speakers, *(s for n in found.notes for s in n.speakers)])
        group = SessionGroup(
            title=entry.title,
            speakers=speakers,
            start=entry.start.time(),
            notes=found.notes,
            end=entry.end.time(),
            room=entry.room,
        )
        midnight = datetime.combine(entry.start.date(), time.min, entry.start.tzinfo)
        keyed.append(((False, (entry.start - midnight).total_seconds()), group))
    grouped: dict[str, list[Note]] = {}
    for note in notes:
        if note.session.casefold() not in claimed or not note.session:
            grouped.setdefault(note.session, []).append(note)
    for title, members in grouped.items():
        group = SessionGroup(
            title=title,
            speakers=tuple(dict.fromkeys(s for note in members for s in note.speakers)),
            start=next((note.time for note in members if note.time), None),
            notes=tuple(members),
        )
        at = _seconds(group.start) if group.start else float("inf")
        keyed.append(((not title, at), group))
    return tuple(group for _key, group in sorted(keyed, key=lambda item: item[0]))


def _folded(note: Note, vocabulary: Vocabulary, people: Speakers) -> Note:
    """The note with its themes and speakers folded; the same object when nothing changes
    (most notes)."""
    themes, speakers = vocabulary.fold(note.themes), people.fold(note.speakers)
    if themes == note.themes and speakers == note.speakers:
        return note
    return note.with_changes(themes=themes, speakers=speakers)


def _seconds(at: time) -> float:
    return at.hour * 3600 + at.minute * 60 + at.second


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
