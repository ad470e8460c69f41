"""A vocabulary document: one table per name, with text fields and aliases that fold into it.

    [themes.procurement]                 [speakers."Amandeep Singh Gill"]
    description = "..."                  role = "Under-Secretary-General ..."
    aliases = ["public-procurement"]     aliases = ["A. Gill"]

`themes.toml` and `speakers.toml` hold the same shape under different names, so the
rules that keep folding one step live here once:
- names and aliases are normalized by the section's own rule;
- an alias folds into a name, never into another alias (asking for that folds it into
  the alias's name), and never into a name that is its own alias (a loop);
- a name that has its own table (a field, aliases, or other keys) cannot become an
  alias; an alias is listed under one name only; a name is never its own alias.
Each change edits an already validated document in place and returns what it did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ospo_notes.errors import UsageError, VocabularyError

Doc = dict[str, Any]
"""A parsed TOML document, edited in place by a `Change`."""
Change = Callable[[Doc], str]
"""An edit of a document: changes it in place and says what it did, in one line."""


@dataclass(frozen=True)
class Section:
    """Where the tables live (`themes`) and what the names and fields are called."""

    key: str  # the top-level table: "themes", "speakers"
    noun: str  # "theme", "speaker"
    normalize: Callable[[str], str]  # raises UsageError for a name that cannot be one
    labels: Mapping[str, str]  # text field -> its name in messages ("org" -> "organisation")
    command: str  # "ospo-notes themes": lists the names, and changes them
    metavar: str  # how the commands' help calls a name: THEME, NAME

    @property
    def listing(self) -> str:
        return f"{self.command} --json"

    def own(self) -> str:
        """What makes a name's own table: 'description, title or aliases'."""
        return ", ".join(self.labels.values()) + " or aliases"


@dataclass(frozen=True)
class Entries:
    """A validated document: `field -> name -> text`, and `alias -> name`."""

    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        return self.aliases.get(name, name)  # one step: validated documents never chain


def read_entries(section: Section, doc: Doc, *, strict: bool = False) -> Entries:
    """The document's names, fields and aliases; `strict` also refuses what hand edits
    could get wrong (an alias under two names, a name that is also an alias)."""
    noun, key = section.noun, section.key
    entries = Entries(fields={f: {} for f in section.labels})
    tables = doc.get(key, {})
    if not isinstance(tables, dict):
        raise VocabularyError(f"'{key}' must be a table of [{key}.NAME] tables")
    names: dict[str, str] = {}
    for raw_key, table in tables.items():
        name = _name(section, raw_key)
        if not isinstance(table, dict):
            raise VocabularyError(f"{noun} {raw_key!r} must be a table ([{key}.{_bare(name)}])")
        if name in names:
            raise VocabularyError(
                f"{key} {names[name]!r} and {raw_key!r} are one {noun}: merge them"
            )
        names[name] = raw_key
        _read_table(section, name, table, entries, strict=strict)
    for alias, name in entries.aliases.items():
        if strict and alias in names:
            raise VocabularyError(
                f"{alias} is a {noun} ([{key}.{_bare(alias)}]) and an alias of {name}: keep one"
            )
    return entries


def _read_table(
    section: Section, name: str, table: dict[str, Any], entries: Entries, *, strict: bool
) -> None:
    """One name's fields and aliases, into `entries`."""
    for field_name, label in section.labels.items():
        value = table.get(field_name, "")
        if not isinstance(value, str):
            raise VocabularyError(f"the {label} of {name} must be a string")
        if value.strip():
            entries.fields[field_name][name] = value.strip()
    listed = table.get("aliases", [])
    if not isinstance(listed, list) or not all(isinstance(a, str) for a in listed):
        raise VocabularyError(f"the aliases of {name} must be a list of strings")
    for raw in listed:
        alias = _name(section, raw)
        if alias == name:
            continue  # harmless: a name folds into itself
        if strict and alias in entries.aliases and entries.aliases[alias] != name:
            raise VocabularyError(
                f"{alias} is listed as an alias of both {entries.aliases[alias]} "
                f"and {name}: keep one"
            )
        entries.aliases[alias] = name


# -- changes -------------------------------------------------------------------------


def set_fields(section: Section, raw_name: str, values: Mapping[str, str]) -> Change:
    """Set a name's text fields (already checked); an empty value removes that field."""
    name = section.normalize(raw_name)

    def change(doc: Doc) -> str:
        target = read_entries(section, doc).canonical(name)
        via = f" ({name} is an alias of {target})" if target != name else ""
        table = _table(section, doc, target) or {}
        removed = [f for f, value in values.items() if not value and f in table]
        wanted = {f: value for f, value in values.items() if value}
        if not wanted and not removed:
            labels = " or ".join(section.labels[f] for f in values)
            return f"{target} has no {labels}; nothing changed."
        own = _ensure_table(section, doc, target)
        own.update(wanted)
        for f in removed:
            del own[f]
        _prune(section, doc, target)
        if not wanted:
            labels = " and ".join(section.labels[f] for f in removed)
            return f"Removed the {labels} of {target}{via}."
        return f"Described {target}{via}."

    return change


def add_alias(section: Section, raw_alias: str, raw_name: str) -> Change:
    """Make an alias fold into a name (or into the name that name is an alias of)."""
    name, wanted = section.normalize(raw_alias), section.normalize(raw_name)
    noun, file_name = section.noun, f"{section.key}.toml"
    if name == wanted:
        raise UsageError(f"cannot make {name} an alias of itself: give two different {noun}s")

    def change(doc: Doc) -> str:
        entries = read_entries(section, doc)
        target = entries.canonical(wanted)
        if target == name:
            raise UsageError(
                f"cannot make {name} an alias of {wanted}: {wanted} is already an alias of "
                f"{name}, so the two would loop; to swap them, first run "
                f"'{section.command} alias --remove {_quoted(wanted)}'"
            )
        own = _table(section, doc, name)
        if own:
            raise UsageError(
                f"{name} is a {noun} with its own {section.own()} in {file_name}: "
                "remove them first, or alias the other way round"
            )
        via = f" ({wanted} is an alias of {target})" if target != wanted else ""
        current = entries.aliases.get(name)
        if current == target:
            return f"{name} is already an alias of {target}; nothing changed."
        moved = ""
        if current is not None:
            _drop_alias(section, doc, name)
            moved = f" (it was an alias of {current})"
        if own is not None:  # an empty table of its own: it becomes an alias
            del _tables(section, doc)[_key(section, doc, name)]
        table = _ensure_table(section, doc, target)
        table["aliases"] = sorted({*table.get("aliases", []), name})
        return f"{name} is now an alias of {target}{via}{moved}."

    return change


def remove_alias(section: Section, raw_alias: str, raw_name: str | None = None) -> Change:
    """Stop folding an alias into its name."""
    name = section.normalize(raw_alias)
    expected = section.normalize(raw_name) if raw_name is not None else None

    def change(doc: Doc) -> str:
        current = read_entries(section, doc).aliases.get(name)
        if current is None:
            raise UsageError(f"{name} is not an alias: see '{section.listing}' for aliases")
        if expected is not None and current != expected:
            raise UsageError(f"{name} is an alias of {current}, not of {expected}")
        _drop_alias(section, doc, name)
        return f"{name} is no longer an alias of {current}."

    return change


def change_alias(section: Section, alias: str, name: str | None, *, remove: bool) -> Change:
    """`alias ALIAS NAME`, or `alias --remove ALIAS [NAME]`, as the commands take them."""
    if remove:
        return remove_alias(section, alias, name)
    if name is None:
        raise UsageError(
            f"give the {section.metavar} that ALIAS stands for, or --remove to drop the alias"
        )
    return add_alias(section, alias, name)


# -- editing helpers -----------------------------------------------------------------


def _bare(name: str) -> str:
    """A name as a TOML key: bare when it can be, else quoted (`"Amandeep Singh Gill"`)."""
    import json
    import re

    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def _quoted(name: str) -> str:
    """A name as a shell argument: quoted when it holds spaces or quotes."""
    import shlex

    return shlex.quote(name)


def _name(section: Section, raw: str) -> str:
    try:
        return section.normalize(raw)
    except UsageError as err:
        raise VocabularyError(str(err)) from None


def _tables(section: Section, doc: Doc) -> dict[str, Any]:
    return doc.get(section.key, {})  # type: ignore[no-any-return]


def _key(section: Section, doc: Doc, name: str) -> str:
    """The key under which `name` is written (a hand-typed `Trust` is `trust`)."""
    return next((k for k in _tables(section, doc) if section.normalize(k) == name), name)


def _table(section: Section, doc: Doc, name: str) -> dict[str, Any] | None:
    """The name's own table, if it has one."""
    return _tables(section, doc).get(_key(section, doc, name))


def _ensure_table(section: Section, doc: Doc, name: str) -> dict[str, Any]:
    key = _key(section, doc, name)
    return doc.setdefault(section.key, {}).setdefault(key, {})  # type: ignore[no-any-return]


def _drop_alias(section: Section, doc: Doc, alias: str) -> None:
    for key, table in list(_tables(section, doc).items()):
        listed = table.get("aliases", [])
        kept = [a for a in listed if section.normalize(a) != alias]
        if len(kept) != len(listed):
            if kept:
                table["aliases"] = kept
            else:
                del table["aliases"]
            _prune(section, doc, section.normalize(key))


def _prune(section: Section, doc: Doc, name: str) -> None:
    """Drop a name's table once it holds nothing, and the section once it is empty."""
    tables = _tables(section, doc)
    key = _key(section, doc, name)
    if key in tables and not tables[key]:
        del tables[key]
    if section.key in doc and not tables:
        del doc[section.key]
