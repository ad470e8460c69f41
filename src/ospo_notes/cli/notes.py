"""Capture commands: add, tag, edit, delete (listing is in listing.py, day and where in day.py)."""

from datetime import date, time
from typing import Annotated

import typer

from ospo_notes.capture import adding
from ospo_notes.capture.adding import saved_but_unprinted
from ospo_notes.cli import day, listing
from ospo_notes.cli.complete import complete_session, complete_speaker, complete_theme
from ospo_notes.cli.context import notes_dir_choice, store
from ospo_notes.cli.options import KIND_HELP, OptionalDay, TimeOption, day_parameter
from ospo_notes.cli.stdout import OutputError
from ospo_notes.cli.terminal import echo, read_stdin, say, stdin_is_terminal
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import dates, model
from ospo_notes.notes.model import Note
from ospo_notes.store.locate import folder_label

SessionOption = Annotated[
    str,
    typer.Option(
        "--session",
        "-s",
        metavar="TITLE",
        help="The session or talk; a session already on the day is matched ignoring case "
        "and spaces.",
        autocompletion=complete_session,
    ),
]
SpeakerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--speaker",
        "-p",
        metavar="NAME",
        help="A speaker; repeat for several.",
        autocompletion=complete_speaker,
    ),
]
ThemeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--theme",
        "-t",
        metavar="THEME",
        help="A theme; repeat for several (also: #word in the text).",
        autocompletion=complete_theme,
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option(
        "--author",
        metavar="NAME",
        help="Who took the note [default: $OSPO_NOTES_AUTHOR, else 'ospo-notes config "
        "author', else git's user.name].",
        show_default=False,
    ),
]
KindOption = Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help=KIND_HELP)]
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
            metavar="TEXT",
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
    kind: KindOption = None,
    theme: ThemeOption = None,
    author: AuthorOption = None,
) -> None:
    """Add a note to a day (today by default) and print its id.

    Without --session the note joins the started session, else the one session running at
    its time on the imported schedule; that session's speakers fill in unless --speaker is given.
    The note's author is --author, else $OSPO_NOTES_AUTHOR, else 'ospo-notes config author',
    else the user.name of the git repository holding the notes folder.
    """
    now = dates.now()  # when the command started, not when an editor closed
    checked_kind = adding.kind_of(kind, highlight=highlight)  # before any editor opens
    choice = notes_dir_choice(ctx)
    stored, told = adding.add_note(
        choice.path,
        _note_text(text),
        day=day,
        at=at,
        session=session,
        speakers=tuple(speaker or ()),
        kind=checked_kind,
        themes=tuple(theme or ()),
        now=now,
        warn=say,
        folder=folder_label(choice),
        author=author,
    )
    try:
        echo(stored.id)
    except OutputError as err:
        raise NotesError(saved_but_unprinted(stored.id, err)) from None
    say(told)


def tag(
    ctx: typer.Context,
    note_id: IdArgument,
    themes: Annotated[
        list[str],
        typer.Argument(
            metavar="THEME...", help="Themes to add (or remove).", autocompletion=complete_theme
        ),
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

    marks = " ".join(f"#{t}" for t in wanted)
    what = f"{'untagged' if remove else 'tagged'} {found.kind} {found.id} {marks}"
    updated = s.update_note(found, change, what)
    if updated is not None:
        shown = " ".join(f"#{t}" for t in updated.themes) or "no themes"
        say(f"{updated.id}: {shown}")


def edit(
    ctx: typer.Context,
    note_id: IdArgument,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="New text.")] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session",
            "-s",
            metavar="TITLE",
            help="Move the note to this session ('' for none).",
            autocompletion=complete_session,
        ),
    ] = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker",
            "-p",
            metavar="NAME",
            help="New speakers (replace the note's); repeat.",
            autocompletion=complete_speaker,
        ),
    ] = None,
    kind: KindOption = None,
    at: Annotated[
        time | None,
        typer.Option(
            "--at", parser=dates.parse_time, metavar="HH:MM", help="New time of the note."
        ),
    ] = None,
    day: NoteDayOption = None,
    author: Annotated[
        str | None,
        typer.Option("--author", metavar="NAME", help="Who took the note ('' for nobody)."),
    ] = None,
) -> None:
    """Change a note; with no options, open it in $EDITOR."""
    s = store(ctx)
    note = s.find_note(note_id, day)
    asked = (text, session, speaker, kind, at, author)
    if all(option is None for option in asked):
        from ospo_notes.capture.edit import edit_in_editor

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
        if author is not None:
            changes["author"] = model.check_author(author, "--author") if author.strip() else ""
        model.normalize_note(note.with_changes(**changes))  # refuse before the store is touched
        s.update_note(
            note,
            lambda current: model.normalize_note(current.with_changes(**changes)),
            f"edited {note.kind} {note.id}",
        )
    say(f"Updated {note.id}.")


def delete(
    ctx: typer.Context,
    note_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Note ids, or unique prefixes of 4+ characters; all are deleted, or none.",
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    day: NoteDayOption = None,
) -> None:
    """Delete notes, all or none (asks first unless --yes); 'ospo-notes undo' brings them back."""
    s = store(ctx)
    found: dict[str, Note] = {}
    for note_id in note_ids:
        try:
            note = s.find_note(note_id, day)
        except NotesError as err:
            if len(note_ids) == 1:
                raise
            raise type(err)(f"{err}; nothing was deleted") from None
        found.setdefault(note.id, note)
    notes = list(found.values())
    if not yes:
        if len(notes) == 1:
            (note,) = notes
            preview = note.text if len(note.text) <= 60 else note.text[:57] + "..."
            question = f"Delete {note.kind} {note.id} of {note.day}: {preview!r}?"
        else:
            question = f"Delete {len(notes)} notes ({', '.join(n.id for n in notes)})?"
        if not typer.confirm(question):
            say("Nothing deleted.")
            raise typer.Exit(1)
    s.delete_notes(notes)
    say(f"Deleted {', '.join(n.id for n in notes)}.")


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


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(add)
    app.command()(tag)
    app.command()(edit)
    app.command()(delete)
    app.command("list")(listing.list_notes)
    app.command("day")(day.day_command)
    app.command()(day.where)
