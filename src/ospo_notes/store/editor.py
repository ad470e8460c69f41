"""Open $EDITOR on a scratch text, like `git commit` does, and return what was saved.

The scratch file is private (mkstemp: mode 0600) in the temp dir, and deleted whatever
happens; it lives in `store` with every other file ospo-notes touches.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from ospo_notes.errors import NotesError


def edit_text(initial: str, *, suffix: str = ".txt") -> str:
    """Run the user's editor on `initial` and return the saved text."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="ospo-notes-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            status = subprocess.call([*shlex.split(editor), str(path)])
        except OSError as err:
            raise NotesError(
                f"cannot start the editor {editor!r} ({err.strerror}): set $EDITOR, "
                "or give the text on the command line"
            ) from None
        if status != 0:
            raise NotesError(f"the editor {editor!r} exited with status {status}: nothing saved")
        data = path.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as err:
            raise NotesError(
                f"the editor saved bytes that are not UTF-8 ({data[err.start : err.end]!r}): "
                "set it to save UTF-8 and try again; nothing was saved"
            ) from None
    finally:
        path.unlink(missing_ok=True)


def keep_text(text: str, note_id: str) -> Path:
    """Save text typed in the editor that could not be applied, so it is never lost.

    A private file (mode 0600) beside the editor's scratch files; the error names it.
    """
    fd, name = tempfile.mkstemp(prefix=f"ospo-notes-edit-{note_id}-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)
    return Path(name)
