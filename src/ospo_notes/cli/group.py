"""The app's manners, shared by every command group: an expected failure is one line.

A `NotesError` is printed as `Error: ...` on stderr and exits 1 (2 for usage); click's
own usage errors become one line naming the help to read, without the usage block.
"""

import contextlib
from collections.abc import Iterator
from typing import Any, cast

import typer
from typer.core import TyperGroup

from ospo_notes.cli.terminal import say
from ospo_notes.errors import NotesError, UsageError

# click's UsageError: typer exports only its subclass BadParameter (typed as that here)
_RUNNING = "ospo_notes.command_path"  # ctx.meta key: the command being run, for messages


_ClickUsageError = cast("type[typer.BadParameter]", typer.BadParameter.__mro__[1])


class ReportingGroup(TyperGroup):
    """Turns an expected failure into one line on stderr and exit 1 (2 for usage)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _one_line_usage_errors(None):
            return super().make_context(*args, **kwargs)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_RUNNING] = f"{ctx.command_path} {command.name if command else name}"
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        with _one_line_usage_errors(ctx):
            try:
                return super().invoke(ctx)
            except NotesError as err:
                say(f"Error: {err}")
                raise typer.Exit(2 if isinstance(err, UsageError) else 1) from None


@contextlib.contextmanager
def _one_line_usage_errors(group: Any) -> Iterator[None]:
    """Click's usage errors (unknown option, missing argument, bad choice) as one line.

    Click prints its usage block first; the line says where the help is instead.
    """
    try:
        yield
    except _ClickUsageError as err:
        if type(err).show is not _ClickUsageError.show:
            raise  # a command run bare: click shows its help, as it should
        message = err.format_message()
        if err.ctx is not None:
            path = err.ctx.command_path
        else:  # e.g. an option given no value: click does not say of which command
            path = group.meta.get(_RUNNING, group.command_path) if group else "ospo-notes"
        end = "" if message.endswith((".", "?", "!")) else "."
        say(f"Error: {message}{end} See '{path} --help'.")
        raise typer.Exit(2) from None


def command_group(name: str, help: str, *, no_args_is_help: bool = False) -> typer.Typer:
    """A group of subcommands with the main app's manners: plain help, one-line errors."""
    return typer.Typer(
        name=name,
        cls=ReportingGroup,  # its usage errors name the subcommand's help
        help=help,
        no_args_is_help=no_args_is_help,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
