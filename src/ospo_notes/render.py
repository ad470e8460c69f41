"""Everything the terminal shows, drawn with Rich. The only module that imports Rich.

Note text is user text: it is always shown as text (markup and escape sequences
are displayed, never interpreted).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ospo_notes.model import DayInfo, Note, hashtags
from ospo_notes.schedule.entry import ScheduleEntry

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from ospo_notes.overview import ThemesOverview
    from ospo_notes.summary import DaySummary, SessionGroup, ThemeCount

KIND_MARKS = {"note": "·", "highlight": "★", "quote": "❝", "question": "?", "action": "→"}
KIND_STYLES = {
    "note": "",
    "highlight": "bold yellow",
    "quote": "italic cyan",
    "question": "magenta",
    "action": "green",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """Control characters as `\\x1b`-style escapes, so a note cannot drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def console(*, stderr: bool = False) -> Console:
    """A console that follows the terminal: colour on a TTY, plain text when piped.

    `NO_COLOR` turns off every escape code (bold and italics too), not only colours,
    so the output is the same plain text as when piped.
    """
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
    )


def notes_table(notes: Sequence[Note], *, title: str = "", show_day: bool = False) -> None:
    """`ospo-notes list`: one row a note, the id first so it can be copied.

    The note gets the width; its session and themes go on a dim line under it, so
    nothing is cut short at 80 columns.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(visible(title)) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        leading=1,
        expand=True,
    )
    table.add_column("id", style="dim", no_wrap=True)
    if show_day:
        table.add_column("day", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("note", ratio=1)
    for note in notes:
        row = [Text(note.id)]
        if show_day:
            row.append(Text(note.day.isoformat()))
        row += [
            Text(_clock(note)),
            Text(f"{KIND_MARKS[note.kind]} {note.kind}", style=KIND_STYLES[note.kind]),
            _note_cell(note),
        ]
        table.add_row(*row)
    console().print(table)


def _note_cell(note: Note) -> Text:
    from rich.text import Text

    cell = Text(visible(note.text))
    context = " · ".join(part for part in (visible(note.session), _speakers(note)) if part)
    tags = _tags(note.themes)
    if context or tags:
        cell.append("\n")
        cell.append(context, style="dim")
        cell.append(("  " if context and tags else "") + tags, style="dim blue")
    return cell


def _clock(note: Note) -> str:
    return note.time.strftime("%H:%M") if note.time else ""


def _speakers(note: Note) -> str:
    return visible(", ".join(note.speakers))


def _tags(themes: Sequence[str]) -> str:
    return " ".join(f"#{visible(theme)}" for theme in themes)


def day_line(info: DayInfo, count: int) -> None:
    """`ospo-notes day`: what the day is called and how much it holds."""
    from rich.text import Text

    notes = f"{count} note" + ("" if count == 1 else "s")
    console().print(Text(f"{visible(info.heading())} ({notes})"))


# -- the day's summary -------------------------------------------------------------

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


def sparkline(counts: Sequence[int]) -> str:
    """One cell per day, as high as that day's count ('·' for none)."""
    most = max(counts, default=0)
    return "".join(
        _SPARKS[max(0, round(n / most * len(_SPARKS)) - 1)] if n else "·" for n in counts
    )


def summary(data: DaySummary) -> None:
    """`ospo-notes summary`: the day at a glance."""
    out = console()
    if data.is_empty:
        from rich.text import Text

        out.print(Text(f"{visible(data.info.heading())}: no notes yet."))
        return
    out.print(_header(data.info))
    for group in data.sessions:
        out.print(_session_panel(group))
    if data.highlights:
        out.print()
        out.print(_highlights_panel(data.highlights))
    if data.themes:
        out.print()
        out.print(_themes_table(data.themes))
    for kind, title, notes in (
        ("question", "Open questions", data.questions),
        ("action", "Action items", data.actions),
    ):
        if notes:
            out.print()
            out.print(_follow_ups(kind, title, notes))
    out.print()
    out.print(_tally_line(data))


def _header(info: DayInfo) -> RenderableType:
    from rich.rule import Rule
    from rich.text import Text

    return Rule(Text(visible(info.heading()), style="bold"), style="bold")


def _session_panel(group: SessionGroup) -> RenderableType:
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
    if not group.notes:
        return Panel(
            Text("no notes", style="dim"), title=title, title_align="left", border_style="dim"
        )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for note in group.notes:
        grid.add_row(
            Text(_clock(note)),
            Text(KIND_MARKS[note.kind], style=KIND_STYLES[note.kind]),
            _body(note, group.speakers),
        )
    return Panel(grid, title=title, title_align="left", border_style="dim")


def _body(note: Note, session_speakers: Sequence[str] = ()) -> Text:
    """A note's text, quotes with their speaker, themes after it; all shown as text."""
    from rich.text import Text

    style = "bold" if note.kind == "highlight" else KIND_STYLES[note.kind]
    text = Text()
    if note.kind == "quote":
        text.append(f"“{visible(note.text)}”", style=style)
        if note.speakers:
            text.append(f" — {_speakers(note)}")
    else:
        text.append(visible(note.text), style=style)
        if note.speakers and tuple(note.speakers) != tuple(session_speakers):
            text.append(f" ({_speakers(note)})", style="italic")
    written = set(hashtags(note.text))
    extra = [theme for theme in note.themes if theme not in written]
    if extra:
        text.append("  " + _tags(extra), style="dim blue")
    return text


def _highlights_panel(highlights: Sequence[Note]) -> RenderableType:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=KIND_STYLES["highlight"])
    grid.add_column(ratio=1)
    for note in highlights:
        grid.add_row(Text(KIND_MARKS["highlight"]), _with_context(note, style="bold"))
    title = Text(f"{KIND_MARKS['highlight']} Highlights", style=KIND_STYLES["highlight"])
    return Panel(grid, title=title, title_align="left", border_style="yellow")


def _themes_table(themes: Sequence[ThemeCount]) -> RenderableType:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text("Common themes", style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=True,
    )
    table.add_column("theme", no_wrap=True, style="blue")
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH, style="cyan")
    table.add_column("what it is · where it came up", ratio=1)
    most = max(t.count for t in themes)
    for t in themes:
        about = Text(visible(t.description), style="italic")
        if t.sessions:
            sessions = "in " + "; ".join(visible(s) for s in t.sessions)
            about.append(("\n" if t.description else "") + sessions, style="dim")
        table.add_row(Text(visible(t.theme)), Text(str(t.count)), Text(bar(t.count, most)), about)
    return table


def _with_context(note: Note, *, style: str = "") -> Text:
    """A note's text, with its session and speakers on a dim line under it."""
    from rich.text import Text

    cell = Text(visible(note.text), style=style)
    where = " · ".join(part for part in (visible(note.session), _speakers(note)) if part)
    if where:
        cell.append("\n" + where, style="dim")
    return cell


def _follow_ups(kind: str, title: str, notes: Sequence[Note]) -> RenderableType:
    """Open questions or action items: what to do after the day."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.title = Text(title, style="bold")
    table.title_justify = "left"
    table.add_column(no_wrap=True, style=KIND_STYLES[kind])
    table.add_column(ratio=1)
    for note in notes:
        table.add_row(Text(KIND_MARKS[kind]), _with_context(note))
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
    return Text(" · ".join(parts), style="dim")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# -- themes across days ------------------------------------------------------------


def themes_overview(data: ThemesOverview) -> None:
    """`ospo-notes themes`: counts with bars, and per day when there are several days."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    several = len(data.days) > 1
    table = Table(
        title=Text(f"Themes {_span(data.days)}", style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=True,
    )
    table.add_column("theme", no_wrap=True, style="blue")
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH, style="cyan")
    if several:
        table.add_column("by day", no_wrap=True, style="green")
        table.add_column("days")
    table.add_column("what it is", ratio=1)
    short = len({day.year for day in data.days}) == 1
    most = max(t.count for t in data.themes)
    for t in data.themes:
        row = [Text(visible(t.theme)), Text(str(t.count)), Text(bar(t.count, most))]
        if several:
            shown = [d.strftime("%m-%d") if short else d.isoformat() for d in data.days_of(t)]
            row += [Text(sparkline(t.by_day)), Text(" ".join(shown))]
        about = Text(visible(t.description), style="italic")
        if t.aliases:
            also = "also " + ", ".join(visible(a) for a in t.aliases)
            about.append(("\n" if t.description else "") + also, style="dim")
        table.add_row(*row, about)
    console().print(table)


def _span(days: Sequence[date]) -> str:
    if len(days) == 1:
        return f"on {days[0].isoformat()}"
    return f"from {days[0].isoformat()} to {days[-1].isoformat()} ({len(days)} days)"


def schedule_table(entries: Sequence[ScheduleEntry], *, day: date, current_id: str = "") -> None:
    """`ospo-notes schedule show`: a day's sessions; ▶ marks the one you are in."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Schedule · {day.isoformat()}", title_justify="left")
    table.add_column("", no_wrap=True)
    table.add_column("start", no_wrap=True)
    table.add_column("end", no_wrap=True)
    table.add_column("room")
    table.add_column("title", ratio=1)
    table.add_column("speakers")
    table.add_column("track")
    for entry in entries:
        here = entry.id == current_id
        table.add_row(
            Text("▶" if here else ""),
            Text(_schedule_clock(entry.start, day)),
            Text(_schedule_clock(entry.end, day)),
            Text(visible(entry.room)),
            Text(visible(entry.title), style="bold" if here else ""),
            Text(visible(", ".join(entry.speakers))),
            Text(visible(entry.track), style="dim"),
        )
    console().print(table)


def _schedule_clock(stamp: datetime, day: date) -> str:
    """HH:MM, with +1 for a time after midnight of the listed day."""
    later = (stamp.date() - day).days
    return stamp.strftime("%H:%M") + (f"+{later}" if later > 0 else "")


class IndexProgress:
    """A progress bar on stderr while the index catches up with many files.

    Called as (done, total); Rich is imported only once there is a bar to draw.
    """

    MIN_FILES = 20  # below this the index catches up too fast to need a bar

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < self.MIN_FILES or done >= total:
                return
            from rich.progress import Progress

            self._bar = Progress(console=console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("Indexing day files", total=total)
        self._bar.update(self._task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Take the bar off the terminal (also when the command failed half-way)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def index_progress() -> IndexProgress | None:
    """A progress callback for the index, only when stderr is a terminal."""
    return IndexProgress() if sys.stderr.isatty() else None
