"""Errors a user can cause and fix: each carries the one line the CLI prints.

Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class NotesError(Exception):
    """An expected failure; `str(err)` is a complete, user-facing sentence."""


class UsageError(NotesError):
    """Bad input on the command line (exit code 2, like other usage errors)."""


class DayFileError(NotesError):
    """A day file that does not parse or validate; it is never rewritten."""


class ReadOnlyFormatError(NotesError):
    """A file written by a newer ospo-notes: readable, but never rewritten."""


class NotFoundError(NotesError):
    """An id or name that matches nothing (or more than one thing)."""


class ScheduleError(NotesError):
    """A schedule file that cannot be read or understood; nothing is imported."""


class VocabularyError(NotesError):
    """A `themes.toml` or `speakers.toml` that does not parse or validate; never rewritten."""
