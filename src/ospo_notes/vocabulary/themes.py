"""The theme vocabulary: descriptions, and aliases that fold into one theme.

People type `procurement`, `Procurement` and `public-procurement` for one idea;
the vocabulary says which is the theme and which are aliases. Pure data, no I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ospo_notes.errors import UsageError
from ospo_notes.notes.model import check_line, normalize_theme
from ospo_notes.vocabulary.aliases import Memo, fold, follow


@dataclass(frozen=True)
class Vocabulary:
    """Theme titles, descriptions and `alias -> theme` folds (themes already normalized)."""

    descriptions: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    _folds: Memo = field(default_factory=dict, init=False, repr=False, compare=False)

    def canonical(self, theme: str) -> str:
        """The theme an alias stands for (following chains, safe against cycles)."""
        return follow(self.aliases, _normalized(theme))

    def fold(self, themes: Iterable[str]) -> tuple[str, ...]:
        """Themes with aliases replaced, duplicates dropped, order kept."""
        return fold(themes, self.canonical, self._folds)

    def describe(self, theme: str) -> str:
        """The theme's description, or '' when it has none."""
        return self.descriptions.get(self.canonical(theme), "")

    def title(self, theme: str) -> str:
        """The theme's human title: the stored one, else the slug as words.

        `funding-maintenance` without a stored title reads "Funding maintenance".
        """
        canonical = self.canonical(theme)
        stored = self.titles.get(canonical, "")
        return stored or slug_words(canonical)

    def aliases_of(self, theme: str) -> tuple[str, ...]:
        """Every alias that folds into `theme`, sorted."""
        return tuple(sorted(a for a in self.aliases if self.canonical(a) == theme))


@functools.lru_cache(maxsize=4096)  # a store repeats a few hundred themes 100,000 times
def _normalized(theme: str) -> str:
    """A hand-typed `Procurement` in a day file is `procurement`; odd names stay as typed."""
    try:
        return normalize_theme(theme)
    except UsageError:
        return theme


def slug_words(slug: str) -> str:
    """`funding-maintenance` as a reader would write it: "Funding maintenance"."""
    words = slug.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def check_title(text: str) -> str:
    """A theme's title as stored: one line, stripped ('' removes it)."""
    return check_line(text, "the title")
