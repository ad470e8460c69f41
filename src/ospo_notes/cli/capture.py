"""`ospo-notes capture`: a prompt that stays open during a talk, one note per line.

Each line is stored the moment it is read (the store locks, validates and fsyncs), and its id
is printed on stdout and flushed: an id you saw is a note on disk, whatever happens next.
The loop itself is `capture.loop.run_capture`; this module is the terminal around it.
"""

import contextlib
import signal
import sys
from collections.abc import Iterator
from datetime import date, time
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.capture.adding import saved_but_unprinted
from ospo_notes.capture.loop import CaptureRun, run_capture
from ospo_notes.cli.context import schedule_store, store
from ospo_notes.cli.notes import AuthorOption
from ospo_notes.cli.options import OptionalDay
from ospo_notes.cli.stdout import OutputError
from ospo_notes.cli.terminal import closed_stdin, echo, say
from ospo_notes.errors import NotesError
from ospo_notes.notes import dates
from ospo_notes.terminal_text import visible

if TYPE_CHECKING:
    from ospo_notes.store.schedule_store import ScheduleStore


def capture(
    ctx: typer.Context,
    day: OptionalDay = None,
    at: Annotated[
        time | None,
        typer.Option(
            "--at",
            parser=dates.parse_time,
            metavar="HH:MM",
            help="Start the clock here: notes get this time until a line /at HH:MM moves it "
            "[default: now, for today; no time for another day].",
        ),
    ] = None,
    author: AuthorOption = None,
) -> None:
    """Take notes line by line: Enter stores each one. /help lists the commands.

    Typing up notes later: --at HH:MM (or a line /at HH:MM) gives the notes that follow
    that time, until the next /at.
    """
    now = dates.now()
    when = day or now.date()
    notes, schedule = store(ctx), schedule_store(ctx)
    from ospo_notes.store.user_config import author_for_new_note

    name = author_for_new_note(author, notes.root, say)
    run = CaptureRun(at)
    if sys.stdin is None:
        raise closed_stdin("type the notes at a terminal, or pipe them in")
    interactive = sys.stdin.isatty()
    if interactive:
        say(f"Capturing notes for {when}; one per line, /help for commands, Ctrl-D to end.")
        lines = _prompted(schedule, run, when)
    else:
        lines = _piped()

    def ack(note_id: str) -> None:
        try:
            echo(note_id)
            sys.stdout.flush()
        except OutputError as err:
            raise NotesError(saved_but_unprinted(note_id, err)) from None

    try:
        try:
            run_capture(lines, notes, schedule, day=when, ack=ack, tell=say, run=run, author=name)
        finally:  # the capture is over: a Ctrl-C from now on must not cost the tally
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:  # also one that lands just as stdin ends
        if interactive:
            say("")
    count = len(run.notes)
    say(f"Captured {count} note{'s' * (count != 1)}.")
    if run.failed:
        raise typer.Exit(1)


def _piped() -> Iterator[str]:
    """Lines of stdin as they arrive; bytes that are not UTF-8 reach `check_text` to be named."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", "surrogateescape")


def _prompted(schedule: "ScheduleStore", run: CaptureRun, day: date) -> Iterator[str]:
    """Lines typed at a prompt showing the current session and the running count."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - line editing and history for input()
    while True:
        current = schedule.current_session(say)
        where = current.title if current and current.applies_to(day) else "no session"
        if len(where) > 40:
            where = where[:39] + "…"
        clock = f" · {run.at:%H:%M}" if run.at else ""
        prompt = f"[{where}{clock} · {len(run.notes)}] > "
        try:
            if sys.stdout.isatty():
                yield input(visible(prompt))
            else:  # stdout is collecting ids: keep the prompt out of it
                typer.echo(visible(prompt), err=True, nl=False)
                yield input()
        except EOFError:
            typer.echo("", err=True)
            return


def register(app: typer.Typer) -> None:
    """Attach `capture` to the app."""
    app.command()(capture)
