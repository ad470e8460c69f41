"""Everything the terminal shows, drawn with Rich: the only package that imports Rich.

A command's result is drawn by `show(result)`, one function for every result type;
the modules that draw them register their views with it when they are imported here.
Rich itself is imported inside the functions that draw, so importing this package
costs no start-up time on the capture path.
"""

from ospo_notes.render import lists, summary  # noqa: F401 (they register their views with show)
from ospo_notes.render.base import KIND_MARKS, KIND_STYLES, console, show
from ospo_notes.render.lists import day_line
from ospo_notes.render.progress import (
    DownloadProgress,
    IndexProgress,
    download_progress,
    index_progress,
)
from ospo_notes.render.summary import bar, sparkline
from ospo_notes.terminal_text import visible

__all__ = [
    "KIND_MARKS",
    "KIND_STYLES",
    "DownloadProgress",
    "IndexProgress",
    "bar",
    "console",
    "day_line",
    "download_progress",
    "index_progress",
    "show",
    "sparkline",
    "visible",
]
