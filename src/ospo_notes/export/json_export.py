"""Days as JSON for other tools, losslessly, and back.

The shape (version 1):

    {"format": "ospo-notes-export", "version": 1,
     "days": [{"day": "2024-06-18", "format": 1, "title": "...", "event": "...",
               "intro": "...", "closing": "...",  # only when the day has them
               "extra": {...}, "notes": [{"id": "...", "day": "2024-06-18",
               "time": "09:12:00" | null, "kind": "...", "text": "...", "session": "...",
               "speakers": [...], "themes": [...], "author": "...",  # when known
               "extra": {...}}]}]}

Notes keep their file order. `extra` holds the keys this version does not know,
with their TOML types: a date, time or date-time is written `{"$date": "..."}`,
`{"$time": "..."}`, `{"$datetime": "..."}`, a non-finite float `{"$float": "inf"}`,
and a real table whose only key starts with `$` is wrapped as `{"$table": {...}}`,
so `from_json(to_json(days))` gives back every field. Pure: strings in, days out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from ospo_notes.errors import NotesError
from ospo_notes.notes.codec import day_from_document
from ospo_notes.notes.model import Day, Note

EXPORT_FORMAT = "ospo-notes-export"
VERSION = 1
_DAY_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INFO_KEYS = ("day", "format", "title", "event", "intro", "closing", "extra", "notes")
_TAGGED = ((datetime, "$datetime"), (date, "$date"), (time, "$time"))  # datetime first
_NOTE_KEYS = (
    "id",
    "day",
    "time",
    "kind",
    "text",
    "session",
    "speakers",
    "themes",
    "author",
    "extra",
)


class ExportFileError(NotesError):
    """A JSON file that is not an ospo-notes export we can read."""


def to_json(days: Sequence[Day]) -> str:
    """Days, their info and every field of every note, as indented JSON."""
    data = {"format": EXPORT_FORMAT, "version": VERSION, "days": [_day(d) for d in days]}
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def from_json(text: str, *, source: str) -> list[Day]:
    """Read `to_json` output back, validating it as strictly as a day file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportFileError(
            f"{source}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}"
        ) from None
    except RecursionError:  # `[[[[...` thousands deep: no export is nested like that
        raise ExportFileError(
            f"{source}: nested too deeply to be an export: give a file made by "
            "'ospo-notes export --format json'"
        ) from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ExportFileError(
            f"{source}: not an ospo-notes export (make one with 'ospo-notes export --format json')"
        )
    if data.get("version") != VERSION:
        raise ExportFileError(
            f"{source}: export version {data.get('version')!r} is not {VERSION}: "
            "use the ospo-notes that wrote it"
        )
    days = data.get("days")
    if not isinstance(days, list):
        raise ExportFileError(f"{source}: 'days' must be a list")
    parsed = [_read_day(raw, source) for raw in days]
    seen = [d.day for d in parsed]
    if len(set(seen)) != len(seen):
        raise ExportFileError(f"{source}: a day appears twice; each day must appear once")
    return parsed


# -- writing --------------------------------------------------------------------------


def _day(day: Day) -> dict[str, Any]:
    info = day.info
    return {
        "day": info.day.isoformat(),
        "format": info.format,
        "title": info.title,
        "event": info.event,
        **{key: text for key, text in (("intro", info.intro), ("closing", info.closing)) if text},
        "extra": _encode_table(info.extra),
        "notes": [_note(n) for n in day.notes],
    }


def _note(note: Note) -> dict[str, Any]:
    return {**note.to_dict(), "extra": _encode_table(note.extra)}


def _encode_table(table: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _encode(value) for key, value in table.items()}


def _encode(value: Any) -> Any:
    """A TOML value as JSON, tagging the types JSON lacks."""
    for kind, tag in _TAGGED:
        if isinstance(value, kind):
            return {tag: value.isoformat()}
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": repr(value)}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, Mapping):
        table = _encode_table(value)
        return {"$table": table} if _looks_tagged(table) else table
    return value


# -- reading --------------------------------------------------------------------------


def _read_day(raw: Any, source: str) -> Day:
    if not isinstance(raw, dict):
        raise ExportFileError(f"{source}: each entry of 'days' must be an object")
    day = _date(raw.get("day"), f"{source}: a day's 'day'")
    where = f"{source}: day {day}"
    _only_keys(raw, _INFO_KEYS, where)
    extra = _decode_table(raw.get("extra", {}), f"{where}: 'extra'")
    clash = set(extra) & (set(_INFO_KEYS) - {"extra"})
    if clash:
        raise ExportFileError(f"{where}: 'extra' repeats the key {sorted(clash)[0]!r}")
    notes_raw = raw.get("notes", [])
    if not isinstance(notes_raw, list):
        raise ExportFileError(f"{where}: 'notes' must be a list")
    notes: dict[str, Any] = {}
    for item in notes_raw:
        note_id, table = _note_table(item, day, where)
        if note_id in notes:
            raise ExportFileError(f"{where}: note id {note_id!r} appears twice")
        notes[note_id] = table
    doc = {
        "format": raw.get("format", 1),
        "day": day,
        "title": raw.get("title", ""),
        "event": raw.get("event", ""),
        "intro": raw.get("intro", ""),
        "closing": raw.get("closing", ""),
        **extra,
        "notes": notes,
    }
    return day_from_document(doc, day=day, source=where)


def _note_table(item: Any, day: date, where: str) -> tuple[str, dict[str, Any]]:
    """One exported note as the table a day file would hold for it."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise ExportFileError(f"{where}: each note must be an object with a string 'id'")
    note_id = item["id"]
    at = f"{where}: note {note_id!r}"
    _only_keys(item, _NOTE_KEYS, at)
    if "day" in item and _date(item["day"], f"{at}: 'day'") != day:
        raise ExportFileError(f"{at}: 'day' is {item['day']!r} but the note is listed under {day}")
    table = {k: v for k, v in item.items() if k not in ("id", "day", "time", "extra")}
    if item.get("time") is not None:
        table["time"] = _time(item["time"], f"{at}: 'time'")
    extra = _decode_table(item.get("extra", {}), f"{at}: 'extra'")
    clash = set(extra) & set(_NOTE_KEYS)
    if clash:
        raise ExportFileError(f"{at}: 'extra' repeats the key {sorted(clash)[0]!r}")
    return note_id, {**table, **extra}


def _only_keys(raw: Mapping[str, Any], known: Sequence[str], where: str) -> None:
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ExportFileError(f"{where}: unknown key {unknown[0]!r} (keep extra keys in 'extra')")


def _decode_table(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):  # a table as it is: the caller has read any tag
        raise ExportFileError(f"{where} must be an object")
    return {key: _decode(value, where) for key, value in raw.items()}


def _decode(value: Any, where: str) -> Any:
    if value is None:
        raise ExportFileError(f"{where}: null has no place in a day file")
    if isinstance(value, list):
        return [_decode(item, where) for item in value]
    if not isinstance(value, dict):
        return value
    if not _looks_tagged(value):
        return _decode_table(value, where)
    ((tag, inner),) = value.items()
    if tag == "$table":
        return _decode_table(inner, where)
    readers = {
        "$datetime": datetime.fromisoformat,
        "$date": date.fromisoformat,
        "$time": time.fromisoformat,
        "$float": float,
    }
    reader = readers.get(tag)
    if reader is None or not isinstance(inner, str):
        raise ExportFileError(f"{where}: unknown tagged value {tag!r}")
    try:
        return reader(inner)
    except ValueError:
        raise ExportFileError(f"{where}: {inner!r} is not a valid {tag[1:]}") from None


def _looks_tagged(table: Mapping[str, Any]) -> bool:
    return len(table) == 1 and next(iter(table)).startswith("$")


def _date(value: Any, where: str) -> date:
    if isinstance(value, str) and _DAY_SHAPE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ExportFileError(f"{where} must be a date like 2024-06-18, not {value!r}")


def _time(value: Any, where: str) -> time:
    try:
        if isinstance(value, str):
            return time.fromisoformat(value)
    except ValueError:
        pass
    raise ExportFileError(f"{where} must be a time like 09:42:00, not {value!r}")
