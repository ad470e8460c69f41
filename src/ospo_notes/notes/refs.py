"""How a person names a note on the command line: an id, a prefix of one, or DAY/ID.

Ids are random, so the same id can sit on two days (after an import, or a copied
file) and a short id can be the start of a longer one (`abcd` and `abcdefgh`). An
exact id wins over the longer ids it starts; `DAY/ID` or `--day` picks among days.
Pure: the store reads the files, this decides what the words mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ospo_notes.errors import NotFoundError, UsageError
from ospo_notes.notes import dates
from ospo_notes.notes.model import MIN_PREFIX, Note, is_valid_id

FORMS = "an id shown by 'ospo-notes list', 4+ characters of one, or DAY/ID"


@dataclass(frozen=True)
class NoteRef:
    """What was asked for: an id or a prefix of one, on one day or on any."""

    prefix: str
    day: date | None = None

    def __str__(self) -> str:
        return f"{self.day}/{self.prefix}" if self.day else self.prefix


def parse_ref(text: str, day: date | None = None) -> NoteRef:
    """`ID`, `PREFIX` or `DAY/ID`, and the `--day` given with it (if any)."""
    prefix, on = text, day
    if "/" in text:
        day_text, _, prefix = text.partition("/")
        on = dates.parse_day(day_text)
        if day is not None and day != on:
            raise UsageError(
                f"{text!r} and --day {day} name two different days: give only one of them"
            )
    if not prefix:
        raise UsageError(f"no note id in {text!r}: give {FORMS}")
    if not is_valid_id(prefix):
        strange = "".join(dict.fromkeys(c for c in prefix if not is_valid_id(c)))
        raise UsageError(
            f"invalid note id {prefix!r}: ids hold only letters, digits, '-' and '_', "
            f"never {strange!r}; give {FORMS}"
        )
    if len(prefix) < MIN_PREFIX:
        raise UsageError(
            f"invalid note id {prefix!r}: give at least {MIN_PREFIX} characters of an id "
            "shown by 'ospo-notes list'"
        )
    return NoteRef(prefix, on)


def pick(ref: NoteRef, found: Sequence[Note]) -> Note:
    """The one note of `found` (notes whose id starts with the prefix) that `ref` names.

    An exact id wins over longer ids it starts; anything else that is not one note is
    an error naming the candidates as DAY/ID and how to choose.
    """
    exact = [note for note in found if note.id == ref.prefix]
    candidates = exact or list(found)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        where = f" on {ref.day}" if ref.day else ""
        raise NotFoundError(
            f"no note{where} has an id starting with {ref.prefix!r}: see 'ospo-notes list' for ids"
        )
    shown = ", ".join(f"{note.day}/{note.id}" for note in candidates[:5])
    more = f" and {len(candidates) - 5} more" if len(candidates) > 5 else ""
    if exact:
        how = f"add its day, e.g. {candidates[0].day}/{ref.prefix}, or use --day"
        what = f"id {ref.prefix!r} is on {len(candidates)} days"
    else:
        how = f"give more of the id, or DAY/ID, e.g. {candidates[0].day}/{candidates[0].id}"
        what = f"id {str(ref)!r} is ambiguous, {len(candidates)} notes match"
    raise NotFoundError(f"{what} ({shown}{more}): {how}")
