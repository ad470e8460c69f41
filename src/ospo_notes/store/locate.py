"""Which notes dir a command uses, and why (the answer `ospo-notes where` prints)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import day_of_file

ENV_VAR = "OSPO_NOTES_DIR"
NOTES_FOLDER = "notes"
MARKERS = (".ospo-notes", "themes.toml", "speakers.toml", "schedule")
"""Names that make a `notes/` folder an ospo-notes folder (a day file does too)."""


@dataclass(frozen=True)
class NotesDirChoice:
    path: Path
    reason: str
    is_default: bool = False
    """The user data dir: the one place confirmations need not name."""
    searched: bool = False
    """Found by looking for `notes/` upward (or, that failing, the default)."""


def locate_notes_dir(option: Path | None = None) -> NotesDirChoice:
    """--notes-dir, then $OSPO_NOTES_DIR, then the nearest notes/ upward, then the XDG data dir.

    A relative $XDG_DATA_HOME is ignored, as the XDG spec says; an empty or relative
    $HOME is refused rather than read as the current folder.
    """
    if option is not None:
        return NotesDirChoice(_expanded(option, "--notes-dir"), "from --notes-dir")
    env = os.environ.get(ENV_VAR, "")
    if env:
        return NotesDirChoice(_expanded(Path(env), f"${ENV_VAR}"), f"from ${ENV_VAR}")
    found = find_notes_from_cwd()
    if found is not None:
        return found
    base = xdg_dir(os.environ, "XDG_DATA_HOME", lambda: _home() / ".local" / "share")
    return NotesDirChoice(
        base / "ospo-notes",
        "the user data dir (created on first write)",
        is_default=True,
        searched=True,
    )


def xdg_dir(env: Mapping[str, str], var: str, fallback: Callable[[], Path]) -> Path:
    """`$VAR` when it is an absolute path, else `fallback()`: the XDG spec says to ignore
    a relative one (and an empty one is unset)."""
    value = env.get(var, "")
    return Path(value) if value and Path(value).is_absolute() else fallback()


def _expanded(path: Path, source: str) -> Path:
    """`path` with `~` expanded, made absolute; a `~user` that does not exist is one line."""
    if str(path) == "~" or str(path).startswith("~/"):
        _home()  # an empty $HOME would make `~/x` the root's `/x`
    try:
        return path.expanduser().absolute()
    except RuntimeError:  # ~nosuchuser
        raise NotesError(
            f"{source} is {str(path)!r}, and {path.parts[0]} names no user on this machine: "
            "give the full path"
        ) from None


def _home() -> Path:
    """The home folder; $HOME set but empty or relative is a mistake, not the current folder."""
    home = os.environ.get("HOME")
    if home is not None and not Path(home).is_absolute():
        what = repr(home) + ", not an absolute path" if home else "empty"
        raise NotesError(
            f"$HOME is {what}: set HOME, or choose the notes folder with --notes-dir or ${ENV_VAR}"
        )
    return Path.home()


def current_folder() -> Path | None:
    """The current folder; None when it was deleted under us (then nothing is searched)."""
    try:
        return Path.cwd()
    except OSError:
        return None


def find_notes_from_cwd() -> NotesDirChoice | None:
    """`find_notes_upward` from the current folder."""
    start = current_folder()
    return None if start is None else find_notes_upward(start)


def find_notes_upward(start: Path) -> NotesDirChoice | None:
    """The nearest `notes/` in `start` or a parent that is an ospo-notes folder, like git's
    search for `.git`. A `notes/` of something else (beside a todo.md, say) is passed over.

    One stat per level without a `notes/`; one or two more where there is one.
    """
    for folder in (start, *start.parents):
        candidate = folder / NOTES_FOLDER
        if is_notes_folder(candidate):
            where = "in the current folder" if folder == start else "above the current folder"
            return NotesDirChoice(
                candidate, f"the nearest ospo-notes folder, {where}", searched=True
            )
    return None


def passed_over(chosen: Path) -> list[Path]:
    """The `notes/` folders from the current folder up to `chosen` that were not ours to use."""
    start = current_folder()
    if start is None:
        return []
    skipped = []
    for folder in (start, *start.parents):
        candidate = folder / NOTES_FOLDER
        if candidate == chosen:
            break
        if candidate.is_dir() and not is_notes_folder(candidate):
            skipped.append(candidate)
    return skipped


def is_notes_folder(path: Path) -> bool:
    """Whether `path` holds something only ospo-notes puts there."""
    try:
        if not path.is_dir():
            return False
        if any(os.path.lexists(path / name) for name in MARKERS):
            return True
        with os.scandir(path) as entries:
            return any(day_of_file(entry.name) is not None for entry in entries)
    except OSError:  # unreadable: not ours to use
        return False


def shown_path(path: Path) -> str:
    """`path` with the home folder as `~`, as people write it."""
    home = os.path.expanduser("~")  # noqa: PTH111 (gives "~" back, never raises)
    text = str(path)
    if home not in ("", "~", "/") and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home) :]
    return text


def folder_label(choice: NotesDirChoice) -> str:
    """How a confirmation names the notes dir: `notes/ in ~/talks`; empty for the default."""
    if choice.is_default:
        return ""
    path = choice.path
    if path.name == NOTES_FOLDER:
        return f"{NOTES_FOLDER}/ in {shown_path(path.parent)}"
    return shown_path(path)
