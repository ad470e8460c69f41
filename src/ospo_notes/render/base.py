"""What every view shares: kind marks, the console, and text that is shown as text.

Note text is user text: it is always shown as text (markup and escape sequences
are displayed, never interpreted).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ospo_notes.model import Note

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
