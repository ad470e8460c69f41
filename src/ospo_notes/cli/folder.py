"""The notes folder itself: `init` makes one, `undo` takes back its last changes."""

import os
from pathlib import Path
from typing import Annotated

import typer

from ospo_notes.cli.common import notes_dir_choice, say, store
from ospo_notes.store.locate import NOTES_FOLDER, folder_label, locate_notes_dir


def init(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="The folder to keep notes in; commands run in its parent or below find it "
            "[default: ./notes].",
            show_default=False,
        ),
    ] = Path(NOTES_FOLDER),
) -> None:
    """Make DIR (./notes by default) an ospo-notes folder, so commands here use it."""
    from ospo_notes.store.folder import init_notes_dir

    path = Path(os.path.abspath(folder.expanduser()))  # noqa: PTH100 (lexical: ../notes, no link resolved)
    label = folder_label(locate_notes_dir(path))
    if init_notes_dir(path):
        say(f"Initialized {label} as an ospo-notes folder.")
    else:
        say(f"{label} is already an ospo-notes folder; nothing changed.")
    used = notes_dir_choice(ctx)
    if used.path != path:
        say(f"Commands run here use {used.path} instead ({used.reason}).")


def undo(ctx: typer.Context) -> None:
    """Take back the last change made with ospo-notes; again for the one before, and so on.

    Adds, tags, edits, deletes and day titles are undone, up to the last 100. A day file
    changed since by hand or by git is left alone: undo refuses.
    """
    for what in store(ctx).undo():
        say(f"Undid: {what}.")


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(init)
    app.command()(undo)
