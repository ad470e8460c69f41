"""`ospo-notes merge-driver`: the git merge drivers for notes repos (see team/merge.py)."""

from pathlib import Path
from typing import Annotated

import typer

from ospo_notes.cli.terminal import say
from ospo_notes.errors import UsageError

SETUP = """\b
Set it up with 'ospo-notes init' in every clone of a notes repo: it writes the
notes folder's .gitattributes and these driver lines into the clone's git config:
  merge.ospo-notes.driver             ospo-notes merge-driver %O %A %B %P
  merge.ospo-notes-schedule.driver    ospo-notes merge-driver --schedule %O %A %B %P
  merge.ospo-notes-vocabulary.driver  ospo-notes merge-driver --vocabulary %O %A %B %P"""


def merge_driver(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="The common ancestor (git's %O).")],
    ours: Annotated[
        Path, typer.Argument(metavar="OURS", help="Our version, merged in place (git's %A).")
    ],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="Their version (git's %B).")],
    name: Annotated[
        str, typer.Argument(metavar="[PATH]", help="The file's path in the repo (git's %P).")
    ] = "",
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule", help="Merge a stored schedule: schedule/DATE.toml, sources.toml."
        ),
    ] = False,
    vocabulary: Annotated[
        bool,
        typer.Option("--vocabulary", help="Merge themes.toml or speakers.toml entry by entry."),
    ] = False,
) -> None:
    """Merge a notes file for git, piece by piece: only a field both sides changed
    differently is left between conflict markers."""
    from ospo_notes.team.merge import Kind, merge_files

    if schedule and vocabulary:
        raise UsageError("give --schedule or --vocabulary, not both: each is its own driver")
    kind = Kind.SCHEDULE if schedule else Kind.VOCABULARY if vocabulary else None
    shown = name or str(ours)
    merged = merge_files(base, ours, theirs, name or ours.name, kind)
    for notice in merged.notices:
        say(f"{shown}: {notice}")
    if merged.places:
        count = len(merged.places)
        places = ", ".join(dict.fromkeys(merged.places))
        s = "s" if count != 1 else ""
        say(
            f"{shown}: {count} conflict{s}, changed differently on both sides ({places}): "
            "resolve the conflict markers, then run 'ospo-notes check'"
        )
        raise typer.Exit(1)


merge_driver.__doc__ = f"{merge_driver.__doc__}\n\n{SETUP}"


def register(app: typer.Typer) -> None:
    """Attach `merge-driver` to the app."""
    app.command("merge-driver")(merge_driver)
