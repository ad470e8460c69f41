"""The speakers overview and the speaker vocabulary: `speakers`, `speakers describe`,
`speakers alias`."""

from typing import Annotated

import typer

from ospo_notes.cli.common import (
    AnyDay,
    FromOption,
    JsonOption,
    ToOption,
    command_group,
    days_of,
    indexed_days,
    say,
    scope_words,
    store,
)
from ospo_notes.cli.complete import complete_speaker
from ospo_notes.errors import UsageError

RULES = (
    "Names are kept as typed, on one line. An alias folds into a speaker in the summary, "
    "the post, 'list --speaker' and this listing; aliasing to an alias folds into that "
    "alias's speaker. A speaker with their own role, organisation or aliases cannot become "
    "an alias, and an alias must not loop back. The vocabulary lives in speakers.toml in "
    "the notes dir."
)
NameArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="The speaker as your notes name them, e.g. 'Dmitry Mariyasin'.",
        autocompletion=complete_speaker,
    ),
]

speakers_app = command_group(
    "speakers",
    "Speakers with their roles and note counts; describe speakers and alias their names.",
)


@speakers_app.callback(invoke_without_command=True)
def overview(
    ctx: typer.Context,
    day: AnyDay = None,
    first: FromOption = None,
    last: ToOption = None,
    as_json: JsonOption = False,
) -> None:
    """Speakers with their role, organisation and how many notes name them, most first.

    All days unless --day or --from/--to; over all days the speakers you described but
    took no notes of are listed too. Aliases are folded into their speaker. Subcommands
    change the vocabulary.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ospo_notes.speakers import count_speakers

    s = store(ctx)
    everything = day is None and first is None and last is None
    days = s.days() if everything else days_of(s, day, first, last)
    single = day is not None or (first is not None and first == last)
    read = s.read_days(days) if single else indexed_days(s, days)
    notes = (note for one in read for note in one.notes)
    rows = count_speakers(notes, s.speakers(), known=everything)
    if as_json:
        import json

        data = {"days": [d.isoformat() for d in days], "speakers": [r.to_dict() for r in rows]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not rows:
        scope = (
            "yet: name them with --speaker NAME" if everything else scope_words(day, first, last)
        )
        typer.echo(f"No speakers {scope}.")
        return
    from ospo_notes import render

    render.speakers_table(
        rows, title="Speakers" + ("" if everything else " " + scope_words(day, first, last))
    )


@speakers_app.command(
    "describe",
    help="Give a speaker their role and organisation, as the post introduces them: "
    f"'Dmitry Mariyasin, Deputy Executive Secretary, UNECE'. {RULES}",
)
def describe_command(
    ctx: typer.Context,
    name: NameArgument,
    role: Annotated[
        str,
        typer.Option(
            "--role",
            metavar="TEXT",
            help="Their role or title, one line, e.g. 'Deputy Executive Secretary'.",
            show_default=False,
        ),
    ],
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            metavar="TEXT",
            help="Their organisation, one line, e.g. UNECE; '' removes it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    from ospo_notes.store import speakers_file

    change = speakers_file.describe(name, role, org)
    say(speakers_file.update_speakers(store(ctx).root, change))


@speakers_app.command(
    "alias",
    help=f"Make ALIAS fold into NAME, or stop with --remove ALIAS. {RULES}",
)
def alias_command(
    ctx: typer.Context,
    alias: Annotated[
        str,
        typer.Argument(
            metavar="ALIAS",
            help="The other spelling, e.g. 'A. Gill'.",
            autocompletion=complete_speaker,
        ),
    ],
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="The speaker it stands for (optional with --remove).",
            autocompletion=complete_speaker,
        ),
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", "-r", help="Stop folding ALIAS into its speaker.")
    ] = False,
) -> None:
    from ospo_notes.store import speakers_file

    if remove:
        change = speakers_file.remove_alias(alias, name)
    elif name is None:
        raise UsageError("give the NAME that ALIAS stands for, or --remove to drop the alias")
    else:
        change = speakers_file.add_alias(alias, name)
    say(speakers_file.update_speakers(store(ctx).root, change))


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.add_typer(speakers_app)
