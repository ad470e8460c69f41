"""The git merge driver's file side: read git's three versions, merge, write the result.

Git runs the driver on its own temporary files (%O base, %A ours, %B theirs; %P is
the path in the repo) and takes what is left in %A, so there is no notes dir and no
lock here: the result replaces %A atomically. Three drivers, one per kind of file:

    merge.ospo-notes.driver           ospo-notes merge-driver %O %A %B %P
    merge.ospo-notes-schedule.driver  ospo-notes merge-driver --schedule %O %A %B %P
    merge.ospo-notes-vocabulary.driver ospo-notes merge-driver --vocabulary %O %A %B %P

The merges themselves are pure (`day_merge`, `schedule_merge`, `vocabulary_merge`). A
side that does not parse, or has a newer format, falls back to git's own line merge,
which is what git would have done without us. Without a flag, the kind follows the
path, so an older `*.toml merge=ospo-notes` line still sends a schedule file to the
schedule merge, not through the day-file one.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from enum import Enum
from pathlib import Path, PurePath

from ospo_notes.errors import NotesError
from ospo_notes.notes.model import FORMAT
from ospo_notes.store.files import day_of_file, replace_atomically
from ospo_notes.team.day_merge import Merged, merge_days


class Kind(Enum):
    """Which driver git called: the flag of the driver line."""

    DAY = "day"
    SCHEDULE = "schedule"
    VOCABULARY = "vocabulary"


_DRIVERS = {
    None: "ospo-notes",
    Kind.DAY: "ospo-notes",
    Kind.SCHEDULE: "ospo-notes-schedule",
    Kind.VOCABULARY: "ospo-notes-vocabulary",
}
_SCHEDULE_DIR = "schedule"
_VOCABULARY_FILES = ("themes.toml", "speakers.toml")


def merge_files(base: Path, ours: Path, theirs: Path, name: str, kind: Kind | None) -> Merged:
    """Merge `theirs` into `ours` in place (git's %O %A %B %P); what conflicted and why.

    `kind` None means the plain driver: day files, with the kind told by the path.
    """
    for path, side in ((base, "base (%O)"), (ours, "ours (%A)"), (theirs, "theirs (%B)")):
        if not path.is_file():
            missing = "does not exist" if not path.exists() else "is not a file"
            raise NotesError(
                f"cannot merge {name}: the {side} version {path} {missing}; git passes three "
                f"files, see the merge driver line in 'git config merge.{_DRIVERS[kind]}.driver'"
            )
    datas = [path.read_bytes() for path in (base, ours, theirs)]
    merged = _merged(datas, name, kind or _kind_of(name))
    if merged is None:
        return Merged("", places=("lines",) * _line_merge(base, ours, theirs))
    text = _in_rebase_words(merged.text) if merged.places and _rebasing() else merged.text
    replace_atomically(ours, text.encode("utf-8"), durable=False)
    return merged


def _rebasing() -> bool:
    """Whether git runs us inside a rebase (`ospo-notes sync` pulls with one).

    A rebase replays your commits onto what was pulled, so git's %A ("ours") is the
    pulled version and %B ("theirs") is yours: the markers must not say the opposite.
    """
    try:
        found = subprocess.run(  # git runs drivers at the top of the work tree
            ["git", "rev-parse", "--git-path", "rebase-merge", "--git-path", "rebase-apply"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return found.returncode == 0 and any(Path(p).is_dir() for p in found.stdout.split())


def _in_rebase_words(text: str) -> str:
    """Conflict markers named for a rebase: the pulled version first, then yours."""
    from ospo_notes.team.merge_marks import OURS, THEIRS

    pulled, yours = "<<<<<<< pulled (upstream)", ">>>>>>> yours (being replayed)"
    lines = [
        pulled if line == OURS else yours if line == THEIRS else line for line in text.split("\n")
    ]
    return "\n".join(lines)


def _kind_of(name: str) -> Kind:
    path = PurePath(name)
    if path.name in _VOCABULARY_FILES:
        return Kind.VOCABULARY
    if path.parent.name == _SCHEDULE_DIR:
        return Kind.SCHEDULE
    return Kind.DAY


def _merged(datas: list[bytes], name: str, kind: Kind) -> Merged | None:
    """The merge of the three versions, or None when they are not files we can read."""
    file_name = PurePath(name).name
    try:
        if kind is Kind.VOCABULARY and file_name in _VOCABULARY_FILES:
            return _vocabulary(datas, file_name)
        if kind is Kind.SCHEDULE:
            return _schedule(datas, file_name, name)
        day = day_of_file(file_name)
        if kind is Kind.DAY and day is not None:
            return _day(datas, day, name)
    except (NotesError, UnicodeDecodeError):
        return None  # a side we cannot read: git's line merge, as without the driver
    return None


def _day(datas: list[bytes], day: date, name: str) -> Merged | None:
    from ospo_notes.notes import codec

    days = [codec.parse_day(data, day=day, source=name) for data in datas]
    if any(d.info.format > FORMAT for d in days):
        return None
    merged = merge_days(*days)
    if not merged.places:
        codec.parse_day(merged.text.encode("utf-8"), day=day, source=name)  # reads back
    return merged


def _schedule(datas: list[bytes], file_name: str, name: str) -> Merged | None:
    from ospo_notes.schedule import sources as schedule_sources
    from ospo_notes.schedule import stored as schedule_codec
    from ospo_notes.team import schedule_merge

    if file_name == schedule_sources.FILE_NAME:
        sources = [schedule_sources.parse_sources(data, name) for data in datas]
        merged = schedule_merge.merge_sources(*sources)
        schedule_sources.parse_sources(merged.text.encode("utf-8"), name)
        return merged
    day = day_of_file(file_name)
    if day is None:
        return None
    sdays = [schedule_codec.parse_schedule_day(data, day=day, source=name) for data in datas]
    if any(sday.format > FORMAT for sday in sdays):
        return None
    merged = schedule_merge.merge_schedule_days(*sdays)
    back = schedule_codec.parse_schedule_day(merged.text.encode("utf-8"), day=day, source=name)
    expected = {e.id for sday in sdays[1:] for e in sday.entries}
    if not {e.id for e in back.entries} <= expected:
        return None  # never write sessions neither side had
    return merged


def _vocabulary(datas: list[bytes], file_name: str) -> Merged:
    import tomllib

    from ospo_notes.store import speakers_file, themes_file
    from ospo_notes.team.vocabulary_merge import VocabularyFile, merge_vocabulary

    module = themes_file if file_name == themes_file.FILE_NAME else speakers_file
    kind = VocabularyFile(module.SECTION, module.HEADER, module.parse_document)
    try:
        docs = [tomllib.loads(data.decode("utf-8")) for data in datas]
    except tomllib.TOMLDecodeError as err:
        raise NotesError(str(err)) from None
    for doc in docs:
        kind.check(doc)  # a side that breaks the rules: not ours to rewrite
    merged = merge_vocabulary(kind, *docs)
    if not merged.places:
        kind.check(tomllib.loads(merged.text))
    return merged


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
