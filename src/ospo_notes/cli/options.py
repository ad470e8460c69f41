"""Option types shared by commands: days, ranges, times, --json, free text.

Days are parsed by `notes.dates`, so a bad one is our one-line `UsageError` (exit 2),
never click's usage block.
"""

from datetime import date, time
from typing import Annotated, Any

import typer

from ospo_notes.notes import dates, model


def day_parameter(value: str) -> date:
    """Typer parser for day options.

    A bad day raises our UsageError, not click's: ReportingGroup prints it as one line
    naming the accepted forms (exit 2), without click's usage block.
    """
    return dates.parse_day(value)


DAY_HELP = f"The day: {dates.DAY_FORMS}."


KIND_LIST = ", ".join(model.KINDS)


KIND_HELP = f"One of: {KIND_LIST}."


OptionalDay = Annotated[
    date | None,
    typer.Option(
        "--day", "-d", parser=day_parameter, metavar="DAY", help=DAY_HELP + " [default: today]"
    ),
]


AnyDay = Annotated[  # no default: without it a listing covers every day
    date | None,
    typer.Option(
        "--day",
        "-d",
        parser=day_parameter,
        metavar="DAY",
        help=f"Only this day: {dates.DAY_FORMS}.",
    ),
]


FromOption = Annotated[
    date | None,
    typer.Option(
        "--from", parser=day_parameter, metavar="DAY", help="First day of a range (inclusive)."
    ),
]


ToOption = Annotated[
    date | None,
    typer.Option(
        "--to", parser=day_parameter, metavar="DAY", help="Last day of a range (inclusive)."
    ),
]


TimeOption = Annotated[
    time | None,
    typer.Option(
        "--at",
        parser=dates.parse_time,
        metavar="HH:MM",
        help="When it was said [default: now, for today].",
    ),
]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def text_option(flag: str, help: str) -> Any:
    """An option that takes free text (shown as TEXT in --help)."""
    return typer.Option(flag, metavar="TEXT", help=help, show_default=False)
