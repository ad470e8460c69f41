"""Mistyped commands and options get one line on stderr and exit 2, like every other error."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["add", "--them", "trust", "x"],
         "Error: No such option: --them (Possible options: --at, --help, --theme). "
         "See 'ospo-notes add --help'."),
        (["tag"], "Error: Missing argument 'ID'. See 'ospo-notes tag --help'."),
        (["lst"], "Error: No such command 'lst'. Did you mean 'list'? See 'ospo-notes --help'."),
        (["list", "--kind"],
         "Error: Option '--kind' requires an argument. See 'ospo-notes list --help'."),
        (["export", "--format", "xml"],
         "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'markdown', 'json'. "
         "See 'ospo-notes export --help'."),
        (["--bogus"], "Error: No such option: --bogus. See 'ospo-notes --help'."),
        (["schedule", "import"],
         "Error: Missing argument 'file'. See 'ospo-notes schedule import --help'."),
        (["session", "start", "--day"],
         "Error: Option '--day' requires an argument. See 'ospo-notes session start --help'."),
        (["themes", "describe"],
         "Error: Missing argument 'THEME'. See 'ospo-notes themes describe --help'."),
        (["summary", "--day", "2024-06-18", "extra"],
         "Error: Got unexpected extra argument(s) (extra). See 'ospo-notes summary --help'."),
    ],
)  # fmt: skip
def test_a_usage_mistake_is_one_line_naming_the_help(cli, notes_dir, args, line) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"
    assert not notes_dir.exists()  # nothing written


@pytest.mark.parametrize("args", [[], ["schedule"]])
def test_a_bare_command_group_still_shows_its_help(cli, args) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert "Usage: ospo-notes" in result.output
    assert "Commands" in result.output
    assert "Error" not in result.output
