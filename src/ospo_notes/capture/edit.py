"""An edit made in $EDITOR, applied to the note as it is when the editor closes.

The editor may stay open for minutes while `tag` or `edit --kind` change the same note
in another terminal; writing back the copy read before the editor opened would undo
those acknowledged changes. This is a three-way merge per field: base is the note when
the editor opened, theirs the note now, ours what the editor saved. What was typed is
never lost: an edit that cannot be applied is kept in a file the error names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ospo_notes.errors import NotesError
from ospo_notes.notes.model import Note, normalize_note

if TYPE_CHECKING:
    from ospo_notes.store import NotesStore

FIELDS = ("text", "kind", "time", "session", "speakers")
Themes = tuple[str, ...]


class EditConflict(NotesError):
    """Another command changed a field the editor changed too; nothing was saved."""

    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = tuple(fields)


def merge_edit(base: Note, theirs: Note, ours: Note) -> Note:
    """`theirs` with the fields only the editor changed taken from `ours`.

    A field both changed, to different values, is a conflict. Themes merge as a set:
    those the editor added are added and those it removed are removed, so a `tag` made
    meanwhile stays. Keys the editor never shows (`extra`) come from `theirs`.
    """
    changes: dict[str, object] = {}
    clashes = []
    for name in FIELDS:
        was, now, typed = getattr(base, name), getattr(theirs, name), getattr(ours, name)
        if typed in (was, now):
            continue
        if now == was:
            changes[name] = typed
        else:
            clashes.append(name)
    if clashes:
        raise EditConflict(clashes)
    return theirs.with_changes(
        themes=_merge_themes(base.themes, theirs.themes, ours.themes), **changes
    )


def _merge_themes(base: Themes, theirs: Themes, ours: Themes) -> Themes:
    """Themes as a set: what one side added or removed, the result has or lacks."""
    if ours == base:
        return theirs
    if theirs == base:
        return ours  # only the editor changed them: its order too
    added = [t for t in ours if t not in base]
    removed = {t for t in base if t not in ours}
    return tuple(dict.fromkeys([*(t for t in theirs if t not in removed), *added]))


def edit_in_editor(store: NotesStore, note: Note) -> bool:
    """Open `note` in $EDITOR and apply what was saved; False when nothing changed."""
    from ospo_notes.notes.codec import dump_note_for_editing, parse_edited_note
    from ospo_notes.store.editor import edit_text, keep_text

    typed = edit_text(dump_note_for_editing(note), suffix=".toml")
    name = f"{note.day}/{note.id}"
    try:
        edited = normalize_note(parse_edited_note(typed, note))
        if edited == note:
            return False
        store.update_note(
            note,
            lambda current: merge_edit(note, current, edited),
            f"edited {note.kind} {note.id} in the editor",
        )
    except EditConflict as err:
        raise NotesError(
            f"{name}: another command changed its {err} while the editor was open, and so "
            f"did your edit: nothing was saved; your edit is kept in {keep_text(typed, note.id)}"
            f" (run 'ospo-notes edit {name}' and copy it over)"
        ) from None
    except NotesError as err:  # a deleted note, a refused text: still keep what was typed
        kept = keep_text(typed, note.id)
        raise type(err)(f"{err}; your edit is kept in {kept}") from None
    return True
