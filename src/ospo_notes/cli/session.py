"""`ospo-notes session`: say which talk you are in, so notes need only their text."""

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.capture.sessions import begin_session, describe, start_message
from ospo_notes.cli.complete import complete_session
from ospo_notes.cli.context import schedule_store, store
from ospo_notes.cli.group import command_group
from ospo_notes.cli.options import OptionalDay
from ospo_notes.cli.terminal import echo, say
from ospo_notes.notes import dates

if TYPE_CHECKING:  # loaded on use: `add` pays for them only when a schedule or session exists
    pass

session_app = command_group(
    "session",
    "Show, start or stop the session you are in (notes join it without --session).",
)


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
    from ospo_notes.capture.sessions import rename_in_notes

    when = day or date.today()
    result = rename_in_notes(store(ctx), schedule_store(ctx), when, old, new, merge=merge)
    done_how = "Merged" if result.merged else "Renamed"
    into = "into" if result.merged else "to"
    notes = f"{result.moved} note{'s' * (result.moved != 1)}"
    say(f'{done_how} "{result.old}" {into} "{result.new}" on {when} ({notes}).')


def register(app: typer.Typer) -> None:
    """Attach the `session` command group to the app."""
    app.add_typer(session_app)
