"""The notes folder on disk: day files, the undo journal, vocabulary and schedule files.

With `index` and `team`, the only code that touches files: atomic writes under one lock,
files that do not parse are reported and never rewritten.
"""

from ospo_notes.store.locate import ENV_VAR, NotesDirChoice, locate_notes_dir
from ospo_notes.store.notes_store import NotesStore

__all__ = ["ENV_VAR", "NotesDirChoice", "NotesStore", "locate_notes_dir"]
