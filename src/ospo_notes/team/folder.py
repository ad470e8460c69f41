"""`ospo-notes init`: make a folder an ospo-notes folder on purpose, and in git, a shared one.

A `notes/` is found from the folders below it only when it holds something of ours
(see `locate.find_notes_upward`); `init` puts the state folder there, which is enough.
In a git working tree it also sets up the merge drivers (see `team.setup`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.store.files import STATE_DIR, locked, write_errors
from ospo_notes.team.repo import git, work_tree
from ospo_notes.team.setup import Setup, set_up_team


@dataclass(frozen=True)
class Initialized:
    created: bool
    """The folder was not an ospo-notes folder before."""
    new_repo: Path | None
    """Where `--git` ran `git init`; None when the folder was in a repository already."""
    setup: Setup | None
    """The sharing set up in git; None outside a git working tree."""


def initialize(path: Path, *, git_init: bool = False, here: Path | None = None) -> Initialized:
    """Make `path` an ospo-notes folder; in git (or with `git_init`, in `here`) a shared one."""
    if path.exists() and not path.is_dir():
        raise NotesError(f"{path} is a file, not a folder: give a folder for the notes to init")
    new_repo = None
    if git_init and work_tree(path) is None:
        new_repo = here or Path.cwd()
        if not path.is_relative_to(new_repo):
            raise UsageError(
                f"--git runs 'git init' in the current folder, {new_repo}, but {path} is not "
                "inside it: cd to the folder that should hold the notes repository"
            )
    if new_repo is not None:
        git(new_repo, "init", "-q")  # first: without git, nothing is changed
    created = init_notes_dir(path)
    setup = set_up_team(path) if work_tree(path) is not None else None
    return Initialized(created=created, new_repo=new_repo, setup=setup)


def init_notes_dir(path: Path) -> bool:
    """Create `path` and its state folder (with its .gitignore); False when both were there."""
    if path.exists() and not path.is_dir():
        raise NotesError(f"{path} is a file, not a folder: give a folder for the notes to init")
    had = (path / STATE_DIR / ".gitignore").is_file()
    with write_errors(path):
        path.mkdir(parents=True, exist_ok=True)
    with locked(path):  # creates .ospo-notes/ and its .gitignore, as every write does
        pass
    return not had
