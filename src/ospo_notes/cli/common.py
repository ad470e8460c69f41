"""What every command shares: the notes store, option types, and error reporting."""

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer.core import TyperGroup

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import dates, model
from ospo_notes.notes.model import Day, Note
from ospo_notes.notes.query import NoteFilter
from ospo_notes.store import NotesDirChoice, NotesStore, locate_notes_dir
from ospo_notes.terminal_text import visible

if TYPE_CHECKING:
    from collections import Counter

    from ospo_notes.index.sync import Progress
    from ospo_notes.schedule.entry import ScheduleEntry


# click's UsageError: typer exports only its subclass BadParameter (typed as that here)
_RUNNING = "ospo_notes.command_path"  # ctx.meta key: the command being run, for messages
_ClickUsageError = cast("type[typer.BadParameter]", typer.BadParameter.__mro__[1])


class ReportingGroup(TyperGroup):
    """Turns an expected failure into one line on stderr and exit 1 (2 for usage)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _one_line_usage_errors(None):
            return super().make_context(*args, **kwargs)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_RUNNING] = f"{ctx.command_path} {command.name if command else name}"
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        with _one_line_usage_errors(ctx):
            try:
                return super().invoke(ctx)
            except NotesError as err:
                say(f"Error: {err}")
                raise typer.Exit(2 if isinstance(err, UsageError) else 1) from None


@contextlib.contextmanager
def _one_line_usage_errors(group: Any) -> Iterator[None]:
    """Click's usage errors (unknown option, missing argument, bad choice) as one line.

    Click prints its usage block first; the line says where the help is instead.
    """
    try:
        yield
    except _ClickUsageError as err:
        if type(err).show is not _ClickUsageError.show:
            raise  # a command run bare: click shows its help, as it should
        message = err.format_message()
        if err.ctx is not None:
            path = err.ctx.command_path
        else:  # e.g. an option given no value: click does not say of which command
            path = group.meta.get(_RUNNING, group.command_path) if group else "ospo-notes"
        end = "" if message.endswith((".", "?", "!")) else "."
        say(f"Error: {message}{end} See '{path} --help'.")
        raise typer.Exit(2) from None


def command_group(name: str, help: str, *, no_args_is_help: bool = False) -> typer.Typer:
    """A group of subcommands with the main app's manners: plain help, one-line errors."""
    return typer.Typer(
        name=name,
        cls=ReportingGroup,  # its usage errors name the subcommand's help
        help=help,
        no_args_is_help=no_args_is_help,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )


def day_parameter(value: str) -> date:
    """Typer parser for day options.

    A bad day raises our UsageError, not click's: ReportingGroup prints it as one line
    naming the accepted forms (exit 2), without click's usage block.
    """
    return dates.parse_day(value)


DAY_HELP = f"The day: {dates.DAY_FORMS}."
DayOption = Annotated[
    date, typer.Option("--day", "-d", parser=day_parameter, metavar="DAY", help=DAY_HELP)
]
KIND_LIST = ", ".join(model.KINDS)
KIND_HELP = f"One of: {KIND_LIST}."
OptionalDay = Annotated[
    date | None,
    typer.Option(
        "--day", "-d", parser=day_parameter, metavar="DAY", help=DAY_HELP + " [default: today]"
    ),
]
AnyDay = Annotated[  # no default: without it a listing covers every day
    date | None,
    typer.Option(
        "--day",
        "-d",
        parser=day_parameter,
        metavar="DAY",
        help=f"Only this day: {dates.DAY_FORMS}.",
    ),
]
FromOption = Annotated[
    date | None,
    typer.Option(
        "--from", parser=day_parameter, metavar="DAY", help="First day of a range (inclusive)."
    ),
]
ToOption = Annotated[
    date | None,
    typer.Option(
        "--to", parser=day_parameter, metavar="DAY", help="Last day of a range (inclusive)."
    ),
]
TimeOption = Annotated[
    time | None,
    typer.Option(
        "--at",
        parser=dates.parse_time,
        metavar="HH:MM",
        help="When it was said [default: now, for today].",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def store(ctx: typer.Context) -> NotesStore:
    """The store for the notes dir chosen by --notes-dir / $OSPO_NOTES_DIR / defaults."""
    return NotesStore(notes_dir_choice(ctx).path)


def notes_dir_choice(ctx: typer.Context) -> NotesDirChoice:
    """The notes dir in use and why: --notes-dir, $OSPO_NOTES_DIR, ./notes or the data dir.

    The root callback stores --notes-dir in `obj`; during shell completion the callback
    does not run, so the parsed parameter is read instead.
    """
    root = ctx.find_root()
    option = (root.obj or {}).get("notes_dir") or root.params.get("notes_dir")
    return locate_notes_dir(Path(option) if option else None)


@contextlib.contextmanager
def paged(ctx: typer.Context) -> Iterator[None]:
    """Long output through the pager on a terminal, unless --no-pager was given."""
    from ospo_notes.render.pager import paged as through_pager

    root = ctx.find_root()
    with through_pager(not (root.obj or {}).get("no_pager")):
        yield


def days_of(s: NotesStore, day: date | None, first: date | None, last: date | None) -> list[date]:
    """The days a command covers: `--day`, or `--from/--to`, or today."""
    span = dates.parse_range(first, last)
    if span is None:
        return [day or date.today()]
    if day is not None:
        raise UsageError("give either --day or --from/--to, not both")
    return [d for d in s.days() if span[0] <= d <= span[1]]


@dataclass(frozen=True)
class Span:
    """The days a listing covers: every day, one day, or a range (as --day/--from/--to say)."""

    days: list[date]
    everything: bool  # no --day, --from or --to: all days
    single: bool  # one day: its file is the quickest answer; else the index


def span_of(s: NotesStore, day: date | None, first: date | None, last: date | None) -> Span:
    everything = day is None and first is None and last is None
    return Span(
        days=s.days() if everything else days_of(s, day, first, last),
        everything=everything,
        single=day is not None or (first is not None and first == last),
    )


def echo_json(data: object) -> None:
    """JSON-ready data, indented, as every --json prints it (visible on a terminal)."""
    import json

    echo(json.dumps(data, ensure_ascii=False, indent=2))


def text_option(flag: str, help: str) -> Any:
    """An option that takes free text (shown as TEXT in --help)."""
    return typer.Option(flag, metavar="TEXT", help=help, show_default=False)


def scope_words(day: date | None, first: date | None, last: date | None) -> str:
    """'on DAY' or 'from A to B', for what the user asked."""
    start, end = dates.parse_range(first, last) or (day, day)
    return f"on {start}" if start == end else f"from {start} to {end}"


def scheduled_sessions(s: NotesStore, days: Iterable[date]) -> "dict[date, list[ScheduleEntry]]":
    """Each day's scheduled sessions; a broken schedule file is a warning, never a lost view."""
    from ospo_notes.store.schedule_store import ScheduleStore

    schedule = ScheduleStore(s.root)
    found: dict[date, list[ScheduleEntry]] = {}
    for day in days:
        try:
            found[day] = schedule.sessions_on(day)
        except NotesError as err:
            say(f"Warning: {err}; going on without the schedule.")
    return found


@contextlib.contextmanager
def index_bar() -> "Iterator[Progress | None]":
    """A progress bar on stderr while the index catches up (only on a terminal)."""
    from ospo_notes import render

    progress = render.index_progress()
    try:
        yield progress
    finally:
        if progress is not None:
            progress.close()


def indexed_notes(
    s: NotesStore, first: date | None, last: date | None, where: NoteFilter
) -> Iterator[Note]:
    """Matching notes over a range of days, from the index."""
    from ospo_notes.index import answers

    with index_bar() as bar:
        yield from answers.find_notes(s, first, last, where, bar)


def indexed_notes_json(
    s: NotesStore,
    first: date | None,
    last: date | None,
    where: NoteFilter,
    keep: Callable[[Note], bool] | None,
) -> Iterator[str]:
    """`indexed_notes` that `keep` keeps, each as `list --json` shows it."""
    from ospo_notes.export.note_json import note_json

    notes = indexed_notes(s, first, last, where)
    return map(note_json, notes if keep is None else filter(keep, notes))


def indexed_theme_counts(
    s: NotesStore, days: list[date], fold: Callable[[str], str]
) -> "dict[date, Counter[str]]":
    """Notes per folded theme on each day, counted by the index."""
    from ospo_notes.index import answers

    with index_bar() as bar:
        return answers.theme_counts(s, days, fold, bar)


def indexed_days(s: NotesStore, days: list[date]) -> Iterator[Day]:
    """`s.read_days(days)` answered from the index, one day at a time (memory stays flat)."""
    from ospo_notes.index import answers

    with index_bar() as bar:
        yield from answers.read_days(s, days, bar)


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
