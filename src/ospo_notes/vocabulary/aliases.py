"""Aliases, shared by themes and speakers: an alias folds into the name it stands for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


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


Memo = dict[tuple[str, ...], tuple[str, ...]]
MEMO_LIMIT = 10_000  # distinct name lists remembered; a store has a few hundred


def fold(
    names: Iterable[str],
    canonical: Callable[[str], str],
    memo: dict[tuple[str, ...], tuple[str, ...]],
) -> tuple[str, ...]:
    """`names` through `canonical`, duplicates dropped, order kept.

    Summaries and posts fold every note's themes and speakers, and the same few lists
    come back note after note: each list is folded once and remembered in `memo`.
    """
    key = names if isinstance(names, tuple) else tuple(names)
    folded = memo.get(key)
    if folded is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        folded = memo[key] = tuple(dict.fromkeys(map(canonical, key)))
    return folded
