"""Three attendees share one notes repository through `ospo-notes sync`, with real git.

A bare repository holds a day with a few shared notes; three clones, each with its own
author, run `ospo-notes init`, add 100 notes each to that day (one JSON import), tag
shared notes, edit one and delete one, then sync twice in turns. Every clone must end
with the same files: all 300 new notes once, every edit and delete, no conflict
markers, `check` clean, `git status` clean. Everything runs as real processes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gitrepo import files_of, git, identify, isolate_git, log, needs_git, new_repo, status
from ospo_notes.notes.model import new_id

pytestmark = [needs_git, pytest.mark.slow]

DAY = "2024-06-18"
PEOPLE = ("Ana Lima", "Ben Okafor", "Cy Tanaka")
PER_PERSON = 100


def ospo(clone: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OSPO_NOTES_DIR=str(clone / "notes"))
    return subprocess.run(
        [sys.executable, "-m", "ospo_notes", *args],
        cwd=clone,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def ok(clone: Path, *args: str) -> str:
    done = ospo(clone, *args)
    assert done.returncode == 0, f"{clone.name}: ospo-notes {' '.join(args)}: {done.stderr}"
    return done.stdout


def theme_of(person: str) -> str:
    return "from-" + person.split(maxsplit=1)[0].lower()


def seed_repository(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    """A bare repository with one day of shared notes; their ids by what happens to them."""
    seed = new_repo(tmp_path / "seed", "Organiser")
    ok(seed, "init")
    shared: dict[str, list[str]] = {"tagged": [], "own-tag": [], "edited": [], "deleted": []}
    for role, count in (("tagged", 2), ("own-tag", 3), ("edited", 3), ("deleted", 3)):
        for n in range(count):
            shared[role].append(ok(seed, "add", f"shared {role} {n}", "--day", DAY).strip())
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "The day before the conference")
    git(tmp_path, "clone", "-q", "--bare", str(seed), "origin.git")
    return tmp_path / "origin.git", shared


def hundred_notes(clone: Path, person: str) -> tuple[Path, list[str]]:
    """A JSON export of the day holding 100 new notes of `person` (for `ospo-notes import`)."""
    export = json.loads(ok(clone, "export", "--day", DAY, "--format", "json"))
    day = export["days"][0]
    template = day["notes"][0]
    ids = [new_id() for _ in range(PER_PERSON)]
    day["notes"] = [
        dict(template, id=note_id, text=f"{person}'s note {n}", themes=[], speakers=[])
        for n, note_id in enumerate(ids)
    ]
    path = clone.parent / f"{clone.name}.json"
    path.write_text(json.dumps(export))
    return path, ids


@pytest.mark.parametrize(
    "same_notes_tagged",
    [
        pytest.param(False, id="each-tags-its-own-shared-note"),
        # all three tag the same notes: needs the merge driver's theme union (team-b)
        pytest.param(True, id="all-tag-the-same-shared-notes"),
    ],
)
def test_three_clones_sync_to_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_notes_tagged: bool
) -> None:
    started = time.monotonic()
    isolate_git(tmp_path, monkeypatch)
    origin, shared = seed_repository(tmp_path)
    clones = [tmp_path / person.split(maxsplit=1)[0].lower() for person in PEOPLE]
    added: list[str] = []
    for i, (clone, person) in enumerate(zip(clones, PEOPLE, strict=True)):
        git(tmp_path, "clone", "-q", str(origin), clone.name)
        identify(clone, person)
        ok(clone, "init")
        batch, ids = hundred_notes(clone, person)
        ok(clone, "import", str(batch))
        added += ids
        tagged = shared["tagged"] if same_notes_tagged else [shared["own-tag"][i]]
        for note_id in tagged:
            ok(clone, "tag", note_id, theme_of(person))
        ok(clone, "edit", shared["edited"][i], "--text", f"edited by {person}")
        ok(clone, "delete", "--yes", shared["deleted"][i])
    for _round in (1, 2):
        for clone in clones:
            done = ospo(clone, "sync")
            assert done.returncode == 0, f"{clone.name}: {done.stderr}"

    first = files_of(clones[0])
    day_text = first[f"notes/{DAY}.toml"].decode()
    for clone in clones:
        assert files_of(clone) == first, f"{clone.name} differs from {clones[0].name}"
        assert status(clone) == "", clone.name
        checked = ospo(clone, "check")
        assert (checked.returncode, checked.stdout) == (0, ""), checked.stdout
    assert not any(re.search(rb"^(<<<<<<<|=======|>>>>>>>)", data, re.M) for data in first.values())
    ids = re.findall(r"^\[notes\.\"?(\w+)\"?\]", day_text, re.M)
    assert len(added) == len(set(added)) == len(PEOPLE) * PER_PERSON
    assert all(ids.count(note_id) == 1 for note_id in added), "a new note is missing or twice"
    notes = {n["id"]: n for n in json.loads(ok(clones[0], "list", "--day", DAY, "--json"))}
    assert not set(shared["deleted"]) & set(notes)
    assert [notes[n]["text"] for n in shared["edited"]] == [f"edited by {p}" for p in PEOPLE]
    if same_notes_tagged:  # every side's theme on each shared note: a union, not one side
        everyone = sorted(theme_of(p) for p in PEOPLE)
        assert [sorted(notes[n]["themes"]) for n in shared["tagged"]] == [everyone, everyone]
    else:
        assert [notes[n]["themes"] for n in shared["own-tag"]] == [[theme_of(p)] for p in PEOPLE]
    assert sorted(log(origin, "main")[: len(PEOPLE)]) == [f"Notes: {DAY} ({p})" for p in PEOPLE]
    assert time.monotonic() - started < 60
