"""Where a note's author comes from: the order of the sources, and git's and our config files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ospo_notes.errors import UsageError
from ospo_notes.notes.authors import Author, choose_author, git_user_name
from ospo_notes.notes.model import MAX_AUTHOR, check_author
from ospo_notes.store import user_config
from ospo_notes.store.user_config import (
    ConfigError,
    config_author,
    config_path,
    find_author,
    git_author,
    repository_config,
    set_config_author,
)

CONFIG = Author("Cora Config", "config.toml")
GIT_NAME = Author("Gil Git", "user.name in .git/config")


def never() -> Author | None:
    raise AssertionError("asked although an earlier source gave a name")


# -- the order of the sources ----------------------------------------------------------


def test_author_option_wins_over_everything() -> None:
    env = {"OSPO_NOTES_AUTHOR": "Eve Env"}
    assert choose_author(" Ana Lima ", env, never, never) == Author("Ana Lima", "--author")


def test_the_environment_wins_over_the_config_file_and_git() -> None:
    found = choose_author(None, {"OSPO_NOTES_AUTHOR": "Eve Env"}, never, never)
    assert found == Author("Eve Env", "$OSPO_NOTES_AUTHOR")


def test_the_config_file_wins_over_git() -> None:
    assert choose_author(None, {}, lambda: CONFIG, never) == CONFIG


def test_git_when_nothing_else_names_anyone() -> None:
    assert (
        choose_author(None, {"OSPO_NOTES_AUTHOR": "  "}, lambda: None, lambda: GIT_NAME) == GIT_NAME
    )


def test_nobody_when_no_source_names_anyone() -> None:
    assert choose_author(None, {}, lambda: None, lambda: None) is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "--author is empty"),
        ("   ", "--author is empty"),
        ("Ana\nLima", "--author must be one line"),
        ("Ana\x1b[31mLima", "--author contains the control character U\\+001B"),
        ("Ana\u202eLima", "--author contains the control character U\\+202E"),
        ("A" * (MAX_AUTHOR + 1), f"--author is {MAX_AUTHOR + 1} characters long"),
    ],
)
def test_a_bad_author_option_is_a_usage_error(given: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        choose_author(given, {}, never, never)


def test_a_bad_author_in_the_environment_names_the_variable() -> None:
    with pytest.raises(UsageError, match=r"^\$OSPO_NOTES_AUTHOR must be one line"):
        choose_author(None, {"OSPO_NOTES_AUTHOR": "a\nb"}, never, never)


def test_an_author_of_the_longest_length_is_kept() -> None:
    assert check_author("é" * MAX_AUTHOR) == "é" * MAX_AUTHOR


# -- git config text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[user]\n\tname = Ana Lima\n", "Ana Lima"),
        ('[User]\n  Name = "Ana \\"Nina\\" Lima" # a comment\n', 'Ana "Nina" Lima'),
        ("[user]\nname = Ana ; comment\n", "Ana"),
        ("[user]\n\temail = a@x\n[core]\n\tname = Not Me\n", None),
        ('[user "work"]\n\tname = Sub Section\n', None),
        ("[user]\n\tname = First\n[user]\n\tname = Last\n", "Last"),  # as git: the last wins
        ("[user] name = Same Line\n", "Same Line"),
        ("[user]\n\tname = Ana \\\n Lima\n", "Ana  Lima"),
        ("[user]\n\tname =\n", None),
        ("", None),
    ],
)
def test_git_user_name_is_read_as_git_reads_it(text: str, name: str | None) -> None:
    assert git_user_name(text) == name


def test_the_repository_config_wins_over_the_global_one() -> None:
    assert git_user_name("[core]\n", "[user]\nname = Global\n") == "Global"
    assert git_user_name("[user]\nname = Repo\n", "[user]\nname = Global\n") == "Repo"


# -- git's files, for real ------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repository_holding_the_notes_folder_names_the_author(tmp_path: Path) -> None:
    repo = tmp_path / "trip"
    write(repo / ".git" / "config", "[core]\n\tbare = false\n[user]\n\tname = Ana Lima\n")
    notes = repo / "reports" / "notes"
    notes.mkdir(parents=True)
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert repository_config(notes) == (repo / ".git" / "config").resolve()
    found = git_author(notes, env)
    assert found is not None
    assert found.name == "Ana Lima"
    assert str(repo / ".git" / "config") in found.source


def test_a_git_file_pointing_at_a_worktree_reads_the_repositorys_config(tmp_path: Path) -> None:
    main = tmp_path / "main" / ".git"
    write(main / "config", "[user]\n\tname = Ben Okoro\n")
    (main / "worktrees" / "wt").mkdir(parents=True)
    write(main / "worktrees" / "wt" / "commondir", "../..\n")
    work = tmp_path / "wt"
    write(work / ".git", f"gitdir: {main / 'worktrees' / 'wt'}\n")
    found = git_author(work / "notes", {"GIT_CONFIG_GLOBAL": ""})
    assert found is not None
    assert found.name == "Ben Okoro"


def test_a_relative_gitdir_is_read_from_the_git_files_folder(tmp_path: Path) -> None:
    write(tmp_path / "modules" / "sub" / "config", "[user]\n\tname = Sub Module\n")
    write(tmp_path / "sub" / ".git", "gitdir: ../modules/sub\n")
    found = git_author(tmp_path / "sub", {"GIT_CONFIG_GLOBAL": ""})
    assert found is not None
    assert found.name == "Sub Module"


def test_the_global_git_config_when_the_repository_sets_no_name(tmp_path: Path) -> None:
    write(tmp_path / "repo" / ".git" / "config", "[core]\n\tbare = false\n")
    home = tmp_path / "home"
    write(home / ".gitconfig", "[user]\n\tname = Home Name\n")
    write(tmp_path / "xdg" / "git" / "config", "[user]\n\tname = Xdg Name\n")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    found = git_author(tmp_path / "repo", env)
    assert found is not None
    assert found.name == "Home Name"  # as git: ~/.gitconfig is read after the XDG file
    (home / ".gitconfig").unlink()
    assert git_author(tmp_path / "repo", env) == Author(
        "Xdg Name", f"user.name in {tmp_path / 'xdg' / 'git' / 'config'}"
    )
    assert git_author(tmp_path / "repo", {**env, "GIT_CONFIG_GLOBAL": ""}) is None


def test_a_git_user_name_with_a_control_character_is_a_config_error(tmp_path: Path) -> None:
    config = write(tmp_path / ".git" / "config", "[user]\n\tname = Ana\\tLima\n")
    with pytest.raises(ConfigError, match=f"^{config}: its user.name contains the control"):
        git_author(tmp_path, {"GIT_CONFIG_GLOBAL": ""})


GIT = shutil.which("git")


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_what_git_config_writes_is_read_back(tmp_path: Path) -> None:
    assert GIT is not None
    repo = tmp_path / "repo"
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(tmp_path / "none"), "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run([GIT, "init", "-q", str(repo)], check=True, env=env)
    name = 'Zoë "Z" O\'Brien; #1'
    subprocess.run([GIT, "-C", str(repo), "config", "user.name", name], check=True, env=env)
    found = git_author(repo / "notes", {"GIT_CONFIG_GLOBAL": str(tmp_path / "none")})
    assert found is not None
    assert found.name == name


# -- our config file ----------------------------------------------------------------------


def test_the_config_file_follows_xdg_and_ignores_a_relative_xdg_config_home() -> None:
    assert config_path({"XDG_CONFIG_HOME": "/x", "HOME": "/h"}) == Path("/x/ospo-notes/config.toml")
    assert config_path({"XDG_CONFIG_HOME": "rel", "HOME": "/h"}) == Path(
        "/h/.config/ospo-notes/config.toml"
    )
    assert config_path({"HOME": "/h"}) == Path("/h/.config/ospo-notes/config.toml")


def test_set_change_and_remove_the_author_keeping_other_settings(tmp_path: Path) -> None:
    path = write(tmp_path / "cfg" / "config.toml", 'pager = "less"\n')
    set_config_author(path, " Ana Lima ")
    assert config_author(path) == Author("Ana Lima", str(path))
    set_config_author(path, "Ben Okoro")
    assert config_author(path) == Author("Ben Okoro", str(path))
    set_config_author(path, "")
    assert config_author(path) is None
    assert 'pager = "less"' in path.read_text()


def test_setting_the_author_makes_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ospo-notes" / "config.toml"
    set_config_author(path, "Ana")
    assert config_author(path) == Author("Ana", str(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("author = [", "config.toml:"),
        ("author = 3\n", "'author' must be a string, not 3"),
        ('author = "a\\nb"\n', "its 'author' must be one line"),
        ('author = ""\n', "its 'author' is empty"),
    ],
)
def test_a_broken_config_file_is_named_and_never_rewritten(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "config.toml", text)
    with pytest.raises(ConfigError, match=message) as caught:
        config_author(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)
    with pytest.raises(ConfigError):
        set_config_author(path, "Ana")
    assert path.read_text() == text


def test_find_author_reads_the_sources_in_order(tmp_path: Path) -> None:
    write(tmp_path / "repo" / ".git" / "config", "[user]\n\tname = Gil Git\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "GIT_CONFIG_GLOBAL": ""}
    folder = tmp_path / "repo" / "notes"
    assert find_author(None, folder, env) == Author(
        "Gil Git", f"user.name in {tmp_path / 'repo' / '.git' / 'config'}"
    )
    set_config_author(user_config.config_path(env), "Cora Config")
    found = find_author(None, folder, env)
    assert found is not None
    assert found.name == "Cora Config"
    found = find_author(None, folder, {**env, "OSPO_NOTES_AUTHOR": "Eve"})
    assert found is not None
    assert found.name == "Eve"
