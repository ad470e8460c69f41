"""The index's SQLite file: its schema, and notes as rows and back.

Everything a `Note` or `DayInfo` holds is stored so that it reads back equal,
including unknown keys (kept as TOML text, which holds dates and nested tables).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from datetime import date
from datetime import time as dtime
from pathlib import Path
from typing import Any

from ospo_notes import __version__
from ospo_notes.export.note_json import note_json
from ospo_notes.model import Note
from ospo_notes.query import search_text

SCHEMA = 6  # 4: kept day sections of range posts; 5: a day's intro and closing; 6: author
# The index keeps text made by this code (note JSON, post sections): another release rebuilds it.
STAMP = f"{SCHEMA} {__version__}"
INDEX_FILE = "index.sqlite3"  # in the notes dir's state folder

TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    day TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
    ino INTEGER, digest TEXT, checked_ns INTEGER, error TEXT, error_kind TEXT,
    title TEXT, event TEXT, format INTEGER, extra TEXT, intro TEXT, closing TEXT
);
CREATE TABLE notes (
    rowid INTEGER PRIMARY KEY, day TEXT NOT NULL, pos INTEGER NOT NULL, rank INTEGER NOT NULL,
    id TEXT NOT NULL, time_us INTEGER, kind TEXT NOT NULL, session TEXT NOT NULL,
    speakers TEXT NOT NULL, themes TEXT NOT NULL, text TEXT NOT NULL, extra TEXT,
    haystack TEXT NOT NULL, json TEXT NOT NULL, author TEXT NOT NULL
);
CREATE INDEX notes_by_day ON notes (day, pos);
CREATE INDEX notes_by_rank ON notes (day, rank);
CREATE TABLE themes (note INTEGER NOT NULL, day TEXT NOT NULL, theme TEXT NOT NULL);
CREATE INDEX themes_by_theme ON themes (theme, note);
CREATE INDEX themes_by_day ON themes (day, theme);
CREATE INDEX themes_by_note ON themes (note);
CREATE TABLE sections (day TEXT PRIMARY KEY, key TEXT NOT NULL, digest TEXT NOT NULL, text TEXT);
"""
FTS = (  # detail=none: a quarter of the size; a word matches as the AND of its trigrams
    "CREATE VIRTUAL TABLE notes_fts USING fts5(haystack, content='notes', "
    "content_rowid='rowid', tokenize='trigram', detail='none')"
)
HAYSTACK = 12  # the place of `haystack` in a `note_row`
_NOTE_COLUMNS = "rowid, day, id, time_us, kind, session, speakers, themes, text, extra, author"
# S608 below: the only text spliced into these queries is the constant column list
SELECT_NOTES = f"SELECT {_NOTE_COLUMNS} FROM notes WHERE day BETWEEN ? AND ?"  # noqa: S608
SELECT_NOTES_JSON = f"SELECT {_NOTE_COLUMNS}, json FROM notes WHERE day BETWEEN ? AND ?"  # noqa: S608


def connect(path: Path) -> sqlite3.Connection:
    """Open the db, creating the schema, or fail with DatabaseError if it is not ours."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)  # we BEGIN ourselves
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if row is None or row[0] != STAMP:
            raise sqlite3.DatabaseError("index from another version")
        return db
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            db.execute("ROLLBACK")
            return db  # another process created it meanwhile
        if db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
            raise sqlite3.DatabaseError("not an ospo-notes index")
        for statement in TABLES.split(";"):
            if statement.strip():
                db.execute(statement)
        fts = "1"
        try:
            db.execute(FTS)
        except sqlite3.OperationalError:
            fts = "0"  # no FTS5 (or no trigram tokenizer): LIKE does the searching
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", STAMP), ("fts", fts)])
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return db


def delete_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def read_with_stat(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes and the stat of one and the same version of the file."""
    for _ in range(5):
        with path.open("rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
            after = os.fstat(handle.fileno())
        if (before.st_size, before.st_mtime_ns, before.st_ctime_ns) == (
            after.st_size,
            after.st_mtime_ns,
            after.st_ctime_ns,
        ):
            return data, after
    return data, after  # still changing: the racy-hash check catches it next time


def note_row(rowid: int, key: str, pos: int, rank: int, note: Note) -> tuple[Any, ...]:
    """A note as a `notes` row; `note(row)` reads it back equal.

    `pos` is its place in the file, `rank` its place in `Day.sorted_notes`.
    """
    return (
        rowid,
        key,
        pos,
        rank,
        note.id,
        time_us(note.time),
        note.kind,
        note.session,
        json.dumps(note.speakers, ensure_ascii=False),
        json.dumps(note.themes, ensure_ascii=False),
        note.text,
        dump_extra(note.extra),
        search_text(note).replace("\x00", " "),  # SQLite's LIKE and FTS stop at a NUL
        note_json(note),
        note.author,
    )


def note(row: tuple[Any, ...]) -> Note:
    _rowid, day, note_id, time_us, kind, session, speakers, themes, text, extra, author = row
    return Note(
        id=note_id,
        day=date.fromisoformat(day),
        text=text,
        kind=kind,
        time=None if time_us is None else from_us(time_us),
        session=session,
        speakers=() if speakers == "[]" else tuple(json.loads(speakers)),
        themes=() if themes == "[]" else tuple(json.loads(themes)),
        author=author,
        extra=load_extra(extra),
    )


def time_us(value: dtime | None) -> int | None:
    if value is None:
        return None
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def from_us(value: int) -> dtime:
    seconds, micro = divmod(value, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dtime(hour, minute, second, micro)


def dump_extra(extra: Any) -> str | None:
    """Unknown keys as TOML text: it holds every value TOML can (dates, nested tables)."""
    if not extra:
        return None
    import tomli_w

    return tomli_w.dumps(dict(extra))


def load_extra(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    import tomllib

    return tomllib.loads(text)


def trigram_query(word: str) -> str:
    """An FTS5 query that every text containing `word` (3+ characters) matches."""
    grams = dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2))
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


def escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def health(path: Path) -> str:
    """'' when the index at `path` is sound (or absent), else what is wrong with it.

    Opened read-only, so checking never creates, repairs or locks anything.
    """
    if not path.exists():
        return ""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != STAMP:
                return "it was built by another version of ospo-notes"
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
            return "" if verdict == "ok" else f"SQLite reports damage ({verdict})"
        finally:
            db.close()
    except sqlite3.Error as err:
        return f"it cannot be read ({err})"
