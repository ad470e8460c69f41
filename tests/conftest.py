"""Shared fixtures: every test gets its own empty notes dir, never the real one."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

from ospo_notes.cli import app

# CliRunner.invoke rebuilds the click command tree from the Typer app on every call
# (about 8 ms, a third of a typical CLI test). The tree is the same each time and click
# keeps no state in it between runs, so it is built once per app.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]

REPO = Path(__file__).resolve().parents[1]
SAMPLE_NOTES = REPO / "notes"


@pytest.fixture(autouse=True)
def notes_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point OSPO_NOTES_DIR at a fresh temp dir, and keep the terminal predictable."""
    path = tmp_path / "notes"
    monkeypatch.setenv("OSPO_NOTES_DIR", str(path))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    # No author from the machine's own settings: ~/.gitconfig, ~/.config/ospo-notes
    monkeypatch.delenv("OSPO_NOTES_AUTHOR", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)
    yield path


@pytest.fixture
def sample_dir(notes_dir: Path) -> Path:
    """The shipped sample day (2024-06-18), copied into the test's notes dir."""
    shutil.copytree(SAMPLE_NOTES, notes_dir, dirs_exist_ok=True)
    return notes_dir


@pytest.fixture
def democon_path() -> Path:
    """The real pretalx export in shared/schedules: beside the clone in CI, or /work/shared."""
    for folder in (REPO.parent / "shared" / "schedules", Path("/work/shared/schedules")):
        if (folder / "pretalx-democon.json").is_file():
            return folder / "pretalx-democon.json"
    pytest.skip("shared/schedules/pretalx-democon.json not found next to the repo")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):  # type: ignore[no-untyped-def]
    """Run `ospo-notes ARGS...` in-process; returns the click Result."""

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input)

    return invoke
