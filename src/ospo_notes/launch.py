"""The `ospo-notes` entry point, and the plain `add` it serves without loading Typer.

`ospo-notes add TEXT [options]` is typed between two sentences. Importing Typer alone
takes about 50 ms, longer than reading and writing a TOML file (docs/performance.md).
An `add` whose arguments are plain (one TEXT, options of `add` spelled out) is parsed
here and stored by the same `capture.adding.add_note` the Typer command calls.
Everything else, including every mistake, help, stdin, the editor and global options,
goes to the Typer app, which reports it; `ADD_OPTIONS` is checked against the Typer
command by a test, and another test runs both paths over generated arguments and
compares what they do.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from dataclasses import dataclass, field
from datetime import date, time
from typing import TextIO

from ospo_notes.capture import adding
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import dates
from ospo_notes.store import locate_notes_dir
from ospo_notes.store.locate import folder_label
from ospo_notes.terminal_text import visible

_DECLARED = (  # (spellings, field, takes a value, may repeat), as `cli.notes.add` has them
    (("--day", "-d"), "day", True, False),
    (("--at",), "at", True, False),
    (("--session", "-s"), "session", True, False),
    (("--speaker", "-p"), "speakers", True, True),
    (("--highlight", "-H"), "highlight", False, False),
    (("--kind", "-k"), "kind", True, False),
    (("--theme", "-t"), "themes", True, True),
    (("--author",), "author", True, False),
)
ADD_OPTIONS: dict[str, tuple[str, bool, bool]] = {
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
    author: str | None = None


def quick_add(args: list[str]) -> int | None:
    """Do `add` with `args` (what follows `add`) and return the exit code, or None to defer.

    None means nothing was done: the Typer app runs the command instead.
    """
    try:
        return _run(args)
    except KeyboardInterrupt:  # as Typer ends it
        return 130
    except BrokenPipeError:  # as Typer ends it (the note is stored by then)
        _silence()
        return 1


def _silence() -> None:
    """Point stdout and stderr at /dev/null: no second error as Python exits."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            os.dup2(devnull, stream.fileno())


def _run(args: list[str]) -> int | None:
    try:
        parsed = parse_add(args)
        if parsed is None:
            return None
        kind = adding.kind_of(parsed.kind, highlight=parsed.highlight)
    except UsageError:
        return None  # Typer reports it, in its words
    try:
        choice = locate_notes_dir(None)
        stored, told = adding.add_note(
            choice.path,
            parsed.text,
            day=parsed.day,
            at=parsed.at,
            session=parsed.session,
            speakers=tuple(parsed.speakers),
            kind=kind,
            themes=tuple(parsed.themes),
            now=dates.now(),
            warn=_say,
            folder=folder_label(choice),
            author=parsed.author,
        )
    except NotesError as err:  # as cli.common.ReportingGroup reports it
        _say(f"Error: {err}")
        return 2 if isinstance(err, UsageError) else 1
    try:
        _write(sys.stdout, stored.id)
    except OSError as err:  # a full disk behind `>`: say so, and that the note is kept
        if err.errno == errno.EPIPE:
            raise
        reason = f"cannot write to standard output: {err.strerror or err}; check where it goes"
        _say(f"Error: {adding.saved_but_unprinted(stored.id, reason)}")
        _silence()
        return 1
    _say(told)
    return 0


def parse_add(args: list[str]) -> AddArgs | None:
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
        spec = ADD_OPTIONS.get(name)
        if spec is None or ("=" in arg and not name.startswith("--")):
            return None  # unknown or help; -s=V, which click reads as the value '=V'

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


def _write(stream: TextIO | None, line: str) -> None:
    """A line, at once, as `typer.echo` (click's echo) writes it.

    Nothing to a stream the shell closed (`>&-`), control and bidi-override characters
    (a schedule's title may hold some) made visible, and UTF-8 to a stream set to ASCII.
    """
    if stream is None:
        return
    line = visible(line)
    binary = getattr(stream, "buffer", None)
    if binary is not None and codecs.lookup(stream.encoding or "ascii").name == "ascii":
        stream.flush()
        binary.write((line + "\n").encode("utf-8", "replace"))
        binary.flush()
        return
    stream.write(line + "\n")
    stream.flush()


COMPLETION_VAR = "_OSPO_NOTES_COMPLETE"  # set by the shell completion scripts Typer installs


def main() -> None:
    """Console-script entry point (also `python -m ospo_notes`)."""
    args = sys.argv[1:]
    if args[:1] == ["add"] and COMPLETION_VAR not in os.environ:
        code = quick_add(args[1:])
        if code is not None:
            raise SystemExit(code)
    from ospo_notes.cli import main as typer_main

    typer_main()
