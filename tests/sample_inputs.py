"""The sample notes dir as the post sees it: the day with its intro and closing, theme
titles, and speakers with roles, read from the files in the shapes agreed for issue 11.

The store learns to read `intro`/`closing`, theme `title`s and `speakers.toml` in
another branch; until then these are read here from the same files, so the post's
golden files show the sample exactly as `export` will once the store reads them.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

from ospo_notes.model import Day
from ospo_notes.speakers import Speakers
from ospo_notes.store import NotesStore
from ospo_notes.themes import Vocabulary

SAMPLE_DAY = date(2024, 6, 18)


def sample_day(root: Path, day: date = SAMPLE_DAY) -> Day:
    """The day with its intro and closing (read by the codec, else from its unknown keys)."""
    read = NotesStore(root).read_day(day)
    info = read.info
    intro = info.intro or str(info.extra.get("intro", ""))
    closing = info.closing or str(info.extra.get("closing", ""))
    return replace(read, info=replace(info, intro=intro, closing=closing))


def sample_vocabulary(root: Path) -> Vocabulary:
    """The store's vocabulary with each theme's `title` from themes.toml."""
    words = NotesStore(root).vocabulary()
    themes = tomllib.loads((root / "themes.toml").read_text(encoding="utf-8"))["themes"]
    titles = {name: table["title"] for name, table in themes.items() if "title" in table}
    return replace(words, titles={**titles, **words.titles})


def sample_speakers(root: Path) -> Speakers:
    """`speakers.toml`: `[speakers."Name"]` tables with role, org and aliases."""
    tables = tomllib.loads((root / "speakers.toml").read_text(encoding="utf-8"))["speakers"]
    return Speakers(
        roles={name: t["role"] for name, t in tables.items() if "role" in t},
        orgs={name: t["org"] for name, t in tables.items() if "org" in t},
        aliases={alias: name for name, t in tables.items() for alias in t.get("aliases", [])},
    )
