"""The `ospo-notes` command: parse options, call the layers below, report.

Modules in this package do not use `from __future__ import annotations`: Typer reads
every command's signature on every run, and string annotations cost it an `eval`
each (measured: building 7 commands took 5.9 ms with them, 2.1 ms without).
"""

from pathlib import Path
from typing import Annotated

import typer

from ospo_notes import __version__
from ospo_notes.cli import (
    capture,
    check,
    config,
    export,
    folder,
    merge,
    notes,
    report,
    schedule,
    session,
    speakers,
    sync,
    themes,
)
from ospo_notes.cli.group import ReportingGroup

app = typer.Typer(
    name="ospo-notes",
    cls=ReportingGroup,
    help="Capture conference notes and highlights, tag themes, summarize and export a day.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help and one-line errors; Rich is for the summary
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _notes_dir(value: str) -> Path:
    """--notes-dir as a folder path; an empty one (an unset variable?) is not the current folder."""
    if not value.strip():
        raise typer.BadParameter("it is empty: give a folder, e.g. --notes-dir ./notes")
    path = Path(value)
    if path.is_file():
        raise typer.BadParameter(f"{value} is a file: give a folder")
    return path


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ospo-notes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    notes_dir: Annotated[
        Path | None,
        typer.Option(
            "--notes-dir",
            help="Notes folder [default: $OSPO_NOTES_DIR, else the nearest ospo-notes "
            "folder notes/ here or above, else ~/.local/share/ospo-notes].",
            metavar="DIR",
            parser=_notes_dir,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long output straight to the terminal [default: $PAGER, else less -FRX].",
        ),
    ] = False,
    version: Annotated[  # noqa: ARG001 (handled by its eager callback)
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Capture conference notes and highlights, tag themes, summarize and export a day."""
    ctx.obj = {"notes_dir": notes_dir, "no_pager": no_pager}


notes.register(app)
folder.register(app)
report.register(app)
themes.register(app)
speakers.register(app)
export.register(app)
schedule.register(app)
session.register(app)
capture.register(app)
check.register(app)
sync.register(app)
merge.register(app)
config.register(app)


def main() -> None:
    """Run the app; `ospo_notes.launch` calls it for all but a plain `add`."""
    from ospo_notes.cli.stdout import guard_stdout

    guard_stdout()
    app()
