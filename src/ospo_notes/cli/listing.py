"""`ospo-notes list`: notes of a day or a range, filtered, as a table or JSON."""

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes.cli.common import (
    KIND_LIST,
    FromOption,
    JsonOption,
    OptionalDay,
    ToOption,
    days_of,
    echo,
    indexed_notes,
    indexed_notes_json,
    paged,
    say,
    store,
)
from ospo_notes.cli.complete import complete_session, complete_speaker, complete_theme
from ospo_notes.notes import model
from ospo_notes.notes.model import Note
from ospo_notes.notes.query import NoteFilter, select

if TYPE_CHECKING:
    from ospo_notes.store import NotesStore
    from ospo_notes.vocabulary.themes import Vocabulary


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
    keep, loose = _alias_rules(s, where)
    if first is None and last is None:  # one day: its file is the quickest answer
        matches: Iterable[Note] = (
            n
            for d in s.read_days(days)
            for n in select(d.sorted_notes(), loose)
            if keep is None or keep(n)
        )
        if as_json:
            from ospo_notes.export.note_json import note_json

            with paged(ctx):
                _echo_json(map(note_json, matches))
            return
    else:
        lo, hi = first or last, last or first
        if as_json:
            with paged(ctx):
                _echo_json(indexed_notes_json(s, lo, hi, loose, keep))
            return
        matches = (n for n in indexed_notes(s, lo, hi, loose) if keep is None or keep(n))
    found = list(matches)
    if not found:
        span = str(days[0]) if len(days) == 1 else f"{first or day} to {last or day}"
        say(f"No notes match on {span}." if days else "No notes in that range.")
        return
    from ospo_notes import render

    with paged(ctx):
        render.notes_table(found, show_day=first is not None or last is not None)


def _alias_rules(
    s: "NotesStore", where: NoteFilter
) -> tuple[Callable[[Note], bool] | None, NoteFilter]:
    """Filters that must see aliases, as a check left to Python; the rest of the filter.

    Themes are compared with aliases folded on both sides; a speaker matches by any
    spelling the speaker vocabulary knows. Without aliases to look at, the whole filter
    stays with the index (or `select`).
    """
    rules: list[Callable[[Note], bool]] = []
    if where.themes:
        rules.append(_folded_themes_rule(where, s.vocabulary()))
        where = replace(where, themes=())
    people = s.speakers() if where.speaker else None
    if people is not None and people.aliases:
        from ospo_notes.vocabulary.speakers import speaker_filter

        rules.append(speaker_filter(where.speaker, people))
        where = replace(where, speaker="")
    if not rules:
        return None, where
    return lambda note: all(rule(note) for rule in rules), where


def _folded_themes_rule(where: NoteFilter, vocabulary: "Vocabulary") -> Callable[[Note], bool]:
    """Themes compared with aliases folded on both sides: a check left to Python, not SQL."""
    folded, fold = replace(where, themes=vocabulary.fold(where.themes)), vocabulary.fold
    return lambda note: folded.matches(note.with_changes(themes=fold(note.themes)))


def _echo_json(texts: Iterable[str]) -> None:
    """`note_json` texts as one JSON array, written as they come: flat memory at any size."""
    from ospo_notes.export.note_json import json_array

    for piece in json_array(texts):
        echo(piece, nl=False)
    echo("")
