"""`ospo-notes undo`: take back the last change the journal recorded, if the file allows.

A step is reverted only when its day file is exactly as the step left it, so a hand edit
or a `git pull` since is never overwritten; steps sharing a group (a `delete` of several
ids, an import) are taken back together.
"""

from __future__ import annotations

from datetime import date

from ospo_notes.errors import NotesError, NotFoundError
from ospo_notes.notes import codec
from ospo_notes.store import journal, stamps
from ospo_notes.store.files import (
    fsync_dir,
    locked,
    read_bytes,
    remove_stale_temps,
    replace_atomically,
    state_dir,
    write_errors,
)
from ospo_notes.store.notes_store import NotesStore


def undo_last(store: NotesStore) -> list[str]:
    """Revert the last change (or group of changes); what each undone step did.

    Steps whose change never reached the file (the writer was killed in between) are
    dropped on the way. A day file changed since its step, by hand or by git, is
    never overwritten: that is an error, and nothing changes.
    """
    with locked(store.root):
        remove_stale_temps(store.root)
        state = state_dir(store.root)
        plan: list[tuple[journal.Step, bytes | None]] = []
        for path in journal.steps_newest_first(state):
            step = journal.load(path)
            if plan and (not step.group or step.group != plan[0][0].group):
                break
            current = read_bytes(store.day_path(step.day))
            now = stamps.digest(current) if current is not None else ""
            if now != step.after and now == step.before:
                journal.drop(step)  # its writer died before the day file was replaced
                continue
            if current is None or now != step.after:
                raise NotesError(
                    f"cannot undo '{step.what}': {store.day_path(step.day)} was changed "
                    "outside ospo-notes since (by hand or by git); nothing was undone. "
                    "Change the file by hand instead"
                )
            plan.append((step, step.old_bytes(current)))
        if not plan:
            raise NotFoundError("nothing to undo: no change made with ospo-notes is left")
        for step, old in plan:
            _put_back(store, step.day, old)
            journal.drop(step)
    return [step.what for step, _old in plan]


def _put_back(store: NotesStore, day: date, old: bytes | None) -> None:
    """Restore a day file as a step found it (no file, when it had none); not journaled."""
    path = store.day_path(day)
    state = state_dir(store.root)
    if old is None:
        with write_errors(path):
            path.unlink(missing_ok=True)
            fsync_dir(path.parent)
        stamps.drop_stamp(state, day)
        return
    ids = frozenset(n.id for n in codec.parse_day(old, day=day, source=str(path)).notes)
    replace_atomically(path, old)
    stamps.save_stamp(state, day, stamps.Stamp(stamps.digest(old), ids))
