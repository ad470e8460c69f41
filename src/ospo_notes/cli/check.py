"""`ospo-notes check`: validate every file in the notes dir and say how to fix it."""

import typer

from ospo_notes.cli.context import store
from ospo_notes.cli.terminal import echo, say


def check(ctx: typer.Context) -> None:
    """Check every file in the notes dir; print FILE:LINE:COL: problems, exit 1 on errors."""
    from ospo_notes.check.report import check_notes_dir

    report = check_notes_dir(store(ctx).root)
    for problem in report.problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        echo(f"{problem.where()}: {problem.severity}: {problem.message}{hint}")
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    if report.errors:
        counts = f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
        say(f"{files} checked: {counts}.")
        raise typer.Exit(1)
    extra = f" ({_count(report.warnings, 'warning')})" if report.warnings else ""
    say(f"{files} checked: all good{extra}.")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def register(app: typer.Typer) -> None:
    """Attach `check` to the app."""
    app.command()(check)
