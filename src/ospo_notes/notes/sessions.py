"""Sessions as a day's notes name them: one session whatever its case and spacing.

`session_folded` is the one rule for "the same session": adding a note, the summary,
the schedule and shell completion all compare titles through it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from ospo_notes.errors import NotFoundError, UsageError
from ospo_notes.notes.model import Day, check_storable


@functools.lru_cache(maxsize=4096)  # a day's few titles, asked of every note it holds
def session_folded(title: str) -> str:
    """The form two session titles are compared in: case, surrounding and repeated spaces
    ignored, so `procurement &  funding` and `Procurement & funding` are one session."""
    return " ".join(title.split()).casefold()


def existing_session(typed: str, titles: Iterable[str]) -> str | None:
    """The title in `titles` that `typed` names (see `session_folded`), first one wins."""
    wanted = session_folded(typed)
    if not wanted:
        return None
    return next((title for title in titles if session_folded(title) == wanted), None)


@dataclass(frozen=True)
class Renamed:
    """What `rename_session` did: the day after, the title before and after, how many
    notes moved, and whether it joined a session the day already had."""

    day: Day
    old: str
    new: str
    moved: int
    merged: bool


def rename_session(day: Day, old: str, new: str, *, merge: bool = False) -> Renamed:
    """`day` with session `old` (matched as `existing_session` does) renamed to `new`.
    Renaming to a
       title another session of the day already has merges the two, so it needs `merge`; then
       the notes take that session's exact title. Raises before anything is changed.
    """
    new = check_storable(" ".join(new.split()), "the new session title")
    titles = list(dict.fromkeys(note.session for note in day.notes if note.session))
    found = existing_session(old, titles)
    if found is None:
        known = "; ".join(titles[:8]) if titles else "none"
        raise NotFoundError(
            f"no session {old.strip()!r} on {day.day} (its sessions: {known}); "
            "check the spelling or --day"
        )
    if not new:
        raise UsageError("the new session title is empty: give one, e.g. 'Opening keynote'")
    same = session_folded(new) == session_folded(found)
    other = None if same else existing_session(new, titles)
    if other is not None:
        if not merge:
            raise UsageError(
                f"{other!r} is already a session on {day.day}: renaming {found!r} to it would "
                "merge the two; add --merge to do that"
            )
        new = other
    key = session_folded(found)  # every spelling of it moves, e.g. from before this check
    notes = tuple(
        note.with_changes(session=new) if session_folded(note.session) == key else note
        for note in day.notes
    )
    moved = sum(1 for before, after in zip(day.notes, notes, strict=True) if before is not after)
    return Renamed(Day(info=day.info, notes=notes), found, new, moved, other is not None)
