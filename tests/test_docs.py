"""The README documents every command, and every command documents itself."""

from pathlib import Path

from typer.main import get_command

from ospo_notes.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> dict[str, object]:
    group = get_command(app)
    found: dict[str, object] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[name] = command
        for sub_name, sub in getattr(command, "commands", {}).items():
            found[f"{name} {sub_name}"] = sub
    return found


def test_every_command_and_subcommand_is_in_the_readme() -> None:
    missing = [name for name in commands() if f"ospo-notes {name}" not in README]
    assert missing == []


def test_every_command_and_subcommand_has_help_text() -> None:
    missing = [name for name, command in commands().items() if not command.help]  # type: ignore[attr-defined]
    assert missing == []


def test_the_quick_start_has_exactly_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line for line in quick.splitlines() if line.strip()]
    assert len(lines) == 2
    assert "ospo-notes summary --day 2024-06-18" in lines[0]
    assert "pytest" in lines[1]
