"""Themes across days, as plain data: what `ospo-notes themes` draws.

One count per theme and day, aliases folded, so a theme that grows over an event's
days shows as a rising row. No I/O and no Rich here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ospo_notes.notes.model import Day
from ospo_notes.vocabulary.themes import Vocabulary


@dataclass(frozen=True)
class ThemeTrend:
    """A theme's total, and its count on each of the overview's days (same order)."""

    theme: str
    count: int
    by_day: tuple[int, ...]
    description: str
    aliases: tuple[str, ...]
    title: str = ""  # the stored title, else the theme's words


@dataclass(frozen=True)
class ThemesOverview:
    days: tuple[date, ...]
    themes: tuple[ThemeTrend, ...]

    def days_of(self, trend: ThemeTrend) -> tuple[date, ...]:
        """The days on which a theme came up."""
        return tuple(day for day, n in zip(self.days, trend.by_day, strict=True) if n)

    def to_dict(self) -> dict[str, Any]:
        """The overview as JSON-ready data (`themes --json`)."""
        return {
            "days": [day.isoformat() for day in self.days],
            "themes": [
                {
                    "theme": t.theme,
                    "title": t.title,
                    "count": t.count,
                    "description": t.description,
                    "aliases": list(t.aliases),
                    "days": {
                        day.isoformat(): n for day, n in zip(self.days, t.by_day, strict=True) if n
                    },
                }
                for t in self.themes
            ],
        }


def build_overview(days: Iterable[Day], vocabulary: Vocabulary | None = None) -> ThemesOverview:
    """Count each theme per day (a note counts once per theme), most frequent first."""
    vocabulary = vocabulary or Vocabulary()
    per_day = {
        day.day: Counter(theme for note in day.notes for theme in vocabulary.fold(note.themes))
        for day in days
    }
    return overview_from_counts(per_day, vocabulary)


def overview_from_counts(
    per_day: Mapping[date, Counter[str]], vocabulary: Vocabulary | None = None
) -> ThemesOverview:
    """The overview from counts already folded per day (as the index gives them)."""
    vocabulary = vocabulary or Vocabulary()
    ordered = sorted(per_day)
    totals: Counter[str] = Counter()
    for counts in per_day.values():
        totals.update(counts)
    return ThemesOverview(
        days=tuple(ordered),
        themes=tuple(
            ThemeTrend(
                theme=theme,
                count=count,
                by_day=tuple(per_day[day][theme] for day in ordered),
                description=vocabulary.describe(theme),
                aliases=vocabulary.aliases_of(theme),
                title=vocabulary.title(theme),
            )
            for theme, count in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
            if count > 0
        ),
    )
