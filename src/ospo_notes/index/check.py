"""`check`'s look at the index: does it still hold what the day files hold?

The index is a cache, so commands only trust it row by row (each row's CRC). `check`
goes further, cheaply: for every day whose file still has the content hash the index
recorded, every row of that day must pass its CRC, the day must have as many rows as
it had notes, and its theme counts must be those of its rows; SQLite's own
`quick_check` looks over every page. An index that fails is rebuilt from the files
on the spot, and `check` says what it found. A day whose file changed since it was
indexed is merely behind: the next command catches it up.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

from ospo_notes.index import database
from ospo_notes.index.database import INDEX_FILE, IndexDamaged
from ospo_notes.store.files import STATE_DIR
from ospo_notes.store.stamps import digest

REBUILT = "rebuilt from the day files"


def index_damage(root: Path) -> str:
    """'' when the index of `root` is sound (or absent), else what was wrong with it.

    A damaged index is rebuilt before this returns, and the answer says so.
    """
    path = root / STATE_DIR / INDEX_FILE
    if not path.exists():
        return ""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as err:
        return f"the index cannot be read ({err})"
    try:
        wrong = _compare(db, root)
    except IndexDamaged as err:
        wrong = f"the index {err}"
    except sqlite3.Error as err:
        if not database.damage(err):
            return f"the index cannot be read ({err})"
        wrong = f"the index was damaged (SQLite: {err})"
    finally:
        db.close()
    return f"{wrong}; {_rebuild(root, path)}" if wrong else ""


def _compare(db: sqlite3.Connection, root: Path) -> str:
    """What in the index differs from the day files ('' when nothing does)."""
    db.execute("BEGIN")  # one snapshot: another command may catch the index up meanwhile
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
        return "the index is not one ospo-notes made"
    stamp = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if stamp is None or stamp[0] != database.SCHEMA:
        return "the index was built by another version of ospo-notes"
    verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":
        return f"the index was damaged (SQLite: {verdict.splitlines()[0]})"
    listed = 0
    for read in db.execute(f"SELECT {database.DAY_COLUMNS} FROM files ORDER BY day"):  # noqa: S608 (constant)
        row = database.checked_day(read)
        listed += row[10] or 0
        try:
            current = digest((root / f"{row[0]}.toml").read_bytes()) == row[1]
        except OSError:
            current = False  # gone or unreadable: the next command catches up
        if current and row[2] is None:
            wrong = _compare_day(db, row)
            if wrong:
                return f"the index did not match the day files ({wrong})"
    stored = db.execute("SELECT COUNT(*) FROM notes").fetchone()[0]
    if stored != listed:
        return f"the index did not match the day files ({stored} notes where {listed} belong)"
    return ""


def _compare_day(db: sqlite3.Connection, day: tuple[object, ...]) -> str:
    """What is wrong with the notes of one indexed day, '' when they are as indexed."""
    key = str(day[0])
    rows = db.execute(
        database.SELECT_NOTES, database.rowid_range(*[date.fromisoformat(key)] * 2)
    ).fetchall()
    sets: Counter[tuple[str, ...]] = Counter()
    for row in rows:
        if database.crc(row[:-1]) != row[-1]:
            return f"note {row[2]!r} of {key} is not as it was indexed"
        sets[tuple(sorted(set(json.loads(row[7]))))] += 1
    if len(rows) != day[10]:
        return f"{key} has {len(rows)} notes in the index and {day[10]} in its file"
    if database.theme_sets(day) != sorted((k, n) for k, n in sets.items() if k):
        return f"the theme counts of {key} are not those of its notes"
    return ""


def _rebuild(root: Path, path: Path) -> str:
    from ospo_notes.index.notes_index import NotesIndex
    from ospo_notes.store.notes_store import NotesStore

    database.delete_db(path)
    try:
        NotesIndex.open(NotesStore(root)).close()
    except (OSError, sqlite3.Error, IndexDamaged) as err:
        return f"deleted it, but it could not be {REBUILT} ({err}); the next command tries again"
    return f"{REBUILT}, nothing was lost"
