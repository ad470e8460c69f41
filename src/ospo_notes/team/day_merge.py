"""Three-way merge of one day file, note by note and field by field. Pure.

Each note is compared as the table the codec writes for it, key by key, so a field
this module never names (an `author`, a hand-added key) merges like `text` does.
Themes and speakers are sets: the union, less what either side removed. A note
deleted on one side and left alone on the other is deleted; deleted on one side and
edited on the other, the edit is kept (typed text is never lost) and reported. Only a
field both sides changed differently is a conflict: markers go around that one note
(or that one header line), and the rest of the day merges.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from ospo_notes.errors import DayFileError
from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.team.merge_marks import marked
from ospo_notes.team.three_way import MISSING, merge_table, same

NOTE_SETS = ("themes", "speakers")
_SOURCE = "the merged day"


@dataclass(frozen=True)
class Merged:
    """A merged file's text; `places` names each piece left between conflict markers,
    `notices` what was merged in a way a person should hear about."""

    text: str
    places: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def conflicts(self) -> int:
        return len(self.places)


def merge_days(base: Day, ours: Day, theirs: Day) -> Merged:
    """Three-way merge of one day: header field by field, notes by id, then per key."""
    day = ours.day
    header, places = _merge_header(day, base.info, ours.info, theirs.info)
    parts = [header]
    places = list(places)
    notices: list[str] = []
    base_notes, our_notes, their_notes = (_tables(d) for d in (base, ours, theirs))
    written = {n.id: n for n in ours.notes}
    for note_id in dict.fromkeys([*our_notes, *their_notes]):
        b, o, t = base_notes.get(note_id), our_notes.get(note_id), their_notes.get(note_id)
        if o is None or t is None:
            kept = o if o is not None else t
            assert kept is not None  # the id came from one of the two sides
            if b is not None and same(kept, b):
                continue  # deleted on one side, untouched on the other
            if b is not None:
                notices.append(
                    f"note {note_id} was deleted on one side and edited on the other: "
                    "kept the edited note"
                )
            parts.append(_note_text(day, note_id, kept))
            continue
        if same(o, t):  # nearly every note: nobody changed it, or both alike
            parts.append(codec.dump_note(written[note_id]))
            continue
        merged = merge_table(b or {}, o, t, sets=NOTE_SETS)
        if not merged.clashes:
            try:
                parts.append(codec.dump_note(_note(day, note_id, merged.merged)))
                continue
            except DayFileError:  # each key fine, together not a note: let a person choose
                pass
        fields = ", ".join(merged.clashes) or "fields"
        places.append(f"note {note_id} ({fields})")
        ours_text = _note_text(day, note_id, merged.side(ours=True) if merged.clashes else o)
        theirs_text = _note_text(day, note_id, merged.side(ours=False) if merged.clashes else t)
        parts.append("\n" + marked(ours_text, theirs_text))
    return Merged("".join(parts), tuple(places), tuple(notices))


def _tables(day: Day) -> dict[str, dict[str, Any]]:
    """Each note as the codec writes it, read back as a TOML table (normalized, every key)."""
    return tomllib.loads(codec.dump_day(day)).get("notes", {})  # type: ignore[no-any-return]


def _note(day: date, note_id: str, table: dict[str, Any]) -> Note:
    found = codec.day_from_document({"notes": {note_id: table}}, day=day, source=_SOURCE)
    return found.notes[0]


def _note_text(day: date, note_id: str, table: dict[str, Any]) -> str:
    """The note's block as the codec writes it; as plain TOML if it is not a valid note."""
    try:
        return codec.dump_note(_note(day, note_id, table))
    except DayFileError:
        import tomli_w

        return "\n" + tomli_w.dumps({"notes": {note_id: table}})


# -- the day's header --------------------------------------------------------------------


def _merge_header(
    day: date, base: DayInfo, ours: DayInfo, theirs: DayInfo
) -> tuple[str, list[str]]:
    """The header with each field both sides changed differently between markers."""
    b, o, t = (tomllib.loads(codec.dump_header(info)) for info in (base, ours, theirs))
    merged = merge_table(b, o, t)
    clean = {k: v for k, v in merged.merged.items() if k not in merged.clashes}
    text = _header_text(day, clean)
    if not merged.clashes:
        return text, []
    lines = text.splitlines(keepends=True)
    inline: list[str] = []
    tables: list[str] = []  # a table-valued key goes last: it would swallow later keys
    for key, (mine, other) in merged.clashes.items():
        block = marked(_field_text(day, key, mine), _field_text(day, key, other))
        (tables if isinstance(mine, dict) or isinstance(other, dict) else inline).append(block)
    # after `format` and `day`, before any table of the header
    text = "".join([*lines[:2], *inline, *lines[2:], *tables])
    return text, [f"the day's {key}" for key in merged.clashes]


def _header_text(day: date, doc: dict[str, Any]) -> str:
    info = codec.day_from_document(doc, day=day, source=_SOURCE).info
    return codec.dump_header(info)


def _field_text(day: date, key: str, value: Any) -> str:
    """One header field as the codec writes it (a multi-line intro stays multi-line)."""
    if value is MISSING:
        return ""
    try:
        bare = _header_text(day, {})
        return _header_text(day, {key: value}).removeprefix(bare)
    except DayFileError:
        import tomli_w

        return tomli_w.dumps({key: value})
