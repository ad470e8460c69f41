"""`ospo-notes config`: the user's own settings (today: the author name notes get)."""

import os
from typing import Annotated

import typer

from ospo_notes.cli.context import notes_dir_choice
from ospo_notes.cli.terminal import echo, say
from ospo_notes.errors import UsageError

SETTINGS = ("author",)


def config(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(metavar="SETTING", help="The setting: author.", show_default=False),
    ] = None,
    value: Annotated[
        str | None,
        typer.Argument(
            metavar="VALUE",
            help="Its new value; '' removes it from the config file.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show your settings and where each comes from, or set one in your config file.

    'ospo-notes config author "Ana Lima"' names you on the notes you add; $OSPO_NOTES_AUTHOR
    and add --author win over it, and it wins over git's user.name.
    """
    from ospo_notes.store import user_config

    path = user_config.config_path(os.environ)
    if key is not None and key not in SETTINGS:
        raise UsageError(f"unknown setting {key!r}: the settings are {', '.join(SETTINGS)}")
    if value is not None:
        changed = user_config.set_config_author(path, value)
        if value:
            say(f"Author set to {value.strip()!r} in {path}.")
        else:
            say(f"Author removed from {path}." if changed else f"No author was set in {path}.")
    found = user_config.find_author(None, notes_dir_choice(ctx).path)
    if found is None:
        echo("author: none (set one with: ospo-notes config author NAME)")
    else:
        echo(f"author: {found.name} (from {found.source})")
    if key is None:  # `config author` shows only the author
        echo(f"config file: {path}{'' if path.is_file() else ' (none yet)'}")


def register(app: typer.Typer) -> None:
    """Attach `config` to the app."""
    app.command()(config)
