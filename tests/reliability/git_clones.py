"""Notes repos shared through git, for the merge tests: an origin, two clones, real git.

The drivers and attributes are set up as `ospo-notes init` writes them (the contract in
store/merge.py): one driver per kind of file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from torture import DAY, run_cli

GIT = shutil.which("git")
MODULE = f"{sys.executable} -m ospo_notes merge-driver"
DRIVERS = {
    "ospo-notes": f"{MODULE} %O %A %B %P",
    "ospo-notes-schedule": f"{MODULE} --schedule %O %A %B %P",
    "ospo-notes-vocabulary": f"{MODULE} --vocabulary %O %A %B %P",
}
ATTRIBUTES = (
    "*.toml merge=ospo-notes\n"
    "schedule/*.toml merge=ospo-notes-schedule\n"
    "themes.toml merge=ospo-notes-vocabulary\n"
    "speakers.toml merge=ospo-notes-vocabulary\n"
)
WAYS = ("merge", "rebase")  # `git pull` and `git pull --rebase`


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="A",
        GIT_AUTHOR_EMAIL="a@example.org",
        GIT_COMMITTER_NAME="A",
        GIT_COMMITTER_EMAIL="a@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run(
        [GIT or "git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def add(repo: Path, text: str) -> str:
    done = run_cli(repo, "add", text, "--day", DAY.isoformat())
    assert done.returncode == 0, done.stderr
    return done.stdout.decode().strip()


def ok(repo: Path, *args: str) -> None:
    """Run an ospo-notes command in `repo`; it must succeed."""
    done = run_cli(repo, *args)
    assert done.returncode == 0, done.stderr.decode()


def two_clones(
    tmp_path: Path,
    *,
    driver: bool,
    seed: int = 3,
    before_split: Callable[[Path, list[str]], None] | None = None,
) -> tuple[Path, Path, list[str]]:
    """An origin with `seed` notes (and whatever `before_split` adds), cloned twice."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    seeded = [add(origin, f"before the split {n}") for n in range(seed)]
    if before_split is not None:
        before_split(origin, seeded)
    if driver:
        (origin / ".gitattributes").write_text(ATTRIBUTES)
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "day one")
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    for clone in (alice, bob):
        git(tmp_path, "clone", "-q", str(origin), clone.name)
        if driver:
            for name, line in DRIVERS.items():
                git(clone, "config", f"merge.{name}.driver", line)
    return alice, bob, seeded


def commit_and_fetch(alice: Path, bob: Path) -> None:
    """Both commit; bob's work is fetched into alice's clone as bob/main."""
    for clone in (alice, bob):
        git(clone, "add", "-A")
        git(clone, "commit", "-qm", f"notes from {clone.name}")
    git(alice, "fetch", "-q", str(bob), "main:bob")


def integrate(alice: Path, way: str) -> subprocess.CompletedProcess[str]:
    """Bring bob's work into alice's clone as `git pull` would (merge) or `--rebase`.

    In a rebase git swaps the sides: the driver's ours is bob's, theirs alice's.
    """
    if way == "merge":
        return git(alice, "merge", "--no-edit", "bob", check=False)
    return git(alice, "rebase", "bob", check=False)
