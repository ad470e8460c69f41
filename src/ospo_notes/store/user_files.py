"""Files the user names on the command line: an export to write, an export to read.

Not the notes dir, so no lock; the same atomic replace as day files, so a crash
leaves the old file or the new one, never half a post. Never one of the files the
notes dir is made of (a day file, `themes.toml`, `schedule/`, the state folder):
an export written there would wipe notes or break every command that reads them.
A terminal, `/dev/null` or a named pipe is written in place, never replaced.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.store.files import DAY_FILE, STATE_DIR, replace_atomically
from ospo_notes.terminal_text import visible

MANAGED_FOLDERS = (STATE_DIR, "schedule")  # the lock, index and session; the schedule days
MANAGED_FILES = ("themes.toml", "speakers.toml")


def write_output(path: Path, text: str, *, notes_dir: Path, force: bool = False) -> None:
    """Write `text` to `path`; an existing file is replaced only with `force`.

    A character device (a terminal, /dev/null) or a FIFO is opened and written, as a
    shell's `>` would; on a terminal, control characters are shown, not sent.
    """
    managed = managed_file(path, notes_dir)
    if managed:
        raise NotesError(
            f"will not write {path}: it is {managed} of the notes folder {notes_dir}, "
            "which the export would wipe; choose another name (e.g. post.md)"
        )
    try:
        mode = path.stat().st_mode  # through a link: a link to a terminal is a terminal
    except (FileNotFoundError, NotADirectoryError):
        mode = 0
    except OSError as err:
        raise NotesError(f"cannot write {path}: {err.strerror}") from None
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        _write_in_place(path, text)
        return
    if path.is_dir():
        raise NotesError(f"{path} is a directory: give a file name, e.g. {path / 'post.md'}")
    if path.is_symlink():
        raise NotesError(f"{path} is a symbolic link: give the real file's path")
    if mode and not stat.S_ISREG(mode):
        raise NotesError(f"{path} is not a regular file: give a file name, e.g. post.md")
    if path.exists() and not force:
        raise NotesError(f"{path} already exists: add --force to replace it")
    if not path.parent.is_dir():
        raise NotesError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        replace_atomically(path, text.encode("utf-8"))
    except NotesError as err:
        message = str(err).replace(
            "make the notes dir writable, or choose another with --notes-dir",
            "choose a folder you can write to",
        )
        raise NotesError(message.replace("check the notes dir", "check the path")) from None


def managed_file(path: Path, notes_dir: Path) -> str:
    """What `path` is among the files the notes dir is made of; "" when none.

    Symbolic links and `..` are resolved first, so no spelling of a path reaches them.
    Names are compared case-folded, as a case-insensitive file system would.
    """
    try:
        inside = path.resolve().relative_to(notes_dir.resolve()).parts
    except (ValueError, OSError, RuntimeError):  # outside, or a link loop (refused later)
        return ""
    first = inside[0].casefold() if inside else ""
    if first in MANAGED_FOLDERS:
        return f"inside the {inside[0]}/ folder"
    if len(inside) != 1:
        return ""  # the folder itself is refused as a directory; deeper is the user's
    if DAY_FILE.fullmatch(first):
        return "a day file"
    return f"the {inside[0]} file" if first in MANAGED_FILES else ""


def _write_in_place(path: Path, text: str) -> None:
    """Open `path` and write `text`, as `>` does for a terminal, /dev/null or a pipe."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
        try:
            shown = visible(text) if os.isatty(fd) else text
            data = memoryview(shown.encode("utf-8"))
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
    except OSError as err:
        raise NotesError(f"cannot write {path}: {err.strerror}") from None


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
