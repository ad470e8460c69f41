"""Shared machinery of the torture tests: real processes, their logs, and what must hold.

The invariant every test checks: the day file parses and validates, every
acknowledged change is in it, nothing else is (bar the one command that was
killed, which either happened whole or not at all), and no temp file outlives
the next command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.store.files import is_temp_name

WORKER = Path(__file__).with_name("worker.py")
DAY = date(2024, 6, 18)
SOAK = os.environ.get("OSPO_NOTES_SOAK") == "1"


def env_for(notes_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(OSPO_NOTES_DIR=str(notes_dir), NO_COLOR="1", COLUMNS="100", LC_ALL="C.UTF-8")
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    return env


def run_cli(
    notes_dir: Path, *args: str | bytes, input: bytes | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[bytes]:
    """`python -m ospo_notes ARGS` as a real process (bytes in argv reach it undecoded)."""
    return subprocess.run(
        [sys.executable, "-m", "ospo_notes", *args],
        env=env_for(notes_dir),
        input=input if input is not None else b"",
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def spawn_worker(notes_dir: Path, mode: str, seed: int, count: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(seed), str(count), DAY.isoformat()],
        env=env_for(notes_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def log_records(output: bytes) -> list[dict[str, Any]]:
    """The complete JSON lines a worker wrote (a killed worker may leave half a line)."""
    return [json.loads(line) for line in output.split(b"\n") if line.endswith(b"}")]


@dataclass
class State:
    """What a day holds, as far as the tests care: text and themes by id, and the title."""

    notes: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    title: str = ""


def read_state(notes_dir: Path, day: date = DAY) -> State:
    """Parse and validate the day file strictly (raises on anything the tool could not read)."""
    path = notes_dir / f"{day.isoformat()}.toml"
    if not path.exists():
        return State()
    parsed = codec.parse_day(path.read_bytes(), day=day, source=str(path))
    ids = [note.id for note in parsed.notes]
    assert len(ids) == len(set(ids)), f"duplicate ids in {path}"
    return State(
        notes={note.id: (note.text, note.themes) for note in parsed.notes},
        title=parsed.info.title,
    )


def apply(state: State, op: dict[str, Any]) -> State:
    """The state after an acknowledged op (a new State; `state` is unchanged)."""
    notes = dict(state.notes)
    title = state.title
    kind = op["op"]
    if kind == "add":
        notes[op["id"]] = (op["text"], ())
    elif kind == "tag":
        text, themes = notes[op["id"]]
        notes[op["id"]] = (text, themes if op["theme"] in themes else (*themes, op["theme"]))
    elif kind == "edit":
        notes[op["id"]] = (op["text"], notes[op["id"]][1])
    elif kind == "delete":
        del notes[op["id"]]
    elif kind == "title":
        title = op["title"]
    else:
        raise AssertionError(f"unknown op {kind}")
    return State(notes=notes, title=title)


def explain(expected: State, actual: State, in_flight: dict[str, Any] | None) -> State | None:
    """The state `actual` is, if it is `expected` with or without the killed op; else None."""
    if actual == expected:
        return actual
    if in_flight is None:
        return None
    if in_flight["op"] == "add":
        extra = set(actual.notes) - set(expected.notes)
        if len(extra) != 1:
            return None
        in_flight = {**in_flight, "id": extra.pop()}
    return actual if apply(expected, in_flight) == actual else None


def temp_files(notes_dir: Path) -> list[Path]:
    """Our temp files anywhere in the notes dir, including the state folder."""
    return sorted(
        Path(folder, name)
        for folder, _dirs, names in os.walk(notes_dir)
        for name in names
        if is_temp_name(name)
    )


def write_day(notes_dir: Path, notes: list[tuple[str, str]], day: date = DAY) -> None:
    """A day file holding notes with the given (id, text), as ospo-notes writes it."""
    notes_dir.mkdir(parents=True, exist_ok=True)
    content = Day(
        info=DayInfo(day=day, title="Seeded"),
        notes=tuple(Note(id=i, day=day, text=t) for i, t in notes),
    )
    (notes_dir / f"{day.isoformat()}.toml").write_text(codec.dump_day(content), encoding="utf-8")


def seeded_ids(count: int) -> list[tuple[str, str]]:
    return [(f"seed{n:04d}", f"seeded note {n}") for n in range(count)]


def day_bytes(root: Path, day: date = DAY) -> bytes | None:
    """The day file's bytes, or None when no file was written."""
    path = root / f"{day.isoformat()}.toml"
    return path.read_bytes() if path.exists() else None


def stored(root: Path, day: date = DAY) -> dict[str, Note]:
    """The notes of the day file by id; raises if it does not parse and validate."""
    parsed = codec.parse_day(day_bytes(root, day) or b"", day=day, source="test")
    return {note.id: note for note in parsed.notes}
