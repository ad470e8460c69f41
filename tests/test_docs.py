"""The docs document every command, every command documents itself, and links resolve."""

import re
from pathlib import Path

from typer.main import get_command

from ospo_notes.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {path: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
COMMANDS_DOC = DOCS[ROOT / "docs" / "commands.md"]
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
_CODE = re.compile(r"^```.*?^```|`[^`\n]*`", re.DOTALL | re.MULTILINE)  # examples, not links


def commands() -> dict[str, object]:
    group = get_command(app)
    found: dict[str, object] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[name] = command
        for sub_name, sub in getattr(command, "commands", {}).items():
            found[f"{name} {sub_name}"] = sub
    return found


def test_every_command_and_subcommand_is_in_the_docs() -> None:
    everything = "\n".join(DOCS.values())
    missing = [name for name in commands() if f"ospo-notes {name}" not in everything]
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


def test_the_readme_stays_short_enough_to_read_in_five_minutes() -> None:
    assert len(README.splitlines()) <= 250


def test_every_relative_link_in_the_docs_points_at_a_file_that_exists() -> None:
    broken = []
    for doc in (ROOT / "README.md", *DOCS):
        prose = _CODE.sub("", doc.read_text(encoding="utf-8"))
        for target in _LINK.findall(prose):
            local = "://" not in target and not target.startswith("mailto:")
            if local and not (doc.parent / target).exists():
                broken.append(f"{doc.name}: {target}")
    assert broken == []


def test_every_file_an_example_names_is_in_the_repository() -> None:
    named = re.findall(r"\b(?:examples|notes|tests/fixtures)/[\w./-]+\.\w+", README + COMMANDS_DOC)
    missing = [name for name in named if not (ROOT / name).exists()]
    assert missing == []
