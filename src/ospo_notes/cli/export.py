"""Export commands: a day or an event as a Markdown post or JSON, and JSON back in."""

from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ospo_notes import model
from ospo_notes.cli.common import (
    FromOption,
    OptionalDay,
    ToOption,
    days_of,
    indexed_days,
    say,
    scheduled_sessions,
    store,
)
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.model import Day


class Format(StrEnum):
    markdown = "markdown"
    json = "json"


class Layout(StrEnum):
    session = "session"
    theme = "theme"


def export(
    ctx: typer.Context,
    day: OptionalDay = None,
    first: FromOption = None,
    last: ToOption = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="markdown (a post) or json (every field).")
    ] = Format.markdown,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output.")] = False,
    by: Annotated[
        Layout | None,
        typer.Option("--by", help="Sections per session or per theme [default: session]."),
    ] = None,
    with_front_matter: Annotated[
        bool, typer.Option("--front-matter", help="Start with YAML front matter (Hugo, Jekyll).")
    ] = False,
    include: Annotated[
        str | None,
        typer.Option(
            "--include",
            metavar="KINDS",
            help=f"Only these kinds, comma-separated, from: {','.join(model.KINDS)}.",
        ),
    ] = None,
) -> None:
    """Export a day (or --from/--to an event's days) as a Markdown post or as JSON."""
    if fmt is Format.json and (by is not None or with_front_matter):
        raise UsageError("--by and --front-matter shape the Markdown post: drop them for JSON")
    s = store(ctx)
    kinds = _kinds(include)
    ranged = first is not None or last is not None
    wanted = days_of(s, day, first, last)
    read = indexed_days(s, wanted) if ranged else s.read_days(wanted)  # many days: the index
    tally = _NoteTally(d for d in (_only(d, kinds) for d in read) if d.notes)
    nothing = NotesError(_nothing(wanted, first, last, include))
    if fmt is Format.json:
        from ospo_notes.export.json_export import to_json

        days = list(tally)
        if not days:
            raise nothing
        text = to_json(days)
    else:
        from ospo_notes.export.markdown import EmptyPostError, day_post, range_post

        layout = (by or Layout.session).value
        vocabulary = s.vocabulary()
        schedules = scheduled_sessions(s, wanted)
        if ranged:  # one day at a time: a year of notes never sits in memory at once
            try:
                text = range_post(
                    tally,
                    vocabulary=vocabulary,
                    by=layout,
                    with_front_matter=with_front_matter,
                    schedules=schedules,
                )
            except EmptyPostError:
                raise nothing from None
        else:
            one = next(iter(tally), None)
            if one is None:
                raise nothing
            text = day_post(
                one,
                vocabulary=vocabulary,
                by=layout,
                with_front_matter=with_front_matter,
                schedule=schedules.get(one.day, ()),
            )
    if output is None:
        typer.echo(text, nl=False)  # text, not bytes: no second copy of a large post
        return
    from ospo_notes.store.output import write_output

    write_output(output, text.encode("utf-8"), force=force)
    say(f"Wrote {tally.notes} note{'s' if tally.notes != 1 else ''} to {output}.")


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.json", help="A file made by 'export --format json'.")
    ],
) -> None:
    """Restore notes from a JSON export; notes already there are skipped."""
    from ospo_notes.export.json_export import from_json
    from ospo_notes.store.output import read_input
    from ospo_notes.store.restore import restore_days

    days = from_json(read_input(file), source=str(file))
    done = restore_days(store(ctx), days, source=str(file))
    say(
        f"Imported {done.added} note{'s' if done.added != 1 else ''} into {done.days} "
        f"day{'s' if done.days != 1 else ''}; {done.skipped} already there."
    )


def _kinds(include: str | None) -> tuple[str, ...]:
    """`--include highlight,quote` as checked kinds; all kinds when not given."""
    if include is None:
        return model.KINDS
    kinds = tuple(dict.fromkeys(model.check_kind(k) for k in include.split(",") if k.strip()))
    if not kinds:
        raise UsageError(f"--include needs at least one kind: {','.join(model.KINDS)}")
    return kinds


class _NoteTally:
    """Passes days through once, counting their notes (for the closing message)."""

    def __init__(self, days: Iterable[Day]) -> None:
        self._days = iter(days)
        self.notes = 0

    def __iter__(self) -> Iterator[Day]:
        for day in self._days:
            self.notes += len(day.notes)
            yield day


def _only(day: Day, kinds: tuple[str, ...]) -> Day:
    return Day(info=day.info, notes=tuple(n for n in day.notes if n.kind in kinds))


def _nothing(wanted: list[date], first: date | None, last: date | None, include: str | None) -> str:
    span = f"from {first or last} to {last or first}" if first or last else f"on {wanted[0]}"
    which = f"notes of kind {include}" if include else "notes"
    return f"no {which} {span}: nothing to export (see 'ospo-notes list')"


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(export)
    app.command("import")(import_)
