"""Git's conflict markers as the merge driver writes them, and what `check` says they hold.

The driver marks only the piece both sides changed: one `[notes.ID]` table, one
`[themes.NAME]` entry, one header line. `conflict_places` reads the marked pieces back,
so a message can name the note instead of only a line number. Pure.
"""

from __future__ import annotations

import re

OURS, MIDDLE, THEIRS = "<<<<<<< ours", "=======", ">>>>>>> theirs"
_TABLE = re.compile(r"^\[\s*(notes|themes|speakers|sessions|events)\.(.+?)\s*\]\s*$")
_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
_NOUNS = {
    "notes": "note",
    "themes": "theme",
    "speakers": "speaker",
    "sessions": "session",
    "events": "event",
}


def marked(ours: str, theirs: str) -> str:
    """Both versions of one piece between markers (each ends with a newline or is empty)."""
    ours, theirs = ours.strip("\n"), theirs.strip("\n")
    ours, theirs = (f"{side}\n" if side else "" for side in (ours, theirs))
    return f"{OURS}\n{ours}{MIDDLE}\n{theirs}{THEIRS}\n"


def conflict_places(text: str) -> list[str]:
    """What each marked piece of `text` is: "note k3m9x2ab", "theme trust", "'title'"."""
    places: list[str] = []
    inside = False
    found = ""
    for line in text.splitlines():
        if line.startswith("<<<<<<<"):
            inside, found = True, ""
        elif line.startswith(">>>>>>>"):
            inside = False
            places.append(found or "a piece of the file")
        elif inside and not found and not line.startswith("======="):
            found = _place(line.strip())
    return list(dict.fromkeys(places))


def _place(line: str) -> str:
    table = _TABLE.match(line)
    if table:
        name = table.group(2).strip().strip("\"'")
        return f"{_NOUNS[table.group(1)]} {name}"
    key = _KEY.match(line)
    return f"'{key.group(1)}'" if key else ""
