"""A day (or an event's days) as Markdown by session or by theme: the working layouts.

The default export is the post (`post.py`); these two are views for the author: a
section per session (or per theme) with its speakers, notes as bullets, highlights
in bold and quotes as attributed blockquotes; then the common themes, and the
questions and follow-ups when `--include` asks for them. Built from `DaySummary`, so
they tell the same story as the terminal view. Every piece of user text goes through
`markdown_text`; this module only lays out blocks. Pure: returns a string, the same
bytes for the same notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from ospo_notes.export.front_matter import front_matter
from ospo_notes.export.markdown_text import inline, one_line, prose
from ospo_notes.export.words import (
    EN_DASH,
    and_list,
    credits,
    day_heading,
    lead,
    long_date,
    range_title,
    sentence,
    theme_title,
    title,
)
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary.day import (
    DaySummary,
    SessionGroup,
    ThemeCount,
    authors_of,
    build_summary,
    ranked_authors,
)
from ospo_notes.vocabulary.themes import Vocabulary

PUBLIC_KINDS = ("note", "highlight", "quote")  # questions and actions are the author's own
LAYOUTS = ("session", "theme")
_AT_THE_END = ("question", "action")
_NO_SESSION = "Also noted"


class EmptyPostError(ValueError):
    """No day of a range had notes (of the kinds asked for): there is no post to write."""


def day_post(
    day: Day,
    *,
    vocabulary: Vocabulary | None = None,
    by: str = "session",
    kinds: Sequence[str] = PUBLIC_KINDS,
    with_front_matter: bool = False,
    schedule: Sequence[ScheduleEntry] = (),
) -> str:
    """One day by session (or theme), then its themes and, when included, loose ends.

    Sessions on `schedule` (the day's imported sessions) show their room and times.
    """
    words = vocabulary or Vocabulary()
    summary = build_summary(day.of_kinds(kinds), words, schedule)
    head = title(day.info)
    line = lead([day.info])
    blocks = [] if with_front_matter else [f"# {one_line(head)}"]
    blocks.append("" if line == f"{one_line(head)}." else line)
    names = authors_of(summary.notes)
    blocks.append(credits(names))
    blocks += _body(summary, words, by=by, level=2)
    questions = [_follow_up(n, show_day=False) for n in summary.questions]
    actions = [_follow_up(n, show_day=False) for n in summary.actions]
    blocks += _closing(summary.themes, words, questions, actions, by=by)
    tags = [t.theme for t in summary.themes]
    return document(blocks, head, day.day, tags if with_front_matter else None, names)


def range_post(
    days: Iterable[Day],
    *,
    vocabulary: Vocabulary | None = None,
    by: str = "session",
    kinds: Sequence[str] = PUBLIC_KINDS,
    with_front_matter: bool = False,
    schedules: Mapping[date, Sequence[ScheduleEntry]] | None = None,
) -> str:
    """Several days of one event as one post: a section per day, themes across all.

    `days` come in date order and are read one at a time, so a year of notes never
    sits in memory at once; only the text of the post grows.
    """
    words = vocabulary or Vocabulary()
    schedules = schedules or {}
    infos: list[DayInfo] = []
    body: list[str] = []
    themes = _ThemeTotals()
    questions: list[str] = []
    actions: list[str] = []
    by_author: Counter[str] = Counter()
    for whole in days:
        day = whole.of_kinds(kinds)
        if not day.notes:
            continue
        if infos and day.day <= infos[-1].day:
            raise ValueError("a range post takes days in date order, each once")
        infos.append(day.info)
        summary = build_summary(day, words, schedules.get(day.day, ()))
        by_author.update(dict(summary.authors))
        body += [f"## {day_heading(day.info)}", *_body(summary, words, by=by, level=3)]
        themes.add((group.title for group in summary.sessions), summary.themes)
        questions += (_follow_up(n, show_day=True) for n in summary.questions)
        actions += (_follow_up(n, show_day=True) for n in summary.actions)
    if not infos:
        raise EmptyPostError("none of the days has notes to export")
    head = range_title(infos)
    blocks = [] if with_front_matter else [f"# {one_line(head)}"]
    names = ranked_authors(by_author)
    blocks += [lead(infos), credits(names), *body]
    totals = themes.totals()
    blocks += _closing(totals, words, questions, actions, by=by)
    tags = [t.theme for t in totals]
    return document(blocks, head, infos[0].day, tags if with_front_matter else None, names)


class _ThemeTotals:
    """Theme counts summed over days, each theme's sessions in the order they came up."""

    def __init__(self) -> None:
        self._counts: dict[str, ThemeCount] = {}
        self._order: dict[str, int] = {}  # session title -> first appearance

    def add(self, sessions: Iterable[str], themes: Iterable[ThemeCount]) -> None:
        for name in sessions:
            self._order.setdefault(name, len(self._order))
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


def document(
    blocks: list[str],
    head: str,
    day: date,
    tags: list[str] | None,
    authors: Sequence[str] = (),
) -> str:
    """Blocks joined by blank lines, after the front matter when `tags` is not None."""
    parts = [front_matter(head, day, tags, authors) if tags is not None else ""]
    for block in blocks:
        if block:
            parts += (block, "\n\n")
    if len(parts) > 1:
        parts[-1] = "\n"  # the last separator ends the file
    return "".join(parts)  # one join: a long post is not copied twice


def _body(summary: DaySummary, words: Vocabulary, *, by: str, level: int) -> list[str]:
    if by not in LAYOUTS:
        raise ValueError(f"unknown layout {by!r}: use one of {LAYOUTS}")
    if by == "theme":
        return _by_theme(summary, words, level)
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
        blocks.append(f"{label}: {and_list(speakers)}.")
    if group.end is not None and group.start is not None:
        slot = f"{group.start:%H:%M}{EN_DASH}{group.end:%H:%M}"
        room = one_line(group.room)
        blocks.append(f"{room}, {slot}." if room else f"{slot}.")
    return blocks + _notes(notes, with_source=False)


def _by_theme(summary: DaySummary, words: Vocabulary, level: int) -> list[str]:
    """A section per theme (most frequent first), each note under its first theme only."""
    notes = [n for group in summary.sessions for n in group.notes if n.kind not in _AT_THE_END]
    notes.sort(key=Note.sort_key)
    placed: dict[str, list[Note]] = {}
    loose: list[Note] = []
    for note in notes:
        first = first_theme(note)
        (placed.setdefault(first, []) if first else loose).append(note)
    blocks: list[str] = []
    for theme in summary.themes:
        members = placed.get(theme.theme)
        if members:
            blocks.append(f"{'#' * level} {theme_title(words, theme.theme)}")
            if theme.description.strip():
                blocks.append(sentence(inline(theme.description)))
            blocks += _notes(members, with_source=True)
    if loose:
        blocks += [f"{'#' * level} {_NO_SESSION}", *_notes(loose, with_source=True)]
    return blocks


def first_theme(note: Note) -> str:
    """The theme a note was tagged with first ('' for none): where it goes by theme."""
    return next((theme for theme in note.themes if one_line(theme)), "")


def _closing(
    themes: Sequence[ThemeCount],
    words: Vocabulary,
    questions: Sequence[str],
    actions: Sequence[str],
    *,
    by: str,
) -> list[str]:
    """Common themes (in the session layout), then open questions and follow-ups."""
    blocks: list[str] = []
    themes = [t for t in themes if one_line(t.theme)]  # a blank theme from a hand edit
    if by == "session" and themes:
        blocks.append("## Common themes")
        blocks.append("\n".join(f"- {_theme_bullet(t, words)}" for t in themes))
    for heading, items in (("Open questions", questions), ("To follow up", actions)):
        if items:
            blocks += [f"## {heading}", "\n".join(items)]
    return blocks


def _follow_up(note: Note, *, show_day: bool) -> str:
    """A question or an action as a bullet, with where (and when) it came up."""
    return f"- {prose(note.text, indent='  ')}{source(note, show_day)}"


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
        text = prose(note.text, indent="  ")
        if note.kind == "highlight":
            text = f"**{text}**"
        bullets.append(f"- {text}{source(note) if with_source else ''}")
    if bullets:
        blocks.append("\n".join(bullets))
    return blocks


def _quote(note: Note, *, with_source: bool) -> str:
    """'> words' then '> — Speaker' (and the session, in the theme layout)."""
    who = [one_line(s) for s in note.speakers]
    if with_source:
        who.append(one_line(note.session))
    who = [name for name in who if name]
    body = f"> {prose(note.text, indent='> ')}"
    return f"{body}\n>\n> — {', '.join(who)}" if who else body


def source(note: Note, show_day: bool = False) -> str:
    """' (Opening keynote, Amandeep Singh Gill)': where a note was heard."""
    parts = [one_line(note.session), *(one_line(s) for s in note.speakers)]
    if show_day:
        parts.append(long_date(note.day, year=False))
    parts = [part for part in parts if part]
    return f" ({', '.join(parts)})" if parts else ""


def _theme_bullet(theme: ThemeCount, words: Vocabulary) -> str:
    """'**Trust** (4 notes): description. Heard in A; B.'"""
    text = f"**{theme_title(words, theme.theme)}** ({_count(theme.count)})"
    sentences = []
    if theme.description.strip():
        sentences.append(sentence(inline(theme.description, indent="  ")))
    sessions = "; ".join(name for name in (one_line(s) for s in theme.sessions) if name)
    if sessions:
        sentences.append(sentence(f"{'Heard' if sentences else 'heard'} in {sessions}"))
    return f"{text}: {' '.join(sentences)}" if sentences else text


def _count(n: int) -> str:
    return f"{n} note" if n == 1 else f"{n} notes"
