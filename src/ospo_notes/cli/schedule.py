"""`ospo-notes schedule`: import a conference's published schedule and show a day of it."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes import dates
from ospo_notes.cli.common import JsonOption, OptionalDay, command_group, echo, paged, say
from ospo_notes.cli.session import schedule_store

if TYPE_CHECKING:
    from ospo_notes.schedule.entry import ScheduleEntry

schedule_app = command_group(
    "schedule",
    "Import a conference schedule (frab XML, pretalx/c3voc JSON, iCalendar) and show it.",
    no_args_is_help=True,
)


@schedule_app.command("import")
def import_schedule(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="schedule.xml, schedule.json or .ics as the conference publishes it; "
            "'-' reads stdin.",
            allow_dash=True,
            dir_okay=False,
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
) -> None:
    """Import (or re-import) a schedule: sessions are updated by id, notes never touched."""
    from ospo_notes.schedule import parse_schedule

    source = "stdin" if str(file) == "-" else str(file)
    from ospo_notes.store.output import read_user_file

    hint = "give the path of the downloaded schedule, or - to read it from stdin"
    data = sys.stdin.buffer.read() if str(file) == "-" else read_user_file(file, hint)
    schedule = parse_schedule(data, tz=tz, source=source)
    origin = schedule.title or file.name
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


@schedule_app.command("show")
def show(ctx: typer.Context, day: OptionalDay = None, as_json: JsonOption = False) -> None:
    """The day's sessions in time order; the one you are in is marked."""
    s = schedule_store(ctx)
    now = dates.now()
    when = day or now.date()
    entries = s.read_day(when).entries
    marked = _current_id(ctx, entries, when)
    if as_json:
        rows = [_entry_dict(e, current=e.id == marked) for e in entries]
        import json

        with paged(ctx):
            echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not entries:
        known = s.days()
        hint = (
            f" Days with sessions: {', '.join(map(str, known))}."
            if known
            else (" Import one with: ospo-notes schedule import FILE")
        )
        say(f"No sessions on {when}.{hint}")
        return
    from ospo_notes import render

    with paged(ctx):
        render.schedule_table(entries, day=when, current_id=marked)


def _current_id(ctx: typer.Context, entries: "tuple[ScheduleEntry, ...]", day: date) -> str:
    """The started session if it is on this list, else (today only) the one running now."""
    from ospo_notes import context

    current = schedule_store(ctx).current_session(say)
    if current is not None and current.id and any(e.id == current.id for e in entries):
        return current.id
    now = dates.now()
    if current is None and day in context.candidate_days(now.date()):
        return context.attach(None, entries, now.date(), now.astimezone()).entry_id
    return ""


def _entry_dict(entry: "ScheduleEntry", *, current: bool) -> dict[str, object]:
    from ospo_notes.store.schedule_codec import zone_name

    return {
        "id": entry.id,
        "title": entry.title,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "day": entry.day.isoformat(),
        "timezone": zone_name(entry.start.tzinfo),
        "room": entry.room,
        "speakers": list(entry.speakers),
        "track": entry.track,
        "kind": entry.kind,
        "abstract": entry.abstract,
        "current": current,
    }


def register(app: typer.Typer) -> None:
    """Attach the `schedule` command group to the app."""
    app.add_typer(schedule_app)
