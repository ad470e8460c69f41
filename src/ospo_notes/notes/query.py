"""Filters over notes: what `list` asks, of the day files or the index; and what it found."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ospo_notes.notes.model import Note


@dataclass(frozen=True)
class NoteFilter:
    """Every set field must match; text fields match case-insensitively."""

    themes: tuple[str, ...] = ()
    session: str = ""
    speaker: str = ""
    kind: str = ""
    search: str = ""
    author: str = ""  # the whole name, any case

    def matches(self, note: Note) -> bool:
        """True when the note passes every filter that is set."""
        if self.kind and note.kind != self.kind:
            return False
        if self.themes and not set(self.themes) <= set(note.themes):
            return False
        if self.session and self.session.casefold() not in note.session.casefold():
            return False
        if self.speaker and not any(
            self.speaker.casefold() in speaker.casefold() for speaker in note.speakers
        ):
            return False
        if self.author and self.author.casefold() != note.author.casefold():
            return False
        words = self.search.casefold().split()
        return not words or all(word in search_text(note) for word in words)


def select(notes: Iterable[Note], where: NoteFilter) -> Iterator[Note]:
    """The notes that match, in the order given."""
    return (note for note in notes if where.matches(note))


def search_text(note: Note) -> str:
    """All the words a search looks at, folded for case (the index stores this too)."""
    return " ".join((note.text, note.session, *note.speakers, *note.themes)).casefold()


@dataclass(frozen=True)
class NoteList:
    """What `list` shows: the notes that matched, in order.

    `notes` may be an iterator, read once: `list --json` streams notes as the index
    yields them rather than holding them all (see `cli.terminal.show_result`).
    """

    notes: Iterable[Note]

    def to_dict(self) -> list[dict[str, Any]]:
        """The notes as JSON-ready data (`list --json`): each note's `Note.to_dict`."""
        return [note.to_dict() for note in self.notes]
