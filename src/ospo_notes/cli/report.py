"""Reading a day back: `summary`."""

from typing import Annotated

import typer

from ospo_notes.cli.context import scheduled_sessions, store
from ospo_notes.cli.options import JsonOption, OptionalDay
from ospo_notes.cli.terminal import show_result
from ospo_notes.errors import UsageError


def summary(
    ctx: typer.Context,
    day: OptionalDay = None,
    all_sessions: Annotated[
        bool,
        typer.Option(
            "--all-sessions",
            help="Also list the day's scheduled sessions you took no notes in.",
        ),
    ] = False,
    brief: Annotated[
        bool, typer.Option("--brief", "-b", help="Only the highlights, themes and tally.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The day at a glance: sessions, highlights, common themes, questions and actions.

    Sessions on an imported schedule show their times, room and speakers. Speakers show
    their role and organisation (see 'ospo-notes speakers'), themes their title.
    """
    from datetime import date

    from ospo_notes.summary.day import build_summary

    if brief and as_json:
        raise UsageError("--brief shortens the view in the terminal: drop it for --json")
    s = store(ctx)
    when = day or date.today()
    schedule = scheduled_sessions(s, [when]).get(when, [])
    data = build_summary(
        s.read_day(when),
        s.vocabulary(),
        schedule,
        all_sessions=all_sessions,
        speakers=s.speakers(),
    )
    show_result(ctx, data, as_json, brief=brief)


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(summary)
