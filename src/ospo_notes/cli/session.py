"""`ospo-notes session`: say which talk you are in, so notes need only their text.

Also the helpers `capture` shares: the schedule store, and starting a session by title or id
(the session a new note joins is `ospo_notes.capture.adding.attachment_for`).
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.cli.complete import complete_session
from ospo_notes.cli.context import notes_dir_choice, store
from ospo_notes.cli.group import command_group
from ospo_notes.cli.options import OptionalDay
from ospo_notes.cli.terminal import echo, say
from ospo_notes.notes import dates

if TYPE_CHECKING:  # loaded on use: `add` pays for them only when a schedule or session exists
    from ospo_notes.schedule.current import CurrentSession
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
    from ospo_notes.schedule import current as context
    from ospo_notes.schedule.current import CurrentSession

    entries = s.entries([day])
    entry = context.resolve_session(entries, query)
    if entry is None:
        title = _noted_session(s, day, query) or query.strip()
        session = CurrentSession(title=title, day=day, started=now, speakers=speakers)
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


def _noted_session(s: "ScheduleStore", day: date, query: str) -> str | None:
    """The title of a session already in `day`'s notes that `query` names, ignoring case
    and spaces; None when there is none (or the day file does not read: the title is
    then used as typed)."""
    from ospo_notes.errors import NotesError
    from ospo_notes.notes.model import existing_session
    from ospo_notes.store import NotesStore

    try:
        notes = NotesStore(s.root).read_day(day).notes
    except NotesError:
        return None
    return existing_session(query, (note.session for note in notes if note.session))


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
    if entry is None and session.title != query.strip():
        using = f'Session: using "{session.title}" (already on {session.day})'
        return f"{using}\nNow in: {describe(session)}"
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
            metavar="TITLE",
            help="A session of the day's schedule (id, id prefix or part of the title); "
            "anything else starts an ad-hoc session with this title.",
            autocompletion=complete_session,
        ),
    ],
    day: OptionalDay = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker", "-p", metavar="NAME", help="A speaker (replaces the schedule's); repeat."
        ),
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


@session_app.command("rename")
def rename(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="The session's title in the day's notes (case and spaces do not matter).",
            autocompletion=complete_session,
        ),
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The title it gets.")],
    day: OptionalDay = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge", help="Also when NEW is already a session of the day: the two become one."
        ),
    ] = False,
) -> None:
    """Rename a session in every note of a day, in one write: all its notes or none."""
    from dataclasses import replace

    from ospo_notes.notes.model import Day, Renamed, rename_session, session_folded

    when = day or date.today()
    done: list[Renamed] = []

    def change(current: Day) -> Day:
        done.append(rename_session(current, old, new, merge=merge))
        return done[-1].day

    store(ctx).update_day(when, change)
    result = done[-1]
    s = schedule_store(ctx)
    started = s.current_session()
    same = started is not None and session_folded(started.title) == session_folded(result.old)
    if started is not None and same and started.applies_to(when):
        s.start_session(replace(started, title=result.new))  # notes added next follow
    done_how = "Merged" if result.merged else "Renamed"
    into = "into" if result.merged else "to"
    notes = f"{result.moved} note{'s' * (result.moved != 1)}"
    say(f'{done_how} "{result.old}" {into} "{result.new}" on {when} ({notes}).')


def register(app: typer.Typer) -> None:
    """Attach the `session` command group to the app."""
    app.add_typer(session_app)
