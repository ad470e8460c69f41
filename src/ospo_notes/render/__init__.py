"""Everything the terminal shows, drawn with Rich: the only package that imports Rich.

Rich itself is imported inside the functions that draw, so importing this package
costs no start-up time on the capture path.
"""

from ospo_notes.render.base import KIND_MARKS, KIND_STYLES, console
from ospo_notes.render.lists import day_line, notes_table, schedule_table, speakers_table
from ospo_notes.render.progress import (
    DownloadProgress,
    IndexProgress,
    download_progress,
    index_progress,
)
from ospo_notes.render.summary import bar, sparkline, summary, themes_overview
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
    "notes_table",
    "schedule_table",
    "sparkline",
    "speakers_table",
    "summary",
    "themes_overview",
    "visible",
]
