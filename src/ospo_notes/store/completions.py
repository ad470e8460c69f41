"""Cheap reads for shell completion: recent themes and speakers, today's session titles.

Completion runs on every Tab press, so themes and speakers are pulled from the raw bytes
of the latest day files with a regular expression instead of a full TOML parse.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.notes.codec import written_sessions
from ospo_notes.notes.sessions import session_folded
from ospo_notes.store.files import read_bytes
from ospo_notes.store.notes_store import NotesStore
from ospo_notes.store.schedule_store import ScheduleStore
from ospo_notes.store.speakers_file import read_speakers
from ospo_notes.store.themes_file import read_vocabulary
from ospo_notes.vocabulary.speakers import Speakers

RECENT_DAYS = 7
_QUOTED = re.compile(rb'"((?:[^"\\\n]|\\.)*)"')


def recent_themes(root: Path, days: int = RECENT_DAYS) -> list[str]:
    """Themes of the vocabulary file, then those used in the latest `days` day files."""
    return _recent(root, "themes", vocabulary_themes(root), days)


def recent_speakers(root: Path, days: int = RECENT_DAYS) -> list[str]:
    """Speakers of `speakers.toml` (names, then aliases), then those of the latest days."""
    try:
        known = read_speakers(root)
    except NotesError:  # completion never fails loudly
        known = Speakers()
    return _recent(root, "speakers", [*known.names(), *sorted(known.aliases)], days)


def _recent(root: Path, key: str, first: list[str], days: int) -> list[str]:
    """`first`, then the strings of the `key = [...]` arrays of the latest day files."""
    array = re.compile(rb"^" + key.encode() + rb"\s*=\s*\[(.*?)\]", re.MULTILINE | re.DOTALL)
    found = dict.fromkeys(first)
    for day in reversed(NotesStore(root).days()[-days:]):
        data = read_bytes(root / f"{day.isoformat()}.toml") or b""
        for values in array.findall(data):
            for raw in _QUOTED.findall(values):
                found.setdefault(raw.decode("utf-8", "replace"))
    return list(found)


def vocabulary_themes(root: Path) -> list[str]:
    """Themes and aliases of `themes.toml`; [] when it is missing or broken (completion
    never fails loudly)."""
    try:
        vocabulary = read_vocabulary(root)
    except NotesError:
        return []
    themes = dict.fromkeys(
        [*vocabulary.descriptions, *vocabulary.titles, *vocabulary.aliases.values()]
    )
    return [*themes, *vocabulary.aliases]


def session_titles(root: Path, day: date) -> list[str]:
    """The current session's title, the titles on `day`'s schedule in time order, then the
    sessions of `day`'s notes; each session once, however its notes spell it."""
    store = ScheduleStore(root)
    found: list[str] = []
    current = store.current_session()
    if current is not None:
        found.append(current.title)
    with contextlib.suppress(NotesError):  # a broken file must not break the shell's Tab key
        found += [entry.title for entry in store.read_day(day).entries]
    data = read_bytes(root / f"{day.isoformat()}.toml") or b""
    found += written_sessions(data)  # the lines ospo-notes writes; a hand edit may hide some
    titles: dict[str, str] = {}
    for title in found:
        titles.setdefault(session_folded(title), title)
    return list(titles.values())
