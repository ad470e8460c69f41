"""A day (or an event's days) as a blog-post draft in Markdown.

The post reads like a conference write-up: a title, a lead line, a section per
session (or per theme) with its speakers, notes as bullets, highlights in bold and
quotes as attributed blockquotes; then the common themes, open questions and
follow-ups. Built from `DaySummary`, so it tells the same story as the terminal
view. Every piece of user text goes through `markdown_text`; this module only lays
out blocks. Pure: returns a string, the same bytes for the same notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from ospo_notes.export.day_section import DaySection
from ospo_notes.export.front_matter import front_matter
from ospo_notes.export.markdown_text import inline, one_line, visible_line
from ospo_notes.model import KINDS, Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary import DaySummary, SessionGroup, ThemeCount, build_summary
from ospo_notes.themes import Vocabulary

LAYOUTS = ("session", "theme")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_DASH = "\u2013"
_AT_THE_END = ("question", "action")
_NO_SESSION = "Also noted"


def day_post(
    day: Day,
    *,
    vocabulary: Vocabulary | None = None,
    by: str = "session",
    kinds: Sequence[str] = KINDS,
    with_front_matter: bool = False,
    schedule: Sequence[ScheduleEntry] = (),
) -> str:
    """One day as a post: sections per session (or theme), then themes and loose ends.

    Sessions on `schedule` (the day's imported sessions) show their room and times.
    """
    summary = build_summary(day.of_kinds(kinds), vocabulary, schedule)
    title = _title(day.info)
    lead = _lead([day.info])
    blocks = [f"# {one_line(title)}", "" if lead == f"{one_line(title)}." else lead]
    blocks += _body(summary, by=by, level=2)
    questions = [_follow_up(n, show_day=False) for n in summary.questions]
    actions = [_follow_up(n, show_day=False) for n in summary.actions]
    blocks += _closing(summary.themes, questions, actions, by=by)
    tags = [t.theme for t in summary.themes]
    return _document(blocks, title, day.day, tags if with_front_matter else None)


class EmptyPostError(ValueError):
    """No day of a range had notes (of the kinds asked for): there is no post to write."""


def range_post(
    days: Iterable[Day],
    *,
    vocabulary: Vocabulary | None = None,
    by: str = "session",
    kinds: Sequence[str] = KINDS,
    with_front_matter: bool = False,
    schedules: Mapping[date, Sequence[ScheduleEntry]] | None = None,
) -> str:
    """Several days of one event as one post: a section per day, themes across all.

    `days` come in date order and are read one at a time, so a year of notes never
    sits in memory at once; only the text of the post grows.
    """
    schedules = schedules or {}
    sections = (
        day_section(d, vocabulary=vocabulary, by=by, kinds=kinds, schedule=schedules.get(d.day, ()))
        for d in days
    )
    return sections_post(
        (section for section in sections if section is not None),
        by=by,
        with_front_matter=with_front_matter,
    )


def day_section(
    day: Day,
    *,
    vocabulary: Vocabulary | None = None,
    by: str = "session",
    kinds: Sequence[str] = KINDS,
    schedule: Sequence[ScheduleEntry] = (),
) -> DaySection | None:
    """A day's part of a range post; None when it has no notes of `kinds`."""
    day = day.of_kinds(kinds)
    if not day.notes:
        return None
    summary = build_summary(day, vocabulary, schedule)
    heading = _long_date(day.day, weekday=True)
    if day.info.title.strip():
        heading += f": {visible_line(day.info.title)}"
    return DaySection(
        info=DayInfo(day=day.day, title=day.info.title, event=day.info.event),
        notes=len(day.notes),
        blocks=(f"## {one_line(heading)}", *_body(summary, by=by, level=3)),
        sessions=tuple(group.title for group in summary.sessions),
        themes=tuple(summary.themes),
        questions=tuple(_follow_up(n, show_day=True) for n in summary.questions),
        actions=tuple(_follow_up(n, show_day=True) for n in summary.actions),
    )


def sections_post(
    sections: Iterable[DaySection], *, by: str = "session", with_front_matter: bool = False
) -> str:
    """Day sections (in date order, from the same `by`) as one post, the closing summed."""
    infos: list[DayInfo] = []
    body: list[str] = []
    themes = _ThemeTotals()
    questions: list[str] = []
    actions: list[str] = []
    for section in sections:
        if infos and section.info.day <= infos[-1].day:
            raise ValueError("a range post takes days in date order, each once")
        infos.append(section.info)
        body += section.blocks
        themes.add(section.sessions, section.themes)
        questions += section.questions
        actions += section.actions
    if not infos:
        raise EmptyPostError("none of the days has notes to export")
    events = list(dict.fromkeys(visible_line(i.event) for i in infos if i.event.strip()))
    title = " and ".join(events) or f"Notes from {_span([i.day for i in infos])}"
    blocks = [f"# {one_line(title)}", _lead(infos), *body]
    totals = themes.totals()
    blocks += _closing(totals, questions, actions, by=by)
    tags = [t.theme for t in totals]
    return _document(blocks, title, infos[0].day, tags if with_front_matter else None)


class _ThemeTotals:
    """Theme counts summed over days, each theme's sessions in the order they came up."""

    def __init__(self) -> None:
        self._counts: dict[str, ThemeCount] = {}
        self._order: dict[str, int] = {}  # session title -> first appearance

    def add(self, sessions: Iterable[str], themes: Iterable[ThemeCount]) -> None:
        for title in sessions:
            self._order.setdefault(title, len(self._order))
        for t in themes:
            seen = self._counts.get(t.theme)
            if seen is None:
                self._counts[t.theme] = t
            else:
                sessions = tuple(dict.fromkeys((*seen.sessions, *t.sessions)))
                self._counts[t.theme] = replace(seen, count=seen.count + t.count, sessions=sessions)

    def totals(self) -> list[ThemeCount]:
        """Most frequent first, then by name, as in one day's summary."""
        ranked = sorted(self._counts.values(), key=lambda t: (-t.count, t.theme))
        return [
            replace(t, sessions=tuple(sorted(t.sessions, key=self._order.__getitem__)))
            for t in ranked
        ]


# -- the parts of a post ------------------------------------------------------------


def _document(blocks: list[str], title: str, day: date, tags: list[str] | None) -> str:
    head = front_matter(title, day, tags) if tags is not None else ""
    parts = [head]
    for block in blocks:
        if block:
            parts += (block, "\n\n")
    parts[-1] = "\n"  # the last separator ends the file (there is always a title block)
    return "".join(parts)  # one join: a long post is not copied twice


def _title(info: DayInfo) -> str:
    """'OSPOs for Good — UN Open Source Week', or whichever of the two is set."""
    parts = [visible_line(part) for part in (info.title, info.event) if part.strip()]
    return " — ".join(parts) or f"Notes from {_long_date(info.day)}"


def _lead(infos: Sequence[DayInfo]) -> str:
    """'Notes from 18 June 2024 at UN Open Source Week.'"""
    events = list(dict.fromkeys(visible_line(i.event) for i in infos if i.event.strip()))
    where = f" at {one_line(' and '.join(events))}" if events else ""
    return f"Notes from {_span([i.day for i in infos])}{where}."


def _body(summary: DaySummary, *, by: str, level: int) -> list[str]:
    if by not in LAYOUTS:
        raise ValueError(f"unknown layout {by!r}: use one of {LAYOUTS}")
    if by == "theme":
        return _by_theme(summary, level)
    blocks: list[str] = []
    for group in summary.sessions:
        notes = [n for n in group.notes if n.kind not in _AT_THE_END]
        if notes:
            blocks += _session(group, notes, level)
    return blocks


def _session(group: SessionGroup, notes: list[Note], level: int) -> list[str]:
    blocks = [f"{'#' * level} {one_line(group.title) or _NO_SESSION}"]
    speakers = [name for name in (one_line(s) for s in group.speakers) if name]
    if speakers:
        label = "Speaker" if len(speakers) == 1 else "Speakers"
        blocks.append(f"{label}: {_and(speakers)}.")
    if group.end is not None and group.start is not None:
        slot = f"{group.start:%H:%M}{_EN_DASH}{group.end:%H:%M}"
        room = one_line(group.room)
        blocks.append(f"{room}, {slot}." if room else f"{slot}.")
    return blocks + _notes(notes, with_source=False)


def _by_theme(summary: DaySummary, level: int) -> list[str]:
    """A section per theme (most frequent first); a note tagged twice shows twice."""
    notes = [n for group in summary.sessions for n in group.notes if n.kind not in _AT_THE_END]
    notes.sort(key=Note.sort_key)
    blocks: list[str] = []
    for theme in summary.themes:
        members = [n for n in notes if theme.theme in n.themes and one_line(theme.theme)]
        if members:
            blocks += [f"{'#' * level} {one_line(theme.theme)}", _theme_line(theme)]
            blocks += _notes(members, with_source=True)
    loose = [n for n in notes if not any(one_line(t) for t in n.themes)]
    if loose:
        blocks += [f"{'#' * level} {_NO_SESSION}", *_notes(loose, with_source=True)]
    return blocks


def _closing(
    themes: Sequence[ThemeCount], questions: Sequence[str], actions: Sequence[str], *, by: str
) -> list[str]:
    """Common themes (in the session layout), then open questions and follow-ups."""
    blocks: list[str] = []
    themes = [t for t in themes if one_line(t.theme)]  # a blank theme from a hand edit
    if by == "session" and themes:
        blocks.append("## Common themes")
        blocks.append("\n".join(f"- {_theme_bullet(t)}" for t in themes))
    for heading, items in (("Open questions", questions), ("To follow up", actions)):
        if items:
            blocks += [f"## {heading}", "\n".join(items)]
    return blocks


def _follow_up(note: Note, *, show_day: bool) -> str:
    """A question or an action as a bullet, with where (and when) it came up."""
    return f"- {inline(note.text, indent='  ')}{_source(note, show_day)}"


# -- notes ----------------------------------------------------------------------------


def _notes(notes: Iterable[Note], *, with_source: bool) -> list[str]:
    """Bullets, with each quote as its own blockquote between them (in time order)."""
    blocks: list[str] = []
    bullets: list[str] = []
    for note in notes:
        if note.kind == "quote":
            if bullets:
                blocks.append("\n".join(bullets))
                bullets = []
            blocks.append(_quote(note, with_source=with_source))
            continue
        text = inline(note.text, indent="  ")
        if note.kind == "highlight":
            text = f"**{text}**"
        bullets.append(f"- {text}{_source(note) if with_source else ''}")
    if bullets:
        blocks.append("\n".join(bullets))
    return blocks


def _quote(note: Note, *, with_source: bool) -> str:
    """'> words' then '> — Speaker' (and the session, in the theme layout)."""
    who = [one_line(s) for s in note.speakers]
    if with_source:
        who.append(one_line(note.session))
    who = [name for name in who if name]
    body = f"> {inline(note.text, indent='> ')}"
    return f"{body}\n>\n> — {', '.join(who)}" if who else body


def _source(note: Note, show_day: bool = False) -> str:
    """' (Opening keynote, Amandeep Singh Gill)': where a note was heard."""
    parts = [one_line(note.session), *(one_line(s) for s in note.speakers)]
    if show_day:
        parts.append(_long_date(note.day, year=False))
    parts = [part for part in parts if part]
    return f" ({', '.join(parts)})" if parts else ""


def _theme_line(theme: ThemeCount) -> str:
    """The line under a theme heading: its description and how often it came up."""
    count = _count(theme.count)
    if theme.description.strip():
        return f"{inline(theme.description)} ({count})"
    return f"{count[:1].upper()}{count[1:]}."


def _theme_bullet(theme: ThemeCount) -> str:
    """'**trust** (4 notes): description. Heard in A; B.'"""
    text = f"**{one_line(theme.theme)}** ({_count(theme.count)})"
    sentences = []
    if theme.description.strip():
        sentences.append(_sentence(one_line(theme.description)))
    sessions = "; ".join(name for name in (one_line(s) for s in theme.sessions) if name)
    if sessions:
        sentences.append(_sentence(f"{'Heard' if sentences else 'heard'} in {sessions}"))
    return f"{text}: {' '.join(sentences)}" if sentences else text


# -- words ----------------------------------------------------------------------------


def _count(n: int) -> str:
    return f"{n} note" if n == 1 else f"{n} notes"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _and(items: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _long_date(day: date, *, weekday: bool = False, year: bool = True) -> str:
    """'18 June 2024' in English whatever the locale, so output never varies."""
    text = f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def _span(days: Sequence[date]) -> str:
    """'18 June 2024', '17-19 June 2024', '30 June - 2 July 2024' (with en dashes)."""
    first, last = min(days), max(days)
    if first == last:
        return _long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{_EN_DASH}{_long_date(last)}"
    if first.year == last.year:
        return f"{_long_date(first, year=False)} {_EN_DASH} {_long_date(last)}"
    return f"{_long_date(first)} {_EN_DASH} {_long_date(last)}"
