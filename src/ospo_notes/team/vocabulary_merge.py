"""Three-way merge of `themes.toml` or `speakers.toml`, entry by entry. Pure.

Each `[themes.NAME]` table merges key by key: aliases as a set (the union, less what
either side removed), a description, title, role or organisation only conflicts when
both sides changed it differently. A missing table counts as an empty one, so a side
that dropped a name's last alias and a side that described it merge too. The result
must keep the file's rules (`vocabulary.tables`): when the two sides' changes break one
together (an alias added here to a name that became a theme there), the entries
involved are left between conflict markers instead of writing a broken file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ospo_notes.errors import NotesError
from ospo_notes.team.day_merge import Merged
from ospo_notes.team.merge_marks import marked
from ospo_notes.team.three_way import MISSING, TableMerge, merge_table, same
from ospo_notes.vocabulary.tables import Doc, Section

Side = dict[str, tuple[str, dict[str, Any]]]  # name -> (its key as written, its table)


@dataclass(frozen=True)
class VocabularyFile:
    """What the merge needs to know of one such file."""

    section: Section
    header: str  # the comment the store starts the file with
    check: Callable[[Doc], object]  # the file's rules; raises a NotesError


def merge_vocabulary(kind: VocabularyFile, base: Doc, ours: Doc, theirs: Doc) -> Merged:
    """Merge three validated documents (an add/add merges against an empty base)."""
    key = kind.section.key
    top = merge_table(*({k: v for k, v in d.items() if k != key} for d in (base, ours, theirs)))
    sides = [_entries(kind.section, d) for d in (base, ours, theirs)]
    names = list(dict.fromkeys([*sides[1], *sides[2], *sides[0]]))
    entries: dict[str, TableMerge] = {}
    for name in names:
        b, o, t = (side.get(name, ("", {}))[1] for side in sides)
        entries[name] = merge_table(b, o, t, sets=("aliases",))
    raw_keys = {name: _raw_key(name, sides) for name in names}
    marked_names = {name for name, merged in entries.items() if merged.clashes}
    for suspects in (_tangled(kind.section, sides), _differing(sides)):
        if _valid(kind, top, entries, raw_keys, marked_names):
            break
        marked_names |= suspects
    return _render(kind, top, entries, raw_keys, marked_names, sides)


def _entries(section: Section, doc: Doc) -> Side:
    """name -> (the key it is written under, its table); names normalized as the store does."""
    tables = doc.get(section.key, {})
    return {section.normalize(raw): (raw, table) for raw, table in tables.items()}


def _raw_key(name: str, sides: list[Side]) -> str:
    for side in (sides[1], sides[2], sides[0]):
        if name in side:
            return side[name][0]
    return name


def _names_of(section: Section, name: str, table: dict[str, Any]) -> set[str]:
    """A name and its aliases: what a rule about folding can tie to another entry."""
    found = {name}
    for alias in table.get("aliases", []):
        try:
            found.add(section.normalize(alias))
        except NotesError:
            found.add(alias)
    return found


def _tangled(section: Section, sides: list[Side]) -> set[str]:
    """Entries one side changed that share a name or alias with an entry the other changed."""
    base = sides[0]

    def changed(side: Side) -> dict[str, set[str]]:
        names = {*side, *base}
        found = {}
        for name in names:
            now, was = side.get(name, ("", {}))[1], base.get(name, ("", {}))[1]
            if not same(now, was):
                found[name] = _names_of(section, name, now) | _names_of(section, name, was)
        return found

    ours, theirs = changed(sides[1]), changed(sides[2])
    return {
        name
        for mine, other in ((ours, theirs), (theirs, ours))
        for name, tied in mine.items()
        if any(tied & names for other_name, names in other.items() if other_name != name)
    }


def _differing(sides: list[Side]) -> set[str]:
    """Every entry the two sides hold differently: the last resort, always valid alone."""
    ours, theirs = sides[1], sides[2]
    return {
        name
        for name in {*ours, *theirs}
        if not same(ours.get(name, ("", {}))[1], theirs.get(name, ("", {}))[1])
    }


def _valid(
    kind: VocabularyFile,
    top: TableMerge,
    entries: dict[str, TableMerge],
    raw_keys: dict[str, str],
    marked_names: set[str],
) -> bool:
    """Whether the merged file, less its marked entries, keeps every rule."""
    tables = {
        raw_keys[name]: merged.merged
        for name, merged in entries.items()
        if name not in marked_names and merged.merged
    }
    doc: Doc = {k: v for k, v in top.merged.items() if k not in top.clashes}
    if tables:
        doc[kind.section.key] = tables
    try:
        kind.check(doc)
    except NotesError:
        return False
    return True


def _render(
    kind: VocabularyFile,
    top: TableMerge,
    entries: dict[str, TableMerge],
    raw_keys: dict[str, str],
    marked_names: set[str],
    sides: list[Side],
) -> Merged:
    """The file as the store writes it; with conflicts, each marked entry on its own."""
    section = kind.section
    clean: Doc = {k: v for k, v in top.merged.items() if k not in top.clashes}
    if not top.clashes and not marked_names:
        tables = {raw_keys[n]: m.merged for n, m in entries.items() if m.merged}
        return Merged(kind.header + _dumped({**clean, section.key: tables} if tables else clean))
    inline: list[str] = []
    tables_last: list[str] = []
    places: list[str] = []
    for key, (mine, other) in top.clashes.items():
        block = marked(_dumped({key: mine}), _dumped({key: other}))
        table_valued = isinstance(mine, dict) or isinstance(other, dict)
        (tables_last if table_valued else inline).append(block)
        places.append(f"'{key}'")
    parts = [kind.header, *inline, _dumped(clean), *tables_last]
    for name, merged in entries.items():
        raw = raw_keys[name]
        if name in marked_names:
            if merged.clashes:
                mine, other = merged.side(ours=True), merged.side(ours=False)
            else:
                mine, other = (side.get(name, ("", {}))[1] for side in sides[1:])
            fields = f" ({', '.join(merged.clashes)})" if merged.clashes else ""
            places.append(f"{section.noun} {name}{fields}")
            block = marked(_entry_text(section, raw, mine), _entry_text(section, raw, other))
            parts.append("\n" + block)
        elif merged.merged:
            parts.append("\n" + _entry_text(section, raw, merged.merged))
    return Merged("".join(parts), tuple(places))


def _entry_text(section: Section, raw: str, table: dict[str, Any]) -> str:
    return _dumped({section.key: {raw: table}}) if table else ""


def _dumped(doc: Doc) -> str:
    import tomli_w

    return tomli_w.dumps({k: v for k, v in doc.items() if v is not MISSING})
