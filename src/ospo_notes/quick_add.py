"""`ospo-notes add TEXT [options]` without loading Typer: capture between two sentences.

Importing Typer alone takes about 50 ms, longer than reading and writing a TOML file
(see the Performance section of the README). An `add` whose arguments are plain
(one TEXT, options of `add` spelled out) is parsed here and stored by the same
`adding.add_note` the Typer command calls. Everything else, including every mistake,
help, stdin, the editor and global options, returns None and goes to the Typer app,
which reports it; `OPTIONS` is checked against the Typer command by a test, and
another test runs both paths over generated arguments and compares what they do.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date, time
from typing import TextIO

from ospo_notes import adding, dates
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.store import locate_notes_dir

_DECLARED = (  # (spellings, field, takes a value, may repeat), as `cli.notes.add` has them
    (("--day", "-d"), "day", True, False),
    (("--at",), "at", True, False),
    (("--session", "-s"), "session", True, False),
    (("--speaker", "-p"), "speakers", True, True),
    (("--highlight", "-H"), "highlight", False, False),
    (("--kind", "-k"), "kind", True, False),
    (("--theme", "-t"), "themes", True, True),
)
OPTIONS: dict[str, tuple[str, bool, bool]] = {
    name: (target, value, repeats) for names, target, value, repeats in _DECLARED for name in names
}
"""Option spelling -> (field, takes a value, may repeat)."""


@dataclass
class AddArgs:
    """What `add` was asked, as the Typer command would receive it."""

    text: str = ""
    day: date | None = None
    at: time | None = None
    session: str = ""
    speakers: list[str] = field(default_factory=list)
    highlight: bool = False
    kind: str | None = None
    themes: list[str] = field(default_factory=list)


def run(args: list[str]) -> int | None:
    """Do `add` with `args` (what follows `add`) and return the exit code, or None to defer.

    None means nothing was done: the Typer app runs the command instead.
    """
    try:
        parsed = parse(args)
        if parsed is None:
            return None
        kind = adding.kind_of(parsed.kind, highlight=parsed.highlight)
    except UsageError:
        return None  # Typer reports it, in its words
    now = dates.now()
    try:
        stored, told = adding.add_note(
            locate_notes_dir(None).path,
            parsed.text,
            day=parsed.day,
            at=parsed.at,
            session=parsed.session,
            speakers=tuple(parsed.speakers),
            kind=kind,
            themes=tuple(parsed.themes),
            now=now,
            warn=_say,
        )
    except NotesError as err:  # as cli.common.ReportingGroup reports it
        _say(f"Error: {err}")
        return 2 if isinstance(err, UsageError) else 1
    except KeyboardInterrupt:  # as Typer ends it
        return 130
    try:
        _write(sys.stdout, stored.id)
        _say(told)
    except BrokenPipeError:  # as Typer ends it; the note is stored
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 1
    return 0


def parse(args: list[str]) -> AddArgs | None:
    """`args` as click would parse them for `add`, or None for anything out of the plain."""
    parsed = AddArgs()
    texts: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            texts += rest
            break
        if not arg.startswith("-") or arg == "-":
            texts.append(arg)
            continue
        name, _, attached = arg.partition("=")
        spec = OPTIONS.get(name)
        if spec is None or (attached and not name.startswith("--")):
            return None  # unknown, help, -sValue, or short options run together
        target, takes_value, repeats = spec
        if not takes_value:
            if "=" in arg:
                return None
            parsed.highlight = True
            continue
        value = attached if "=" in arg else next(rest, None)
        if value is None:
            return None  # an option missing its value
        _set(parsed, target, value, repeats)
    if len(texts) != 1 or texts[0] == "-":
        return None  # no text (editor), stdin, or extra arguments
    parsed.text = texts[0]
    return parsed


def _set(parsed: AddArgs, target: str, value: str, repeats: bool) -> None:
    if repeats:
        getattr(parsed, target).append(value)
    elif target == "day":
        parsed.day = dates.parse_day(value)
    elif target == "at":
        parsed.at = dates.parse_time(value)
    else:
        setattr(parsed, target, value)


def _say(message: str) -> None:
    _write(sys.stderr, message)


def _write(stream: TextIO, line: str) -> None:
    """A line, at once, as `typer.echo` writes it."""
    stream.write(line + "\n")
    stream.flush()
