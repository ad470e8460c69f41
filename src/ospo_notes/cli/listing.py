"""`ospo-notes list`: notes of a day or a range, filtered, as a table or JSON.

Its result is a `NoteList`, shown like every command's result by `show_result`. With
--json the notes are streamed as the index yields them, not gathered first: a range
may hold 100,000 notes, and the JSON must not cost memory in proportion (the bytes
are the same as `to_dict()`'s; `tests/test_note_json.py` holds them to it).
"""

from typing import Annotated

import typer

from ospo_notes.cli.complete import complete_session, complete_speaker, complete_theme
from ospo_notes.cli.context import days_of, store
from ospo_notes.cli.options import KIND_LIST, FromOption, JsonOption, OptionalDay, ToOption
from ospo_notes.cli.terminal import index_bar, say, show_result
from ospo_notes.notes import model
from ospo_notes.notes.query import NoteFilter, NoteList


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
        if as_json:  # streamed while the index reads (see show_result): flat memory
            show_result(ctx, NoteList(matches), as_json)
            return
        found = list(matches)  # the table is drawn whole, after the progress bar is gone
    if not found:
        span = str(days[0]) if len(days) == 1 else f"{first or day} to {last or day}"
        say(f"No notes match on {span}." if days else "No notes in that range.")
        return
    show_result(ctx, NoteList(found), as_json, show_day=first is not None or last is not None)
