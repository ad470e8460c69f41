"""`ospo-notes session`: say which talk you are in, so notes need only their text.

Also the helpers `capture` shares: the schedule store, and starting a session by title or id
(the session a new note joins is `ospo_notes.adding.attachment_for`).
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes import dates
from ospo_notes.cli.common import OptionalDay, command_group, echo, notes_dir_choice, say
from ospo_notes.cli.complete import complete_session

if TYPE_CHECKING:  # loaded on use: `add` pays for them only when a schedule or session exists
    from ospo_notes.context import CurrentSession
    from ospo_notes.schedule.entry import ScheduleEntry
    from ospo_notes.store.schedule_store import ScheduleStore

session_app = command_group(
    "session",
    "Show, start or stop the session you are in (notes join it without --session).",
)


def schedule_store(ctx: typer.Context) -> "ScheduleStore":
    """The schedule store of the notes dir in use."""
    from ospo_notes.store.schedule_store import ScheduleStore

    return ScheduleStore(notes_dir_choice(ctx).path)


def begin_session(
    s: "ScheduleStore", query: str, day: date, speakers: tuple[str, ...], now: datetime
) -> "tuple[CurrentSession, ScheduleEntry | None]":
    """Start the session `query` names on `day`'s schedule, or an ad-hoc one titled `query`."""
    from ospo_notes import context
    from ospo_notes.context import CurrentSession

    entries = s.entries([day])
    entry = context.resolve_session(entries, query)
    if entry is None:
        session = CurrentSession(title=query.strip(), day=day, started=now, speakers=speakers)
    else:
        session = CurrentSession(
            title=entry.title,
            day=context.session_day(entry),
            started=now,
            id=entry.id,
            speakers=speakers or entry.speakers,
        )
    s.start_session(session)
    return session, entry


def describe(session: "CurrentSession", entry: "ScheduleEntry | None" = None) -> str:
    """One line about a session: time, title, room, speakers."""
    parts = []
    if entry is not None:
        parts.append(f"{entry.start:%H:%M}-{entry.end:%H:%M}")
    parts.append(session.title)
    if entry is not None and entry.room:
        parts.append(f"({entry.room})")
    line = " ".join(parts)
    if session.speakers:
        line += " · " + ", ".join(session.speakers)
    return line


def start_message(session: "CurrentSession", entry: "ScheduleEntry | None", query: str) -> str:
    """What `session start` and `/session` say on stderr."""
    if entry is None:
        return (
            f"No session on {session.day} matches {query.strip()!r}; "
            f"started an ad-hoc session: {describe(session)}"
        )
    return f"Now in: {describe(session, entry)}"


@session_app.callback(invoke_without_command=True)
def show(ctx: typer.Context) -> None:
    """Show the current session (stdout), or say that none is started."""
    if ctx.invoked_subcommand is not None:
        return
    current = schedule_store(ctx).current_session(say)
    if current is None:
        say("No session started: ospo-notes session start TITLE")
        return
    echo(describe(current))
    kind = f"scheduled, id {current.id}" if current.id else "ad hoc"
    say(f"({kind}; started {current.started:%Y-%m-%d %H:%M}; attaches notes of {current.day})")
    if current.day != date.today():
        say("It does not attach today's notes; 'ospo-notes session stop' ends it.")


@session_app.command("start")
def start(
    ctx: typer.Context,
    title_or_id: Annotated[
        str,
        typer.Argument(
            help="A session of the day's schedule (id, id prefix or part of the title); "
            "anything else starts an ad-hoc session with this title.",
            autocompletion=complete_session,
        ),
    ],
    day: OptionalDay = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option("--speaker", "-p", help="A speaker (replaces the schedule's); repeat."),
    ] = None,
) -> None:
    """Start a session: notes added without --session join it until you stop it."""
    now = dates.now()
    speakers = tuple(p.strip() for p in speaker or () if p.strip())
    s = schedule_store(ctx)
    session, entry = begin_session(s, title_or_id, day or now.date(), speakers, now)
    say(start_message(session, entry, title_or_id))


@session_app.command("stop")
def stop(ctx: typer.Context) -> None:
    """End the current session."""
    s = schedule_store(ctx)
    unreadable = s.session_unreadable()
    ended = s.stop_session()
    if ended is not None:
        say(f"Stopped: {ended.title}")
    else:
        say(
            f"Removed {s.session_path()}, which could not be read."
            if unreadable
            else "No session was started."
        )


def register(app: typer.Typer) -> None:
    """Attach the `session` command group to the app."""
    app.add_typer(session_app)
