"""The file-system discipline every write goes through.

Measured on this machine: two processes x 500 adds lost nothing only with all of
this. The lock is a separate file (a waiter on the data file would lock the inode
that the writer is about to replace). Data reaches the disk before the rename,
and the rename before we report success.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ospo_notes.errors import NotesError

STATE_DIR = ".ospo-notes"
SCHEDULE_DIR = "schedule"  # imported schedules, a file per day (see schedule_store)
SESSION_FILE = "session.toml"  # the session you started, in STATE_DIR
TEMP_MARK = ".tmp-"


_GITIGNORE = b"# derived state of ospo-notes, safe to delete\n*\n"


DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.toml")


def day_of_file(name: str) -> date | None:
    """The day a `YYYY-MM-DD.toml` file name stands for; None for any other name."""
    match = DAY_FILE.fullmatch(name)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:  # 2024-13-45.toml: the shape of a day, not a real one
        return None


def day_files(folder: Path) -> list[date]:
    """The days that have a `YYYY-MM-DD.toml` file in `folder`, oldest first."""
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(day for day in map(day_of_file, names) if day is not None)


def state_dir(root: Path) -> Path:
    """The derived-state folder (lock, stamps, index); git ignores it by itself.

    Whichever command makes it first (a read-only `list` makes the index) also writes
    its `.gitignore`, so `git status` never shows the cache.
    """
    path = root / STATE_DIR
    if path.is_dir():
        return path
    try:
        path.mkdir(parents=True)
    except FileExistsError:
        if path.is_dir():  # another command made it a moment ago
            return path
        if not (path.exists() or path.is_symlink()):  # a parent is in the way
            with write_errors(root):
                raise
        raise NotesError(
            f"{path} is a file, but ospo-notes keeps its lock and index in a folder of "
            "that name: move the file out of the notes dir (the folder is made again by "
            "itself); nothing was changed"
        ) from None
    except OSError:
        with write_errors(root):
            raise
    _ensure_gitignore(path)
    return path


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the notes dir's write lock; the kernel drops it if we are killed."""
    lock_path = state_dir(root) / "lock"
    with write_errors(lock_path):
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _ensure_gitignore(lock_path.parent)
        yield
    finally:
        os.close(fd)


def _ensure_gitignore(state: Path) -> None:
    """Keep git out of the state folder; checked again under the lock, so a process
    killed after creating the folder (or half-way through this file) is mended next time.

    Also called without the lock, by the command that creates the folder: a writer
    removing stale temp files may take our temp file away, so a failed write counts
    when the file is there all the same (that writer wrote it).
    """
    ignore = state / ".gitignore"
    for attempt in (1, 2):
        if ignore.is_file():
            return
        try:
            replace_atomically(ignore, _GITIGNORE, durable=False)
        except NotesError:
            if attempt == 2 and not ignore.is_file():
                raise


@contextlib.contextmanager
def write_errors(path: Path) -> Iterator[None]:
    """Turn an OSError while writing into one line that says what to do."""
    try:
        yield
    except OSError as err:
        reason = err.strerror or str(err)
        if err.errno in {errno.ENOSPC, errno.EFBIG}:
            hint = "free some disk space and try again"
        elif err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            hint = "make the notes dir writable, or choose another with --notes-dir"
        else:
            hint = "check the notes dir, then try again"
        raise NotesError(f"cannot write {path}: {reason}; {hint}; nothing was changed") from None


def read_bytes(path: Path, what: str = "a day file") -> bytes | None:
    """A file's bytes, or None when it does not exist; `what` names the file in errors."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotesError(f"{path} is a directory, not {what}: move it away") from None
    except OSError as err:
        raise NotesError(f"cannot read {path}: {err.strerror}") from None


def replace_atomically(
    path: Path, data: bytes, *, durable: bool = True, errors_name: Path | None = None
) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one.

    Call with the lock held. `durable=False` skips fsync, for derived state only.
    `errors_name` is the file a failure is reported for, when `path` serves another.
    """
    if path.is_symlink():
        raise NotesError(
            f"{path} is a symbolic link; ospo-notes replaces files whole and will not "
            "write through a link: put the real file in the notes dir"
        )
    temp = path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    with write_errors(errors_name or path):
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            try:
                os.fchmod(fd, mode)  # the umask may have narrowed it
                _write_all(fd, data)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            temp.replace(path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        if durable:
            fsync_dir(path.parent)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_temp_name(name: str) -> bool:
    """Whether `name` is one of our temp files (`.NAME.tmp-PID-RANDOM`)."""
    return name.startswith(".") and TEMP_MARK in name


def remove_stale_temps(root: Path) -> None:
    """Delete temp files killed writers left in the notes dir and in its state folder.

    Call with the lock held: then no temp file is live.
    """
    _remove_temps_in(root)
    for folder, _dirs, _files in os.walk(root / STATE_DIR):
        _remove_temps_in(Path(folder))


def _remove_temps_in(directory: Path) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def schedule_in_use(root: Path) -> bool:
    """Whether the notes dir has a schedule or a started session (two stat calls).

    Asked by every `add` before it imports the schedule store: without either, a note
    joins no session and the store is never loaded.
    """
    return (root / SCHEDULE_DIR).is_dir() or (root / STATE_DIR / SESSION_FILE).is_file()
