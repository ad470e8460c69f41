"""`ospo-notes capture`: a prompt that stays open during a talk, one note per line.

Each line is stored the moment it is read (the store locks, validates and fsyncs), and its id
is printed on stdout and flushed: an id you saw is a note on disk, whatever happens next.
The loop is `run_capture`, a plain function over lines, so tests need no terminal.
"""

import contextlib
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.capture.adding import attachment_for, note_moment, saved_but_unprinted
from ospo_notes.cli.context import store
from ospo_notes.cli.notes import AuthorOption
from ospo_notes.cli.options import OptionalDay
from ospo_notes.cli.session import begin_session, schedule_store, start_message
from ospo_notes.cli.stdout import OutputError
from ospo_notes.cli.terminal import closed_stdin, echo, say
from ospo_notes.errors import NotesError
from ospo_notes.notes import dates, model
from ospo_notes.notes.model import Note
from ospo_notes.terminal_text import visible

if TYPE_CHECKING:
    from ospo_notes.capture.lines import Command, NoteDraft
    from ospo_notes.store import NotesStore
    from ospo_notes.store.schedule_store import ScheduleStore


class CaptureRun:
    """What one capture did: the notes it kept (newest last) and the lines that failed.

    `at` is the clock `--at` or `/at` set: every note from then on gets that time.
    """

    def __init__(self, at: time | None = None) -> None:
        self.notes: list[Note] = []
        self.failed = 0
        self.at = at


def run_capture(
    lines: Iterable[str],
    notes: "NotesStore",
    schedule: "ScheduleStore",
    *,
    day: date,
    clock: Callable[[], datetime] = dates.now,
    ack: Callable[[str], None],
    tell: Callable[[str], None],
    run: CaptureRun | None = None,
    author: str = "",
) -> CaptureRun:
    """Store each line as a note (or run its /command); `ack` gets each stored id.

    Every note gets `author` (already resolved: '' for none)."""
    from ospo_notes.capture.lines import Clock, Command, NoteDraft, parse_capture_line

    run = run if run is not None else CaptureRun()
    for line in lines:
        try:
            parsed = parse_capture_line(line)
        except NotesError as err:
            tell(f"Error: {err}")
            continue
        if isinstance(parsed, NoteDraft):
            try:
                note = _note(parsed, schedule, day, clock(), run.at)
                stored = notes.add_note(note.with_changes(author=author))
            except NotesError as err:
                tell(f"Error: {err}; not saved")
                run.failed += 1
                continue
            run.notes.append(stored)
            ack(stored.id)
        elif isinstance(parsed, Clock):
            run.at = parsed.at
            tell(f"Clock set to {parsed.at:%H:%M}: the notes that follow get this time.")
        elif isinstance(parsed, Command):
            try:
                _command(parsed, run, notes, schedule, day, clock, tell)
            except NotesError as err:
                tell(f"Error: {err}")
    return run


def _note(
    draft: "NoteDraft", schedule: "ScheduleStore", day: date, now: datetime, at: time | None
) -> Note:
    """The note a line makes: the set clock's time, else now's (today only), else none."""
    note = model.normalize_note(
        Note(
            id="",
            day=day,
            text=draft.text,
            kind=draft.kind,
            time=at or (now.time() if day == now.date() else None),
        )
    )
    attached = attachment_for(schedule, day, note_moment(day, at, now), say)
    if attached is None:
        return note
    return note.with_changes(session=attached.title, speakers=attached.speakers)


def _command(
    command: "Command",
    run: CaptureRun,
    notes: "NotesStore",
    schedule: "ScheduleStore",
    day: date,
    clock: Callable[[], datetime],
    tell: Callable[[str], None],
) -> None:
    if command.name == "help":
        from ospo_notes.capture.lines import CAPTURE_HELP

        tell(CAPTURE_HELP)
    elif command.name == "session":
        session, entry = begin_session(schedule, command.argument, day, (), clock())
        tell(start_message(session, entry, command.argument))
    elif command.name == "stop":
        ended = schedule.stop_session()
        tell(f"Stopped: {ended.title}" if ended else "No session was started.")
    elif command.name == "undo":
        if not run.notes:
            tell("Nothing to undo: no note was taken in this capture.")
            return
        last = run.notes[-1]
        notes.update_note(
            last, lambda _current: None, f"deleted {last.kind} {last.id} of {last.day}"
        )
        run.notes.pop()
        tell(f"Removed {last.id}: {last.text}")


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
