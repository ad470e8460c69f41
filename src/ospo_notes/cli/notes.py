"""Capture commands: add, tag, edit, delete, list, day, where."""

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from ospo_notes import adding, dates, model
from ospo_notes.cli.common import (
    FromOption,
    JsonOption,
    OptionalDay,
    TimeOption,
    ToOption,
    day_parameter,
    days_of,
    indexed_notes,
    indexed_notes_json,
    notes_dir_choice,
    read_stdin,
    say,
    stdin_is_terminal,
    store,
)
from ospo_notes.cli.complete import complete_session, complete_theme
from ospo_notes.errors import UsageError
from ospo_notes.model import Day, Note
from ospo_notes.query import NoteFilter, select

if TYPE_CHECKING:
    from ospo_notes.themes import Vocabulary

KIND_HELP = f"One of: {', '.join(model.KINDS)}."
SessionOption = Annotated[
    str,
    typer.Option("--session", "-s", help="Session or talk title.", autocompletion=complete_session),
]
SpeakerOption = Annotated[
    list[str] | None, typer.Option("--speaker", "-p", help="A speaker; repeat for several.")
]
ThemeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        help="A theme; repeat for several (also: #word in the text).",
        autocompletion=complete_theme,
    ),
]
IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="Note id, a unique prefix of 4+ characters, or DAY/ID "
        "(e.g. 2024-06-18/k3f9x2ab) when the id is on several days.",
        show_default=False,
    ),
]
NoteDayOption = Annotated[
    date | None,
    typer.Option(
        "--day",
        "-d",
        parser=day_parameter,
        metavar="DAY",
        help="Look for the note on this day only (when its id is on several days).",
    ),
]


def add(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            help="The note. '-' reads stdin; none opens $EDITOR. Text starting with '-' "
            "goes after '--': ospo-notes add -- '-1 for slides'.",
            show_default=False,
        ),
    ] = None,
    day: OptionalDay = None,
    at: TimeOption = None,
    session: SessionOption = "",
    speaker: SpeakerOption = None,
    highlight: Annotated[
        bool, typer.Option("--highlight", "-H", help="Mark the note as a highlight.")
    ] = False,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=KIND_HELP)] = None,
    theme: ThemeOption = None,
) -> None:
    """Add a note to a day (today by default) and print its id.

    Without --session the note joins the started session, else the one session running at
    its time on the imported schedule; that session's speakers fill in unless --speaker is given.
    """
    now = dates.now()  # when the command started, not when an editor closed
    checked_kind = adding.kind_of(kind, highlight=highlight)  # before any editor opens
    stored, told = adding.add_note(
        notes_dir_choice(ctx).path,
        _note_text(text),
        day=day,
        at=at,
        session=session,
        speakers=tuple(speaker or ()),
        kind=checked_kind,
        themes=tuple(theme or ()),
        now=now,
        warn=say,
    )
    typer.echo(stored.id)
    say(told)


def tag(
    ctx: typer.Context,
    note_id: IdArgument,
    themes: Annotated[
        list[str],
        typer.Argument(help="Themes to add (or remove).", autocompletion=complete_theme),
    ],
    remove: Annotated[bool, typer.Option("--remove", "-r", help="Remove the themes.")] = False,
    day: NoteDayOption = None,
) -> None:
    """Add themes to a note, or remove them with --remove."""
    s = store(ctx)
    found = s.find_note(note_id, day)
    wanted = [_theme_to_remove(t, found) if remove else model.normalize_theme(t) for t in themes]

    def change(note: Note) -> Note:
        if remove:
            return note.with_changes(themes=tuple(t for t in note.themes if t not in wanted))
        return note.with_changes(themes=model.merge_themes(note.themes, wanted))

    updated = s.update_note(found, change)
    if updated is not None:
        shown = " ".join(f"#{t}" for t in updated.themes) or "no themes"
        say(f"{updated.id}: {shown}")


def edit(
    ctx: typer.Context,
    note_id: IdArgument,
    text: Annotated[str | None, typer.Option("--text", help="New text.")] = None,
    session: Annotated[str | None, typer.Option("--session", "-s", help="New session.")] = None,
    speaker: SpeakerOption = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=KIND_HELP)] = None,
    at: TimeOption = None,
    day: NoteDayOption = None,
) -> None:
    """Change a note; with no options, open it in $EDITOR."""
    s = store(ctx)
    note = s.find_note(note_id, day)
    if text is None and session is None and speaker is None and kind is None and at is None:
        from ospo_notes.edit_merge import edit_in_editor

        if not edit_in_editor(s, note):
            say("No change.")
            return
    else:
        changes: dict[str, object] = {}
        if text is not None:
            changes["text"] = text
        if session is not None:
            changes["session"] = session
        if speaker is not None:
            changes["speakers"] = tuple(speaker)
        if kind is not None:
            changes["kind"] = kind
        if at is not None:
            changes["time"] = at
        model.normalize_note(note.with_changes(**changes))  # refuse before the store is touched
        s.update_note(note, lambda current: model.normalize_note(current.with_changes(**changes)))
    say(f"Updated {note.id}.")


def delete(
    ctx: typer.Context,
    note_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    day: NoteDayOption = None,
) -> None:
    """Delete a note (asks first unless --yes)."""
    s = store(ctx)
    note = s.find_note(note_id, day)
    if not yes:
        preview = note.text if len(note.text) <= 60 else note.text[:57] + "..."
        if not typer.confirm(f"Delete {note.kind} {note.id} of {note.day}: {preview!r}?"):
            say("Nothing deleted.")
            raise typer.Exit(1)
    s.update_note(note, lambda _current: None)
    say(f"Deleted {note.id}.")


def list_notes(
    ctx: typer.Context,
    day: OptionalDay = None,
    first: FromOption = None,
    last: ToOption = None,
    theme: ThemeOption = None,
    session: SessionOption = "",
    speaker: Annotated[str, typer.Option("--speaker", "-p", help="Speaker name contains.")] = "",
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=KIND_HELP)] = None,
    search: Annotated[str, typer.Option("--search", help="Words that must all appear.")] = "",
    as_json: JsonOption = False,
) -> None:
    """List notes of a day (or a range), filtered by theme, session, speaker, kind or words."""
    s = store(ctx)
    days = days_of(s, day, first, last)
    where = NoteFilter(
        themes=tuple(model.normalize_theme(t) for t in theme or ()),
        session=session,
        speaker=speaker,
        kind=model.check_kind(kind) if kind else "",
        search=search,
    )
    keep = _folded_themes_rule(where, s.vocabulary()) if theme else None
    loose = where if keep is None else replace(where, themes=())
    if first is None and last is None:  # one day: its file is the quickest answer
        matches: Iterable[Note] = (
            n
            for d in s.read_days(days)
            for n in select(d.sorted_notes(), loose)
            if keep is None or keep(n)
        )
        if as_json:
            from ospo_notes.export.note_json import note_json

            _echo_json(map(note_json, matches))
            return
    else:
        lo, hi = first or last, last or first
        if as_json:
            _echo_json(indexed_notes_json(s, lo, hi, loose, keep))
            return
        matches = (n for n in indexed_notes(s, lo, hi, loose) if keep is None or keep(n))
    found = list(matches)
    if not found:
        span = str(days[0]) if len(days) == 1 else f"{first or day} to {last or day}"
        say(f"No notes match on {span}." if days else "No notes in that range.")
        return
    from ospo_notes import render

    render.notes_table(found, show_day=first is not None or last is not None)


def day_command(
    ctx: typer.Context,
    day: Annotated[
        str, typer.Argument(help="The day: YYYY-MM-DD, 'today' or 'yesterday'.")
    ] = "today",
    title: Annotated[str | None, typer.Option("--title", help="Set the day's title.")] = None,
    event: Annotated[str | None, typer.Option("--event", help="Set the event's name.")] = None,
) -> None:
    """Show a day's title and event, or set them."""
    s = store(ctx)
    when = dates.parse_day(day)
    if title is None and event is None:
        current = s.read_day(when)
    else:
        # checked before the store is touched: a refused title leaves no lock file behind
        title = None if title is None else model.check_storable(title.strip(), "the title")
        event = None if event is None else model.check_storable(event.strip(), "the event")

        def change(current: Day) -> Day:
            info = current.info
            named = replace(
                info,
                title=info.title if title is None else title,
                event=info.event if event is None else event,
            )
            return replace(current, info=named)

        current = s.update_day(when, change)
    from ospo_notes import render

    render.day_line(current.info, len(current.notes))


def where(ctx: typer.Context) -> None:
    """Print the notes dir in use (stdout) and why it was chosen (stderr)."""
    choice = notes_dir_choice(ctx)
    typer.echo(str(choice.path))
    say(f"({choice.reason})")


def _theme_to_remove(theme: str, note: Note) -> str:
    """A theme as `tag --remove` matches it: normalized, or exactly as the note stores it.

    A theme that cannot be normalized (from an import or a hand edit) is kept as typed
    on read, so it can only be removed as typed.
    """
    try:
        return model.normalize_theme(theme)
    except UsageError:
        if theme in note.themes:
            return theme
        raise


def _note_text(text: str | None) -> str:
    if text == "-":
        return read_stdin()
    if text is not None:
        return text
    if not stdin_is_terminal():
        raise UsageError("no note text: give TEXT, or '-' to read it from stdin")
    from ospo_notes.store.editor import edit_text

    return "\n".join(
        line
        for line in edit_text(
            "\n# Write the note above. Lines starting with '#' are "
            "ignored; an empty note is not saved.\n"
        ).splitlines()
        if not line.startswith("#")
    ).strip()


def _folded_themes_rule(where: NoteFilter, vocabulary: "Vocabulary") -> Callable[[Note], bool]:
    """Themes compared with aliases folded on both sides: a check left to Python, not SQL."""
    folded, fold = replace(where, themes=vocabulary.fold(where.themes)), vocabulary.fold
    return lambda note: folded.matches(note.with_changes(themes=fold(note.themes)))


def _echo_json(texts: Iterable[str]) -> None:
    """`note_json` texts as one JSON array, written as they come: flat memory at any size."""
    from ospo_notes.export.note_json import json_array

    for piece in json_array(texts):
        typer.echo(piece, nl=False)
    typer.echo()


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(add)
    app.command()(tag)
    app.command()(edit)
    app.command()(delete)
    app.command("list")(list_notes)
    app.command("day")(day_command)
    app.command()(where)
