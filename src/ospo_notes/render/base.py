"""What every view shares: `show`, kind marks, the console, and text that is shown as text.

Note text is user text: it is always shown as text (markup and escape sequences
are displayed, never interpreted).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ospo_notes.notes.model import Note
from ospo_notes.terminal_text import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

KIND_MARKS = {"note": "·", "highlight": "★", "quote": "❝", "question": "?", "action": "→"}
KIND_STYLES = {
    "note": "",
    "highlight": "bold yellow",
    "quote": "italic cyan",
    "question": "magenta",
    "action": "green",
}
WIDTHS = (40, 500)
"""The narrowest and widest a view is drawn, in columns."""


def console(*, stderr: bool = False) -> Console:
    """A console that follows the terminal: colour on a TTY (and in its pager), plain when piped.

    `NO_COLOR` turns off every escape code (bold and italics too), not only colours,
    so the output is the same plain text as when piped. The width (the terminal's, or
    `$COLUMNS`) is held to `WIDTHS`: at 0 columns Rich draws nothing, at 1 it drops the
    text, and at millions it spends minutes padding lines.
    """
    from rich.console import Console

    from ospo_notes.render.pager import is_paging

    plain = bool(os.environ.get("NO_COLOR"))
    out = Console(
        file=sys.stderr if stderr else sys.stdout,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
        force_terminal=True if is_paging() and not stderr else None,  # `less -R` shows colours
    )
    out.width = min(max(out.width, WIDTHS[0]), WIDTHS[1])
    return out


@functools.singledispatch
def show(result: object, **_view: Any) -> None:
    """Draw a command's result on the terminal: the one text renderer of every result.

    Each result type registers its view (`@show.register(DaySummary)`) in the module
    that draws it; keyword arguments are that view's own options (the summary's
    `brief`, a table's `title`). JSON is not drawn here: it is the result's `to_dict()`.
    """
    raise TypeError(f"no terminal view for {type(result).__name__}")


def titled_table(title: str) -> Table:
    """A borderless table under a bold title, as wide as the terminal (the counts views)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    return Table(
        title=Text(title, style="bold"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        expand=True,
    )


def clock(note: Note) -> str:
    """A note's time as HH:MM (blank when it has none)."""
    return note.time.strftime("%H:%M") if note.time else ""


def speakers_of(note: Note) -> str:
    """A note's speakers, comma-separated, shown as text."""
    return visible(", ".join(note.speakers))


def hashtag_line(themes: Sequence[str]) -> str:
    """Themes as `#theme #theme`, shown as text."""
    return " ".join(f"#{visible(theme)}" for theme in themes)
