"""`ospo-notes sync`: commit the notes folder, pull with rebase, push; with real git.

Each test has a bare `origin` holding one shared note, and two clones, Ana's (the
current folder) and Ben's, each set up with `ospo-notes init`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gitrepo import git, identify, isolate_git, log, needs_git, new_repo, status
from ospo_notes.team.sync import commit_message

pytestmark = needs_git

DAY = "2024-06-18"


class Team:
    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable) -> None:  # type: ignore[type-arg]
        self.tmp = tmp_path
        self.monkeypatch = monkeypatch
        self.cli = cli
        self.origin = tmp_path / "origin.git"
        self.ana = tmp_path / "ana"
        self.ben = tmp_path / "ben"

    def use(self, clone: Path) -> None:
        """Run the next commands as the owner of `clone`, from its top."""
        self.monkeypatch.chdir(clone)
        self.monkeypatch.setenv("OSPO_NOTES_DIR", str(clone / "notes"))

    def run(self, clone: Path, *args: str):  # type: ignore[no-untyped-def]
        self.use(clone)
        return self.cli(*args)

    def add(self, clone: Path, text: str, day: str = DAY) -> str:
        r = self.run(clone, "add", text, "--day", day)
        assert r.exit_code == 0, r.stderr
        return str(r.stdout.strip())


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> Iterator[Team]:  # type: ignore[no-untyped-def]
    isolate_git(tmp_path, monkeypatch)
    t = Team(tmp_path, monkeypatch, cli)
    seed = new_repo(tmp_path / "seed", "Seed")
    assert t.run(seed, "init").exit_code == 0
    t.shared = t.add(seed, "shared before anyone synced")  # type: ignore[attr-defined]
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "the notes repository")
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(t.origin))
    for clone, user in ((t.ana, "Ana Lima"), (t.ben, "Ben Okafor")):
        git(tmp_path, "clone", "-q", str(t.origin), clone.name)
        identify(clone, user)
        assert t.run(clone, "init").exit_code == 0
    t.use(t.ana)
    yield t


def origin_log(team: Team) -> list[str]:
    return log(team.origin, "main")


def test_sync_commits_only_the_notes_folder_naming_days_and_author(team: Team) -> None:
    team.add(team.ana, "first")
    team.add(team.ana, "next day", day="2024-06-19")
    (team.ana / "todo.txt").write_text("not notes\n")
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr.splitlines() == [
        "Committed: Notes: 2024-06-18, 2024-06-19 (Ana Lima)",
        "Pushed 1 commit to origin/main.",
    ]
    assert origin_log(team)[0] == "Notes: 2024-06-18, 2024-06-19 (Ana Lima)"
    assert status(team.ana) == "?? todo.txt\n"


def test_the_author_comes_from_ospo_notes_author_first(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OSPO_NOTES_AUTHOR", "Ana at UN OSW")
    team.add(team.ana, "first")
    r = team.run(team.ana, "sync")
    assert r.stderr.splitlines()[0] == "Committed: Notes: 2024-06-18 (Ana at UN OSW)"


def test_the_commit_names_the_author_the_notes_carry(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`config author` names the notes, so it names the commit too (not git's user.name)."""
    monkeypatch.delenv("OSPO_NOTES_AUTHOR", raising=False)
    assert team.run(team.ana, "config", "author", "Ana L.").exit_code == 0
    team.add(team.ana, "first")
    r = team.run(team.ana, "sync")
    assert r.stderr.splitlines()[0] == "Committed: Notes: 2024-06-18 (Ana L.)"


@pytest.mark.slow  # the merge driver runs as a subprocess
def test_sync_brings_in_the_others_notes_merged_note_by_note(team: Team) -> None:
    ben_note = team.add(team.ben, "from ben")
    assert team.run(team.ben, "sync").exit_code == 0
    ana_note = team.add(team.ana, "from ana")
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stderr.splitlines()) == (
        0,
        [
            "Committed: Notes: 2024-06-18 (Ana Lima)",
            "Pulled 1 commit from origin/main.",
            "Pushed 1 commit to origin/main.",
        ],
    )
    r = team.run(team.ben, "sync")
    assert r.stderr == "Pulled 1 commit from origin/main.\n"
    for clone in (team.ana, team.ben):
        r = team.run(clone, "list", "--day", DAY, "--json")
        ids = re.findall(r'"id": "(\w+)"', r.stdout)
        assert sorted(ids) == sorted([team.shared, ben_note, ana_note])  # type: ignore[attr-defined]
        assert status(clone) == ""
    assert origin_log(team)[:2] == [
        "Notes: 2024-06-18 (Ana Lima)",
        "Notes: 2024-06-18 (Ben Okafor)",
    ]


def test_nothing_to_commit_or_pull_is_up_to_date(team: Team) -> None:
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stderr) == (
        0,
        "Up to date with origin/main: nothing to commit, pull or push.\n",
    )


def test_sync_without_git_is_one_line(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)
    assert cli("add", "x", "--day", DAY).exit_code == 0
    r = cli("sync")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        f"Error: {tmp_path / 'notes'} is not in a git repository, so there is nothing to sync: "
        "clone the team's notes repository and use its notes folder (or 'ospo-notes init --git')\n"
    )


def refused(team: Team, clone: Path, message: str) -> None:
    """`sync` says `message` in one line, exit 1, and leaves the repository as it was."""
    before = (status(clone), log(clone, "--all"), origin_log(team))
    r = team.run(clone, "sync")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"Error: {message}\n")
    assert (status(clone), log(clone, "--all"), origin_log(team)) == before


def test_sync_without_a_remote_is_one_line_and_changes_nothing(team: Team) -> None:
    git(team.ana, "remote", "remove", "origin")
    team.add(team.ana, "unsynced")
    refused(
        team,
        team.ana,
        "this git repository has no remote to sync with: add the team's with "
        "'git remote add origin URL', then run 'ospo-notes sync' again",
    )


def test_sync_on_a_detached_head_says_how_to_get_a_branch(team: Team) -> None:
    git(team.ana, "checkout", "-q", "--detach")
    team.add(team.ana, "unsynced")
    refused(
        team,
        team.ana,
        "HEAD is detached (no branch is checked out): check out your branch with "
        "'git switch BRANCH', then run 'ospo-notes sync' again",
    )


def test_sync_without_an_upstream_says_how_to_set_it(team: Team) -> None:
    git(team.ana, "switch", "-q", "-c", "mine", "--no-track")
    team.add(team.ana, "unsynced")
    refused(
        team,
        team.ana,
        "branch mine has no upstream to pull from and push to: set it with "
        "'git push -u origin mine', then run 'ospo-notes sync' again",
    )


def test_the_first_sync_into_an_empty_repository_publishes_the_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
) -> None:
    isolate_git(tmp_path, monkeypatch)
    git(tmp_path, "init", "-q", "--bare", "empty.git")
    git(tmp_path, "clone", "-q", "empty.git", "first")
    first = tmp_path / "first"
    identify(first, "Ana Lima")
    monkeypatch.chdir(first)
    monkeypatch.setenv("OSPO_NOTES_DIR", str(first / "notes"))
    assert cli("init").exit_code == 0
    r = cli("sync")
    assert r.stderr.splitlines() == [
        "Committed: Notes: .gitattributes (Ana Lima)",
        "Pushed 1 commit to origin/main.",
    ]
    assert log(tmp_path / "empty.git", "main") == ["Notes: .gitattributes (Ana Lima)"]
    assert cli("sync").stderr.startswith("Up to date with origin/main")


def keep_second_side(path: Path) -> None:
    """Resolve every conflict in `path` as a person would: keep one side, drop the markers.

    In a rebase the second side is the commit being replayed: ours.
    """
    conflict = re.compile(r"<<<<<<< [^\n]*\n.*?=======\n(.*?)>>>>>>> [^\n]*\n", re.S)
    path.write_text(conflict.sub(r"\1", path.read_text()))


@pytest.mark.slow  # the merge driver runs as a subprocess
def test_a_conflict_stops_with_the_file_named_and_the_next_sync_finishes(team: Team) -> None:
    for clone, text in ((team.ben, "ben's words"), (team.ana, "ana's words")):
        r = team.run(clone, "edit", team.shared, "--text", text)  # type: ignore[attr-defined]
        assert r.exit_code == 0, r.stderr
    assert team.run(team.ben, "sync").exit_code == 0
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: cannot sync: notes/2024-06-18.toml changed on both sides in ways git cannot "
        "merge: fix the notes between the conflict markers (see 'ospo-notes check'), then run "
        "'ospo-notes sync' again; nothing is lost (your commit waits in the paused rebase; "
        "'git rebase --abort' undoes the pull)\n"
    )
    assert log(team.ana, "main")[0] == "Notes: 2024-06-18 (Ana Lima)"  # the branch keeps it
    day_file = team.ana / "notes" / f"{DAY}.toml"
    marked = day_file.read_text()  # a rebase: the pulled side first, ana's own second
    pulled, yours = marked.index("<<<<<<< pulled (upstream)"), marked.index("ana's words")
    assert pulled < marked.index("ben's words") < yours
    assert yours < marked.index(">>>>>>> yours (being replayed)")
    assert "git conflict markers" in team.run(team.ana, "check").stdout
    again = team.run(team.ana, "sync")  # not fixed yet: the same line, nothing pushed
    assert (again.exit_code, again.stderr) == (1, r.stderr)
    keep_second_side(day_file)
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stderr.splitlines()) == (
        0,
        ["Finished the pull that stopped at a conflict.", "Pushed 1 commit to origin/main."],
    )
    assert origin_log(team)[:2] == [
        "Notes: 2024-06-18 (Ana Lima)",
        "Notes: 2024-06-18 (Ben Okafor)",
    ]
    assert status(team.ana) == ""
    assert team.run(team.ana, "check").exit_code == 0
    assert "ana's words" in day_file.read_text()
    assert "ben's words" not in day_file.read_text()


@pytest.mark.slow  # the merge driver runs as a subprocess
def test_a_push_that_lost_a_race_pulls_again_and_retries(team: Team) -> None:
    team.add(team.ben, "ben's, pushed while ana pushes")
    git(team.ben, "add", "-A")
    git(team.ben, "commit", "-qm", "Notes: 2024-06-18 (Ben Okafor)")
    hook = team.ana / ".git" / "hooks" / "pre-push"
    hook.write_text(  # ben's push lands between ana's look at origin and ana's push
        "#!/bin/sh\n"
        f'if [ ! -e "{team.tmp}/raced" ]; then touch "{team.tmp}/raced"\n'
        f'  env -u GIT_DIR git -C "{team.ben}" push -q origin HEAD:main; fi\n'
    )
    hook.chmod(0o755)
    team.add(team.ana, "ana's")
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stderr.splitlines()) == (
        0,
        [
            "Committed: Notes: 2024-06-18 (Ana Lima)",
            "Pulled 1 commit from origin/main.",
            "Pushed 1 commit to origin/main.",
        ],
    )
    assert origin_log(team)[:2] == [
        "Notes: 2024-06-18 (Ana Lima)",
        "Notes: 2024-06-18 (Ben Okafor)",
    ]


def test_a_push_the_remote_refuses_is_one_line_and_keeps_the_commit(team: Team) -> None:
    hook = team.origin / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'read-only until the conference' >&2\nexit 1\n")
    hook.chmod(0o755)
    team.add(team.ana, "ana's")
    r = team.run(team.ana, "sync")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: cannot push to origin: ! [remote rejected] HEAD -> main (pre-receive hook "
        "declined); your notes are committed here and go out with the next 'ospo-notes sync'\n"
    )
    assert log(team.ana, "main")[0] == "Notes: 2024-06-18 (Ana Lima)"
    assert status(team.ana) == ""


@pytest.mark.parametrize(
    ("changed", "author", "message"),
    [
        (["2024-06-18.toml"], "Ana Lima", "Notes: 2024-06-18 (Ana Lima)"),
        (
            ["themes.toml", "2024-06-19.toml", "2024-06-18.toml", "schedule/2024-06-18.toml"],
            "Ana Lima",
            "Notes: 2024-06-18, 2024-06-19, schedule/2024-06-18.toml, themes.toml (Ana Lima)",
        ),
        (
            [f"2024-06-{d:02}.toml" for d in range(1, 10)],
            "",
            "Notes: 2024-06-01, 2024-06-02, "
            "2024-06-03, 2024-06-04, 2024-06-05, 2024-06-06 and 3 more",
        ),
    ],
)
def test_the_commit_message_names_the_days_first(
    changed: list[str], author: str, message: str
) -> None:
    assert commit_message(changed, author) == message
