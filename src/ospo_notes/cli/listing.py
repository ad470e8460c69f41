"""`ospo-notes list`: notes of a day or a range, filtered, as a table or JSON."""

from collections.abc import Iterable
from typing import Annotated

import typer

from ospo_notes.cli.complete import complete_session, complete_speaker, complete_theme
from ospo_notes.cli.context import days_of, store
from ospo_notes.cli.options import KIND_LIST, FromOption, JsonOption, OptionalDay, ToOption
from ospo_notes.cli.terminal import echo, index_bar, paged, say
from ospo_notes.notes import model
from ospo_notes.notes.query import NoteFilter


def list_notes(
    ctx: typer.Context,
    day: OptionalDay = None,
    first: FromOption = None,
    last: ToOption = None,
    theme: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            "-t",
            metavar="THEME",
            help="Only notes with this theme (aliases count); repeat for several.",
            autocompletion=complete_theme,
        ),
    ] = None,
    session: Annotated[
        str,
        typer.Option(
            "--session",
            "-s",
            metavar="TITLE",
            help="Only notes of this session.",
            autocompletion=complete_session,
        ),
    ] = "",
    speaker: Annotated[
        str,
        typer.Option(
            "--speaker",
            "-p",
            metavar="NAME",
            help="Only notes whose speaker contains NAME (an alias finds its speaker's notes too).",
            autocompletion=complete_speaker,
        ),
    ] = "",
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", metavar="KIND", help=f"Only notes of this kind: {KIND_LIST}."),
    ] = None,
    search: Annotated[
        str, typer.Option("--search", metavar="WORDS", help="Only notes holding all these words.")
    ] = "",
    author: Annotated[
        str,
        typer.Option(
            "--author", metavar="NAME", help="Only notes by this author (the whole name, any case)."
        ),
    ] = "",
    as_json: JsonOption = False,
) -> None:
    """List notes of a day (or a range), filtered by theme, session, speaker, kind, author or
    words."""
    s = store(ctx)
    days = days_of(s, day, first, last)
    where = NoteFilter(
        themes=tuple(model.normalize_theme(t) for t in theme or ()),
        session=session,
        speaker=speaker,
        kind=model.check_kind(kind) if kind else "",
        search=search,
        author=author.strip(),
    )
    from ospo_notes.index import answers

    with index_bar() as bar:
        matches = answers.matching_notes(s, days, first, last, where, bar)
        if as_json:
            from ospo_notes.export.note_json import note_json

            with paged(ctx):
                _echo_json(map(note_json, matches))
            return
        found = list(matches)
    if not found:
        span = str(days[0]) if len(days) == 1 else f"{first or day} to {last or day}"
        say(f"No notes match on {span}." if days else "No notes in that range.")
        return
    from ospo_notes import render

    with paged(ctx):
        render.notes_table(found, show_day=first is not None or last is not None)


def _echo_json(texts: Iterable[str]) -> None:
    """`note_json` texts as one JSON array, written as they come: flat memory at any size."""
    from ospo_notes.export.note_json import json_array

    for piece in json_array(texts):
        echo(piece, nl=False)
    echo("")
