"""Notes as the JSON array `list --json` prints: `json.dumps(notes, indent=2)`, byte for byte.

json's indenting encoder is pure Python and 4x slower than its C string encoder, so
each note is laid out here and only its strings go through C.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ospo_notes.notes.model import Note

# default=str: unknown keys may hold TOML dates and times
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
_string = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept: what _encode does


def note_json(note: Note) -> str:
    """One note as `json.dumps([...], ensure_ascii=False, indent=2)` lays it out in a list.

    The keys of `Note.to_dict`, in its order, written out directly: this runs once
    for each of 100,000 notes in `list --json`.
    """
    time = "null" if note.time is None else f'"{note.time.isoformat()}"'
    text = (
        f'  {{\n    "id": {_string(note.id)},\n    "day": "{note.day.isoformat()}",\n'
        f'    "time": {time},\n    "kind": {_string(note.kind)},\n'
        f'    "text": {_string(note.text)},\n    "session": {_string(note.session)},\n'
        f'    "speakers": {_strings(note.speakers)},\n    "themes": {_strings(note.themes)}'
    )
    if note.author:
        text += f',\n    "author": {_string(note.author)}'
    if note.extra:
        text += f',\n    "extra": {_value(note.to_dict()["extra"])}'
    return text + "\n  }"


def _strings(items: tuple[str, ...]) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join("      " + _string(item) for item in items) + "\n    ]"


def json_array(items: Iterable[str], chunk: int = 500) -> Iterator[str]:
    """`note_json` texts joined into one JSON array, `chunk` notes per piece (flat memory)."""
    opening, pieces = "[", []
    for item in items:
        pieces.append(opening + "\n" + item)
        opening = ","
        if len(pieces) >= chunk:
            yield "".join(pieces)
            pieces.clear()
    yield "".join(pieces) + ("[]" if opening == "[" else "\n]")


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _encode(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        if not value:
            return "[]"
        return "[\n" + ",\n".join("      " + _encode(item) for item in value) + "\n    ]"
    if isinstance(value, dict | list):
        nested = json.dumps(value, ensure_ascii=False, indent=2, default=str)
        return nested.replace("\n", "\n    ")  # JSON text has no raw newline
    return _encode(value)
