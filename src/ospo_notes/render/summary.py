"""The day at a glance (`summary`) and themes across days (`themes`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from ospo_notes.notes.model import DayInfo, Note, hashtags
from ospo_notes.render.base import (
    KIND_MARKS,
    KIND_STYLES,
    clock,
    console,
    hashtag_line,
    show,
    speakers_of,
    titled_table,
)
from ospo_notes.summary.day import DaySummary
from ospo_notes.summary.themes import ThemesOverview
from ospo_notes.terminal_text import visible
from ospo_notes.vocabulary.themes import slug_words

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from ospo_notes.summary.day import SessionGroup, ThemeCount
    from ospo_notes.vocabulary.speakers import Speakers
    from ospo_notes.vocabulary.themes import Vocabulary


BAR_WIDTH = 12
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    """`count` out of `most` as a bar of `width` cells, in eighths of a cell."""
    if most <= 0 or count <= 0:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


MAX_SPARK = 24  # cells; longer spans are summed into buckets so the row stays readable
MAX_LISTED_DAYS = 8


def buckets(counts: Sequence[int], cells: int = MAX_SPARK) -> list[int]:
    """`counts` summed into at most `cells` consecutive buckets of near-equal size."""
    if len(counts) <= cells:
        return list(counts)
    edges = [round(i * len(counts) / cells) for i in range(cells + 1)]
    return [sum(counts[a:b]) for a, b in itertools.pairwise(edges)]


def sparkline(counts: Sequence[int]) -> str:
    """One cell per day (or per bucket of days), as high as its count ('·' for none)."""
    counts = buckets(counts)
    most = max(counts, default=0)
    return "".join(
        _SPARKS[max(0, round(n / most * len(_SPARKS)) - 1)] if n else "·" for n in counts
    )


@show.register(DaySummary)
def summary(data: DaySummary, *, brief: bool = False) -> None:
    """`ospo-notes summary`: the day at a glance; `brief`: highlights, themes and tally."""
    out = console()
    if data.is_empty:
        from rich.text import Text

        out.print(Text(f"{visible(data.info.heading())}: no notes yet."))
        return
    out.print(_header(data.info))
    credit = len(data.authors) > 1  # who took each note, when several people did
    for group in () if brief else data.sessions:
        out.print(_session_panel(group, data.people, credit=credit))
    if data.highlights:
        out.print()
        out.print(_highlights_panel(data.highlights, credit=credit))
    if data.themes:
        out.print()
        out.print(_themes_table(data.themes, data.words))
    follow_ups = (
        ("question", "Open questions", data.questions),
        ("action", "Action items", data.actions),
    )
    for kind, title, notes in () if brief else follow_ups:
        if notes:
            out.print()
            out.print(_follow_ups(kind, title, notes, credit=credit))
    out.print()
    out.print(_tally_line(data))


def _header(info: DayInfo) -> RenderableType:
    from rich.rule import Rule
    from rich.text import Text

    return Rule(Text(visible(info.heading()), style="bold"), style="bold")


def _session_panel(group: SessionGroup, people: Speakers, *, credit: bool) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    title = Text()
    if group.start:
        slot = group.start.strftime("%H:%M")
        if group.end:
            slot += group.end.strftime("–%H:%M")
        title.append(slot + "  ", style="dim")
    title.append(visible(group.title) or "Not in a session", style="bold")
    if group.speakers:
        title.append("  ·  " + visible(", ".join(group.speakers)), style="italic")
    if group.room:
        title.append("  ·  " + visible(group.room), style="dim")
    # roles are long: they go on a line of their own in the panel, which wraps
    credits = [_credit(name, people) for name in group.speakers if people.describe(name)]
    credit_line = Text(visible("; ".join(credits)), style="dim italic")
    if not group.notes:
        body = (
            Group(credit_line, Text("no notes", style="dim"))
            if credits
            else Text("no notes", style="dim")
        )
        return Panel(body, title=title, title_align="left", border_style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for note in group.notes:
        grid.add_row(
            Text(clock(note)),
            Text(KIND_MARKS[note.kind], style=KIND_STYLES[note.kind]),
            _body(note, group.speakers, credit=credit),
        )
    shown = Group(credit_line, grid) if credits else grid
    return Panel(shown, title=title, title_align="left", border_style="dim")


def _credit(name: str, people: Speakers) -> str:
    """'Amandeep Singh Gill (Under-Secretary-General ..., UN-ODET)', or the name alone."""
    about = people.describe(name)
    return f"{name} ({about})" if about else name


def _body(note: Note, session_speakers: Sequence[str] = (), *, credit: bool = False) -> Text:
    """A note's text, quotes with their speaker, themes after it, and with `credit` a dim
    '— Ana Lima' naming who took it; all shown as text."""
    from rich.text import Text

    style = "bold" if note.kind == "highlight" else KIND_STYLES[note.kind]
    text = Text()
    if note.kind == "quote":
        text.append(f"“{visible(note.text)}”", style=style)
        if note.speakers:
            text.append(f" — {speakers_of(note)}")
    else:
        text.append(visible(note.text), style=style)
        if note.speakers and tuple(note.speakers) != tuple(session_speakers):
            text.append(f" ({speakers_of(note)})", style="italic")
    written = set(hashtags(note.text))
    extra = [theme for theme in note.themes if theme not in written]
    if extra:
        text.append("  " + hashtag_line(extra), style="dim blue")
    if credit and note.author:
        text.append(f"  — {visible(note.author)}", style="dim")
    return text


def _highlights_panel(highlights: Sequence[Note], *, credit: bool) -> RenderableType:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=KIND_STYLES["highlight"])
    grid.add_column(ratio=1)
    for note in highlights:
        grid.add_row(
            Text(KIND_MARKS["highlight"]), _with_context(note, style="bold", credit=credit)
        )
    title = Text(f"{KIND_MARKS['highlight']} Highlights", style=KIND_STYLES["highlight"])
    return Panel(grid, title=title, title_align="left", border_style="yellow")


def _themes_table(themes: Sequence[ThemeCount], words: Vocabulary) -> RenderableType:
    from rich.text import Text

    table = titled_table("Common themes")
    table.add_column("theme", no_wrap=True, style="blue")
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH, style="cyan")
    table.add_column("what it is · where it came up", ratio=1)
    most = max(t.count for t in themes)
    for t in themes:
        about = _titled(t.theme, words.title(t.theme))
        if t.description:
            about.append(("\n" if about else "") + visible(t.description), style="italic")
        if t.sessions:
            sessions = "in " + "; ".join(visible(s) for s in t.sessions)
            about.append(("\n" if about else "") + sessions, style="dim")
        table.add_row(Text(visible(t.theme)), Text(str(t.count)), Text(bar(t.count, most)), about)
    return table


def _titled(theme: str, title: str) -> Text:
    """The theme's stored title in bold; nothing when it only says the slug in words."""
    from rich.text import Text

    shown = title if title and title != slug_words(theme) else ""
    return Text(visible(shown), style="bold")


def _with_context(note: Note, *, style: str = "", credit: bool = False) -> Text:
    """A note's text, with its session and speakers (and with `credit` its author) on a
    dim line under it."""
    from rich.text import Text

    cell = Text(visible(note.text), style=style)
    by = f"by {visible(note.author)}" if credit and note.author else ""
    where = " · ".join(part for part in (visible(note.session), speakers_of(note), by) if part)
    if where:
        cell.append("\n" + where, style="dim")
    return cell


def _follow_ups(kind: str, title: str, notes: Sequence[Note], *, credit: bool) -> RenderableType:
    """Open questions or action items: what to do after the day."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.title = Text(title, style="bold")
    table.title_justify = "left"
    table.add_column(no_wrap=True, style=KIND_STYLES[kind])
    table.add_column(ratio=1)
    for note in notes:
        table.add_row(Text(KIND_MARKS[kind]), _with_context(note, credit=credit))
    return table


def _tally_line(data: DaySummary) -> Text:
    from rich.text import Text

    tally = data.tally
    parts = [
        _plural(tally.notes, "note"),
        _plural(tally.highlights, "highlight"),
        _plural(tally.sessions, "session"),
        _plural(tally.speakers, "speaker"),
        _plural(tally.themes, "theme"),
    ]
    by_author = data.authors
    if by_author:  # "12 by Ana Lima · 9 by Ben Okoro", and the notes nobody signed
        parts += [f"{n} by {visible(name)}" for name, n in by_author]
        unsigned = tally.notes - sum(n for _name, n in by_author)
        if unsigned:
            parts.append(f"{unsigned} without author")
    return Text(" · ".join(parts), style="dim")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# -- themes across days ------------------------------------------------------------


@show.register(ThemesOverview)
def themes_overview(data: ThemesOverview) -> None:
    """`ospo-notes themes`: counts with bars, and per day when there are several days."""
    from rich.text import Text

    several = len(data.days) > 1
    table = titled_table(f"Themes {_span(data.days)}")
    widest = max((len(t.theme) for t in data.themes), default=5)
    table.add_column("theme", no_wrap=True, style="blue", min_width=min(widest, 30))
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH, style="cyan")
    if several:
        label = "by day" if len(data.days) <= MAX_SPARK else "over time"
        table.add_column(label, no_wrap=True, style="green")
        table.add_column("days")
    table.add_column("what it is", ratio=1)
    short = len({day.year for day in data.days}) == 1
    most = max(t.count for t in data.themes)
    for t in data.themes:
        row = [Text(visible(t.theme)), Text(str(t.count)), Text(bar(t.count, most))]
        if several:
            row += [Text(sparkline(t.by_day)), Text(_days_text(data.days_of(t), short=short))]
        about = _titled(t.theme, t.title)
        if t.description:
            about.append(("\n" if about else "") + visible(t.description), style="italic")
        if t.aliases:
            also = "also " + ", ".join(visible(a) for a in t.aliases)
            about.append(("\n" if about else "") + also, style="dim")
        table.add_row(*row, about)
    console().print(table)


def _days_text(days: Sequence[date], *, short: bool) -> str:
    """The days a theme came up on; past a handful, how many and from when to when."""
    shown = [d.strftime("%m-%d") if short else d.isoformat() for d in days]
    if len(shown) <= MAX_LISTED_DAYS:
        return " ".join(shown)
    return f"{len(shown)} days, {shown[0]} to {shown[-1]}"


def _span(days: Sequence[date]) -> str:
    if len(days) == 1:
        return f"on {days[0].isoformat()}"
    return f"from {days[0].isoformat()} to {days[-1].isoformat()} ({len(days)} days)"
