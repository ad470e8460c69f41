"""The notes folder itself: `init` makes one, `undo` takes back its last changes."""

import os
from pathlib import Path
from typing import Annotated

import typer

from ospo_notes.cli.context import notes_dir_choice, store
from ospo_notes.cli.terminal import say
from ospo_notes.store.locate import NOTES_FOLDER, folder_label, locate_notes_dir, shown_path


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
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="Make the current folder a git repository first, if it is not in one.",
        ),
    ] = False,
) -> None:
    """Make DIR (./notes by default) an ospo-notes folder, so commands here use it.

    In a git repository (or with --git) it also sets the folder up for sharing: a
    .gitattributes that sends day files, schedule files, themes.toml and speakers.toml
    to ospo-notes' merge drivers, and the drivers in this clone's git config. Run it
    once in every clone; a second run changes nothing.
    """
    from ospo_notes.team.folder import initialize

    path = Path(os.path.abspath(folder.expanduser()))  # noqa: PTH100 (lexical: ../notes, no link resolved)
    label = folder_label(locate_notes_dir(path))
    done = initialize(path, git_init=git)
    if done.new_repo is not None:
        say(f"Initialized an empty git repository in {shown_path(done.new_repo)}.")
    setup = done.setup
    changed = setup is not None and (setup.attributes_written or setup.keys_set)
    if done.created:
        say(f"Initialized {label} as an ospo-notes folder.")
    elif not changed:
        shared = " shared through git" if setup is not None else ""
        say(f"{label} is already an ospo-notes folder{shared}; nothing changed.")
    if setup is not None and changed:
        attributes = _near(path / ".gitattributes")
        if not setup.attributes_written:
            say(
                f"Set up for git: this clone now runs the merge drivers {attributes} names, "
                f"as '{setup.program} merge-driver'."
            )
        else:
            say(
                f"Set up for git: {attributes} sends notes to the merge drivers, which this "
                f"clone runs as '{setup.program} merge-driver'; commit {attributes} "
                "('ospo-notes sync' does), and run 'ospo-notes init' in every clone."
            )
    used = notes_dir_choice(ctx)
    if used.path != path:
        say(f"Commands run here use {used.path} instead ({used.reason}).")


def _near(path: Path) -> str:
    """`path` as typed from here: relative below the current folder, else in full."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return shown_path(path)


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
