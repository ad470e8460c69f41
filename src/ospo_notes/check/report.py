"""Look over a whole notes dir and say what is wrong with it, where, and how to fix it.

`check` never changes a notes file (the next write cleans stale temp files); a
damaged index, derived from them, is rebuilt (`index.check`). What a finding looks
like, and how one file is read, is in `problems`.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ospo_notes.check.problems import (
    WARNING,
    Problem,
    Report,
    check_with,
    line_of,
    load_toml,
    stale_temp,
)
from ospo_notes.errors import DayFileError, NotesError, UsageError
from ospo_notes.index.check import index_damage
from ospo_notes.index.database import INDEX_FILE
from ospo_notes.notes import codec
from ospo_notes.notes.model import FORMAT, Day, normalize_theme, read_themes
from ospo_notes.schedule.sources import FILE_NAME as SOURCES_FILE
from ospo_notes.schedule.sources import parse_sources
from ospo_notes.store.files import (
    DAY_FILE,
    SCHEDULE_DIR,
    STATE_DIR,
    day_of_file,
    is_temp_name,
    read_bytes,
)
from ospo_notes.store.speakers_file import FILE_NAME as SPEAKERS_FILE
from ospo_notes.store.themes_file import FILE_NAME as VOCABULARY_FILE

# Names a person might give a day file by mistake: 2024-6-18.toml, 20240618.toml, 2024_06_18.TOML.
_DAYISH_NAME = re.compile(r"(\d{4})[-_.]?(\d{1,2})[-_.]?(\d{1,2})\.toml", re.IGNORECASE)


def check_notes_dir(root: Path) -> Report:
    """Every problem in `root`, file by file in name order."""
    if not root.is_dir():
        raise NotesError(f"{root} does not exist: no notes to check (see 'ospo-notes where')")
    problems: list[Problem] = []
    files = 0
    days_of_id: dict[str, list[date]] = {}
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        path = Path(entry.path)
        if is_temp_name(entry.name):
            problems.append(stale_temp(path))
        elif DAY_FILE.fullmatch(entry.name):
            files += 1
            found, parsed = _check_day(path)
            problems.extend(found)
            for note in parsed.notes if parsed is not None else ():
                days_of_id.setdefault(note.id, []).append(note.day)
        elif checker := _TOP_FILES.get(entry.name):
            files += 1
            problems.extend(checker(path))
        elif dayish := _DAYISH_NAME.fullmatch(entry.name):
            problems.append(_misnamed(path, dayish))
    schedule = root / SCHEDULE_DIR
    if schedule.is_dir():
        for entry in sorted(os.scandir(schedule), key=lambda e: e.name):
            named = _SCHEDULE_FILES.get(entry.name)
            if checker := check_schedule_file if DAY_FILE.fullmatch(entry.name) else named:
                files += 1
                problems.extend(checker(Path(entry.path)))
    problems.extend(_shared_ids(root, days_of_id))
    problems.extend(_check_state(root / STATE_DIR))
    problems.extend(_check_git(root))
    return Report(problems=tuple(problems), files=files)


def _check_state(state: Path) -> list[Problem]:
    """The derived-state folder: in the way as a file, a damaged index, stale temp files."""
    if state.exists() and not state.is_dir():
        return [
            Problem(
                state,
                "a file where ospo-notes keeps its lock and index folder, so no note can be saved",
                "move the file out of the notes dir; the folder is made again by itself",
            )
        ]
    problems = check_index(state.parent)
    if state.is_dir():
        for folder, _dirs, names in os.walk(state):
            problems.extend(stale_temp(Path(folder, n)) for n in sorted(names) if is_temp_name(n))
    return problems


def _check_git(root: Path) -> list[Problem]:
    """In a git working tree: the merge drivers that keep a pull from conflicting."""
    from ospo_notes.team.setup import setup_problems

    return [
        Problem(root, found.message, found.hint, severity=WARNING) for found in setup_problems(root)
    ]


Checker = Callable[[Path], list[Problem]]


def check_index(root: Path) -> list[Problem]:
    """The derived index against the day files: a damaged one is rebuilt, and a warning."""
    wrong = index_damage(root)
    if not wrong:
        return []
    path = root / STATE_DIR / INDEX_FILE
    return [Problem(path, wrong, "the index is only a cache of the day files", severity=WARNING)]


def check_day_file(path: Path) -> list[Problem]:
    """Problems of one `YYYY-MM-DD.toml` file (none when it reads cleanly)."""
    return _check_day(path)[0]


def _check_day(path: Path) -> tuple[list[Problem], Day | None]:
    """`check_day_file`, and the day when it reads (None when it does not)."""
    day = day_of_file(path.name)
    if day is None:
        problem = Problem(
            path,
            "not a real date, so ospo-notes never reads this file",
            "rename it to the day its notes belong to",
        )
        return [problem], None
    if path.is_dir():
        return [
            Problem(path, "a directory where a day file belongs", "move it out of the way")
        ], None
    found = []
    if path.is_symlink():
        found.append(
            Problem(
                path,
                "a symbolic link: ospo-notes reads it but will not write through it",
                "replace the link with the file it points to",
                severity=WARNING,
            )
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        unread = Problem(path, f"cannot be read: {err.strerror}", "check its permissions")
        return [*found, unread], None
    syntax, doc = load_toml(path, data)
    if syntax is not None:
        return [*found, syntax], None
    try:
        parsed = codec.day_from_document(doc, day=day, source=str(path))
    except DayFileError as err:
        message = str(err).removeprefix(f"{path}: ")
        return [*found, Problem(path, message, line=line_of(data, message))], None
    found.extend(_theme_problems(path, data, doc))
    if parsed.info.format > FORMAT:
        found.append(
            Problem(
                path,
                f"format {parsed.info.format} is newer than this ospo-notes "
                f"(format {FORMAT}): it is read but never changed",
                "upgrade ospo-notes",
                line=line_of(data, "'format'"),
                severity=WARNING,
            )
        )
    return found, parsed


def _theme_problems(path: Path, data: bytes, doc: dict[str, Any]) -> list[Problem]:
    """Themes stored other than as typed ones are (from an import or a hand edit).

    They read as their normal form (an empty one not at all), so only a warning; one
    that cannot be normalized is kept as typed, and `tag --remove` takes it as typed.
    """
    found = []
    notes = doc.get("notes", {})  # validated by the caller
    for note_id, table in notes.items():
        for theme in table.get("themes", []):
            where = f"note {note_id!r}"
            read = read_themes([theme])
            if read == (theme,):
                if _is_normal(theme):
                    continue
                message = f"{where}: theme {theme!r} is not a theme name, so it is kept as typed"
                hint = (
                    "rename it with letters, digits and '-', or remove it with: "
                    f"ospo-notes tag {path.stem}/{note_id} --remove {shlex.quote(theme)}"
                )
            elif not read:
                message = f"{where}: an empty theme, which is left out"
                hint = "delete it from the file; the next change to the day drops it"
            else:
                message = f"{where}: theme {theme!r} is read as {read[0]!r}"
                hint = f"write it as {read[0]!r}; the next change to the day does"
            found.append(
                Problem(path, message, hint, line=line_of(data, message), severity=WARNING)
            )
    return found


def _is_normal(theme: str) -> bool:
    try:
        return normalize_theme(theme) == theme
    except UsageError:
        return False


def _shared_ids(root: Path, days_of_id: dict[str, list[date]]) -> list[Problem]:
    """Ids on more than one day: commands need DAY/ID (or --day) to choose the note."""
    found = []
    for note_id, days in sorted(days_of_id.items()):
        if len(days) < 2:
            continue
        named = ", ".join(f"{day}/{note_id}" for day in days)
        for day in days:
            path = root / f"{day}.toml"
            message = f"note {note_id!r}: the same id is on {len(days)} days ({named})"
            hint = f"commands take it as DAY/ID, e.g. 'ospo-notes edit {day}/{note_id}'"
            line = line_of(read_bytes(path) or b"", message)
            found.append(Problem(path, message, hint, line=line, severity=WARNING))
    return found


def check_vocabulary_file(path: Path) -> list[Problem]:
    """The theme vocabulary: syntax, then its own rules (no alias under two themes...)."""
    from ospo_notes.store.themes_file import read_vocabulary

    return check_with(path, lambda _data: read_vocabulary(path.parent))


def check_speakers_file(path: Path) -> list[Problem]:
    """The speaker vocabulary: syntax, then its own rules (one-line roles, no loops...)."""
    from ospo_notes.store.speakers_file import read_speakers

    return check_with(path, lambda _data: read_speakers(path.parent))


def check_schedule_file(path: Path) -> list[Problem]:
    """One imported schedule day (`schedule/YYYY-MM-DD.toml`)."""
    from ospo_notes.schedule.stored import parse_schedule_day

    day = day_of_file(path.name)
    if day is None:
        return [
            Problem(
                path,
                "not a real date, so ospo-notes never reads this schedule file",
                "rename it to the day of its sessions, or delete it and import the schedule again",
            )
        ]
    return check_with(path, lambda data: parse_schedule_day(data, day=day, source=str(path)))


def check_sources_file(path: Path) -> list[Problem]:
    """`schedule/sources.toml`, the URLs `schedule update` fetches again."""
    return check_with(path, lambda data: parse_sources(data, str(path)))


def _misnamed(path: Path, match: re.Match[str]) -> Problem:
    year, month, day = (int(part) for part in match.groups())
    try:
        wanted = f"{date(year, month, day).isoformat()}.toml"
    except ValueError:
        wanted = "YYYY-MM-DD.toml"
    return Problem(
        path,
        "looks like a day file but is not named YYYY-MM-DD.toml, so its notes are never read",
        f"rename it to {wanted}",
    )


_TOP_FILES: dict[str, Checker] = {
    VOCABULARY_FILE: check_vocabulary_file,
    SPEAKERS_FILE: check_speakers_file,
}
_SCHEDULE_FILES: dict[str, Checker] = {SOURCES_FILE: check_sources_file}
