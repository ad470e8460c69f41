"""`ospo-notes schedule`: import a conference's schedule (a file or a URL), update it, show it."""

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.cli.context import schedule_store
from ospo_notes.cli.group import command_group
from ospo_notes.cli.options import JsonOption, OptionalDay
from ospo_notes.cli.terminal import closed_stdin, say, show_result
from ospo_notes.errors import UsageError
from ospo_notes.notes import dates

DEFAULT_TIMEOUT = 15.0  # seconds; the same as store.fetch.DEFAULT_TIMEOUT, without importing it

if TYPE_CHECKING:
    from ospo_notes.render import DownloadProgress
    from ospo_notes.schedule.changes import SessionChange
    from ospo_notes.schedule.entry import ScheduleEntry
    from ospo_notes.store.schedule_store import ImportResult

schedule_app = command_group(
    "schedule",
    "Import a conference schedule (frab XML, pretalx/c3voc JSON, iCalendar; a file or a URL), "
    "keep it up to date, and show it.",
    no_args_is_help=True,
)


TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        help="Give up on a server that does not answer for this long.",
    ),
]


@schedule_app.command("import")
def import_schedule(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE|URL",
            help="schedule.xml, schedule.json or .ics as the conference publishes it: a "
            "downloaded file, '-' for stdin, or its http(s) URL (remembered for "
            "'schedule update').",
        ),
    ],
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="Conference time zone (e.g. Europe/Brussels) when the file names none "
            "[default: the file's zone, else this machine's].",
        ),
    ] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Import (or re-import) a schedule: sessions are updated by id, notes follow renames."""
    from ospo_notes.schedule import parse_schedule
    from ospo_notes.schedule.limits import MAX_FILE_BYTES
    from ospo_notes.store.fetch import is_url

    if is_url(file):
        from ospo_notes.store import schedule_updates

        _check_timeout(timeout)
        with _downloads() as progress:
            schedule, origin, result = schedule_updates.import_url(
                schedule_store(ctx), file, tz=tz, timeout=timeout, progress=progress
            )
    else:
        from ospo_notes.store.user_files import read_user_file

        path = Path(file)
        hint = "give the path of the downloaded schedule, its URL, or - to read it from stdin"
        if file == "-":
            if sys.stdin is None:
                raise closed_stdin("pipe the schedule in, or give its file or URL")
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            data = read_user_file(path, hint, limit=MAX_FILE_BYTES)
        schedule = parse_schedule(data, tz=tz, source="stdin" if file == "-" else file)
        origin = schedule.title or path.name
        result = schedule_store(ctx).import_schedule(schedule, origin)
    span = (
        f"{result.days[0]}" if len(result.days) == 1 else f"{result.days[0]} to {result.days[-1]}"
    )
    n = len(schedule.entries)
    say(
        f"Imported {origin}: {n} session{'s' * (n != 1)} on {len(result.days)} "
        f"day{'s' * (len(result.days) != 1)} ({span}), times in {schedule.timezone}; "
        f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
        f"{result.removed} removed."
    )
    _say_renames(result)


@schedule_app.command("update")
def update(
    ctx: typer.Context,
    event: Annotated[
        str | None,
        typer.Option(
            "--event", metavar="NAME", help="Update only this schedule [default: all of them]."
        ),
    ] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Fetch the schedules imported from a URL again and say what changed.

    An unchanged schedule costs one small request. Notes follow a renamed session; a
    cancelled session's notes keep its title. A failed download changes nothing.
    """
    from ospo_notes.store import schedule_updates

    _check_timeout(timeout)
    failed = False
    with _downloads() as progress:
        updates = schedule_updates.update(
            schedule_store(ctx), event, timeout=timeout, progress=progress
        )
        for done in updates:
            name = done.source.name
            if done.error:
                failed = True
                say(f"Error: {done.error}")
            elif done.result is None:
                say(f"{name}: unchanged since the last update ({done.source.url}).")
            else:
                _say_changes(name, done.source.url, done.result)
    if failed:
        raise typer.Exit(1)


def _check_timeout(timeout: float) -> None:
    if not 0 < timeout <= 3600:
        raise UsageError(f"--timeout {timeout:g}: give the seconds to wait, from 0.1 to 3600")


@contextlib.contextmanager
def _downloads() -> "Iterator[Callable[[str], DownloadProgress | None]]":
    """Makes a progress bar for each download (on a terminal, after a second); closes them."""
    from ospo_notes import render

    bars: list[DownloadProgress] = []

    def make(url: str) -> "DownloadProgress | None":
        bar = render.download_progress(f"Downloading {url}")
        if bar is not None:
            bars.append(bar)
        return bar

    try:
        yield make
    finally:
        for bar in bars:
            bar.close()


def _say_changes(name: str, url: str, result: "ImportResult") -> None:
    """Each added, moved, renamed and cancelled session on its own line."""
    changes = result.changes
    if not changes and not result.updated:
        say(f"{name}: no sessions changed ({url}).")
        return
    tally = [
        f"{sum(1 for c in changes if test(c))} {word}"
        for word, test in _KINDS
        if any(test(c) for c in changes)
    ]
    others = result.updated - sum(1 for c in changes if not c.added and not c.cancelled)
    if others > 0:
        tally.append(f"{others} with other details changed")
    say(f"{name}: updated from {url}: {', '.join(tally)}.")
    for change in changes:
        say("  " + _change_line(change))
    _say_renames(result)


_KINDS: "list[tuple[str, Callable[[SessionChange], bool]]]" = [
    ("added", lambda c: c.added),
    ("moved", lambda c: c.moved),
    ("renamed", lambda c: c.renamed),
    ("cancelled", lambda c: c.cancelled),
]


def _change_line(change: "SessionChange") -> str:
    old, new = change.old, change.new
    if new is None:
        assert old is not None
        return f"cancelled: {_slot(old)} {old.title} (notes keep its title)"
    if old is None:
        return f"added: {_slot(new)} {new.title}"
    parts = []
    if change.renamed:
        parts.append(f"renamed: {old.title!r} is now {new.title!r}")
    if change.moved:
        parts.append(f"moved: {new.title} from {_slot(old)} to {_slot(new)}")
    return "; ".join(parts)


def _slot(entry: "ScheduleEntry") -> str:
    room = f" ({entry.room})" if entry.room else ""
    return f"{entry.start:%Y-%m-%d %H:%M}-{entry.end:%H:%M}{room}"


def _say_renames(result: "ImportResult") -> None:
    if result.notes_renamed:
        n = result.notes_renamed
        say(f"{n} note{'s' * (n != 1)} now carr{'ies' if n == 1 else 'y'} the new session title.")
    for change in result.titles_kept:
        assert change.old is not None
        say(
            f"Notes of {change.old.title!r} keep that title: another session on "
            f"{change.old.start.date()} has it too; rename them with ospo-notes edit if need be."
        )


@schedule_app.command("show")
def show(ctx: typer.Context, day: OptionalDay = None, as_json: JsonOption = False) -> None:
    """The day's sessions in time order; the one you are in is marked."""
    from ospo_notes.schedule.current import marked_session
    from ospo_notes.schedule.entry import DaySchedule

    s = schedule_store(ctx)
    now = dates.now()
    when = day or now.date()
    entries = s.read_day(when).entries
    started = s.current_session(say)
    shown = DaySchedule(when, entries, marked_session(started, entries, when, now.astimezone()))
    if not entries and not as_json:
        known = s.days()
        hint = (
            f" Days with sessions: {', '.join(map(str, known))}."
            if known
            else (" Import one with: ospo-notes schedule import FILE")
        )
        say(f"No sessions on {when}.{hint}")
        return
    show_result(ctx, shown, as_json)


def register(app: typer.Typer) -> None:
    """Attach the `schedule` command group to the app."""
    app.add_typer(schedule_app)
