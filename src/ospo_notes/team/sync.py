"""`ospo-notes sync`: commit the notes folder, pull with rebase, push; for people not in git.

Every step is git's own, so nothing is lost: the notes are committed before anything is
pulled, and the branch keeps that commit until a rebase has replayed it. A conflict
the merge drivers leave stops the rebase where it is (rather than aborting it), with
the conflict markers in the file: `check` and every command point at them, and the
next `sync` finishes the rebase once they are gone. Undoing it is one `git rebase
--abort`, which the stop line names. The notes lock is held while git rewrites files
(the commit, the rebase), never across the network, so a capture waits milliseconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.notes import codec
from ospo_notes.store.files import day_of_file, locked
from ospo_notes.team.repo import config_get, git, work_tree

PUSH_TRIES = 5
"""Pushes rejected because someone pushed first, pulled again each time, before giving up."""
_NAMED_IN_MESSAGE = 6


@dataclass(frozen=True)
class Synced:
    upstream: str
    committed: str | None = None
    """The message of the commit made of the notes folder's changes, if any."""
    resumed: bool = False
    """A rebase an earlier sync stopped at a conflict was finished."""
    pulled: int = 0
    pushed: int = 0
    """Commits pushed."""


@dataclass(frozen=True)
class _Branch:
    name: str
    remote: str
    merge: str  # refs/heads/... on the remote
    upstream: str  # e.g. origin/main


def sync(notes: Path) -> Synced:
    """Commit, pull (rebase) and push the notes folder's repository, or say why not."""
    repo = work_tree(notes)
    if repo is None:
        raise NotesError(
            f"{notes} is not in a git repository, so there is nothing to sync: clone the "
            "team's notes repository and use its notes folder (or 'ospo-notes init --git')"
        )
    resumed = False
    if _rebasing(repo):
        with locked(notes):
            _resume(repo, notes)
        resumed = True
    branch = _branch(repo)
    if git(repo, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False).ok:
        raise NotesError(
            "a git merge is in progress here: finish it with 'git commit' (or undo it with "
            "'git merge --abort'), then run 'ospo-notes sync' again"
        )
    with locked(notes):
        committed = _commit(repo, notes)
    pulled = 0
    for _attempt in range(PUSH_TRIES):
        _fetch(repo, branch)
        with locked(notes):
            pulled += _pull(repo, notes, branch)
        ahead = _ahead(repo, branch)
        if not ahead:
            return Synced(branch.upstream, committed, resumed, pulled, 0)
        push = git(repo, "push", "-q", branch.remote, f"HEAD:{branch.merge}", check=False)
        if push.ok:  # which moves the remote-tracking branch too (made by a first push)
            return Synced(branch.upstream, committed, resumed, pulled, ahead)
        if not _moved_on(push.err):
            raise NotesError(
                f"cannot push to {branch.remote}: {push.first_line()}; your notes are "
                "committed here and go out with the next 'ospo-notes sync'"
            )
    raise NotesError(
        f"{branch.upstream} moved on {PUSH_TRIES} times while pushing (others are syncing): "
        "run 'ospo-notes sync' again; your notes are committed here"
    )


def _moved_on(message: str) -> bool:
    """Whether a push failed only because the branch moved on: pull again and retry.

    `[rejected]` when git saw it first; `failed to update ref` when another push landed
    between our look at the branch and ours (measured with a pre-push hook that pushes).
    """
    return "[rejected]" in message or (
        "[remote rejected]" in message and "failed to update ref" in message
    )


def _branch(repo: Path) -> _Branch:
    """The branch to sync and where it goes; one line for each way it is not set up."""
    remotes = git(repo, "remote").out.split()
    if not remotes:
        raise NotesError(
            "this git repository has no remote to sync with: add the team's with "
            "'git remote add origin URL', then run 'ospo-notes sync' again"
        )
    head = git(repo, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    if not head.ok:
        raise NotesError(
            "HEAD is detached (no branch is checked out): check out your branch with "
            "'git switch BRANCH', then run 'ospo-notes sync' again"
        )
    name = head.out.strip()
    remote = config_get(repo, f"branch.{name}.remote")
    merge = config_get(repo, f"branch.{name}.merge")
    if not (remote and merge and merge.startswith("refs/heads/")) or remote not in remotes:
        suggested = "origin" if "origin" in remotes else remotes[0]
        raise NotesError(
            f"branch {name} has no upstream to pull from and push to: set it with "
            f"'git push -u {suggested} {name}', then run 'ospo-notes sync' again"
        )
    # a clone of an empty repository has its upstream set, not yet made: the first push does
    return _Branch(name, remote, merge, f"{remote}/{merge.removeprefix('refs/heads/')}")


def _commit(repo: Path, notes: Path) -> str | None:
    """Commit the notes folder's changes (only those); the message, or None with none."""
    where = _pathspec(repo, notes)
    git(repo, "add", "-A", "--", where)
    changed = git(repo, "diff", "--cached", "--name-only", "-z", "--", where).out
    paths = [path for path in changed.split("\0") if path]
    if not paths:
        return None
    inside = [os.path.relpath(repo / path, notes.resolve()) for path in paths]
    message = commit_message(inside, _author(repo, notes))
    git(repo, "commit", "-q", "-m", message, "--", where)
    return message


def _pathspec(repo: Path, notes: Path) -> str:
    """The notes folder as git names it from the top of the working tree."""
    return os.path.relpath(notes.resolve(), repo.resolve())


def commit_message(changed: list[str], author: str) -> str:
    """`Notes: 2024-06-18, themes.toml (Ana Lima)`: the days changed first, then other files."""
    days = sorted({str(day) for path in changed if (day := day_of_file(path)) is not None})
    others = sorted(path for path in changed if day_of_file(path) is None)
    named = [*days, *others]
    shown = ", ".join(named[:_NAMED_IN_MESSAGE])
    if len(named) > _NAMED_IN_MESSAGE:
        shown += f" and {len(named) - _NAMED_IN_MESSAGE} more"
    return f"Notes: {shown}" + (f" ({author})" if author else "")


def _author(repo: Path, notes: Path) -> str:
    """Who syncs: the name new notes get (see `authors`), else git's user.name as git reads it."""
    from ospo_notes.store.user_config import ConfigError, find_author

    try:
        found = find_author(None, notes)
    except ConfigError:  # a broken config file is `add`'s to report; git still has a name
        found = None
    name = found.name if found is not None else (config_get(repo, "user.name") or "")
    return "".join(ch for ch in name if ch.isprintable()).strip()


def _fetch(repo: Path, branch: _Branch) -> None:
    done = git(repo, "fetch", "-q", branch.remote, check=False)
    if not done.ok:
        raise NotesError(
            f"cannot pull from {branch.remote}: {done.first_line()}; your notes are "
            "committed here and go out with the next 'ospo-notes sync'"
        )


def _count(repo: Path, revisions: str) -> int:
    return int(git(repo, "rev-list", "--count", revisions).out.strip() or 0)


def _has(repo: Path, revision: str) -> bool:
    return git(repo, "rev-parse", "-q", "--verify", f"{revision}^{{commit}}", check=False).ok


def _ahead(repo: Path, branch: _Branch) -> int:
    """Our commits the upstream lacks (all of them when it has none yet)."""
    if not _has(repo, "HEAD"):
        return 0
    if not _has(repo, f"refs/remotes/{branch.upstream}"):
        return _count(repo, "HEAD")
    return _count(repo, f"{branch.upstream}..HEAD")


def _pull(repo: Path, notes: Path, branch: _Branch) -> int:
    """Replay our commits on the upstream's (the merge drivers apply); commits pulled."""
    upstream = f"refs/remotes/{branch.upstream}"
    if not _has(repo, upstream):
        return 0  # nobody has pushed yet
    if not _has(repo, "HEAD"):  # nothing of ours yet: take theirs
        git(repo, "merge", "-q", "--ff-only", upstream)
        return _count(repo, "HEAD")
    behind = _count(repo, f"HEAD..{upstream}")
    if not behind:
        return 0
    done = git(repo, "rebase", "-q", "--autostash", upstream, check=False)
    if not done.ok:
        if _rebasing(repo):
            raise _stopped(repo, notes)
        raise NotesError(f"cannot pull from {branch.remote}: {done.first_line()}")
    return behind


def _rebasing(repo: Path) -> bool:
    """Whether a rebase is stopped here (by an earlier sync, or by hand)."""
    for name in ("rebase-merge", "rebase-apply"):
        path = git(repo, "rev-parse", "--git-path", name).out.strip()
        if (repo / path).is_dir():
            return True
    return False


def _unmerged(repo: Path) -> list[str]:
    out = git(repo, "diff", "--name-only", "--diff-filter=U", "-z").out
    return sorted({path for path in out.split("\0") if path})


def _stopped(repo: Path, notes: Path) -> NotesError:
    """The one line for a rebase stopped at a conflict: which file, and what next."""
    unmerged = _unmerged(repo)
    files = unmerged or ["a file"]
    named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
    inside = all((repo / f).resolve().is_relative_to(notes.resolve()) for f in unmerged)
    how = "fix the notes between the conflict markers (see 'ospo-notes check')"
    if not inside:
        how = "resolve the conflict (git status shows it)"
    return NotesError(
        f"cannot sync: {named} changed on both sides in ways git cannot merge: {how}, then "
        "run 'ospo-notes sync' again; nothing is lost (your commit waits in the paused "
        "rebase; 'git rebase --abort' undoes the pull)"
    )


def _resume(repo: Path, notes: Path) -> None:
    """Finish a rebase stopped at a conflict, once the conflict markers are gone."""
    notes_top = notes.resolve()
    while _rebasing(repo):
        for name in _unmerged(repo):
            path = repo / name
            outside = not path.resolve().is_relative_to(notes_top)
            if outside or (path.is_file() and codec.has_conflict_markers(path.read_bytes())):
                raise _stopped(repo, notes)
        git(repo, "add", "-A", "--", _pathspec(repo, notes))
        done = git(repo, "rebase", "--continue", check=False)
        if done.ok:
            continue
        if _unmerged(repo):
            raise _stopped(repo, notes)
        if git(repo, "diff", "--cached", "--quiet", check=False).ok:
            # the fix kept their side whole: nothing is left of this commit
            git(repo, "rebase", "--skip", check=False)
            continue
        raise NotesError(f"cannot finish the paused rebase: {done.first_line()}")
