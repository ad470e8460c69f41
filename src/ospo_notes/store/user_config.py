"""The files an author name is read from: the user's config file and git's config files.

The config file (`$XDG_CONFIG_HOME/ospo-notes/config.toml`) is ours: read, and written
by `ospo-notes config`. Git's files are only read, never by starting `git` (that costs
the quick `add` milliseconds): the `.git` of the work tree holding the notes folder
(a `.git` file pointing elsewhere, as worktrees have, is followed), then the global
`$GIT_CONFIG_GLOBAL`, else `~/.gitconfig` and `$XDG_CONFIG_HOME/git/config`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ospo_notes.errors import NotesError, UsageError
from ospo_notes.notes.authors import Author, choose_author, git_user_name
from ospo_notes.notes.model import check_author
from ospo_notes.store.files import read_bytes, replace_atomically
from ospo_notes.store.locate import xdg_dir

CONFIG_NAME = "config.toml"
_HEADER = "# ospo-notes settings; 'ospo-notes config' shows them and where they come from.\n"


class ConfigError(NotesError):
    """A config file (ours, or git's user.name) that cannot be used; it is never rewritten."""


def config_home(env: Mapping[str, str]) -> Path:
    """`$XDG_CONFIG_HOME`, or `~/.config` when it is unset, empty or relative (the XDG rule)."""
    return xdg_dir(env, "XDG_CONFIG_HOME", lambda: _home(env) / ".config")


def config_path(env: Mapping[str, str]) -> Path:
    """Where the user's ospo-notes config file is (it may not exist)."""
    return config_home(env) / "ospo-notes" / CONFIG_NAME


def read_config(path: Path) -> dict[str, Any]:
    """The config file's settings; {} when there is none; a ConfigError naming the file."""
    try:
        data = read_bytes(path, "the ospo-notes config file")
    except NotesError as err:
        raise ConfigError(str(err)) from None
    if not data:
        return {}
    from ospo_notes.notes.codec import load_document

    doc = load_document(data, str(path), error=ConfigError, hint=_HINT)
    _config_author(doc, path)  # a bad value is reported before anything uses the file
    return doc


_HINT = "fix the file by hand, or delete it and run 'ospo-notes config author NAME'"
_FIX = f"; {_HINT}"


def _config_author(doc: Mapping[str, Any], path: Path) -> Author | None:
    value = doc.get("author")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{path}: 'author' must be a string, not {value!r}{_FIX}")
    try:
        return Author(check_author(value, "its 'author'"), str(path))
    except UsageError as err:
        raise ConfigError(f"{path}: {err}{_FIX}") from None


def config_author(path: Path) -> Author | None:
    """The `author` the config file at `path` sets, if any."""
    return _config_author(read_config(path), path)


def set_config_author(path: Path, name: str) -> bool:
    """Set (or, for '', remove) `author` in the config file; other settings are kept.

    False when there was nothing to remove. A file that does not parse is reported and
    never rewritten.
    """
    doc = read_config(path)
    if name:
        doc["author"] = check_author(name, "the author")
    elif "author" not in doc:
        return False
    else:
        del doc["author"]
    import tomli_w

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NotesError(f"cannot create {path.parent}: {err.strerror}") from None
    replace_atomically(path, (_HEADER + tomli_w.dumps(doc)).encode("utf-8"))
    return True


def git_config_files(folder: Path, env: Mapping[str, str]) -> list[Path]:
    """Git config files that may set `user.name` for `folder`, the winning one first."""
    found: list[Path] = []
    repo = repository_config(folder)
    if repo is not None:
        found.append(repo)
    chosen = env.get("GIT_CONFIG_GLOBAL")
    if chosen is not None:  # as git: it replaces both global files ('/dev/null': none)
        return [*found, Path(chosen)] if chosen else found
    home = _home(env)
    return [*found, home / ".gitconfig", config_home(env) / "git" / "config"]


def repository_config(folder: Path) -> Path | None:
    """The `config` of the git repository whose work tree holds `folder`, if there is one."""
    try:
        start = folder.resolve()
    except OSError:
        return None
    for place in (start, *start.parents):
        dot_git = place / ".git"
        if dot_git.is_dir():
            return _common_dir(dot_git) / "config"
        if dot_git.is_file():
            target = _pointed_to(dot_git)
            return None if target is None else _common_dir(target) / "config"
    return None


def _pointed_to(dot_git: Path) -> Path | None:
    """The folder a `.git` file (`gitdir: PATH`) names, relative to the file's folder."""
    try:
        text = dot_git.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith("gitdir:"):
            return dot_git.parent / line.removeprefix("gitdir:").strip()
    return None


def _common_dir(git_dir: Path) -> Path:
    """A worktree's git dir names the repository's own in its `commondir` file."""
    try:
        common = (git_dir / "commondir").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return git_dir
    return git_dir / common if common else git_dir


def git_author(folder: Path, env: Mapping[str, str]) -> Author | None:
    """`user.name` as git would give it for a repository holding `folder`."""
    for path in git_config_files(folder, env):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # missing or unreadable: git's file, not ours to report
        name = git_user_name(text)
        if name is not None:
            try:
                return Author(check_author(name, "its user.name"), f"user.name in {path}")
            except UsageError as err:
                raise ConfigError(f"{path}: {err}; fix it with 'git config user.name'") from None
    return None


def find_author(
    given: str | None, folder: Path, env: Mapping[str, str] | None = None
) -> Author | None:
    """The author of a note added now to the notes folder `folder` (see `authors`)."""
    env = os.environ if env is None else env
    return choose_author(
        given, env, lambda: config_author(config_path(env)), lambda: git_author(folder, env)
    )


def author_for_new_note(
    given: str | None,
    folder: Path,
    warn: Callable[[str], None],
    env: Mapping[str, str] | None = None,
) -> str:
    """`find_author`'s name, or '' with a warning when a config file is broken.

    A note is never lost over a config file: it is saved without an author.
    """
    try:
        found = find_author(given, folder, env)
    except ConfigError as err:
        warn(f"Warning: {err}; the note is saved without an author")
        return ""
    return "" if found is None else found.name


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME", "")
    return Path(home) if home and Path(home).is_absolute() else Path.home()
