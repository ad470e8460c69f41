"""Cheap reads for shell completion: recent themes and today's session titles.

Completion runs on every Tab press, so themes are pulled from the raw bytes of the latest
day files with a regular expression instead of a full TOML parse.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import read_bytes
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.store.schedule_store import ScheduleStore

VOCABULARY_FILE = "themes.toml"
RECENT_DAYS = 7
_THEMES_ARRAY = re.compile(rb"^themes\s*=\s*\[(.*?)\]", re.MULTILINE | re.DOTALL)
_QUOTED = re.compile(rb'"((?:[^"\\\n]|\\.)*)"')


def recent_themes(root: Path, days: int = RECENT_DAYS) -> list[str]:
    """Themes of the vocabulary file, then those used in the latest `days` day files."""
    found = dict.fromkeys(vocabulary_themes(root))
    for day in reversed(NotesStore(root).days()[-days:]):
        data = read_bytes(root / f"{day.isoformat()}.toml") or b""
        for array in _THEMES_ARRAY.findall(data):
            for raw in _QUOTED.findall(array):
                found.setdefault(raw.decode("utf-8", "replace"))
    return list(found)


def vocabulary_themes(root: Path) -> list[str]:
    """Theme names in `themes.toml` (keys of its `themes` table or top-level tables, and
    alias names); [] when the file is missing or broken (completion never fails loudly)."""
    data = read_bytes(root / VOCABULARY_FILE)
    if not data:
        return []
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    themes = doc.get("themes", doc)
    names = [key for key, value in themes.items() if isinstance(value, dict | str)]
    aliases = doc.get("aliases", {})
    if isinstance(aliases, dict):
        names += [str(key) for key in aliases]
    return [name for name in names if name not in ("themes", "aliases", "format")]


def session_titles(root: Path, day: date) -> list[str]:
    """The current session's title, then the titles on `day`'s schedule, in time order."""
    store = ScheduleStore(root)
    titles: dict[str, None] = {}
    current = store.current_session()
    if current is not None:
        titles[current.title] = None
    try:
        entries = store.read_day(day).entries
    except NotesError:  # a broken file must not break the shell's Tab key
        entries = ()
    titles.update(dict.fromkeys(entry.title for entry in entries))
    return list(titles)
