"""The speakers overview and the speaker vocabulary: `speakers`, `speakers describe`,
`speakers alias`."""

from typing import Annotated

import typer

from ospo_notes.cli.complete import complete_speaker
from ospo_notes.cli.context import scope_words, span_of, store
from ospo_notes.cli.group import command_group
from ospo_notes.cli.options import AnyDay, FromOption, JsonOption, ToOption, text_option
from ospo_notes.cli.terminal import index_bar, say, show_result

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
    "Speakers with their role, organisation and how many notes name them, most first (all "
    "days unless --day or --from/--to; over all days, the speakers you described but took no "
    "notes of too). Subcommands describe speakers and alias their names.",
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
    from ospo_notes.vocabulary.speakers import SpeakersOverview, count_speakers

    s = store(ctx)
    span = span_of(s, day, first, last)
    from ospo_notes.index import answers

    with index_bar() as bar:  # many days come from the index, one from its file
        notes = (note for one in answers.read_days(s, span.days, bar) for note in one.notes)
        rows = count_speakers(notes, s.speakers(), known=span.everything)
    data = SpeakersOverview(tuple(span.days), tuple(rows))
    scope = "" if span.everything else " " + scope_words(day, first, last)
    if not rows and not as_json:
        typer.echo(f"No speakers{scope or ' yet: name them with --speaker NAME'}.")
        return
    show_result(ctx, data, as_json, title=f"Speakers{scope}")


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
        text_option("--role", "Their role or title, one line, e.g. 'Deputy Executive Secretary'."),
    ],
    org: Annotated[
        str | None,
        text_option("--org", "Their organisation, one line, e.g. UNECE; '' removes it."),
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

    change = speakers_file.change_alias(alias, name, remove=remove)
    say(speakers_file.update_speakers(store(ctx).root, change))


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.add_typer(speakers_app)
