"""A git merge driver for day files: merge notes by id, not lines.

Two clones that each add notes to the same day both append at the end of the file,
which plain git reports as a conflict. Read as notes, they do not conflict at all:
each note is a `[notes.ID]` table with a random id. For every id this takes the side
that changed it since the common ancestor (an added, edited or deleted note); only
a note changed differently on both sides is a conflict, written between git's
markers so `ospo-notes` and `check` point at it. Anything that is not a day file we
can read falls back to git's own line merge.

Enable it in a notes repo (the driver line is per clone, .gitattributes is shared):

    git config merge.ospo-notes.driver "ospo-notes merge-driver %O %A %B %P"
    echo "*.toml merge=ospo-notes" >> .gitattributes
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from ospo_notes.errors import NotesError
from ospo_notes.model import FORMAT, Day
from ospo_notes.store import codec
from ospo_notes.store.files import day_of_file, replace_atomically


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int


def merge_days(base: Day, ours: Day, theirs: Day) -> Merged:
    """Three-way merge of one day, note by note; conflicts are marked, never dropped."""
    conflicts = 0
    header, clash = _pick(
        codec.dump_header(base.info), codec.dump_header(ours.info), codec.dump_header(theirs.info)
    )
    parts = [_marked(*clash) if clash else header or ""]
    conflicts += bool(clash)
    base_notes = {n.id: codec.dump_note(n) for n in base.notes}
    our_notes = {n.id: codec.dump_note(n) for n in ours.notes}
    their_notes = {n.id: codec.dump_note(n) for n in theirs.notes}
    order = list(dict.fromkeys([*our_notes, *their_notes]))
    for note_id in order:
        block, clash = _pick(
            base_notes.get(note_id), our_notes.get(note_id), their_notes.get(note_id)
        )
        if clash:
            conflicts += 1
            parts.append("\n" + _marked(*clash))
        elif block is not None:
            parts.append(block)
    return Merged(text="".join(parts), conflicts=conflicts)


def merge_day_files(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge `theirs` into `ours` in place (git's %O %A %B %P); returns the conflict count."""
    for path, side in ((base, "base (%O)"), (ours, "ours (%A)"), (theirs, "theirs (%B)")):
        if not path.is_file():
            missing = "does not exist" if not path.exists() else "is not a file"
            raise NotesError(
                f"cannot merge {name}: the {side} version {path} {missing}; git passes three "
                "files, see the merge driver line in 'git config merge.ospo-notes.driver'"
            )
    day = _day_of(name)
    if day is not None:
        b, o, t = (_read(path, day, name) for path in (base, ours, theirs))
        if b is not None and o is not None and t is not None:
            merged = merge_days(b, o, t)
            data = codec.encode(merged.text)
            if merged.conflicts == 0:
                codec.parse_day(data, day=day, source=name)  # never write what won't read
            replace_atomically(ours, data, durable=False)
            return merged.conflicts
    return _line_merge(base, ours, theirs)


def _pick(
    base: str | None, ours: str | None, theirs: str | None
) -> tuple[str | None, tuple[str, str] | None]:
    """The merged version of one piece, or the two sides when both changed it."""
    if theirs in (ours, base):
        return ours, None
    if ours == base:
        return theirs, None
    return None, (ours or "", theirs or "")


def _marked(ours: str, theirs: str) -> str:
    ours = ours.removeprefix("\n")
    theirs = theirs.removeprefix("\n")
    return f"<<<<<<< ours\n{ours}=======\n{theirs}>>>>>>> theirs\n"


def _day_of(name: str) -> date | None:
    return day_of_file(PurePath(name).name)


def _read(path: Path, day: date, name: str) -> Day | None:
    """The day in `path`, if it is one this version may rewrite."""
    try:
        parsed = codec.parse_day(path.read_bytes(), day=day, source=name)
    except (OSError, NotesError):
        return None
    return parsed if parsed.info.format <= FORMAT else None


def _line_merge(base: Path, ours: Path, theirs: Path) -> int:
    """What git would have done without us: a line merge with conflict markers."""
    git = shutil.which("git")
    if git is None:
        raise NotesError("cannot merge: git is not on PATH")
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    args = [git, "merge-file", *labels, str(ours), str(base), str(theirs)]
    done = subprocess.run(args, check=False)
    if not 0 <= done.returncode <= 127:  # a count of conflicts, else git's own failure
        raise NotesError(f"cannot merge {ours}: git merge-file failed (see its message above)")
    return done.returncode
