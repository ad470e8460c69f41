"""Shell completion: themes for --theme and `tag`, session titles for --session and
`session start`, through the callbacks and through the shell's completion protocol."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ospo_notes.cli import app
from ospo_notes.cli.complete import complete_session, complete_theme
from ospo_notes.store.completions import recent_themes, session_titles

FOSDEM = Path(__file__).parent / "fixtures" / "schedules" / "fosdem-style.xml"


def complete(*words: str, runner: CliRunner) -> list[str]:
    """Ask the app for bash completions of the last word, as the bash script does."""
    result = runner.invoke(
        app,
        [],
        prog_name="ospo-notes",
        env={
            "_OSPO_NOTES_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(("ospo-notes", *words)),
            "COMP_CWORD": str(len(words)),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.fixture
def themed(sample_dir: Path) -> Path:
    (sample_dir / "themes.toml").write_text(
        '[themes.open-source]\ndescription = "Open source"\naliases = ["oss"]\n'
    )
    return sample_dir


def test_recent_themes_come_from_vocabulary_then_day_files(themed: Path) -> None:
    themes = recent_themes(themed)
    assert themes[:2] == ["open-source", "oss"]
    assert {"digital-public-goods", "multi-stakeholder", "digital-transformation"} <= set(themes)
    assert len(themes) == len(set(themes))


def test_recent_themes_read_only_the_latest_days(notes_dir: Path) -> None:
    notes_dir.mkdir()
    for n in range(1, 10):
        (notes_dir / f"2025-01-0{n}.toml").write_text(
            f'format = 1\n\n[notes.abcd000{n}]\nthemes = ["day-{n}"]\ntext = "x"\n'
        )
    assert recent_themes(notes_dir, days=3) == ["day-9", "day-8", "day-7"]


def test_broken_files_give_no_suggestions_not_errors(notes_dir: Path) -> None:
    notes_dir.mkdir()
    (notes_dir / "themes.toml").write_text("[[[")
    (notes_dir / "2025-01-01.toml").write_bytes(b'themes = ["ok", "\xff\xfe"]\n<<<<<<<\n')
    assert recent_themes(notes_dir)[0] == "ok"
    (notes_dir / "schedule").mkdir()
    (notes_dir / "schedule" / "2025-02-01.toml").write_text("[sessions.x\n")
    from datetime import date

    assert session_titles(notes_dir, date(2025, 2, 1)) == []


@pytest.mark.usefixtures("themed")
def test_theme_completion_through_the_shell_protocol(runner: CliRunner) -> None:
    assert complete("add", "--theme", "digital-t", runner=runner) == ["digital-transformation"]
    assert complete("list", "-t", "o", runner=runner) == ["open-source", "oss"]
    assert complete("tag", "a3kx", "multi", runner=runner) == ["multi-stakeholder"]


def test_session_completion_through_the_shell_protocol(
    runner: CliRunner,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    assert cli("schedule", "import", str(FOSDEM)).exit_code == 0
    assert complete("session", "start", "--day", "2025-02-01", "", runner=runner) == [
        "Welcome to FOSDEM 2025",
        "Async Rust in embedded systems",
        "Midnight lightning hack session",
    ]
    cli("session", "start", "Hallway chat")
    got = complete("add", "--session", "", runner=runner)
    assert got[0] == "Hallway chat"
    assert complete("add", "--day", "2025-02-01", "-s", "Async", runner=runner) == [
        "Async Rust in embedded systems"
    ]


def test_callbacks_never_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = typer.Context(typer.main.get_command(app))
    monkeypatch.setenv("OSPO_NOTES_DIR", "/dev/null/not-a-dir")
    assert complete_theme(ctx, "") == []
    assert complete_session(ctx, "") == []
