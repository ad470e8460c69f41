"""A real ospo-notes process for the torture tests: runs many commands, logs each one.

    python worker.py MODE SEED COUNT [DAY]

Imports the app once, then runs commands in-process one after another (each takes
the same lock, temp file and rename path as a fresh `ospo-notes` process, without
paying ~100 ms of start-up per command, so a SIGKILL lands inside real writes).
Every command is logged on stdout as two JSON lines written with one `os.write`
each: {"phase": "start", ...} before it runs and {"phase": "done", "rc": ...}
after it returned. A command is acknowledged once its "done" line with rc 0 is out.

Modes:
  adds   COUNT adds of "SEED-N" texts.
  churn  COUNT tag/edit/delete commands on the notes already in the day file.
  mix    a first add (printed before "ready"), then random add/tag/edit/delete/title
         commands until COUNT are done or the process is killed.
  undoer COUNT times: an add, then `undo` (whose stderr says which note it took back).

`OPS` maps an op name to a function choosing its arguments; add new commands there
(and to `apply` in torture.py) to put them under the same torture.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ospo_notes.cli import app
from ospo_notes.store import NotesStore

Op = dict[str, Any]


def emit(record: dict[str, Any]) -> None:
    os.write(1, (json.dumps(record) + "\n").encode())


@dataclass
class Pick:
    """What an op chooser may look at: the RNG, live note ids, a serial number, the day."""

    rng: random.Random
    ids: list[str]
    n: int
    tag: str
    day: str


def op_add(p: Pick) -> Op:
    text = f"{p.tag}-{p.n} " + p.rng.choice(["short", "a longer note " * 20, "emoji 🎤 «quote»"])
    return {"op": "add", "args": ["add", text, "--day", p.day], "text": text}


def op_tag(p: Pick) -> Op | None:
    if not p.ids:
        return None
    note_id = p.rng.choice(p.ids)
    theme = f"t{p.tag}-{p.n}"
    return {"op": "tag", "args": ["tag", note_id, theme], "id": note_id, "theme": theme}


def op_edit(p: Pick) -> Op | None:
    if not p.ids:
        return None
    note_id = p.rng.choice(p.ids)
    text = f"edited {p.tag}-{p.n}"
    return {"op": "edit", "args": ["edit", note_id, "--text", text], "id": note_id, "text": text}


def op_delete(p: Pick) -> Op | None:
    if len(p.ids) < 3:
        return None
    note_id = p.rng.choice(p.ids)
    return {"op": "delete", "args": ["delete", note_id, "--yes"], "id": note_id}


def op_title(p: Pick) -> Op:
    title = f"title {p.tag}-{p.n}"
    return {"op": "title", "args": ["day", p.day, "--title", title], "title": title}


Chooser = Callable[[Pick], Op | None]
OPS: dict[str, tuple[Chooser, int]] = {  # name: (chooser, weight)
    "add": (op_add, 10),
    "tag": (op_tag, 4),
    "edit": (op_edit, 3),
    "delete": (op_delete, 2),
    "title": (op_title, 1),
}


def run(runner: CliRunner, op: Op, ids: list[str]) -> int:
    emit({"phase": "start", **op})
    result = runner.invoke(app, op["args"])
    if op["op"] == "add" and result.exit_code == 0:
        op["id"] = result.stdout.strip()
        ids.append(op["id"])
    if op["op"] == "delete" and result.exit_code == 0:
        ids.remove(op["id"])
    emit({"phase": "done", "rc": result.exit_code, "stderr": result.stderr, **op})
    return result.exit_code


def main() -> None:
    mode, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    day = sys.argv[4] if len(sys.argv) > 4 else "2024-06-18"
    rng = random.Random(seed)
    runner = CliRunner()
    store = NotesStore(Path(os.environ["OSPO_NOTES_DIR"]))
    ids = [note.id for note in store.read_day(date.fromisoformat(day)).notes]
    tag = str(seed)
    if mode == "adds":
        for n in range(count):
            run(runner, op_add(Pick(rng, ids, n, tag, day)), ids)
        return
    if mode == "undoer":
        for n in range(count):
            run(runner, op_add(Pick(rng, ids, n, tag, day)), ids)
            run(runner, {"op": "undo", "args": ["undo"]}, ids)
        return
    names = ["tag", "edit", "delete"] if mode == "churn" else list(OPS)
    if mode == "mix":
        run(runner, op_add(Pick(rng, ids, 0, tag, day)), ids)
        emit({"phase": "ready", "pid": os.getpid()})
    weights = [OPS[name][1] for name in names]
    n = 1
    while n <= count:
        name = rng.choices(names, weights)[0]
        op = OPS[name][0](Pick(rng, ids, n, tag, day))
        if op is not None:
            run(runner, op, ids)
            n += 1


if __name__ == "__main__":
    main()
