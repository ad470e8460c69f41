"""Three-way merges of parsed TOML values: one value, a set, a table key by key. Pure.

Base is the common ancestor, ours and theirs the two sides. A side that left a value
as it was in base takes the other side's change; both sides making the same change is
no conflict. Lists named as sets (themes, speakers, aliases) merge as sets: the union,
less what either side removed. Everything else is compared whole, so a key nobody
here knows (a newer version's field, a hand-added one) merges like any other.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final


class _Missing:
    """A key a table does not have (distinct from every TOML value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


def same(a: Any, b: Any) -> bool:
    """TOML equality: `1`, `1.0` and `true` are three values, though Python says equal."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@dataclass(frozen=True)
class Pick:
    """The merged value, or `clash` when both sides changed it differently."""

    value: Any
    clash: bool = False


def merge_value(base: Any, ours: Any, theirs: Any) -> Pick:
    """One value (MISSING for absent): the side that changed it, else a clash."""
    if same(ours, theirs) or same(theirs, base):
        return Pick(ours)
    if same(ours, base):
        return Pick(theirs)
    return Pick(ours, clash=True)


def merge_set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """The union of both sides, less what either removed; ours' order, then theirs' new."""
    if same(ours, base):
        return theirs
    if same(theirs, base):
        return ours
    removed = [item for item in base if item not in ours or item not in theirs]
    return [item for item in dict.fromkeys([*ours, *theirs]) if item not in removed]


@dataclass(frozen=True)
class TableMerge:
    """A table merged key by key; `clashes` holds each key both sides changed differently
    as (ours, theirs), and `merged` holds ours' value for it."""

    merged: dict[str, Any]
    clashes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def side(self, ours: bool) -> dict[str, Any]:
        """The merged table with every clash settled for one side (what a marker shows)."""
        table = dict(self.merged)
        for key, values in self.clashes.items():
            value = values[0] if ours else values[1]
            if value is MISSING:
                table.pop(key, None)
            else:
                table[key] = value
        return table


def merge_table(
    base: Mapping[str, Any],
    ours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    sets: Collection[str] = (),
) -> TableMerge:
    """Merge per key; keys in `sets` are lists merged as sets (a missing one is empty).

    Keys come in ours' order, then theirs' new ones."""
    merged: dict[str, Any] = {}
    clashes: dict[str, tuple[Any, Any]] = {}
    for key in dict.fromkeys([*ours, *theirs, *base]):
        b, o, t = (side.get(key, MISSING) for side in (base, ours, theirs))
        if key in sets and all(isinstance(v, list) or v is MISSING for v in (b, o, t)):
            items = merge_set(*(v if isinstance(v, list) else [] for v in (b, o, t)))
            if items:  # an empty set is written as no key, as the store writes it
                merged[key] = items
            continue
        pick = merge_value(b, o, t)
        if pick.clash:
            clashes[key] = (o, t)
        if pick.value is not MISSING:
            merged[key] = pick.value
    return TableMerge(merged, clashes)
