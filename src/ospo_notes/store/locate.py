"""Which notes dir a command uses, and why (the answer `ospo-notes where` prints)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "OSPO_NOTES_DIR"


@dataclass(frozen=True)
class NotesDirChoice:
    path: Path
    reason: str


def locate_notes_dir(option: Path | None = None) -> NotesDirChoice:
    """--notes-dir, then $OSPO_NOTES_DIR, then ./notes if present, then the XDG data dir."""
    if option is not None:
        return NotesDirChoice(option.expanduser().absolute(), "from --notes-dir")
    env = os.environ.get(ENV_VAR, "")
    if env:
        return NotesDirChoice(Path(env).expanduser().absolute(), f"from ${ENV_VAR}")
    local = Path("notes")
    if local.is_dir():
        return NotesDirChoice(local.absolute(), "./notes in the current directory")
    data_home = os.environ.get("XDG_DATA_HOME", "")
    base = Path(data_home) if data_home else Path.home() / ".local" / "share"
    return NotesDirChoice(base / "ospo-notes", "the user data dir (created on first write)")
