"""A day's own words and the notes folder: `ospo-notes day` and `ospo-notes where`."""

from dataclasses import replace
from typing import Annotated, Any

import typer

from ospo_notes.cli.context import notes_dir_choice, store
from ospo_notes.cli.options import text_option
from ospo_notes.cli.terminal import echo, read_stdin, say
from ospo_notes.errors import UsageError
from ospo_notes.notes import dates, model


def day_command(
    ctx: typer.Context,
    day: Annotated[
        str, typer.Argument(metavar="DAY", help="The day: YYYY-MM-DD, 'today' or 'yesterday'.")
    ] = "today",
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="Set the day's title.")
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", metavar="NAME", help="Set the event's name.")
    ] = None,
    intro: Annotated[
        str | None,
        text_option(
            "--intro",
            "Set the paragraph that opens the day's post, in your own words (who, where, "
            "how many people); it may span several lines. '-' reads it from stdin; '' "
            "removes it.",
        ),
    ] = None,
    closing: Annotated[
        str | None, text_option("--closing", "Set the line that closes the day's post; as --intro.")
    ] = None,
) -> None:
    """Show a day's title, event, intro and closing, or set them."""
    s = store(ctx)
    when = dates.parse_day(day)
    if intro == "-" and closing == "-":
        raise UsageError("only one of --intro and --closing can read stdin ('-')")
    # checked before the store is touched: a refused title leaves no lock file behind
    fields = {
        "title": None if title is None else model.check_storable(title.strip(), "the title"),
        "event": None if event is None else model.check_storable(event.strip(), "the event"),
        "intro": _paragraph(intro, "the intro"),
        "closing": _paragraph(closing, "the closing"),
    }
    changes: dict[str, Any] = {key: value for key, value in fields.items() if value is not None}
    if not changes:
        current = s.read_day(when)
    else:
        named = " and ".join(changes)
        current = s.update_day(
            when,
            lambda d: replace(d, info=replace(d.info, **changes)),
            f"set the {named} of {when}",
        )
    from ospo_notes import render

    render.day_line(current.info, len(current.notes))


def _paragraph(text: str | None, what: str) -> str | None:
    """An intro or closing as stored: stdin for '-', trimmed, storable; None to keep it."""
    if text is None:
        return None
    return model.check_storable((read_stdin() if text == "-" else text).strip(), what)


def where(ctx: typer.Context) -> None:
    """Print the notes folder in use (stdout) and why it was chosen (stderr)."""
    from ospo_notes.store.locate import passed_over

    choice = notes_dir_choice(ctx)
    echo(str(choice.path))
    say(f"({choice.reason})")
    if not choice.searched:
        return  # chosen by name: no folder was looked at
    for skipped in passed_over(choice.path):
        say(
            f"({skipped} was passed over: it holds no day file, themes.toml, speakers.toml, "
            f"schedule/ or .ospo-notes/; 'ospo-notes init {skipped}' makes it the notes folder)"
        )
