"""--help speaks the user's words: every metavar is a word, every option says what it does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.main import get_command

from ospo_notes.cli import app

_PYTHON_NAME = re.compile(r"[a-z][a-z0-9]*")  # `text`, `file`: a parameter's own name
_CHOICES = re.compile(r"[a-z]+(\|[a-z]+)+")  # markdown|json


def _commands(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def metavars() -> Iterator[tuple[str, str]]:
    """(where, metavar) for every option value and argument of every (sub)command."""
    for path, command in _commands(get_command(app), "ospo-notes"):
        ctx = typer.Context(command, info_name=path)
        for param in command.params:
            if param.param_type_name == "argument":
                yield f"{path} {param.name}", param.make_metavar(ctx, usage=True)
                yield f"{path} {param.name}", param.make_metavar(ctx)
                continue
            record = param.get_help_record(ctx)
            if record is None or param.is_flag:
                continue
            for spelling in record[0].split(", "):
                _names, _, metavar = spelling.partition(" ")
                yield f"{path} {param.opts[-1]}", metavar


def looks_like_python(metavar: str) -> bool:
    """`{note_id}`, `<parse_time>`, `<str>`, `[text]`: internal names, not words."""
    if "_" in metavar or "<" in metavar or ">" in metavar:
        return True
    bare = metavar.strip("[]{}").removesuffix("...")
    return bool(_PYTHON_NAME.fullmatch(bare)) and not _CHOICES.fullmatch(bare)


@pytest.mark.parametrize(
    "metavar", ["{note_id}", "<parse_time>", "<str>", "[text]", "{file}", "title_or_id"]
)
def test_internal_names_are_caught(metavar: str) -> None:
    assert looks_like_python(metavar)


@pytest.mark.parametrize("metavar", ["HH:MM", "{ID}", "[THEME]", "THEME...", "markdown|json"])
def test_words_pass(metavar: str) -> None:
    assert not looks_like_python(metavar)


def test_every_metavar_of_every_command_is_a_word() -> None:
    found = list(metavars())
    assert len(found) > 30  # the walk reached the subcommands
    assert [(where, m) for where, m in found if looks_like_python(m)] == []


def test_every_option_has_help() -> None:
    missing = []
    for path, command in _commands(get_command(app), "ospo-notes"):
        for param in command.params:
            if param.param_type_name == "option" and not param.hidden and not param.help:
                missing.append(f"{path} {param.opts[-1]}")
    assert missing == []


def test_add_help_shows_words(cli: Any) -> None:
    result = cli("add", "--help")
    assert result.exit_code == 0
    assert "--at HH:MM" in result.stdout
    assert "--session TITLE" in result.stdout
    assert "<" not in result.stdout
    assert "#word in the text" in result.stdout


def test_tag_usage_names_the_id_not_the_parameter(cli: Any) -> None:
    result = cli("tag", "--help")
    assert "note_id" not in result.stdout
    assert "{ID} {THEME...}" in result.stdout


def test_list_help_describes_filters_not_adding(cli: Any) -> None:
    result = cli("list", "--help")
    assert result.exit_code == 0
    assert "#word in the text" not in result.stdout
    assert "Only notes with this theme" in result.stdout
    assert "Only notes of this session" in result.stdout


def test_edit_at_does_not_promise_now(cli: Any) -> None:
    result = cli("edit", "--help")
    assert "New time of the note" in result.stdout
    assert "default: now" not in result.stdout
