"""`ospo-notes init`: make a folder an ospo-notes folder on purpose.

A `notes/` is found from the folders below it only when it holds something of ours
(see `locate.find_notes_upward`); `init` puts the state folder there, which is enough.
"""

from __future__ import annotations

from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import STATE_DIR, locked, write_errors


def init_notes_dir(path: Path) -> bool:
    """Create `path` and its state folder (with its .gitignore); False when both were there."""
    if path.exists() and not path.is_dir():
        raise NotesError(f"{path} is a file, not a folder: give a folder for the notes to init")
    had = (path / STATE_DIR / ".gitignore").is_file()
    with write_errors(path):
        path.mkdir(parents=True, exist_ok=True)
    with locked(path):  # creates .ospo-notes/ and its .gitignore, as every write does
        pass
    return not had
