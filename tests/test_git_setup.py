"""`init` sets a notes folder up for sharing through git; `check` says when it is not.

Real git repositories in the test's folder, with the user's git config kept out.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gitrepo import files_of, git, isolate_git, needs_git, new_repo, status
from ospo_notes.team import setup as git_setup

pytestmark = needs_git

DRIVER = f"{sys.executable} -m ospo_notes merge-driver"
ATTRIBUTES = """\
# ospo-notes: merge notes note by note, not line by line (set up by 'ospo-notes init')
/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].toml merge=ospo-notes
/schedule/*.toml merge=ospo-notes-schedule
/themes.toml merge=ospo-notes-vocabulary
/speakers.toml merge=ospo-notes-vocabulary
"""


@pytest.fixture(autouse=True)
def no_ospo_notes_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as a venv that is not activated, whatever PATH the test run has (CI puts the
    venv's bin first): the drivers are then written with this Python's full path."""
    import shutil

    git_dir = str(Path(shutil.which("git") or "/usr/bin/git").parent)
    monkeypatch.setenv("PATH", f"{git_dir}:/usr/bin:/bin")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git working tree whose notes folder is `notes/`, the current folder its top."""
    isolate_git(tmp_path, monkeypatch)
    repo = new_repo(tmp_path / "team")
    monkeypatch.setenv("OSPO_NOTES_DIR", str(repo / "notes"))
    monkeypatch.chdir(repo)
    return repo


def merge_config(repo: Path) -> list[str]:
    done = git(repo, "config", "--local", "--get-regexp", r"^merge\.", check=False)
    return done.stdout.splitlines()


def merge_attribute(repo: Path, path: str) -> str:
    return git(repo, "check-attr", "merge", "--", path).stdout.rsplit(": ", 1)[-1].strip()


def test_in_git_init_routes_each_kind_of_file_to_its_driver(cli, repo: Path) -> None:
    r = cli("init")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr.splitlines() == [
        f"Initialized notes/ in {repo} as an ospo-notes folder.",
        "Set up for git: notes/.gitattributes sends notes to the merge drivers, which this "
        f"clone runs as '{DRIVER}'; commit notes/.gitattributes ('ospo-notes sync' does), "
        "and run 'ospo-notes init' in every clone.",
    ]
    assert (repo / "notes" / ".gitattributes").read_text() == ATTRIBUTES
    assert merge_config(repo) == [
        "merge.ospo-notes.name ospo-notes day files",
        f"merge.ospo-notes.driver {DRIVER} %O %A %B %P",
        "merge.ospo-notes-schedule.name ospo-notes schedule files",
        f"merge.ospo-notes-schedule.driver {DRIVER} --schedule %O %A %B %P",
        "merge.ospo-notes-vocabulary.name ospo-notes themes and speakers",
        f"merge.ospo-notes-vocabulary.driver {DRIVER} --vocabulary %O %A %B %P",
    ]
    routed = {
        "notes/2024-06-18.toml": "ospo-notes",
        "notes/schedule/2024-06-18.toml": "ospo-notes-schedule",
        "notes/schedule/sources.toml": "ospo-notes-schedule",
        "notes/themes.toml": "ospo-notes-vocabulary",
        "notes/speakers.toml": "ospo-notes-vocabulary",
        "notes/2024-06-18.md": "unspecified",  # day files only: not an exported post
        "notes/drafts/2024-06-18.toml": "unspecified",
        "notes/pyproject.toml": "unspecified",
        "2024-06-18.toml": "unspecified",  # outside the notes folder
    }
    assert {path: merge_attribute(repo, path) for path in routed} == routed


def test_a_second_init_changes_nothing_and_says_so(cli, repo: Path) -> None:
    assert cli("init").exit_code == 0
    before = (files_of(repo), merge_config(repo))
    r = cli("init")
    assert (r.exit_code, r.stderr) == (
        0,
        f"notes/ in {repo} is already an ospo-notes folder shared through git; nothing changed.\n",
    )
    assert (files_of(repo), merge_config(repo)) == before


def test_init_in_a_subfolder_of_the_repository_sets_up_that_folder(
    cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "conf").mkdir()
    monkeypatch.chdir(repo / "conf")
    assert cli("init").exit_code == 0
    assert (repo / "conf" / "notes" / ".gitattributes").read_text() == ATTRIBUTES
    assert merge_attribute(repo, "conf/notes/2024-06-18.toml") == "ospo-notes"
    assert not (repo / ".gitattributes").exists()


def test_init_keeps_other_attributes_and_replaces_the_old_hand_setup(cli, repo: Path) -> None:
    (repo / "notes").mkdir()
    (repo / "notes" / ".gitattributes").write_text("*.md text eol=lf\n*.toml merge=ospo-notes\n")
    assert cli("init").exit_code == 0
    assert (repo / "notes" / ".gitattributes").read_text() == f"*.md text eol=lf\n\n{ATTRIBUTES}"
    assert merge_attribute(repo, "notes/schedule/2024-06-18.toml") == "ospo-notes-schedule"


def test_init_corrects_a_driver_set_by_hand_to_something_else(cli, repo: Path) -> None:
    git(repo, "config", "merge.ospo-notes.driver", "ospo-notes merge-driver %A %O %B")
    r = cli("init")
    assert r.exit_code == 0 and "Set up for git" in r.stderr
    assert git(repo, "config", "merge.ospo-notes.driver").stdout == f"{DRIVER} %O %A %B %P\n"


def test_init_git_makes_the_current_folder_a_repository(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(tmp_path, monkeypatch)
    team = tmp_path / "team"
    team.mkdir()
    monkeypatch.chdir(team)
    monkeypatch.setenv("OSPO_NOTES_DIR", str(team / "notes"))
    r = cli("init", "--git")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines()[:2] == [
        f"Initialized an empty git repository in {team}.",
        f"Initialized notes/ in {team} as an ospo-notes folder.",
    ]
    assert git(team, "rev-parse", "--show-toplevel").stdout.strip() == str(team)
    assert merge_attribute(team, "notes/2024-06-18.toml") == "ospo-notes"
    assert status(team) == "?? notes/.gitattributes\n"
    r = cli("init", "--git")  # in a repository now: no second `git init`
    assert r.stderr.endswith("nothing changed.\n")


def test_init_git_for_a_folder_elsewhere_is_one_line_and_changes_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(tmp_path, monkeypatch)
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    before = sorted(tmp_path.rglob("*"))
    r = cli("init", "--git", "../elsewhere/notes")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == (
        f"Error: --git runs 'git init' in the current folder, {tmp_path / 'here'}, but "
        f"{tmp_path / 'elsewhere' / 'notes'} is not inside it: cd to the folder that should "
        "hold the notes repository\n"
    )
    assert sorted(tmp_path.rglob("*")) == before


def test_init_outside_git_makes_a_personal_folder_and_no_git_files(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(tmp_path, monkeypatch)
    r = cli("init")
    assert r.exit_code == 0
    assert not (tmp_path / "notes" / ".gitattributes").exists()
    assert not (tmp_path / ".git").exists()


def test_check_warns_in_git_without_the_drivers_and_names_the_fix(cli, repo: Path) -> None:
    assert cli("add", "x", "--day", "2024-06-18").exit_code == 0
    r = cli("check")
    assert r.exit_code == 0  # a warning: the notes themselves are fine
    notes = repo / "notes"
    assert r.stdout.splitlines() == [
        f"{notes}: warning: git merge drivers ospo-notes, ospo-notes-schedule, "
        "ospo-notes-vocabulary not configured in this clone, so a pull can end in conflict "
        "markers (run 'ospo-notes init' in this clone)",
        f"{notes}: warning: .gitattributes does not send 2024-06-18.toml, "
        "schedule/2024-06-18.toml, themes.toml to the ospo-notes merge driver (run "
        "'ospo-notes init' in this clone, then commit .gitattributes)",
    ]
    assert cli("init").exit_code == 0
    r = cli("check")
    assert (r.stdout, r.stderr) == ("", "1 file checked: all good.\n")


def test_check_reads_the_config_of_a_worktree_whose_git_is_a_file(
    cli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init").exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "setup")
    other = tmp_path / "other"
    git(repo, "worktree", "add", "-q", str(other))
    assert (other / ".git").is_file()  # `gitdir: ...`
    monkeypatch.setenv("OSPO_NOTES_DIR", str(other / "notes"))
    r = cli("check")
    assert (r.stdout, r.stderr) == ("", "0 files checked: all good.\n")


def test_check_warns_of_a_driver_command_that_cannot_run(cli, repo: Path) -> None:
    assert cli("init").exit_code == 0
    git(repo, "config", "merge.ospo-notes.driver", "ospo-notes merge-driver %O %A %B %P")
    git(repo, "config", "merge.ospo-notes-vocabulary.driver", "/gone/bin/ospo-notes x")
    r = cli("check")
    assert r.stdout == (
        f"{repo / 'notes'}: warning: git cannot run the merge driver ospo-notes "
        "('ospo-notes' is not on PATH), ospo-notes-vocabulary (/gone/bin/ospo-notes does not "
        "exist or is not executable) (run 'ospo-notes init' in this clone, in a shell where "
        "'ospo-notes' works: it writes the full path)\n"
    )


def test_the_driver_is_bare_when_the_ospo_notes_on_path_is_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    program = bin_dir / "ospo-notes"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(program), "init"])
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    assert git_setup.driver_program() == "ospo-notes"
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # a venv not activated
    assert git_setup.driver_program() == str(program)


def test_state_folder_made_by_a_read_only_command_stays_out_of_git(cli, repo: Path) -> None:
    notes = repo / "notes"
    notes.mkdir()
    (notes / "2024-06-18.toml").write_text(
        'format = 1\nday = 2024-06-18\n\n[notes.abcd2345]\ntext = "x"\n'
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a day")
    r = cli("list", "--from", "2024-06-01", "--to", "2024-06-30")  # the first: makes the index
    assert r.exit_code == 0, r.stderr
    assert (notes / ".ospo-notes" / "index.sqlite3").is_file()
    assert status(repo) == ""


def test_init_git_without_git_installed_is_one_line_and_changes_nothing(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(tmp_path, monkeypatch)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    before = sorted(tmp_path.rglob("*"))
    r = cli("init", "--git")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == "Error: git is not on PATH: install git, then try again\n"
    assert sorted(tmp_path.rglob("*")) == before


_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(st.lists(st.one_of(_LINE, st.sampled_from(git_setup.attribute_lines())), max_size=8))
@example(["*.md diff=markdown\u2028x", "*.toml merge=ospo-notes", "", "*.png binary\r"])
def test_attributes_gain_our_lines_once_and_keep_the_rest(existing: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".gitattributes"
        path.write_bytes("".join(f"{line}\n" for line in existing).encode())
        git_setup.write_attributes(path)
        once = path.read_bytes().decode()
        assert not git_setup.write_attributes(path)  # a second run changes nothing
        assert path.read_bytes().decode() == once
    lines = once.split("\n")
    for line in git_setup.attribute_lines():
        assert line in lines
    ours = {*git_setup.attribute_lines(), "*.toml merge=ospo-notes", ""}
    assert [line for line in lines if line.strip() not in ours and not line.startswith("# ")] == [
        line for line in existing if line.strip() not in ours and not line.startswith("# ")
    ]


def test_init_in_a_new_clone_only_configures_the_drivers(
    cli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init").exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "setup")
    git(tmp_path, "clone", "-q", str(repo), "clone")
    clone = tmp_path / "clone"
    monkeypatch.chdir(clone)
    monkeypatch.setenv("OSPO_NOTES_DIR", str(clone / "notes"))
    assert "not configured in this clone" in cli("check").stdout
    r = cli("init")
    assert (r.exit_code, r.stderr.splitlines()) == (
        0,
        [
            f"Initialized notes/ in {clone} as an ospo-notes folder.",  # its .ospo-notes/
            "Set up for git: this clone now runs the merge drivers notes/.gitattributes names, "
            f"as '{sys.executable} -m ospo_notes merge-driver'.",
        ],
    )
    assert status(clone) == ""
    assert cli("check").stdout == ""
