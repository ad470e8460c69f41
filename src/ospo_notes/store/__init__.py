"""Everything that touches the file system lives in this package."""

from ospo_notes.store.locate import ENV_VAR, NotesDirChoice, locate_notes_dir
from ospo_notes.store.notes_store import NotesStore

__all__ = ["ENV_VAR", "NotesDirChoice", "NotesStore", "locate_notes_dir"]
