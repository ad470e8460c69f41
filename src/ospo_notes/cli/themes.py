"""The themes overview and the theme vocabulary: `themes`, `themes describe`, `themes alias`."""

from typing import Annotated

import typer

from ospo_notes.cli.context import scope_words, span_of, store
from ospo_notes.cli.group import command_group
from ospo_notes.cli.options import AnyDay, FromOption, JsonOption, ToOption, text_option
from ospo_notes.cli.terminal import echo, index_bar, say, show_result
from ospo_notes.errors import UsageError

ThemeArgument = Annotated[str, typer.Argument(metavar="THEME", help="A theme, e.g. procurement.")]

RULES = (
    "Names are normalized ('Public Procurement' is public-procurement). An alias folds into "
    "a theme in every count, filter and summary; aliasing to an alias folds into that "
    "alias's theme. A theme with its own description, title or aliases cannot become an "
    "alias, and a theme cannot be an alias of itself or of its own alias. The vocabulary "
    "lives in themes.toml in the notes dir."
)

NO_THEMES = "No themes yet: tag notes with -t THEME or #theme."

themes_app = command_group(
    "themes",
    "Themes with counts, most frequent first; describe themes and alias them.",
)


@themes_app.callback(invoke_without_command=True)
def overview(
    ctx: typer.Context,
    day: AnyDay = None,
    first: FromOption = None,
    last: ToOption = None,
    as_json: JsonOption = False,
) -> None:
    """Themes with counts and the days they came up on (all days unless --day or --from/--to).

    Aliases are folded into their theme. Subcommands change the vocabulary.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ospo_notes.summary.themes import build_overview, overview_from_counts

    s = store(ctx)
    span = span_of(s, day, first, last)
    vocabulary = s.vocabulary()
    if span.single:
        data = build_overview(s.read_days(span.days), vocabulary)
    else:  # many days: the index counts them
        from ospo_notes.index import answers

        with index_bar() as bar:
            counts = answers.theme_counts(s, span.days, vocabulary.canonical, bar)
        data = overview_from_counts(counts, vocabulary)
    if not data.themes and not as_json:
        echo(NO_THEMES if span.everything else f"No themes {scope_words(day, first, last)}.")
        return
    show_result(ctx, data, as_json)


@themes_app.command(
    "describe",
    help="Describe a theme and give it a title: the description says what it means (shown "
    "in the summary and 'themes'), the title heads it in the post, e.g. 'Paying for "
    f"maintenance'. '' removes either. {RULES}",
)
def describe_command(
    ctx: typer.Context,
    theme: ThemeArgument,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]", help="What the theme means, in one line.", show_default=False
        ),
    ] = None,
    title: Annotated[
        str | None, text_option("--title", "The theme's title as a reader sees it, one line.")
    ] = None,
) -> None:
    from ospo_notes.store import themes_file

    if text is None and title is None:
        raise UsageError("give the description TEXT, --title TEXT, or both")
    change = themes_file.describe(theme, text, title=title)
    say(themes_file.update_vocabulary(store(ctx).root, change))


@themes_app.command(
    "alias",
    help=f"Make ALIAS fold into THEME, or stop with --remove ALIAS. {RULES}",
)
def alias_command(
    ctx: typer.Context,
    alias: Annotated[
        str, typer.Argument(metavar="ALIAS", help="The other spelling, e.g. public-procurement.")
    ],
    theme: Annotated[
        str | None,
        typer.Argument(metavar="[THEME]", help="The theme it stands for (optional with --remove)."),
    ] = None,
    remove: Annotated[
        bool, typer.Option("--remove", "-r", help="Stop folding ALIAS into its theme.")
    ] = False,
) -> None:
    from ospo_notes.store import themes_file

    change = themes_file.change_alias(alias, theme, remove=remove)
    say(themes_file.update_vocabulary(store(ctx).root, change))


def register(app: typer.Typer) -> None:
    """Attach these commands to the app."""
    app.add_typer(themes_app)
