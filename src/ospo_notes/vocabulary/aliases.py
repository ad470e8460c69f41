"""Aliases, shared by themes and speakers: an alias folds into the name it stands for."""

from __future__ import annotations

from collections.abc import Mapping


def follow(aliases: Mapping[str, str], name: str) -> str:
    """The name `name` stands for, following chains (a -> b -> c), safe against cycles.

    A cycle (which the files' rules refuse, but a hand edit can make) stops where it
    would come round again.
    """
    seen = {name}
    while name in aliases:
        name = aliases[name]
        if name in seen:
            break
        seen.add(name)
    return name
