"""The speaker vocabulary: roles, organisations, and aliases that fold spellings into one name.

A post names each speaker the way the seed post does ("Amandeep Singh Gill,
Under-Secretary-General and Special Envoy for Digital and Emerging Technologies,
UN-ODET"); notes only carry the name as typed. Pure data, no I/O: the file
`speakers.toml` is read and written by the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ospo_notes.errors import UsageError
from ospo_notes.notes.model import Note, check_line
from ospo_notes.vocabulary.aliases import Memo, fold, follow


@dataclass(frozen=True)
class Speakers:
    """`name -> role`, `name -> organisation` and `alias -> name` (names as typed)."""

    roles: Mapping[str, str] = field(default_factory=dict)
    orgs: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    _folds: Memo = field(default_factory=dict, init=False, repr=False, compare=False)

    def canonical(self, name: str) -> str:
        """The name an alias stands for (following chains, safe against cycles)."""
        return follow(self.aliases, name)

    def fold(self, names: Iterable[str]) -> tuple[str, ...]:
        """Names with aliases replaced, duplicates dropped, order kept."""
        return fold(names, self.canonical, self._folds)

    def role(self, name: str) -> str:
        """The speaker's role, or '' when none is known."""
        return self.roles.get(self.canonical(name), "")

    def org(self, name: str) -> str:
        """The speaker's organisation, or '' when none is known."""
        return self.orgs.get(self.canonical(name), "")

    def credit(self, name: str) -> str:
        """'Name, Role, Org' with what is unset left out, as a post introduces a speaker."""
        canonical = self.canonical(name)
        return ", ".join(part for part in (canonical, self.role(name), self.org(name)) if part)

    def describe(self, name: str) -> str:
        """'Role, Org' (what is set of the two), as the summary shows it after a name."""
        return ", ".join(part for part in (self.role(name), self.org(name)) if part)

    def names(self) -> tuple[str, ...]:
        """Every name the vocabulary knows (with a role, an organisation or aliases), sorted."""
        return tuple(sorted({*self.roles, *self.orgs, *self.aliases.values()}))

    def aliases_of(self, name: str) -> tuple[str, ...]:
        """Every alias that folds into `name`, sorted."""
        return tuple(sorted(a for a in self.aliases if self.canonical(a) == name))


def normalize_speaker(name: str) -> str:
    """A speaker's name as stored: one line, inner spaces collapsed; never empty."""
    folded = " ".join(check_line(name, "the speaker's name").split())
    if not folded:
        raise UsageError("the speaker's name is empty: give a name, e.g. 'Dmitry Mariyasin'")
    return folded


def check_role(text: str, what: str = "the role") -> str:
    """A role (or organisation) as stored: one line, no control characters."""
    return check_line(text, what)


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker (aliases folded), who they are, and how many notes name them."""

    name: str
    role: str
    org: str
    aliases: tuple[str, ...]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "org": self.org,
            "aliases": list(self.aliases),
            "notes": self.count,
        }


def count_speakers(
    notes: Iterable[Note], speakers: Speakers, *, known: bool = True
) -> list[SpeakerCount]:
    """Speakers of `notes` (and, with `known`, every one of the vocabulary), most noted
    first, then by name.

    A note counts once per speaker, however many spellings of them it carries.
    """
    counts: Counter[str] = Counter()
    for note in notes:
        counts.update(speakers.fold(note.speakers))
    names = {*counts, *(speakers.names() if known else ())}
    return [
        SpeakerCount(
            name=name,
            role=speakers.role(name),
            org=speakers.org(name),
            aliases=speakers.aliases_of(name),
            count=counts[name],
        )
        for name in sorted(names, key=lambda n: (-counts[n], n.casefold(), n))
    ]


@dataclass(frozen=True)
class SpeakersOverview:
    """What `speakers` shows: the days it covers and each speaker's count, most first."""

    days: tuple[date, ...]
    speakers: tuple[SpeakerCount, ...]

    def to_dict(self) -> dict[str, Any]:
        """The overview as JSON-ready data (`speakers --json`)."""
        return {
            "days": [day.isoformat() for day in self.days],
            "speakers": [row.to_dict() for row in self.speakers],
        }


def speaker_filter(needle: str, speakers: Speakers) -> Callable[[Note], bool]:
    """`list --speaker NEEDLE` with aliases: a note matches when NEEDLE is in any spelling
    (the name, or any alias of it) of any of its speakers, ignoring case."""
    needle = needle.casefold()
    spellings: dict[str, set[str]] = {}
    for alias in speakers.aliases:
        spellings.setdefault(speakers.canonical(alias), set()).add(alias.casefold())

    def matches(note: Note) -> bool:
        for name in note.speakers:
            canonical = speakers.canonical(name)
            known = {name.casefold(), canonical.casefold(), *spellings.get(canonical, ())}
            if any(needle in spelling for spelling in known):
                return True
        return False

    return matches
