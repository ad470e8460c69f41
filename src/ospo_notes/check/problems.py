"""What `check` reports and how it reads one file: a `Problem` with a place and a fix.

Each finding has a file, a line and a column when there is one, so editors and
terminals can jump to it. Errors mean notes are unreadable or invisible to ospo-notes;
warnings mean something will be fixed or is merely read-only.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ospo_notes.errors import NotesError
from ospo_notes.notes import codec

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    hint: str = ""
    line: int = 0
    col: int = 0
    severity: str = ERROR

    def where(self) -> str:
        """`FILE:LINE:COL`, leaving out what is unknown."""
        parts = [str(self.path)]
        if self.line:
            parts.append(str(self.line))
            if self.col:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == WARNING for p in self.problems)


def check_with(path: Path, parse: Callable[[bytes], object]) -> list[Problem]:
    """Read `path`, report a syntax problem, else whatever `parse` refuses."""
    if path.is_dir():
        return [Problem(path, "a directory where a file belongs", "move it out of the way")]
    try:
        data = path.read_bytes()
    except OSError as err:
        return [Problem(path, f"cannot be read: {err.strerror}", "check its permissions")]
    syntax = syntax_problem(path, data)
    if syntax is not None:
        return [syntax]
    try:
        parse(data)
    except NotesError as err:
        message = str(err).removeprefix(f"{path}: ")
        return [Problem(path, message, line=line_of(data, message))]
    return []


def syntax_problem(path: Path, data: bytes) -> Problem | None:
    problem, _doc = load_toml(path, data)
    return problem


def load_toml(path: Path, data: bytes) -> tuple[Problem | None, dict[str, Any]]:
    """The TOML document in `data`, or the problem that keeps it from being one."""
    line = codec.has_conflict_markers(data)
    if line:
        from ospo_notes.team.merge_marks import conflict_places

        places = conflict_places(data.decode("utf-8", "replace"))
        around = f", around {', '.join(places)}" if places else ""
        conflict = Problem(
            path,
            f"git conflict markers (<<<<<<<, =======, >>>>>>>) from a merge{around}",
            "keep the notes from both sides and delete the marker lines",
            line=line,
            col=1,
        )
        return conflict, {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        bad = data[err.start : err.start + 1]
        not_utf8 = Problem(
            path, f"byte {bad!r} is not UTF-8", "re-save the file as UTF-8", line=line, col=col
        )
        return not_utf8, {}
    try:
        return None, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message, line, col = codec.toml_position(err)
        invalid = Problem(
            path,
            f"not valid TOML: {message}",
            "fix this line by hand; the syntax is at https://toml.io",
            line=line,
            col=col,
        )
        return invalid, {}


def line_of(data: bytes, message: str) -> int:
    """Best guess at the line a validation message is about: its note or key."""
    note = re.search(r"note '([A-Za-z0-9_-]+)'", message)
    key = re.search(r"'(format|day|title|event)'", message)
    if note:
        name = re.escape(note.group(1).encode())
        pattern = rb"^[ \t]*\[[ \t]*notes\.\"?" + name + rb"\"?[ \t]*\]"
    elif key:
        pattern = rb"^[ \t]*" + key.group(1).encode() + rb"[ \t]*="
    else:
        return 0
    found = re.search(pattern, data, re.MULTILINE)
    return data[: found.start()].count(b"\n") + 1 if found else 0


def stale_temp(path: Path) -> Problem:
    return Problem(
        path,
        "a temporary file left by an interrupted write",
        "harmless: the next change to your notes deletes it",
        severity=WARNING,
    )
