"""Files the user names on the command line: an export to write, an export to read.

Not the notes dir, so no lock; the same atomic replace as day files, so a crash
leaves the old file or the new one, never half a post.
"""

from __future__ import annotations

from pathlib import Path

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.store.files import replace_atomically


def write_output(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path`; an existing file is replaced only with `force`."""
    if path.is_dir():
        raise NotesError(f"{path} is a directory: give a file name, e.g. {path / 'post.md'}")
    if path.is_symlink():
        raise NotesError(f"{path} is a symbolic link: give the real file's path")
    if path.exists() and not force:
        raise NotesError(f"{path} already exists: add --force to replace it")
    if not path.parent.is_dir():
        raise NotesError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        replace_atomically(path, data)
    except NotesError as err:
        message = str(err).replace(
            "make the notes dir writable, or choose another with --notes-dir",
            "choose a folder you can write to",
        )
        raise NotesError(message.replace("check the notes dir", "check the path")) from None


def read_user_file(path: Path, hint: str, *, limit: int | None = None) -> bytes:
    """The bytes of a file named on the command line; a wrong name is a usage error.

    With `limit`, at most `limit + 1` bytes are read: enough for the caller to see the file
    is too large without holding all of a huge one in memory.
    """
    try:
        with path.open("rb") as file:
            return file.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist: {hint}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory: {hint}") from None
    except OSError as err:
        raise NotesError(f"cannot read {path}: {err.strerror}") from None


def read_input(path: Path) -> str:
    """A JSON export the user gave us to import (UTF-8 text)."""
    data = read_user_file(path, "give a file made by 'ospo-notes export --format json'")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotesError(
            f"{path} is not UTF-8 text: give a file made by 'ospo-notes export'"
        ) from None
