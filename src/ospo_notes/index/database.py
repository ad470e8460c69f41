"""The index's SQLite file: its schema, and notes as checked rows and back.

The index holds data only: each day file's stamp (stat and content hash), its day
info, its notes, and per day how many notes carry each set of themes. No text made
for output is kept, nor a second copy of the notes' words for searching (scanning
the rows is fast enough and keeps the index smaller than the TOML it indexes), so
its stamp is the schema alone and a new release of ospo-notes reuses it.

SQLite keeps no checksums, so a byte changed on disk reads back as a valid, wrong
value. Every row carries a CRC-32 of its values, made from the parsed day file when
it was indexed and checked on every read; a mismatch raises `IndexDamaged`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import zlib
from collections import Counter
from collections.abc import Iterable
from datetime import date
from datetime import time as dtime
from pathlib import Path
from typing import Any

from ospo_notes.notes.model import DayInfo, Note

SCHEMA = "6"  # 5: data only (no note JSON, no post sections, no search copy), checked rows;
# 6: the note's author
INDEX_FILE = "index.sqlite3"  # in the notes dir's state folder

TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files ("
    "day TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER, "
    "digest TEXT, checked_ns INTEGER, error TEXT, error_kind TEXT, title TEXT, event TEXT, "
    "intro TEXT, closing TEXT, format INTEGER, extra TEXT, notes INTEGER, theme_sets TEXT, "
    "crc INTEGER)",
    # rowid = the day's ordinal << 32 | the note's place in `Day.sorted_notes`: a range of
    # days is a range of rowids, in `list` order, with no second b-tree to keep.
    "CREATE TABLE notes ("
    "rowid INTEGER PRIMARY KEY, pos INTEGER NOT NULL, id TEXT NOT NULL, time_us INTEGER, "
    "kind TEXT NOT NULL, session TEXT NOT NULL, speakers TEXT NOT NULL, "
    "themes TEXT NOT NULL, text TEXT NOT NULL, extra TEXT, author TEXT NOT NULL, "
    "crc INTEGER NOT NULL)",
)
NOTE_COLUMNS = "rowid, pos, id, time_us, kind, session, speakers, themes, text, extra, author, crc"
DAY_COLUMNS = (
    "day, digest, error, error_kind, title, event, intro, closing, format, extra, notes, "
    "theme_sets, crc"
)
SELECT_NOTES = f"SELECT {NOTE_COLUMNS} FROM notes WHERE rowid BETWEEN ? AND ?"  # noqa: S608 (constant)
SELECT_DAYS = f"SELECT {DAY_COLUMNS} FROM files WHERE day BETWEEN ? AND ?"  # noqa: S608 (constant)
COUNT_NOTES = "SELECT rowid >> 32, count(*) FROM notes WHERE rowid BETWEEN ? AND ? GROUP BY 1"
# Damage, as SQLite reports it: a generic error (no such table or column), a corrupt
# page, a changed schema, a type mismatch, a bad format, not a database at all.
_DAMAGE_CODES = {1, 11, 17, 20, 24, 26}
_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (ensure_ascii=False)


class IndexDamaged(Exception):
    """The index does not hold what was written to it; rebuild it from the day files."""


def damage(err: sqlite3.Error) -> bool:
    """True for damage; False for a busy, read-only, full or unreadable file (not its fault)."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return isinstance(err, sqlite3.DatabaseError) and not isinstance(
            err, sqlite3.OperationalError
        )
    return code & 0xFF in _DAMAGE_CODES


def connect(path: Path) -> sqlite3.Connection:
    """Open the db, creating the schema; IndexDamaged if it is not ours or not this schema."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)  # we BEGIN ourselves
    db.create_function("holds_words", 5, holds_words, deterministic=True)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        if _schema(db):
            return db
        db.execute("BEGIN IMMEDIATE")
        try:
            if not _schema(db):  # nobody created it meanwhile
                if db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
                    raise IndexDamaged("not an ospo-notes index")
                _create(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return db
    except BaseException:
        db.close()
        raise


def _schema(db: sqlite3.Connection) -> bool:
    """True when the db holds this schema, False when it is empty; else IndexDamaged."""
    tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    if "meta" not in tables:
        return False
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    if row is None or row[0] != SCHEMA:
        raise IndexDamaged("an index from another version of ospo-notes")
    if [tables.get(name) for name in ("meta", "files", "notes")] != list(TABLES):
        raise IndexDamaged("its tables are not the ones ospo-notes made")
    return True


def _create(db: sqlite3.Connection) -> None:
    for statement in TABLES:
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))


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


# -- rows ------------------------------------------------------------------------------


def crc(values: Iterable[Any]) -> int:
    """The CRC-32 of a row's values: any changed byte changes it."""
    return zlib.crc32("\x1f".join(map(str, values)).encode("utf-8", "surrogatepass"))


def note_crc(v: tuple[Any, ...]) -> int:
    """`crc` of a note row's eleven values, written out: this runs on every note read."""
    line = (
        f"{v[0]}\x1f{v[1]}\x1f{v[2]}\x1f{v[3]}\x1f{v[4]}\x1f"
        f"{v[5]}\x1f{v[6]}\x1f{v[7]}\x1f{v[8]}\x1f{v[9]}\x1f{v[10]}"
    )
    return zlib.crc32(line.encode("utf-8", "surrogatepass"))


def rowid_range(first: date, last: date) -> tuple[int, int]:
    """The rowids of every note from `first` to `last`."""
    return first.toordinal() << 32, (last.toordinal() << 32) | 0xFFFFFFFF


def note_row(day: date, pos: int, rank: int, note: Note) -> tuple[Any, ...]:
    """A note as a `notes` row; `note(row)` reads it back equal.

    `pos` is its place in the file, `rank` its place in `Day.sorted_notes`.
    """
    values = (
        day.toordinal() << 32 | rank,
        pos,
        note.id,
        time_us(note.time),
        note.kind,
        note.session,
        _json_list(note.speakers),
        _json_list(note.themes),
        note.text,
        dump_extra(note.extra),
        note.author,
    )
    return (*values, note_crc(values))


def _json_list(items: tuple[str, ...]) -> str:
    """`json.dumps(list(items), ensure_ascii=False)`, without an encoder object per call."""
    return "[" + ", ".join(map(_string, items)) + "]" if items else "[]"


def holds_words(words: str, text: str, session: str, speakers: str, themes: str) -> bool:
    """Whether a note row's words, folded for case, hold every one of `words` (joined
    by spaces): the words of `search_text`, with speakers and themes in their JSON form,
    which changes only words with a quote, a backslash or a control character in them
    (`plain_word`).

    Registered with SQLite as `holds_words(?, text, session, speakers, themes)`, so the
    rows a search leaves out never become Python tuples.
    """
    found = f"{text} {session} {speakers} {themes}".casefold()
    return all(word in found for word in words.split(" "))


def plain_word(word: str) -> bool:
    """True when JSON writes `word` as it is, so `holds_words` finds it where a note has it."""
    return '"' not in word and "\\" not in word and all(c >= " " for c in word)


def note(row: tuple[Any, ...]) -> Note:
    """The note a checked row holds; IndexDamaged when the row is not as it was written."""
    rowid, _pos, note_id, time_us, kind, session, speakers, themes, text, extra, author, check = row
    if note_crc(row) != check:
        raise IndexDamaged(f"note {note_id!r} is not as it was indexed")
    return Note.of_fields(
        note_id,
        date.fromordinal(rowid >> 32),
        text,
        kind,
        None if time_us is None else from_us(time_us),
        session,
        _load_list(speakers),
        _load_list(themes),
        author,
        load_extra(extra) if extra else {},
    )


@functools.lru_cache(maxsize=4096)
def _load_list(text: str) -> tuple[str, ...]:
    """A JSON list of names as a tuple; the same few lists come back on every note."""
    return () if text == "[]" else tuple(json.loads(text))


def day_values(key: str, digest: str, info: DayInfo | None, notes: Iterable[Note]) -> list[Any]:
    """The checked part of a `files` row (DAY_COLUMNS), for a day that parsed."""
    counted = Counter(tuple(sorted(set(n.themes))) for n in notes)
    sets = [[list(themes), count] for themes, count in sorted(counted.items()) if themes]
    values: list[Any] = [key, digest, None, None]
    if info is None:
        values += [None] * 8
    else:
        values += [info.title, info.event, info.intro, info.closing, info.format]
        values += [dump_extra(info.extra), sum(counted.values())]
        values.append(json.dumps(sets, ensure_ascii=False))
    return [*values, crc(values)]


def error_values(key: str, digest: str | None, error: str, kind: str) -> list[Any]:
    """The checked part of a `files` row for a day that cannot be read or parsed."""
    values: list[Any] = [key, digest, error, kind, *[None] * 8]
    return [*values, crc(values)]


def checked_day(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A `files` row (DAY_COLUMNS) as read, once its CRC matches; else IndexDamaged."""
    if crc(row[:-1]) != row[-1]:
        raise IndexDamaged(f"the index entry of {row[0]} is not as it was written")
    return row


def day_info(row: tuple[Any, ...]) -> DayInfo:
    key, _digest, _error, _kind, title, event, intro, closing, fmt, extra, *_rest = row
    return DayInfo(
        day=date.fromisoformat(key),
        title=title,
        event=event,
        intro=intro,
        closing=closing,
        format=fmt,
        extra=load_extra(extra),
    )


def theme_sets(row: tuple[Any, ...]) -> list[tuple[tuple[str, ...], int]]:
    """(a set of themes, how many notes carry exactly that set) of a checked `files` row."""
    return [(tuple(themes), count) for themes, count in json.loads(row[11] or "[]")]


def time_us(value: dtime | None) -> int | None:
    if value is None:
        return None
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


@functools.lru_cache(maxsize=4096)
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
