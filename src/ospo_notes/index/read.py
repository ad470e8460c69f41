"""Day files read into index rows: in this process, or by worker processes for a big build.

Parsing TOML is nearly all a first index build does (SQLite takes its rows in a
fraction of that time), so when there are megabytes to parse the files are read,
hashed and parsed by worker processes, one file per task, while this process
writes their rows in date order. A few files are read here: starting a worker
costs about as much as parsing a day of 500 notes.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.index import database
from ospo_notes.notes import codec
from ospo_notes.store.files import read_bytes
from ospo_notes.store.stamps import digest

PARALLEL_BYTES = 4_000_000  # ~1.5 s of parsing: below this, workers cost more than they save
MAX_WORKERS = 4


@dataclass(frozen=True)
class DayRows:
    """What the index keeps of one day file: its stamp, its `files` row and note rows."""

    key: str
    signature: tuple[int, int, int, int] | None  # size, mtime, ctime, inode
    checked_ns: int
    values: list[Any]  # the checked columns of its `files` row (database.DAY_COLUMNS)
    notes: list[tuple[Any, ...]]


def read_day_file(root: Path, key: str) -> DayRows | None:
    """One day file as rows; None when it is gone. A broken file is a row with its error."""
    path = root / f"{key}.toml"
    checked = time.time_ns()
    try:
        data, st = database.read_with_stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        try:  # the same words a direct read would use
            read_bytes(path)
            message = f"cannot read {path}"
        except NotesError as err:
            message = str(err)
        return DayRows(key, None, checked, database.error_values(key, None, message, "read"), [])
    signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    stamp = digest(data)
    try:
        day = codec.parse_day(data, day=date.fromisoformat(key), source=str(path))
    except DayFileError as err:
        values = database.error_values(key, stamp, str(err), "day")
        return DayRows(key, signature, checked, values, [])
    notes = day.notes
    order = sorted(range(len(notes)), key=lambda i: notes[i].sort_key())
    rows = [database.note_row(day.day, pos, rank, notes[pos]) for rank, pos in enumerate(order)]
    values = database.day_values(key, stamp, day.info, notes)
    return DayRows(key, signature, checked, values, rows)


def read_day_files(root: Path, keys: list[str]) -> Iterator[DayRows | None]:
    """`read_day_file` of each of `keys`, in that order."""
    workers = _workers(root, keys)
    if workers < 2:
        yield from (read_day_file(root, key) for key in keys)
        return
    import multiprocessing

    # spawn: a fresh interpreter, never a copy of this one (an open database, a thread
    # drawing the progress bar)
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield from pool.imap(functools.partial(read_day_file, root), keys)


def _workers(root: Path, keys: list[str]) -> int:
    """How many worker processes are worth starting for `keys` (0 or 1: none)."""
    if not _spawn_safe():
        return 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cpus or cpus < 2:
        return 0
    size = 0
    for key in keys:
        try:
            size += (root / f"{key}.toml").stat().st_size
        except OSError:
            continue
        if size >= PARALLEL_BYTES:
            return min(cpus, MAX_WORKERS, len(keys))
    return 0


def _spawn_safe() -> bool:
    """True when this program is ospo-notes itself (`ospo-notes` or `python -m ospo_notes`).

    A spawned worker imports the main module again; ours do nothing on import, but a
    script that uses the store without an `if __name__ == "__main__"` guard would run
    again in every worker, so other programs index in this process.
    """
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "ospo_notes.__main__":
        return True
    entry = getattr(main, "main", None)  # the console script imports `launch.main`
    return getattr(entry, "__module__", None) == "ospo_notes.launch"
