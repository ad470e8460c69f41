"""Which notes dir a command uses, and why (the answer `ospo-notes where` prints)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError

ENV_VAR = "OSPO_NOTES_DIR"


@dataclass(frozen=True)
class NotesDirChoice:
    path: Path
    reason: str


def locate_notes_dir(option: Path | None = None) -> NotesDirChoice:
    """--notes-dir, then $OSPO_NOTES_DIR, then ./notes if present, then the XDG data dir.

    A relative $XDG_DATA_HOME is ignored, as the XDG spec says; an empty or relative
    $HOME is refused rather than read as the current folder.
    """
    if option is not None:
        return NotesDirChoice(_expanded(option, "--notes-dir"), "from --notes-dir")
    env = os.environ.get(ENV_VAR, "")
    if env:
        return NotesDirChoice(_expanded(Path(env), f"${ENV_VAR}"), f"from ${ENV_VAR}")
    local = Path("notes")
    if local.is_dir():
        return NotesDirChoice(local.absolute(), "./notes in the current directory")
    data_home = Path(os.environ.get("XDG_DATA_HOME", ""))
    base = data_home if data_home.is_absolute() else _home() / ".local" / "share"
    return NotesDirChoice(base / "ospo-notes", "the user data dir (created on first write)")


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
