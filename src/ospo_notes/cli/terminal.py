"""The terminal side of every command: messages on stderr, data on stdout, stdin, pager.

A command's result is shown one way, `show_result`: its JSON or its terminal view.
What reaches a terminal has control and bidi-override characters made visible; what
goes to a file or a pipe is the bytes themselves.
"""

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import typer

from ospo_notes.errors import UsageError
from ospo_notes.notes.query import NoteList
from ospo_notes.terminal_text import visible

if TYPE_CHECKING:
    from ospo_notes.index.sync import Progress


@contextlib.contextmanager
def paged(ctx: typer.Context) -> Iterator[None]:
    """Long output through the pager on a terminal, unless --no-pager was given."""
    from ospo_notes.render.pager import paged as through_pager

    root = ctx.find_root()
    with through_pager(not (root.obj or {}).get("no_pager")):
        yield


class Result(Protocol):
    """A command's result: `to_dict()` is what its --json prints; `render.show` draws it."""

    def to_dict(self) -> dict[str, Any] | list[Any]: ...


def show_result(ctx: typer.Context, result: Result, as_json: bool, **view: Any) -> None:
    """Show a command's result, through the pager: with --json its `to_dict()` (one JSON
    emitter for every command), else its terminal view, `render.show(result, **view)`.

    A `NoteList` is streamed rather than turned into one list: `list --json` may hold
    100,000 notes, so each is laid out by `export.note_json` as the index yields it
    (flat memory), byte for byte what `echo_json(result.to_dict())` prints.
    """
    with paged(ctx):
        if not as_json:
            from ospo_notes import render

            render.show(result, **view)
        elif isinstance(result, NoteList):
            _stream_notes(result)
        else:
            echo_json(result.to_dict())


def echo_json(data: object) -> None:
    """JSON-ready data, indented, as every --json prints it (visible on a terminal)."""
    import json

    echo(json.dumps(data, ensure_ascii=False, indent=2))


def _stream_notes(result: NoteList) -> None:
    """`result.to_dict()` as `echo_json` prints it, a chunk of notes at a time."""
    from ospo_notes.export.note_json import json_array, note_json

    for piece in json_array(map(note_json, result.notes)):
        echo(piece, nl=False)
    echo("")


@contextlib.contextmanager
def index_bar() -> "Iterator[Progress | None]":
    """A progress bar on stderr while the index catches up (only on a terminal)."""
    if sys.stderr is None or not sys.stderr.isatty():  # piped: not even the views load
        yield None
        return
    from ospo_notes import render

    progress = render.index_progress()
    try:
        yield progress
    finally:
        if progress is not None:
            progress.close()


def say(message: str) -> None:
    """A confirmation for the person at the terminal (stderr, so stdout stays data).

    Always with control and bidi-override characters shown, not sent: a title or a
    note quoted in a message cannot drive the terminal.
    """
    typer.echo(visible(message), err=True)


def echo(text: str, *, nl: bool = True) -> None:
    """Data on stdout: the bytes themselves to a file or a pipe, made visible on a terminal.

    `color=True` keeps click from stripping what looks like a colour code off a pipe:
    a note holding one is exported as it is.
    """
    terminal = sys.stdout is not None and sys.stdout.isatty()  # None: the shell closed it
    typer.echo(visible(text) if terminal else text, nl=nl, color=True)


def stdin_is_terminal() -> bool:
    """Whether a person (not a pipe) is at stdin: decides editor versus error."""
    return sys.stdin is not None and sys.stdin.isatty()


def closed_stdin(hint: str) -> UsageError:
    """The error for reading from a stdin the shell closed (`<&-`); `hint` says what to do."""
    return UsageError(f"stdin is closed: {hint}")


def read_stdin() -> str:
    """Note text piped in with `-`, byte for byte; one trailing newline is the shell's.

    Read as bytes, not through the locale's text layer: that one raises on non-UTF-8
    input under en_US.UTF-8 and not under C.UTF-8. Bad bytes become surrogates here,
    which `model.check_text` refuses with one clear line either way.
    """
    if sys.stdin is None:
        raise closed_stdin("give the note as TEXT, or pipe it in with -")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream stands in for stdin
        return sys.stdin.read().removesuffix("\n")
    data: bytes = buffer.read()
    return data.decode("utf-8", "surrogateescape").removesuffix("\n")
