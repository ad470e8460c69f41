"""Shell completion callbacks (Typer `autocompletion=`): themes, speakers and session titles.

Each runs on a Tab press in a fresh process, so it reads as little as it can and never raises:
a broken notes dir gives no suggestions rather than an error in the shell.
"""

from datetime import date
from pathlib import Path

import typer

from ospo_notes.cli.context import notes_dir_choice


def _root(ctx: typer.Context) -> Path:
    return notes_dir_choice(ctx).path


def _matching(values: list[str], incomplete: str) -> list[str]:
    """Values starting with what was typed (Typer filters the same way, case-sensitively)."""
    return [value for value in values if value.startswith(incomplete)]


def complete_theme(ctx: typer.Context, incomplete: str) -> list[str]:
    """Themes from the vocabulary and the latest days, starting with what was typed."""
    try:
        from ospo_notes.store.completions import recent_themes

        return _matching(recent_themes(_root(ctx)), incomplete)
    except Exception:  # any failure: no suggestions, never a traceback in the shell
        return []


def complete_speaker(ctx: typer.Context, incomplete: str) -> list[str]:
    """Speakers from the vocabulary and the latest days, starting with what was typed."""
    try:
        from ospo_notes.store.completions import recent_speakers

        return _matching(recent_speakers(_root(ctx)), incomplete)
    except Exception:  # any failure: no suggestions, never a traceback in the shell
        return []


def complete_session(ctx: typer.Context, incomplete: str) -> list[str]:
    """The current session and today's scheduled titles (or those of --day, when given)."""
    try:
        from ospo_notes.store.completions import session_titles

        day = ctx.params.get("day")
        titles = session_titles(_root(ctx), day if isinstance(day, date) else date.today())
        return _matching(titles, incomplete)
    except Exception:  # any failure: no suggestions, never a traceback in the shell
        return []
