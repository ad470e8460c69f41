"""Reading a day back: `summary`."""

from __future__ import annotations

import json

import typer

from ospo_notes.cli.common import JsonOption, OptionalDay, store


def summary(ctx: typer.Context, day: OptionalDay = None, as_json: JsonOption = False) -> None:
    """The day at a glance: sessions, highlights, common themes, questions and actions."""
    from datetime import date

    from ospo_notes.summary import build_summary

    s = store(ctx)
    data = build_summary(s.read_day(day or date.today()), s.vocabulary())
    if as_json:
        typer.echo(json.dumps(data.to_dict(), ensure_ascii=False, indent=2))
        return
    from ospo_notes import render

    render.summary(data)


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(summary)
