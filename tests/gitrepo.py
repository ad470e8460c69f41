"""Real git repositories for tests, with the user's own git config kept out."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="needs git")


def isolate_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git config, no identity from the environment."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    config = home / ".gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(home))
    for name in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{name}_{part}", raising=False)
    monkeypatch.delenv("OSPO_NOTES_AUTHOR", raising=False)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [GIT or "git", *args], cwd=repo, capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


def new_repo(path: Path, user: str = "Ana Lima") -> Path:
    """`git init` at `path`, with its own author."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    identify(path, user)
    return path


def identify(repo: Path, user: str) -> None:
    git(repo, "config", "user.name", user)
    git(repo, "config", "user.email", f"{user.split(maxsplit=1)[0].lower()}@example.org")


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain", "--untracked-files=all").stdout


def log(repo: Path, *args: str) -> list[str]:
    return git(repo, "log", "--format=%s", *args).stdout.splitlines()


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (but .git and .ospo-notes) and its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if ".git" in parts or ".ospo-notes" in parts or not path.is_file():
            continue
        found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def environ_without_notes_dir() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("OSPO_NOTES_DIR", None)
    return env
