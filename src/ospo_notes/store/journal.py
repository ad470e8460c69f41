"""The undo journal: one small file per change to a day file, in `.ospo-notes/journal/`.

A step is written, under the notes dir's lock, just before the day file is replaced
(see `NotesStore._write`), and holds what `undo` needs to put the file back: the digest
of the file as the change left it, and the file before it (for an append, only the
length of the part that came before, so `add` stays one small write). Each step is
written whole with a rename, so a kill leaves a step or none, never half of one:

- killed before the step: the change was not made and is not in the journal;
- killed between the step and the day file: the step's change never landed. The file
  still has the step's `before` digest, and `undo` drops such a step and goes on;
- killed after both: the change is made and undoable.

`undo` reverts a step only when the day file still has its `after` digest: a hand
edit or a `git pull` since then would be lost, so it refuses instead.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import replace_atomically, write_errors

JOURNAL_DIR = "journal"
KEEP = 100
"""Steps kept; the oldest go once there are `KEEP + _SLACK` (pruned now and then, not per add)."""
_SLACK = 20
_SUFFIX = ".step"
_MAGIC = "ospo-notes undo step 1"
_NONE = "-"


@dataclass(frozen=True)
class Step:
    """One change to one day file, as `undo` needs it."""

    path: Path
    day: date
    what: str
    group: str
    before: str
    """Digest of the day file before the change; `-` when it had no file."""
    after: str
    old: bytes | None
    """The file before the change (None: there was no file); see `prefix`."""
    prefix: int | None
    """When set, the file before was the first `prefix` bytes of the file after."""

    def old_bytes(self, current: bytes) -> bytes | None:
        """The day file as it was before, given the file as the change left it."""
        if self.prefix is not None:
            return current[: self.prefix]
        return self.old


def folder(state: Path) -> Path:
    return state / JOURNAL_DIR


def record(
    state: Path,
    *,
    day: date,
    what: str,
    group: str,
    old: bytes | None,
    before: str,
    after: str,
    new: bytes,
    target: Path,
) -> None:
    """Append a step for a change of `day`'s file `target` from `old` to `new`.

    Call under the lock. A step that cannot be written stops the change, and the error
    names `target`, the file the person asked to change.
    """
    where = folder(state)
    with write_errors(target), contextlib.suppress(FileExistsError):
        where.mkdir()
    numbers = _numbers(where)
    if old is not None and old and new.startswith(old):
        how, payload = f"prefix {len(old)}", b""
    elif old is None:
        how, payload = "none", b""
    else:
        how, payload = "bytes", old
    header = "\n".join(
        (
            _MAGIC,
            f"day {day.isoformat()}",
            f"what {' '.join(what.split())}",
            f"group {group or _NONE}",
            f"before {before or _NONE}",
            f"after {after}",
            f"old {how}",
            "",
            "",
        )
    )
    number = numbers[-1] + 1 if numbers else 1
    # Without fsync: a step lost to a power cut only shortens the undo history, and
    # `undo` checks every step before it trusts one.
    step = where / f"{number:010d}{_SUFFIX}"
    replace_atomically(step, header.encode() + payload, durable=False, errors_name=target)
    if len(numbers) + 1 > KEEP + _SLACK:
        for old_number in numbers[: len(numbers) + 1 - KEEP]:
            with contextlib.suppress(OSError):
                (where / f"{old_number:010d}{_SUFFIX}").unlink()


def steps_newest_first(state: Path) -> list[Path]:
    """The step files, the most recent first."""
    where = folder(state)
    return [where / f"{n:010d}{_SUFFIX}" for n in reversed(_numbers(where))]


def load(path: Path) -> Step:
    """A step file read back; a damaged one is one clear error."""
    try:
        data = path.read_bytes()
        head, _, payload = data.partition(b"\n\n")
        lines = head.decode("utf-8").split("\n")
        if lines[0] != _MAGIC:
            raise ValueError(lines[0])
        fields = dict(line.split(" ", 1) for line in lines[1:])
        how, _, size = fields["old"].partition(" ")
        return Step(
            path=path,
            day=date.fromisoformat(fields["day"]),
            what=fields["what"],
            group="" if fields["group"] == _NONE else fields["group"],
            before="" if fields["before"] == _NONE else fields["before"],
            after=fields["after"],
            old=payload if how == "bytes" else None,
            prefix=int(size) if how == "prefix" else None,
        )
    except (OSError, ValueError, KeyError, UnicodeDecodeError):
        raise NotesError(
            f"the undo journal step {path} cannot be read; delete it to undo the steps "
            "before it (no note is lost by that)"
        ) from None


def drop(step: Step) -> None:
    """Forget a step once it is undone (or found never to have landed)."""
    step.path.unlink(missing_ok=True)


def _numbers(where: Path) -> list[int]:
    try:
        names = [entry.name for entry in os.scandir(where)]
    except FileNotFoundError:
        return []
    return sorted(
        int(name[: -len(_SUFFIX)])
        for name in names
        if name.endswith(_SUFFIX) and name[: -len(_SUFFIX)].isdigit()
    )
