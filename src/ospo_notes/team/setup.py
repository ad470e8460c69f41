"""A notes folder shared through git: the merge drivers `init` sets up and `check` checks.

Without them the first pull after two people added notes to one day is a line conflict
with every note table between markers. `.gitattributes` (shared, in the notes folder)
says which driver merges which file; the driver commands live in each clone's config,
which git never shares, so every clone needs `ospo-notes init` once.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import locked, read_bytes, replace_atomically
from ospo_notes.team.repo import config_get, config_set, merge_attributes, work_tree

ATTRIBUTES = ".gitattributes"
_HEADER = "# ospo-notes: merge notes note by note, not line by line (set up by 'ospo-notes init')"
_LEGACY = "*.toml merge=ospo-notes"  # the hand setup documented before `init` did it


@dataclass(frozen=True)
class Driver:
    name: str
    title: str
    args: str
    patterns: tuple[str, ...]
    sample: str  # a path the patterns must route here, for `check`


DRIVERS = (
    Driver(
        "ospo-notes",
        "ospo-notes day files",
        "merge-driver %O %A %B %P",
        ("/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].toml",),
        "2024-06-18.toml",
    ),
    Driver(
        "ospo-notes-schedule",
        "ospo-notes schedule files",
        "merge-driver --schedule %O %A %B %P",
        ("/schedule/*.toml",),
        "schedule/2024-06-18.toml",
    ),
    Driver(
        "ospo-notes-vocabulary",
        "ospo-notes themes and speakers",
        "merge-driver --vocabulary %O %A %B %P",
        ("/themes.toml", "/speakers.toml"),
        "themes.toml",
    ),
)


def attribute_lines() -> list[str]:
    """The lines of `.gitattributes` that route each kind of file to its driver."""
    return [f"{p} merge={d.name}" for d in DRIVERS for p in d.patterns]


def driver_program() -> str:
    """How git starts this ospo-notes, in the shell, in this clone.

    A bare `ospo-notes` when the one on PATH is this one (the contract every clone
    shares); else this one's full path (a venv not activated), so the merge works
    whatever PATH git gets; run as `python -m ospo_notes`, this Python with `-m`.
    """
    on_path = shutil.which("ospo-notes")
    me = Path(os.path.abspath(sys.argv[0])) if sys.argv and sys.argv[0] else None  # noqa: PTH100
    if me is not None and me.name == "ospo-notes" and me.is_file():
        if on_path and me.samefile(on_path):
            return "ospo-notes"
        return shlex.quote(str(me))
    python = Path(sys.executable)
    if on_path and Path(on_path).parent == python.parent:
        return "ospo-notes"  # the script beside this interpreter: the same install
    return f"{shlex.quote(str(python))} -m ospo_notes"


@dataclass(frozen=True)
class Setup:
    """What `init` changed to share the notes folder (empty lists: it was all there)."""

    repo: Path
    attributes_written: bool
    keys_set: list[str]
    program: str


def set_up_team(notes: Path) -> Setup:
    """Route the notes folder's files to the merge drivers and configure them in this clone."""
    repo = work_tree(notes)
    if repo is None:
        raise NotesError(f"{notes} is not in a git working tree")
    with locked(notes):
        written = write_attributes(notes / ATTRIBUTES)
    program = driver_program()
    keys = []
    for driver in DRIVERS:
        for key, value in (
            (f"merge.{driver.name}.name", driver.title),
            (f"merge.{driver.name}.driver", f"{program} {driver.args}"),
        ):
            if config_get(repo, key) != value:
                config_set(repo, key, value)
                keys.append(key)
    return Setup(repo=repo, attributes_written=written, keys_set=keys, program=program)


def write_attributes(path: Path) -> bool:
    """Add our lines to `.gitattributes` (keeping the rest); False when all were there."""
    data = read_bytes(path, "a .gitattributes file")
    try:
        text = (data or b"").decode("utf-8")
    except UnicodeDecodeError:
        raise NotesError(f"{path} is not UTF-8: fix or remove it, then run init again") from None
    lines = text.split("\n")  # only "\n": a line is the user's, whatever else it holds
    if lines[-1] == "":
        lines.pop()
    kept = [line for line in lines if line.strip() != _LEGACY]
    missing = [line for line in attribute_lines() if line not in {k.strip() for k in kept}]
    if not missing and kept == lines:
        return False
    if missing and _HEADER not in kept:
        if kept and kept[-1].strip():
            kept.append("")
        kept.append(_HEADER)
    replace_atomically(path, "".join(f"{line}\n" for line in [*kept, *missing]).encode())
    return True


@dataclass(frozen=True)
class SetupProblem:
    message: str
    hint: str


def setup_problems(notes: Path) -> list[SetupProblem]:
    """What keeps git from merging this notes folder note by note (none outside git)."""
    repo = work_tree(notes)
    if repo is None:
        return []
    fix = "run 'ospo-notes init' in this clone"
    problems = []
    missing, broken = [], []
    for driver in DRIVERS:
        command = config_get(repo, f"merge.{driver.name}.driver")
        if command is None:
            missing.append(driver.name)
        elif (why := _cannot_run(command)) is not None:
            broken.append(f"{driver.name} ({why})")
    if missing:
        problems.append(
            SetupProblem(
                f"git merge driver{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                "not configured in this clone, so a pull can end in conflict markers",
                fix,
            )
        )
    if broken:
        problems.append(
            SetupProblem(
                f"git cannot run the merge driver {', '.join(broken)}",
                f"{fix}, in a shell where 'ospo-notes' works: it writes the full path",
            )
        )
    routed = merge_attributes(notes, [d.sample for d in DRIVERS])
    unrouted = [d.sample for d in DRIVERS if routed.get(d.sample) != d.name]
    if unrouted:
        problems.append(
            SetupProblem(
                f"{ATTRIBUTES} does not send {', '.join(unrouted)} to the ospo-notes merge driver",
                f"{fix}, then commit {ATTRIBUTES}",
            )
        )
    return problems


def _cannot_run(command: str) -> str | None:
    """Why the shell could not start `command`'s program; None when it can."""
    try:
        words = shlex.split(command)
    except ValueError:
        return "its command does not parse"
    if not words:
        return "its command is empty"
    program = words[0]
    if "/" in program:
        path = Path(program)
        if not path.is_file() or not os.access(path, os.X_OK):
            return f"{program} does not exist or is not executable"
        return None
    if shutil.which(program) is None:
        return f"'{program}' is not on PATH"
    return None
