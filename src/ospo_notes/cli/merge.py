"""`ospo-notes merge-driver`: the git merge driver for day files (see store/merge.py)."""

from pathlib import Path
from typing import Annotated

import typer

from ospo_notes.cli.common import say

SETUP = """\b
Set it up in a notes repo (the first line once per clone):
  git config merge.ospo-notes.driver "ospo-notes merge-driver %O %A %B %P"
  echo "*.toml merge=ospo-notes" >> .gitattributes && git add .gitattributes"""


def merge_driver(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version, merged in place (git's %A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (git's %B).")],
    name: Annotated[
        str, typer.Argument(metavar="[PATH]", help="The file's path in the repo (git's %P).")
    ] = "",
) -> None:
    """Merge a day file note by note, for git: appends on both sides never conflict."""
    from ospo_notes.store.merge import merge_day_files

    conflicts = merge_day_files(base, ours, theirs, name or ours.name)
    if conflicts:
        s = "s" if conflicts != 1 else ""
        say(f"{name or ours}: {conflicts} note{s} changed on both sides: see the conflict markers")
        raise typer.Exit(1)


merge_driver.__doc__ = f"{merge_driver.__doc__}\n\n{SETUP}"


def register(app: typer.Typer) -> None:
    """Attach `merge-driver` to the app."""
    app.command("merge-driver")(merge_driver)
