"""A day at a glance, as plain data: what the terminal view and the exports draw.

Built once from a `Day`, so the Rich view, `--json` and the Markdown post cannot
drift apart. No I/O and no Rich here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.notes.sessions import session_folded
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.vocabulary.speakers import Speakers
from ospo_notes.vocabulary.themes import Vocabulary

OrderKey = tuple[float, int, int]
"""A note's or session's place in the day: (seconds into the day, 0 untimed / 1 timed,
place in the day file). See `note_order`."""
_LAST = float("inf")


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
    notes: tuple[Note, ...] = ()  # every note of the day, in `in_day_order`
    people: Speakers = field(default_factory=Speakers)  # roles and organisations
    words: Vocabulary = field(default_factory=Vocabulary)  # theme titles

    @property
    def speakers(self) -> tuple[str, ...]:
        """The day's speakers (aliases folded), in the order their sessions come."""
        return tuple(
            dict.fromkeys(name for group in self.sessions if group.notes for name in group.speakers)
        )

    @property
    def authors(self) -> tuple[tuple[str, int], ...]:
        """(author, notes) for each author of the day, most notes first (ties: by name)."""
        return author_counts(self.notes)

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
            "tally": self._tally_dict(),
        }

    def _tally_dict(self) -> dict[str, Any]:
        """The tally; with `authors` when some note has one (older readers see no change)."""
        tally: dict[str, Any] = dict(vars(self.tally))
        if self.authors:
            tally["authors"] = [{"name": name, "notes": n} for name, n in self.authors]
        return tally


@dataclass(frozen=True)
class SessionNotes:
    """A scheduled session with the notes taken in it (for the summary and export)."""

    entry: ScheduleEntry
    notes: tuple[Note, ...]


def sessions_for_summary(
    entries: Sequence[ScheduleEntry], notes: Iterable[Note], *, attended_only: bool = False
) -> list[SessionNotes]:
    """Scheduled sessions in time order, each with the notes whose session is its title.

    Notes match by title, ignoring case and spaces (a note keeps its session title, not an id, so
    typed and auto-attached notes group alike). With `attended_only`, sessions without notes
    are left out: the sessions you attended. Notes of unscheduled sessions are not included;
    the caller groups those as before.
    """
    by_title: dict[str, list[Note]] = {}
    for note in notes:
        if note.session:
            by_title.setdefault(session_folded(note.session), []).append(note)
    result = []
    claimed: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.start, e.room, e.title)):
        key = session_folded(entry.title)
        found = () if key in claimed else tuple(sorted(by_title.get(key, ()), key=Note.sort_key))
        claimed.add(key)
        if found or not attended_only:
            result.append(SessionNotes(entry, found))
    return result


def author_counts(notes: Iterable[Note]) -> tuple[tuple[str, int], ...]:
    """(author, notes) for each author named in `notes`, most notes first, ties by name."""
    counts = Counter(note.author for note in notes if note.author)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0])))


def authors_of(notes: Iterable[Note]) -> tuple[str, ...]:
    """The authors named in `notes`, most notes first (who to credit, in that order)."""
    return ranked_authors(Counter(note.author for note in notes if note.author))


def ranked_authors(counts: Mapping[str, int]) -> tuple[str, ...]:
    """Authors by their notes, most first, ties by name: the order credits name them."""
    return tuple(sorted(counts, key=lambda name: (-counts[name], name.casefold(), name)))


def note_order(notes: Sequence[Note]) -> dict[str, OrderKey]:
    """Each note's place in the day, from the notes in day-file order (id -> key).

    A timed note sorts by its time; an untimed one sits just before the next timed note
    after it in the file (at the end when none follows), as it was typed between them.
    Equal times keep the file's order. Keys are distinct, so the order is total.
    """
    keys: dict[str, OrderKey] = {}
    following = _LAST
    for place in range(len(notes) - 1, -1, -1):
        note = notes[place]
        if note.time is not None:
            following = _seconds(note.time)
            keys[note.id] = (following, 1, place)
        else:
            keys[note.id] = (following, 0, place)
    return keys


def in_day_order(notes: Sequence[Note]) -> list[Note]:
    """`notes` (in day-file order) in the order they happened: see `note_order`.

    The one order the summary and every export layout show notes in.
    """
    keys = note_order(notes)
    return sorted(notes, key=lambda note: keys[note.id])


def session_key(
    scheduled_start: float | None, members: Sequence[Note], keys: dict[str, OrderKey]
) -> OrderKey:
    """A session's place in the day: its scheduled start (seconds from the day's midnight,
    so a talk listed under the day at 01:15 after midnight comes last), else its earliest
    note time, else the place of its first note among the timed ones (see `note_order`)."""
    places = [keys[note.id] for note in members]
    first = min((place[2] for place in places), default=len(keys))
    if scheduled_start is not None:
        return (scheduled_start, 1, first)
    timed = [place for place in places if place[1]]
    return min(timed or places, default=(_LAST, 1, first))


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
    keys = note_order(day.notes)
    notes = [_folded(note, vocabulary, people) for note in in_day_order(day.notes)]
    sessions = _sessions(day.day, notes, keys, schedule, people, all_sessions=all_sessions)
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
        notes=tuple(notes),
        people=people,
        words=vocabulary,
    )


def _sessions(
    day: date,
    notes: list[Note],
    keys: dict[str, OrderKey],
    schedule: Sequence[ScheduleEntry],
    people: Speakers,
    *,
    all_sessions: bool,
) -> tuple[SessionGroup, ...]:
    """Sessions in `session_key` order, notes in `note_order`; the session-less group last.

    `notes` are in day order already; `keys` are their places in the day. A session the
    schedule lists under another day (last night's talk, run past midnight) is shown only
    when notes of this day were taken in it.
    """
    keyed: list[tuple[tuple[bool, OrderKey], SessionGroup]] = []
    claimed: set[str] = set()
    for found in sessions_for_summary(schedule, notes, attended_only=not all_sessions):
        entry = found.entry
        if entry.day != day and not found.notes:
            continue
        claimed.add(session_folded(entry.title))
        members = sorted(found.notes, key=lambda note: keys[note.id])
        speakers = people.fold([*entry.speakers, *(s for n in members for s in n.speakers)])
        group = SessionGroup(
            title=entry.title,
            speakers=speakers,
            start=entry.start.time(),
            notes=tuple(members),
            end=entry.end.time(),
            room=entry.room,
        )
        midnight = datetime.combine(day, time.min, entry.start.tzinfo)
        start = (entry.start - midnight).total_seconds()
        keyed.append(((False, session_key(start, members, keys)), group))
    grouped: dict[str, list[Note]] = {}  # one group per session, however it was spelled
    for note in notes:
        folded = session_folded(note.session)
        if folded not in claimed or not folded:
            grouped.setdefault(folded, []).append(note)
    for members in grouped.values():
        title = members[0].session
        group = SessionGroup(
            title=title,
            speakers=tuple(dict.fromkeys(s for note in members for s in note.speakers)),
            start=next((note.time for note in members if note.time), None),
            notes=tuple(members),
        )
        keyed.append(((not title, session_key(None, members, keys)), group))
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
    spelled: dict[str, str] = {}  # each session under its first spelling, as grouped
    for note in notes:
        title = spelled.setdefault(session_folded(note.session), note.session)
        for theme in note.themes:
            if title:
                sessions.setdefault(theme, {})[title] = None
    return tuple(
        ThemeCount(
            theme=theme,
            count=count,
            description=vocabulary.describe(theme),
            sessions=tuple(sessions.get(theme, {})),
        )
        for theme, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )
