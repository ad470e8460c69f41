"""The speaker vocabulary file, `speakers.toml` in the notes dir: read it, change it safely.

    [speakers."Amandeep Singh Gill"]
    role = "Under-Secretary-General and Special Envoy for Digital and Emerging Technologies"
    org = "UN-ODET"
    aliases = ["A. Gill"]

Kept exactly as `themes.toml` is (see `toml_file` and `vocabulary.tables`): under the lock,
validated before and after, replaced atomically, never rewritten when it does not
parse; unknown keys are kept; an alias folds in one step and never loops. Names are
kept as typed, with their spaces tidied; roles and names are single lines.
"""

from __future__ import annotations

from pathlib import Path

from ospo_notes.errors import UsageError
from ospo_notes.store.toml_file import TomlFile
from ospo_notes.vocabulary import tables
from ospo_notes.vocabulary.speakers import Speakers, check_role, normalize_speaker
from ospo_notes.vocabulary.tables import Change, Doc

FILE_NAME = "speakers.toml"
HEADER = (
    "# Speaker vocabulary for ospo-notes: a role, an organisation and aliases per speaker.\n"
    "# Change it with 'ospo-notes speakers describe' and 'ospo-notes speakers alias'.\n\n"
)
SECTION = tables.Section(
    key="speakers",
    noun="speaker",
    normalize=normalize_speaker,
    labels={"role": "role", "org": "organisation"},
    metavar="NAME",
    command="ospo-notes speakers",
)


def parse_document(doc: Doc) -> Speakers:
    """The whole file's rules (also how the merge driver checks what it merged)."""
    entries = tables.read_entries(SECTION, doc, strict=True)
    for name, role in entries.fields["role"].items():
        check_role(role, f"the role of {name}")
    for name, org in entries.fields["org"].items():
        check_role(org, f"the organisation of {name}")
    return Speakers(
        roles=entries.fields["role"], orgs=entries.fields["org"], aliases=entries.aliases
    )


_FILE = TomlFile(FILE_NAME, HEADER, parse_document, "the speaker vocabulary file")


def read_speakers(root: Path) -> Speakers:
    """The notes dir's speakers; an empty vocabulary when there is no `speakers.toml`."""
    return _FILE.read(root)


update_speakers = _FILE.update  # apply a change under the lock; written only if it validates


def describe(name: str, role: str, org: str | None = None) -> Change:
    """Set a speaker's role (never empty) and, when given, organisation ('' removes it)."""
    role = check_role(role)
    if not role:
        raise UsageError("the role is empty: give one, e.g. --role 'Deputy Executive Secretary'")
    values = {"role": role}
    if org is not None:
        values["org"] = check_role(org, "the organisation")
    return tables.set_fields(SECTION, name, values)


def change_alias(alias: str, name: str | None, *, remove: bool = False) -> Change:
    """Make `alias` fold into `name` (or into the name `name` is an alias of); with
    `remove`, stop folding it (into `name`, when given)."""
    return tables.change_alias(SECTION, alias, name, remove=remove)
