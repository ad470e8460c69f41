"""`ospo-notes session`: say which talk you are in, so notes need only their text.

Also the helpers `add` and `capture` share: the schedule store, starting a session by title or
id, and the session a new note joins (the rule itself is `ospo_notes.context.attach`).
"""

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes import dates
from ospo_notes.cli.common import OptionalDay, ReportingGroup, notes_dir_choice, say
from ospo_notes.cli.complete import complete_session
from ospo_notes.errors import NotesError

if TYPE_CHECKING:  # loaded on use: `add` pays for them only when a schedule or session exists
    from ospo_notes.context import Attachment, CurrentSession
    from ospo_notes.schedule.entry import ScheduleEntry
    from ospo_notes.store.schedule_store import ScheduleStore

session_app = typer.Typer(
    name="session",
    cls=ReportingGroup,  # its usage errors name the subcommand's help
    help="Show, start or stop the session you are in (notes join it without --session).",
    no_args_is_help=False,
    rich_markup_mode=None,  # plain help and one-line errors, like the main app
    pretty_exceptions_enable=False,
)


def schedule_store(ctx: typer.Context) -> "ScheduleStore":
    """The schedule store of the notes dir in use."""
    from ospo_notes.store.schedule_store import ScheduleStore

    return ScheduleStore(notes_dir_choice(ctx).path)


def note_moment(day: date, at: time | None, now: datetime) -> datetime | None:
    """When a note was taken, for matching the schedule; see `ospo_notes.context`.

    A typed `--at` is conference wall-clock time (naive); a note taken now is an instant.
    """
    if at is not None:
        return datetime.combine(day, at)
    if day == now.date():
        return now.astimezone()
    return None


def attachment_for(s: "ScheduleStore", day: date, moment: datetime | None) -> "Attachment | None":
    """The session a note of `day` at `moment` joins: started, else the one running, else none.

    None, quickly, when the notes dir has neither a schedule nor a started session. A stored
    schedule that does not parse never costs a note: it is reported and the note has no session.
    """
    if not s.in_use():
        return None
    from ospo_notes import context
    from ospo_notes.context import Attachment

    current = s.current_session()
    if current is not None and current.applies_to(day):
        return context.attach(current, (), day, moment)
    if moment is None:
        return Attachment()
    try:
        entries = s.entries(context.candidate_days(day))
    except NotesError as err:
        say(f"Warning: {err}; the note is saved without a session")
        return Attachment()
    return context.attach(None, entries, day, moment)


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
    current = schedule_store(ctx).current_session()
    if current is None:
        say("No session started: ospo-notes session start TITLE")
        return
    typer.echo(describe(current))
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
    ended = schedule_store(ctx).stop_session()
    say(f"Stopped: {ended.title}" if ended else "No session was started.")


def register(app: typer.Typer) -> None:
    """Attach the `session` command group to the app."""
    app.add_typer(session_app)
