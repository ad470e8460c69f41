"""The speaker vocabulary: roles, organisations, and aliases that fold spellings into one name.

A post names each speaker the way the seed post does ("Amandeep Singh Gill,
Under-Secretary-General and Special Envoy for Digital and Emerging Technologies,
UN-ODET"); notes only carry the name as typed. Pure data, no I/O: the file
`speakers.toml` is read and written by the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speakers:
    """`name -> role`, `name -> organisation` and `alias -> name` (names as typed)."""

    roles: Mapping[str, str] = field(default_factory=dict)
    orgs: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        """The name an alias stands for (following chains, safe against cycles)."""
        seen = {name}
        while name in self.aliases:
            name = self.aliases[name]
            if name in seen:
                break
            seen.add(name)
        return name

    def fold(self, names: Iterable[str]) -> tuple[str, ...]:
        """Names with aliases replaced, duplicates dropped, order kept."""
        return tuple(dict.fromkeys(self.canonical(name) for name in names))

    def role(self, name: str) -> str:
        return self.roles.get(self.canonical(name), "")

    def org(self, name: str) -> str:
        return self.orgs.get(self.canonical(name), "")

    def credit(self, name: str) -> str:
        """'Name, Role, Org' with what is unset left out, as a post introduces a speaker."""
        canonical = self.canonical(name)
        return ", ".join(part for part in (canonical, self.role(name), self.org(name)) if part)
