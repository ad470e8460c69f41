"""Export commands: a day or an event as a Markdown post or JSON, and JSON back in."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ospo_notes.cli.context import days_of, scheduled_sessions, store
from ospo_notes.cli.options import FromOption, OptionalDay, ToOption
from ospo_notes.cli.terminal import echo, index_bar, paged, say
from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes import model
from ospo_notes.notes.model import Day
from ospo_notes.store import NotesStore


class Format(StrEnum):
    markdown = "markdown"
    json = "json"


class Layout(StrEnum):
    post = "post"
    session = "session"
    theme = "theme"


def export(
    ctx: typer.Context,
    day: OptionalDay = None,
    first: FromOption = None,
    last: ToOption = None,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            metavar="markdown|json",
            help="markdown (a post) or json (every field).",
        ),
    ] = Format.markdown,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output.")] = False,
    by: Annotated[
        Layout | None,
        typer.Option(
            "--by",
            metavar="post|session|theme",
            help="post (speakers, then common themes), session or theme [default: post].",
        ),
    ] = None,
    with_front_matter: Annotated[
        bool, typer.Option("--front-matter", help="Start with YAML front matter (Hugo, Jekyll).")
    ] = False,
    include: Annotated[
        str | None,
        typer.Option(
            "--include",
            metavar="KINDS",
            help=(
                f"The kinds to keep, comma-separated, from: {','.join(model.KINDS)} "
                "[default: note,highlight,quote in Markdown, so your questions and "
                "actions stay private; every kind in JSON]."
            ),
        ),
    ] = None,
) -> None:
    """Export a day (or --from/--to an event's days) as a Markdown post or as JSON."""
    if fmt is Format.json and (by is not None or with_front_matter):
        raise UsageError("--by and --front-matter shape the Markdown post: drop them for JSON")
    s = store(ctx)
    kinds = _kinds(include, markdown=fmt is Format.markdown)
    ranged = first is not None or last is not None
    wanted = days_of(s, day, first, last)
    nothing = NotesError(_nothing(wanted, first, last, include))
    if fmt is Format.json:
        from ospo_notes.export.json_export import to_json
        from ospo_notes.index import answers

        with index_bar() as bar:  # many days come from the index, one from its file
            days = [d for d in answers.read_days(s, wanted, bar, kinds=kinds) if d.notes]
        if not days:
            raise nothing
        text, count = to_json(days), sum(len(d.notes) for d in days)
    else:
        shape = _Shape(kinds, (by or Layout.post).value, with_front_matter)
        made = (_range_post if ranged else _day_post)(s, wanted, shape)
        if made is None:
            raise nothing
        text, count = made
    if output is None:
        with paged(ctx):
            echo(text, nl=False)  # text, not bytes: no second copy of a large post
        return
    from ospo_notes.store.user_files import write_output

    write_output(output, text, notes_dir=s.root, force=force)
    say(f"Wrote {count} note{'s' if count != 1 else ''} to {output}.")


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE.json", help="A file made by 'export --format json'.")
    ],
) -> None:
    """Restore notes from a JSON export; notes already there are skipped."""
    from ospo_notes.export.json_export import from_json
    from ospo_notes.store.importing import restore_days
    from ospo_notes.store.user_files import read_input

    days = from_json(read_input(file), source=str(file))
    done = restore_days(store(ctx), days, source=str(file))
    say(
        f"Imported {done.added} note{'s' if done.added != 1 else ''} into {done.days} "
        f"day{'s' if done.days != 1 else ''}; {done.skipped} already there."
    )


def _kinds(include: str | None, *, markdown: bool) -> tuple[str, ...]:
    """`--include highlight,quote` as checked kinds; without it, what the format shows."""
    if include is None:
        from ospo_notes.export.markdown import PUBLIC_KINDS

        return PUBLIC_KINDS if markdown else model.KINDS
    kinds = tuple(dict.fromkeys(model.check_kind(k) for k in include.split(",") if k.strip()))
    if not kinds:
        raise UsageError(f"--include needs at least one kind: {','.join(model.KINDS)}")
    return kinds


@dataclass(frozen=True)
class _Shape:
    """What the options make of a Markdown post."""

    kinds: tuple[str, ...]
    layout: str
    front_matter: bool


def _day_post(s: NotesStore, wanted: list[date], shape: _Shape) -> tuple[str, int] | None:
    """One day's post, and how many notes it holds; None when it has none to show."""
    read = (d.of_kinds(shape.kinds) for d in s.read_days(wanted))
    one = next((d for d in read if d.notes), None)
    if one is None:
        return None
    schedule = scheduled_sessions(s, [one.day]).get(one.day, ())
    if shape.layout == Layout.post:
        from ospo_notes.export.post import day_post

        text = day_post(
            one,
            vocabulary=s.vocabulary(),
            speakers=s.speakers(),
            kinds=shape.kinds,
            with_front_matter=shape.front_matter,
            schedule=schedule,
        )
    else:
        from ospo_notes.export import markdown

        text = markdown.day_post(
            one,
            vocabulary=s.vocabulary(),
            by=shape.layout,
            kinds=shape.kinds,
            with_front_matter=shape.front_matter,
            schedule=schedule,
        )
    return text, len(one.notes)


def _range_post(s: NotesStore, wanted: list[date], shape: _Shape) -> tuple[str, int] | None:
    """Several days' post, and how many notes it holds; None when they have none to show.

    The days come from the index (as `export --format json` reads a range), one at a
    time, so a long range is never parsed from TOML again nor held in memory.
    """
    from ospo_notes.export.markdown import EmptyPostError, range_post
    from ospo_notes.export.post import event_post

    count = 0

    def days() -> Iterator[Day]:
        from ospo_notes.index import answers

        nonlocal count
        with index_bar() as bar:
            for day in answers.read_days(s, wanted, bar, kinds=shape.kinds):
                count += len(day.notes)
                yield day

    vocabulary = s.vocabulary()
    schedules = scheduled_sessions(s, wanted)
    try:
        if shape.layout == Layout.post:
            text = event_post(
                days(),
                vocabulary=vocabulary,
                speakers=s.speakers(),
                kinds=shape.kinds,
                with_front_matter=shape.front_matter,
                schedules=schedules,
            )
        else:
            text = range_post(
                days(),
                vocabulary=vocabulary,
                by=shape.layout,
                kinds=shape.kinds,
                with_front_matter=shape.front_matter,
                schedules=schedules,
            )
    except EmptyPostError:
        return None
    return text, count


def _nothing(wanted: list[date], first: date | None, last: date | None, include: str | None) -> str:
    span = f"from {first or last} to {last or first}" if first or last else f"on {wanted[0]}"
    which = f"notes of kind {include}" if include else "notes"
    return f"no {which} {span}: nothing to export (see 'ospo-notes list')"


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.command()(export)
    app.command("import")(import_)
