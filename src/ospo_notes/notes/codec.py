"""Day files as text: parse and validate TOML into a `Day`, and write a `Day` back.

Pure functions, no file access. A day file reads like this:

    format = 1
    day = 2024-06-18
    event = "UN Open Source Week"
    title = "OSPOs for Good"
    intro = "I was thrilled ..."   # several lines: a multi-line string

    [notes.k3m9x2ab]
    time = 09:42:00
    kind = "highlight"
    ...

One table per note, keyed by id, so adding a note appends a block without touching
older lines (clean `git diff`, conflict-free merges of appends). `dump_day` is the
header followed by `dump_note` blocks, so a file built by appends and one rewritten
whole are byte-identical.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from ospo_notes.errors import DayFileError, NotesError
from ospo_notes.notes.model import (
    FORMAT,
    KINDS,
    RETYPE,
    Day,
    DayInfo,
    Note,
    check_kind,
    is_valid_id,
    read_themes,
    storable_bytes,
)

_INFO_KEYS = ("format", "day", "event", "title", "intro", "closing")
_NOTE_KEYS = ("time", "kind", "session", "speakers", "themes", "author", "text")
_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
CONFLICT_MARKER = re.compile(rb"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


def parse_day(data: bytes, *, day: date, source: str) -> Day:
    """Parse and validate a day file's bytes; `source` names the file in errors."""
    return _validate(load_document(data, source), day=day, source=source)


def load_document(
    data: bytes,
    source: str,
    *,
    fix: str = "re-save the file as UTF-8",
    error: type[NotesError] = DayFileError,
    hint: str = "",
) -> dict[str, Any]:
    """The TOML document in `data`, for every TOML file we read.

    Bytes that are not UTF-8 or not TOML raise `error` with one line naming the file
    and the line; `fix` says what to do about bytes that are not UTF-8, `hint` about
    a syntax error (default: `toml_error`'s).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise error(
            f"{source}:{line}: byte {data[err.start : err.start + 1]!r} is not UTF-8: {fix}"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(toml_error(err, data, source, hint)) from None


def parse_note_block(text: str, *, day: date, source: str) -> Note:
    """Parse one `dump_note` block back (the check that an append will read back)."""
    doc = tomllib.loads(text)
    notes = _validate_notes(doc.get("notes"), day=day, source=source)
    if len(notes) != 1:
        raise DayFileError(f"{source}: expected one note block, found {len(notes)}")
    return notes[0]


def dump_header(info: DayInfo) -> str:
    """The day's own keys, then any unknown top-level keys, as TOML.

    A paragraph of several lines (the intro, the closing) is written as a multi-line
    string, so the file reads as the author wrote it.
    """
    import tomli_w  # only writers need it

    doc: dict[str, Any] = {"format": info.format, "day": info.day}
    for key, value in (("event", info.event), ("title", info.title)):
        if value:
            doc[key] = value
    text = tomli_w.dumps(doc)
    for key, value in (("intro", info.intro), ("closing", info.closing)):
        if value:  # a multi-line string reads "\r\n" back as "\n": such text stays escaped
            text += tomli_w.dumps({key: value}, multiline_strings="\r\n" not in value)
    return text + tomli_w.dumps(dict(info.extra)) if info.extra else text


def dump_note(note: Note) -> str:
    """One note as a `[notes.ID]` table, preceded by a blank line."""
    import tomli_w

    table: dict[str, Any] = {}
    if note.time is not None:
        table["time"] = note.time
    table["kind"] = note.kind
    if note.session:
        table["session"] = note.session
    if note.speakers:
        table["speakers"] = list(note.speakers)
    if note.themes:
        table["themes"] = list(note.themes)
    if note.author:
        table["author"] = note.author
    table["text"] = note.text
    table.update(note.extra)
    return "\n" + tomli_w.dumps({"notes": {note.id: table}})


_SESSION_LINE = re.compile(rb'^session = ("(?:[^"\\\n]|\\.)*")$', re.MULTILINE)


def written_sessions(data: bytes) -> list[str]:
    """The session titles of a day file as `dump_note` writes them, without a full parse.

    For the quick `add`, whose file is exactly what ospo-notes last wrote (its stamp
    matches): each distinct `session = "..."` line is read as the TOML string it is.
    """
    found: dict[bytes, None] = dict.fromkeys(_SESSION_LINE.findall(data))
    titles = []
    for quoted in found:
        try:
            titles.append(str(tomllib.loads("s = " + quoted.decode("utf-8"))["s"]))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # not one of ours: such a file is parsed, not read here
    return titles


def dump_day(day: Day) -> str:
    """A whole day file: header and one block per note, in file order."""
    return dump_header(day.info) + "".join(dump_note(note) for note in day.notes)


def encode(text: str) -> bytes:
    """The bytes to write; text from a non-UTF-8 terminal fails here, before any write.

    Bytes that are not UTF-8 reach Python's argv as lone surrogates; every field a person
    types is checked when typed, so this is the backstop that keeps them off the disk.
    """
    return storable_bytes(text, "the input", fix=f"{RETYPE}; nothing was saved")


def day_from_document(doc: Mapping[str, Any], *, day: date, source: str) -> Day:
    """Validate an already-parsed document (TOML types) as a day, as `parse_day` does.

    For days that arrive another way than a TOML file, such as a JSON export.
    """
    return _validate(doc, day=day, source=source)


def toml_position(err: tomllib.TOMLDecodeError) -> tuple[str, int, int]:
    """The parser's message (lower-cased start, no position) and its line and column.

    Python 3.11's tomllib gives the position only inside the message text; (0, 0) when
    it gives none.
    """
    message = str(err)
    line = col = 0
    match = _POSITION.search(message)
    if match:
        message = message[: match.start()]
        line, col = int(match.group(1)), int(match.group(2))
    return message[:1].lower() + message[1:], line, col


def has_conflict_markers(data: bytes) -> int:
    """The line of the first git conflict marker in `data`, or 0 when there is none."""
    found = CONFLICT_MARKER.search(data)
    return data[: found.start()].count(b"\n") + 1 if found else 0


def toml_error(err: tomllib.TOMLDecodeError, data: bytes, source: str, hint: str = "") -> str:
    """`FILE:LINE:COL: message; hint` for a TOML syntax error (shared by every TOML file)."""
    message, line, col = toml_position(err)
    where = f"{source}:{line}:{col}" if line else source
    hint = hint or "fix the file by hand, then run 'ospo-notes check'"
    if has_conflict_markers(data):
        hint = (
            "the file has git conflict markers (<<<<<<<, =======, >>>>>>>): keep the notes "
            "from both sides, delete the marker lines, then run 'ospo-notes check'"
        )
    elif data.startswith(codecs.BOM_UTF8):  # what some Windows editors write first
        hint = (
            "the file starts with a byte order mark, which TOML does not allow: save it as "
            "UTF-8 without BOM, then run 'ospo-notes check'"
        )
    return f"{where}: {message}; {hint}"


def _validate(doc: Mapping[str, Any], *, day: date, source: str) -> Day:
    fmt = doc.get("format", FORMAT)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise DayFileError(f"{source}: 'format' must be a positive whole number, not {fmt!r}")
    stated = doc.get("day", day)
    if stated != day:
        raise DayFileError(
            f"{source}: 'day' says {_shown(stated)} but the file is named for {day}: "
            "rename the file or fix the 'day' line"
        )
    info = DayInfo(
        day=day,
        title=_string(doc, "title", source),
        event=_string(doc, "event", source),
        intro=_string(doc, "intro", source),
        closing=_string(doc, "closing", source),
        format=fmt,
        extra={k: v for k, v in doc.items() if k not in (*_INFO_KEYS, "notes")},
    )
    notes = _validate_notes(doc.get("notes", {}), day=day, source=source)
    return Day(info=info, notes=tuple(notes))


def _validate_notes(raw: Any, *, day: date, source: str) -> list[Note]:
    if not isinstance(raw, dict):
        raise DayFileError(f"{source}: 'notes' must be a table of [notes.ID] tables")
    return [
        _validate_note(note_id, table, day=day, source=source) for note_id, table in raw.items()
    ]


def _validate_note(note_id: str, table: Any, *, day: date, source: str) -> Note:
    where = f"{source}: note {note_id!r}"
    if not is_valid_id(note_id):
        raise DayFileError(f"{where}: an id may hold only letters, digits, '-' and '_'")
    if not isinstance(table, dict):
        raise DayFileError(f"{where} must be a table ([notes.{note_id}])")
    text = table.get("text")
    if text is not None and not isinstance(text, str):
        raise DayFileError(f"{where}: 'text' must be a string in quotes, not {_shown(text)}")
    if not text or not text.strip():
        raise DayFileError(f"{where} has no 'text': add text = \"...\" or delete the note")
    kind = table.get("kind", "note")
    if kind not in KINDS:
        raise DayFileError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    at = table.get("time")
    if at is not None and not isinstance(at, time):
        raise DayFileError(f"{where}: 'time' must be a time like 09:42:00, not {_shown(at)}")
    return Note(
        id=note_id,
        day=day,
        text=text,
        kind=kind,
        time=at,
        session=_string(table, "session", where),
        speakers=_strings(table, "speakers", where),
        themes=read_themes(_strings(table, "themes", where)),
        author=_string(table, "author", where),
        extra={k: v for k, v in table.items() if k not in _NOTE_KEYS},
    )


def _string(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise DayFileError(f"{where}: '{key}' must be a string, not {_shown(value)}")
    return value


def _strings(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DayFileError(f"{where}: '{key}' must be a list of strings, not {_shown(value)}")
    return tuple(value)


_EDIT_HELP = "# Edit the note, save and quit. Lines starting with '#' are ignored.\n"


def dump_note_for_editing(note: Note) -> str:
    """The editable fields of a note as a small TOML document."""
    fields: dict[str, Any] = {
        "kind": note.kind,
        "session": note.session,
        "speakers": list(note.speakers),
        "themes": list(note.themes),
    }
    if note.time is not None:
        fields = {"time": note.time, **fields}
    import tomli_w

    body = tomli_w.dumps({**fields, "text": note.text}, multiline_strings=True)
    return _EDIT_HELP + body


def parse_edited_note(text: str, note: Note) -> Note:
    """Read back `dump_note_for_editing` output into a changed copy of `note`.

    Only the file's shape is checked here; the caller applies `model.normalize_note`,
    the rules every new or changed note meets.
    """
    source = "the edited note"
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DayFileError(f"{source}: {err}; nothing was changed") from None
    if "text" in table and isinstance(table["text"], str):
        table["text"] = table["text"].removesuffix("\n")
    if isinstance(table.get("kind"), str):  # typed like `--kind`: "Quote" is a quote
        table["kind"] = check_kind(table["kind"])
    edited = _validate_note(note.id, table, day=note.day, source=source)
    return edited.with_changes(author=note.author, extra=note.extra)  # `edit --author` sets it


def _shown(value: Any) -> str:
    """A value as it is written in the file (`2024-06-19`, `"x"`), for messages."""
    if isinstance(value, date | time):  # a datetime is a date
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return str(value).lower()
    return repr(value)
