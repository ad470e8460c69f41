"""A small TOML file of the notes dir that we own (`themes.toml`, `speakers.toml`).

Written like a day file: under the notes dir's lock, checked before and after the
change, parsed back, then replaced atomically. A file that does not parse or validate
is reported and never rewritten. The change edits the parsed document in place, so
keys we do not know are kept; comments are not (the file is rewritten whole).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ospo_notes.errors import NotesError, VocabularyError
from ospo_notes.notes.codec import load_document
from ospo_notes.store.files import locked, read_bytes, replace_atomically
from ospo_notes.vocabulary.tables import Change, Doc

T = TypeVar("T")


@dataclass(frozen=True)
class TomlFile(Generic[T]):
    """One such file: its name, the comment it starts with, and what it holds.

    `parse` checks a whole document and returns what it holds, raising a `NotesError`
    that names what is wrong (the file's name and a fix are added here).
    """

    name: str
    header: str
    parse: Callable[[Doc], T]
    what: str  # "the theme vocabulary file": named when a folder stands in its place

    def path(self, root: Path) -> Path:
        return root / self.name

    def read(self, root: Path) -> T:
        """What the file holds; what an empty file holds when there is none."""
        path = self.path(root)
        data = read_bytes(path, self.what)
        return self._checked(_load(data, str(path)) if data else {}, str(path))

    def update(self, root: Path, change: Change) -> str:
        """Apply `change` (which edits the document and says what it did) under the lock.

        The file is written only when the document changed and the result validates.
        """
        path = self.path(root)
        source = str(path)
        with locked(root):
            data = read_bytes(path, self.what)
            doc = _load(data, source) if data else {}
            self._checked(doc, source)  # never rewrite a file we could not read
            before = copy.deepcopy(doc)
            message = change(doc)
            if doc != before:
                new = (self.header + _dumps(doc)).encode("utf-8")
                self._checked(_load(new, source), source)
                replace_atomically(path, new)
        return message

    def _checked(self, doc: Doc, source: str) -> T:
        try:
            return self.parse(doc)
        except NotesError as err:
            raise VocabularyError(f"{source}: {err}; fix the file by hand") from None


def _load(data: bytes, source: str) -> Doc:
    return load_document(data, source, error=VocabularyError)


def _dumps(doc: Doc) -> str:
    import tomli_w

    return tomli_w.dumps(doc)
