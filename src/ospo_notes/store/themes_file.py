"""The theme vocabulary file, `themes.toml` in the notes dir: read it, change it safely.

    [themes.procurement]
    title = "Procurement and paying for open source"
    description = "Buying open source, and paying for it, inside public rules"
    aliases = ["public-procurement"]

Written like a day file (see `toml_file`): under the lock, checked before and after,
replaced atomically, never rewritten when it does not parse; unknown keys are kept.
The alias rules (one-step folding, no loops, a theme with its own table is never an
alias) are those of `vocabulary.tables`; theme names are normalized
(`Public Procurement` is `public-procurement`).
"""

from __future__ import annotations

from pathlib import Path

from ospo_notes.notes.model import check_storable, normalize_theme
from ospo_notes.store.toml_file import TomlFile
from ospo_notes.vocabulary import tables
from ospo_notes.vocabulary.tables import Change, Doc
from ospo_notes.vocabulary.themes import Vocabulary, check_title

FILE_NAME = "themes.toml"
HEADER = (
    "# Theme vocabulary for ospo-notes: a title, a description and aliases per theme.\n"
    "# Change it with 'ospo-notes themes describe' and 'ospo-notes themes alias'.\n\n"
)
SECTION = tables.Section(
    key="themes",
    noun="theme",
    normalize=normalize_theme,
    labels={"description": "description", "title": "title"},
    metavar="THEME",
    command="ospo-notes themes",
)


def parse_document(doc: Doc) -> Vocabulary:
    """The whole file's rules (also how the merge driver checks what it merged)."""
    entries = tables.read_entries(SECTION, doc, strict=True)
    return Vocabulary(
        descriptions=entries.fields["description"],
        aliases=entries.aliases,
        titles=entries.fields["title"],
    )


_FILE = TomlFile(FILE_NAME, HEADER, parse_document, "the theme vocabulary file")


def vocabulary_path(root: Path) -> Path:
    return _FILE.path(root)


def read_vocabulary(root: Path) -> Vocabulary:
    """The notes dir's vocabulary; an empty one when there is no `themes.toml`."""
    return _FILE.read(root)


def update_vocabulary(root: Path, change: Change) -> str:
    """Apply `change` (which edits the TOML document and says what it did) under the lock.

    The file is written only when the document changed and the result validates.
    """
    return _FILE.update(root, change)


def describe(theme: str, text: str | None = None, *, title: str | None = None) -> Change:
    """Set a theme's description and/or title; an empty one removes it.

    The description is folded to one line (it is shown in a table); a title must be
    one line already (it heads a section of the post).
    """
    values: dict[str, str] = {}
    if text is not None:
        values["description"] = check_storable(" ".join(text.split()), "the description")
    if title is not None:
        values["title"] = check_title(title)
    return tables.set_fields(SECTION, theme, values)


def add_alias(alias: str, theme: str) -> Change:
    """Make `alias` fold into `theme` (or into the theme `theme` is an alias of)."""
    return tables.add_alias(SECTION, alias, theme)


def remove_alias(alias: str, theme: str | None = None) -> Change:
    """Stop folding `alias` into its theme."""
    return tables.remove_alias(SECTION, alias, theme)


def change_alias(alias: str, theme: str | None, *, remove: bool) -> Change:
    """`alias ALIAS THEME` or `alias --remove ALIAS [THEME]`, as the command takes them."""
    return tables.change_alias(SECTION, alias, theme, remove=remove)
