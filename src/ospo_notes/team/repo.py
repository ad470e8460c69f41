"""Git as a subprocess: the questions and commands `init`, `check` and `sync` ask of it.

Git changes files, so it lives in the store. Nothing here is on the `add` path.
Messages are read in the C locale, so a rejected push is recognised in any language.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError


@dataclass(frozen=True)
class Done:
    """What one git command answered."""

    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    def first_line(self) -> str:
        """Git's own reason, for our one line: a refused ref of a push (`! [remote
        rejected] ... (why)`), else its first `fatal:`/`error:` line, else any."""
        lines = [line.strip() for line in (self.err + "\n" + self.out).splitlines()]
        lines = [line for line in lines if line and not line.startswith("hint:")]
        for prefixes in (("! [",), ("fatal:", "error:")):
            for line in lines:
                if line.startswith(prefixes):
                    return line
        return lines[0] if lines else f"git exited with {self.code}"


def git_program() -> str:
    """The path of git; one line when it is not installed."""
    git = shutil.which("git")
    if git is None:
        raise NotesError("git is not on PATH: install git, then try again")
    return git


def git(cwd: Path, *args: str, check: bool = True, editor: bool = False) -> Done:
    """Run `git ARGS` in `cwd`; with `check`, a failure is one line naming the command.

    `editor=False` keeps git from opening an editor (a rebase going on, a commit).
    """
    env = dict(os.environ, LC_ALL="C")
    if not editor:
        env["GIT_EDITOR"] = "true"
    try:
        done = subprocess.run(
            [git_program(), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError as err:
        raise NotesError(f"cannot run git in {cwd}: {err.strerror}") from None
    result = Done(done.returncode, done.stdout, done.stderr)
    if check and not result.ok:
        raise NotesError(f"'git {args[0]}' failed in {cwd}: {result.first_line()}")
    return result


def existing_folder(path: Path) -> Path:
    """`path`, or its nearest parent that exists (git is asked from there)."""
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return Path("/")


def work_tree(path: Path) -> Path | None:
    """The top of the git working tree `path` is in; None outside one (or without git)."""
    if shutil.which("git") is None:
        return None
    done = git(existing_folder(path), "rev-parse", "--show-toplevel", check=False)
    top = done.out.strip()
    return Path(top) if done.ok and top else None


def config_get(repo: Path, key: str) -> str | None:
    """The value git uses for `key` here (this clone's, else the user's); None when unset."""
    done = git(repo, "config", "--get", key, check=False)
    return done.out.rstrip("\n") if done.ok else None


def config_set(repo: Path, key: str, value: str) -> None:
    """Set `key` in this clone's own config (`.git/config`)."""
    git(repo, "config", "--local", key, value)


def merge_attributes(folder: Path, names: list[str]) -> dict[str, str]:
    """The `merge` attribute git gives each path (relative to `folder`): driver or state."""
    done = git(folder, "check-attr", "-z", "merge", "--", *names)
    parts = done.out.split("\0")
    return {parts[i]: parts[i + 2] for i in range(0, len(parts) - 2, 3)}
