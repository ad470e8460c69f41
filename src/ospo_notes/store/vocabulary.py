"""The theme vocabulary file, `themes.toml` in the notes dir: read it, change it safely.

    [themes.procurement]
    description = "Buying open source, and paying for it, inside public rules"
    aliases = ["public-procurement"]

Written like a day file: under the notes dir's lock, checked before and after the
change, parsed back, then replaced atomically. A file that does not parse or validate
is reported and never rewritten. Keys we do not know (at the top or inside a theme's
table) are kept; comments are not (the file is rewritten whole).

Rules, so that folding is one step and can never loop:
- theme names and aliases are normalized (`Public Procurement` is `public-procurement`);
- an alias folds into a theme, never into another alias (asking for that folds it
  into the alias's theme);
- a name that has its own table (a description, aliases, or other keys) is a theme
  and cannot become an alias; an alias is listed under one theme only;
- aliasing a theme to itself is a usage error.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ospo_notes.errors import NotesError, UsageError, VocabularyError
from ospo_notes.model import check_storable, normalize_theme
from ospo_notes.store.codec import toml_error
from ospo_notes.store.files import locked, read_bytes, replace_atomically
from ospo_notes.themes import Vocabulary

FILE_NAME = "themes.toml"
HEADER = (
    "# Theme vocabulary for ospo-notes: a description and aliases per theme.\n"
    "# Change it with 'ospo-notes themes describe' and 'ospo-notes themes alias'.\n\n"
)

Doc = dict[str, Any]
Change = Callable[[Doc], str]


def vocabulary_path(root: Path) -> Path:
    return root / FILE_NAME


WHAT = "the theme vocabulary file"  # what a person who made a folder of that name is told


def read_vocabulary(root: Path) -> Vocabulary:
    """The notes dir's vocabulary; an empty one when there is no `themes.toml`."""
    path = vocabulary_path(root)
    data = read_bytes(path, WHAT)
    if data is None:
        return Vocabulary()
    return _validate(_load(data, str(path)), str(path))


def update_vocabulary(root: Path, change: Change) -> str:
    """Apply `change` (which edits the TOML document and says what it did) under the lock.

    The file is written only when the document changed and the result validates.
    """
    path = vocabulary_path(root)
    source = str(path)
    with locked(root):
        data = read_bytes(path, WHAT)
        doc = _load(data, source) if data else {}
        _validate(doc, source)  # never rewrite a file we could not read
        before = copy.deepcopy(doc)
        message = change(doc)
        if doc != before:
            new = (HEADER + _dumps(doc)).encode("utf-8")
            _validate(_load(new, source), source)
            replace_atomically(path, new)
    return message


# -- changes (each edits a validated document in place and returns a message) ------


def describe(theme: str, text: str) -> Change:
    """Set a theme's description; empty text removes it."""
    name = normalize_theme(theme)
    description = _clean(text)

    def change(doc: Doc) -> str:
        target = _vocabulary(doc).canonical(name)
        via = f" ({name} is an alias of {target})" if target != name else ""
        if not description:
            table = _table(doc, target)
            if table is None or "description" not in table:
                return f"{target} has no description; nothing changed."
            del table["description"]
            _prune(doc, target)
            return f"Removed the description of {target}{via}."
        _ensure_table(doc, target)["description"] = description
        return f"Described {target}{via}."

    return change


def add_alias(alias: str, theme: str) -> Change:
    """Make `alias` fold into `theme` (or into the theme `theme` is an alias of)."""
    name, wanted = normalize_theme(alias), normalize_theme(theme)
    if name == wanted:
        raise UsageError(f"cannot make {name} an alias of itself: give two different themes")

    def change(doc: Doc) -> str:
        vocabulary = _vocabulary(doc)
        own = _table(doc, name)
        if own:
            raise UsageError(
                f"{name} is a theme with its own description or aliases in {FILE_NAME}: "
                "remove them first, or alias the other way round"
            )
        target = vocabulary.canonical(wanted)  # never `name`: it has no aliases (no table)
        via = f" ({wanted} is an alias of {target})" if target != wanted else ""
        current = vocabulary.aliases.get(name)
        if current == target:
            return f"{name} is already an alias of {target}; nothing changed."
        moved = ""
        if current is not None:
            _drop_alias(doc, name)
            moved = f" (it was an alias of {current})"
        if own is not None:  # an empty [themes.NAME] table: it becomes an alias
            del _themes(doc)[_key(doc, name)]
        table = _ensure_table(doc, target)
        table["aliases"] = sorted({*table.get("aliases", []), name})
        return f"{name} is now an alias of {target}{via}{moved}."

    return change


def remove_alias(alias: str, theme: str | None = None) -> Change:
    """Stop folding `alias` into its theme."""
    name = normalize_theme(alias)
    expected = normalize_theme(theme) if theme is not None else None

    def change(doc: Doc) -> str:
        current = _vocabulary(doc).aliases.get(name)
        if current is None:
            raise UsageError(f"{name} is not an alias: see 'ospo-notes themes --json' for aliases")
        if expected is not None and current != expected:
            raise UsageError(f"{name} is an alias of {current}, not of {expected}")
        _drop_alias(doc, name)
        return f"{name} is no longer an alias of {current}."

    return change


# -- reading and checking ----------------------------------------------------------


def _load(data: bytes, source: str) -> Doc:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise VocabularyError(
            f"{source}:{line}: the file is not UTF-8; re-save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise VocabularyError(toml_error(err, data, source)) from None


def _validate(doc: Doc, source: str) -> Vocabulary:
    """Check the document's shape and rules; the `Vocabulary` it holds."""
    try:
        return _vocabulary(doc, strict=True)
    except NotesError as err:
        raise VocabularyError(f"{source}: {err}; fix the file by hand") from None


def _vocabulary(doc: Doc, *, strict: bool = False) -> Vocabulary:
    descriptions: dict[str, str] = {}
    aliases: dict[str, str] = {}
    themes = doc.get("themes", {})
    if not isinstance(themes, dict):
        raise VocabularyError("'themes' must be a table of [themes.NAME] tables")
    names: dict[str, str] = {}
    for key, table in themes.items():
        name = _name(key)
        if not isinstance(table, dict):
            raise VocabularyError(f"theme {key!r} must be a table ([themes.{name}])")
        if name in names:
            raise VocabularyError(f"themes {names[name]!r} and {key!r} are one theme: merge them")
        names[name] = key
        description = table.get("description", "")
        if not isinstance(description, str):
            raise VocabularyError(f"the description of {name} must be a string")
        if description.strip():
            descriptions[name] = description.strip()
        listed = table.get("aliases", [])
        if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
            raise VocabularyError(f"the aliases of {name} must be a list of strings")
        for raw in listed:
            alias = _name(raw)
            if alias == name:
                continue  # harmless: a theme folds into itself
            if strict and alias in aliases and aliases[alias] != name:
                raise VocabularyError(
                    f"{alias} is listed as an alias of both {aliases[alias]} and {name}: keep one"
                )
            aliases[alias] = name
    for alias, theme in aliases.items():
        if strict and alias in names:
            raise VocabularyError(
                f"{alias} is a theme ([themes.{alias}]) and an alias of {theme}: keep one"
            )
    return Vocabulary(descriptions=descriptions, aliases=aliases)


def _name(raw: str) -> str:
    try:
        return normalize_theme(raw)
    except UsageError as err:
        raise VocabularyError(str(err)) from None


# -- editing helpers ---------------------------------------------------------------


def _themes(doc: Doc) -> dict[str, Any]:
    return doc.get("themes", {})  # type: ignore[no-any-return]


def _key(doc: Doc, name: str) -> str:
    """The key under which `name` is written (a hand-typed `Trust` is `trust`)."""
    return next((k for k in _themes(doc) if normalize_theme(k) == name), name)


def _table(doc: Doc, name: str) -> dict[str, Any] | None:
    """The theme's own table, if it has one."""
    return _themes(doc).get(_key(doc, name))


def _ensure_table(doc: Doc, name: str) -> dict[str, Any]:
    key = _key(doc, name)
    return doc.setdefault("themes", {}).setdefault(key, {})  # type: ignore[no-any-return]


def _drop_alias(doc: Doc, alias: str) -> None:
    for key, table in list(_themes(doc).items()):
        listed = table.get("aliases", [])
        kept = [a for a in listed if normalize_theme(a) != alias]
        if len(kept) != len(listed):
            if kept:
                table["aliases"] = kept
            else:
                del table["aliases"]
            _prune(doc, normalize_theme(key))


def _prune(doc: Doc, name: str) -> None:
    """Drop a theme's table once it holds nothing, and `themes` once it is empty."""
    themes = _themes(doc)
    key = _key(doc, name)
    if key in themes and not themes[key]:
        del themes[key]
    if "themes" in doc and not themes:
        del doc["themes"]


def _clean(text: str) -> str:
    """One line of text, UTF-8 safe (a description is shown in a table)."""
    return check_storable(" ".join(text.split()), "the description")


def _dumps(doc: Doc) -> str:
    import tomli_w

    return tomli_w.dumps(doc)
