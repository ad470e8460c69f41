"""The default export: a day (or an event's days) as the post an attendee publishes.

Shaped like the seed post: the title and the author's intro (and who took the notes:
"Notes by Ana Lima and Ben Okoro."); the speakers, each
introduced once with role and organisation and followed by what they said (their
highlights and quotes); the highlights and common themes, one bullet per theme under
its title, most frequent first; the rest of the day by session; the author's closing.

Each note appears exactly once: a highlight or quote with its (first) speaker, else
under the first theme it was tagged with, else with the rest of the day. Questions
and actions are the author's own: they appear only when `kinds` asks for them, in
parts of their own before the closing. No counts, no tag syntax: the post is prose.
Pure: returns a string, the same bytes for the same notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ospo_notes.export.markdown import (
    PUBLIC_KINDS,
    EmptyPostError,
    document,
    first_theme,
    source,
)
from ospo_notes.export.markdown_text import inline, one_line, prose
from ospo_notes.export.words import (
    and_list,
    credits,
    day_heading,
    lead,
    paragraphs,
    range_title,
    sentence,
    theme_title,
    title,
)
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary.day import DaySummary, build_summary, ranked_authors
from ospo_notes.vocabulary.speakers import Speakers
from ospo_notes.vocabulary.themes import Vocabulary

SPEAKERS = "Speakers"
THEMES = "Highlights and common themes"
MORE = "More from the day"
QUESTIONS = "Open questions"
ACTIONS = "To follow up"
_WITH_SPEAKER = ("highlight", "quote")
_OWN = ("question", "action")


def day_post(
    day: Day,
    *,
    vocabulary: Vocabulary | None = None,
    speakers: Speakers | None = None,
    kinds: Sequence[str] = PUBLIC_KINDS,
    with_front_matter: bool = False,
    schedule: Sequence[ScheduleEntry] = (),
) -> str:
    """One day as the post: intro, speakers, themes, the rest, closing."""
    post = _Post(vocabulary, speakers, kinds)
    part = post.add_day(day, schedule, level=2, show_day=False)
    head = title(day.info)
    blocks = [] if with_front_matter else [f"# {one_line(head)}"]
    line = lead([day.info])
    blocks += author(day.info.intro) or ([] if line == f"{one_line(head)}." else [line])
    names = post.authors()
    blocks.append(credits(names))
    if part is not None:
        blocks += part.speakers
    blocks += post.themes(level=2)
    if part is not None:
        blocks += part.more
    blocks += post.own_parts(level=2)
    blocks += author(day.info.closing)
    tags = post.tags() if with_front_matter else None
    return document(blocks, head, day.day, tags, names)


def event_post(
    days: Iterable[Day],
    *,
    vocabulary: Vocabulary | None = None,
    speakers: Speakers | None = None,
    kinds: Sequence[str] = PUBLIC_KINDS,
    with_front_matter: bool = False,
    schedules: Mapping[date, Sequence[ScheduleEntry]] | None = None,
) -> str:
    """Several days of one event as one post: the first day's intro, a part per day
    (its speakers and the rest of its notes), the themes of all days, the last closing.

    `days` come in date order and are read one at a time: only the text of the post
    grows (themed notes wait, as text, for the themes part at the end).
    """
    schedules = schedules or {}
    post = _Post(vocabulary, speakers, kinds)
    infos: list[DayInfo] = []
    body: list[str] = []
    for day in days:
        if infos and day.day <= infos[-1].day:
            raise ValueError("an event post takes days in date order, each once")
        part = post.add_day(day, schedules.get(day.day, ()), level=3, show_day=True)
        if part is None:
            continue
        if infos:
            body += author(infos[-1].closing)  # a day's closing ends its own part
        body.append(f"## {day_heading(day.info)}")
        if infos:
            body += author(day.info.intro)
        infos.append(day.info)
        body += part.speakers + part.more
    if not infos:
        raise EmptyPostError("none of the days has notes to export")
    head = range_title(infos)
    blocks = [] if with_front_matter else [f"# {one_line(head)}"]
    blocks += author(infos[0].intro) or [lead(infos)]
    names = post.authors()
    blocks.append(credits(names))
    blocks += body
    blocks += post.themes(level=2)
    blocks += post.own_parts(level=2)
    blocks += author(infos[-1].closing)
    tags = post.tags() if with_front_matter else None
    return document(blocks, head, infos[0].day, tags, names)


def author(text: str) -> list[str]:
    """The author's own paragraphs (an intro or a closing) as post blocks."""
    return [prose(paragraph) for paragraph in paragraphs(text)]


@dataclass
class _DayPart:
    speakers: list[str]
    more: list[str]


@dataclass
class _Themed:
    """A theme's notes waiting for the themes part: (highlight first, order, bullet)."""

    notes: list[tuple[int, int, str]] = field(default_factory=list)


class _Post:
    """What the days of a post add up to: themed notes, counts, the author's own notes."""

    def __init__(
        self, vocabulary: Vocabulary | None, speakers: Speakers | None, kinds: Sequence[str]
    ) -> None:
        self.vocabulary = vocabulary or Vocabulary()
        self.speakers = speakers or Speakers()
        self.kinds = tuple(kinds)
        self.introduced: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.themed: dict[str, _Themed] = {}
        self.questions: list[str] = []
        self.actions: list[str] = []
        self.order = 0  # notes placed so far: keeps time order across days
        self.by_author: Counter[str] = Counter()  # notes per author, to credit them
        self._folded: dict[tuple[str, ...], tuple[str, ...]] = {}  # see _names

    def add_day(
        self, day: Day, schedule: Sequence[ScheduleEntry], *, level: int, show_day: bool
    ) -> _DayPart | None:
        """Place a day's notes; its speakers and the rest of its notes as blocks."""
        day = day.of_kinds(self.kinds)
        if not day.notes:
            return None
        summary = build_summary(day, self.vocabulary, schedule)
        self.by_author.update(dict(summary.authors))
        notes = sorted((n for group in summary.sessions for n in group.notes), key=Note.sort_key)
        self.counts.update({t.theme: t.count for t in summary.themes if one_line(t.theme)})
        said: dict[str, list[Note]] = {}
        rest: list[Note] = []
        for note in notes:
            self.order += 1
            names = self._names(note.speakers)
            if note.kind in _OWN:
                own = self.questions if note.kind == "question" else self.actions
                own.append(f"- {prose(note.text, indent='  ')}{source(note, show_day)}")
            elif note.kind in _WITH_SPEAKER and names:
                said.setdefault(names[0], []).append(note)
            elif theme := first_theme(note):
                rank = 0 if note.kind == "highlight" else 1
                bullet = f"  - {_bullet_text(note, indent='    ')}"
                self.themed.setdefault(theme, _Themed()).notes.append((rank, self.order, bullet))
            else:
                rest.append(note)
        return _DayPart(
            speakers=self._speakers_part(summary, notes, said, level),
            more=self._more_part(summary, rest, level),
        )

    def themes(self, *, level: int) -> list[str]:
        """One bullet per theme, most frequent first: title, description, its notes."""
        bullets = []
        for theme in self._ranked():
            placed = self.themed.get(theme)
            if placed is None:
                continue  # every note of it is shown with a speaker or another theme
            head = theme_title(self.vocabulary, theme)
            description = self.vocabulary.describe(theme)
            line = f"- **{sentence(head)}** {sentence(inline(description, indent='  '))}"
            if not description.strip():
                line = f"- **{head}**"
            notes = [bullet for _rank, _order, bullet in sorted(placed.notes)]
            bullets.append("\n".join([line, *notes]))
        return [f"{'#' * level} {THEMES}", "\n".join(bullets)] if bullets else []

    def own_parts(self, *, level: int) -> list[str]:
        """The open questions and follow-ups, when the post includes them."""
        blocks: list[str] = []
        for heading, items in ((QUESTIONS, self.questions), (ACTIONS, self.actions)):
            if items:
                blocks += [f"{'#' * level} {heading}", "\n".join(items)]
        return blocks

    def authors(self) -> tuple[str, ...]:
        """Who took the post's notes, most notes first: the credits and the front matter."""
        return ranked_authors(self.by_author)

    def tags(self) -> list[str]:
        """The front matter's tags: every theme of the post by its slug, most frequent first."""
        return self._ranked()

    def _ranked(self) -> list[str]:
        return [theme for theme, _ in sorted(self.counts.items(), key=lambda i: (-i[1], i[0]))]

    def _names(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """Speaker names with aliases folded; blank names (a hand edit) left out.

        Asked two or three times of every note, of the few speaker lists a day has.
        """
        folded = self._folded.get(names)
        if folded is None:
            folded = self.speakers.fold(name for name in names if one_line(name))
            self._folded[names] = folded
        return folded

    def _speakers_part(
        self, summary: DaySummary, notes: list[Note], said: dict[str, list[Note]], level: int
    ) -> list[str]:
        """Each speaker in the order they first spoke, introduced, then what they said."""
        blocks: list[str] = []
        for name, sessions in self._speaker_order(summary, notes).items():
            credit = self.speakers.credit(name)
            rest = credit[len(name) :] if credit.startswith(name) else ""
            if name in self.introduced:
                rest = ""  # a speaker of an earlier day: introduced there
            self.introduced.add(name)
            where = and_list([f"“{one_line(s)}”" for s in sessions]) if sessions else ""
            notes_of = said.get(name, [])
            rest = one_line(rest)
            if where:
                rest += f"{',' if rest else ''} in {where}"
            line = f"**{one_line(name)}**{rest}"
            blocks.append(line + (":" if notes_of else "."))
            blocks += _said(notes_of, self._names)
        return [f"{'#' * level} {SPEAKERS}", *blocks] if blocks else []

    def _speaker_order(self, summary: DaySummary, notes: list[Note]) -> dict[str, list[str]]:
        """Speakers (their notes' and the schedule's) by when they first spoke, and where."""
        heard = []
        for seq, note in enumerate(notes):
            for name in self._names(note.speakers):
                heard.append((note.sort_key(), seq, name, note.session))
        for group in summary.sessions:
            if group.start is not None and group.end is not None and group.notes:
                for name in self._names(group.speakers):  # on the schedule: they spoke
                    heard.append(((False, group.start), -1, name, group.title))
        heard.sort(key=lambda item: (item[0], item[1]))
        order: dict[str, list[str]] = {}
        for _at, _seq, name, session in heard:
            sessions = order.setdefault(name, [])
            if one_line(session) and session not in sessions:
                sessions.append(session)
        return order

    def _more_part(self, summary: DaySummary, rest: list[Note], level: int) -> list[str]:
        """The notes with no theme and no speaker to go with: loose ones, then by session."""
        if not rest:
            return []
        wanted = {note.id for note in rest}
        blocks = [f"{'#' * level} {MORE}"]
        loose = [note for note in rest if not one_line(note.session)]
        if loose:
            blocks.append(_bullets(loose))
        for group in summary.sessions:
            members = [note for note in group.notes if note.id in wanted]
            if members and one_line(group.title):
                blocks += [f"{'#' * (level + 1)} {one_line(group.title)}", _bullets(members)]
        return blocks


def _said(notes: list[Note], names_of: Callable[[tuple[str, ...]], tuple[str, ...]]) -> list[str]:
    """A speaker's highlights as bullets and quotes as attributed blockquotes."""
    blocks: list[str] = []
    bullets: list[str] = []
    for note in notes:
        if note.kind != "quote":
            bullets.append(f"- {prose(note.text, indent='  ')}")
            continue
        if bullets:
            blocks.append("\n".join(bullets))
            bullets = []
        who = ", ".join(one_line(name) for name in names_of(note.speakers))
        blocks.append(f"> {prose(note.text, indent='> ')}\n>\n> — {who}")
    if bullets:
        blocks.append("\n".join(bullets))
    return blocks


def _bullets(notes: Iterable[Note]) -> str:
    return "\n".join(f"- {_bullet_text(note, indent='  ')}" for note in notes)


def _bullet_text(note: Note, *, indent: str) -> str:
    """A note as a bullet's text; a quote (no speaker to credit here) in quotation marks."""
    text = prose(note.text, indent=indent)
    return f"“{text}”" if note.kind == "quote" else text
