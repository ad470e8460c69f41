"""Schedules and vocabularies merged by their own drivers, with real `git merge` and `rebase`.

`schedule/DATE.toml` merges per session (the later import wins, nothing else is
written into it), `schedule/sources.toml` per event, and `themes.toml` and
`speakers.toml` entry by entry, even when both clones created the file.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from git_clones import GIT, WAYS, commit_and_fetch, integrate, ok, two_clones
from torture import run_cli

from ospo_notes.schedule.sources import ScheduleSource, dump_sources, parse_sources
from ospo_notes.schedule.stored import dump_schedule_day
from ospo_notes.store.schedule_store import ScheduleStore
from ospo_notes.store.themes_file import read_vocabulary

pytestmark = [  # real git repositories and merges
    pytest.mark.slow,
    pytest.mark.skipif(GIT is None, reason="needs git"),
    pytest.mark.parametrize("way", WAYS),
]
FIXTURE = Path(__file__).parent.parent / "fixtures" / "schedules" / "pretalx-small.json"
SMALLCON = json.loads(FIXTURE.read_text())


def sessions(schedule: dict) -> list[dict]:
    days = schedule["schedule"]["conference"]["days"]
    return [talk for day in days for talks in day["rooms"].values() for talk in talks]


def import_version(
    repo: Path, tmp_path: Path, changes: dict[int, dict[str, str]], drop: int | None = None
) -> None:
    """Import SmallCon (always under one name) with some talks changed or one dropped."""
    schedule = copy.deepcopy(SMALLCON)
    for n, talk in enumerate(sessions(schedule)):
        talk.update(changes.get(n, {}))
    dropped = sessions(SMALLCON)[drop]["guid"] if drop is not None else None
    for day in schedule["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            talks[:] = [t for t in talks if t["guid"] != dropped]
    folder = tmp_path / f"download-{repo.name}"
    folder.mkdir(exist_ok=True)
    path = folder / "smallcon.json"
    path.write_text(json.dumps(schedule))
    ok(repo, "schedule", "import", str(path))


def stored_titles(repo: Path) -> dict[str, str]:
    store = ScheduleStore(repo)
    return {e.id: e.title for day in store.days() for e in store.read_day(day).entries}


def abstracts(repo: Path) -> dict[str, str]:
    store = ScheduleStore(repo)
    return {e.id: e.abstract for day in store.days() for e in store.read_day(day).entries}


def assert_is_a_schedule_file(repo: Path) -> None:
    store = ScheduleStore(repo)
    for day in store.days():
        text = store.day_path(day).read_text()
        assert text == dump_schedule_day(store.read_day(day))  # as an import writes it
        assert "<<<<<<<" not in text and "[notes." not in text
    assert run_cli(repo, "check").returncode == 0


def test_two_imports_of_a_schedule_merge_and_the_later_one_wins(tmp_path, way) -> None:
    ids = [talk["guid"] for talk in sessions(SMALLCON)]
    alice, bob, _ = two_clones(
        tmp_path, driver=True, before_split=lambda origin, _: import_version(origin, tmp_path, {})
    )
    moved = {"title": "Keynote (moved)"}
    import_version(alice, tmp_path, {0: moved})  # the earlier import
    later = {0: {**moved, "abstract": "Now with slides."}, 1: {"title": "Renamed later"}}
    import_version(bob, tmp_path, later)  # saw that change and more
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    titles = stored_titles(alice)
    assert titles[ids[0]] == "Keynote (moved)"
    assert abstracts(alice)[ids[0]] == "Now with slides."  # bob's, whichever side is theirs
    assert titles[ids[1]] == "Renamed later"
    assert set(titles) == set(ids)
    assert_is_a_schedule_file(alice)


def test_two_first_imports_keep_every_session_and_say_which_they_took(tmp_path, way) -> None:
    ids = [talk["guid"] for talk in sessions(SMALLCON)]
    alice, bob, _ = two_clones(tmp_path, driver=True)
    import_version(alice, tmp_path, {0: {"title": "Alice's copy"}}, drop=1)
    import_version(bob, tmp_path, {0: {"title": "Bob's copy"}}, drop=2)
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"changed by imports on both sides ({ids[0]}): kept theirs" in done.stderr
    titles = stored_titles(alice)
    assert set(titles) == set(ids)  # each side's sessions, those the other lacked too
    # nothing tells which import is later: theirs, which is bob's in a merge, alice's in a rebase
    assert titles[ids[0]] == ("Bob's copy" if way == "merge" else "Alice's copy")
    assert_is_a_schedule_file(alice)


def test_remembered_schedule_urls_merge_per_event(tmp_path, way) -> None:
    def remember(repo: Path, *sources: ScheduleSource) -> None:
        path = repo / "schedule" / "sources.toml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(dump_sources({s.name: s for s in sources}))

    old = ScheduleSource("DemoCon", "https://democon.example.org/s.json", etag='"1"')
    alice, bob, _ = two_clones(tmp_path, driver=True, before_split=lambda o, _: remember(o, old))
    newer = ScheduleSource(
        "DemoCon", old.url, etag='"3"', last_modified="Tue, 15 Dec 2020 08:00:00 GMT"
    )
    older = ScheduleSource(
        "DemoCon", old.url, etag='"2"', last_modified="Mon, 14 Dec 2020 08:00:00 GMT"
    )
    other = ScheduleSource("SmallCon", "https://smallcon.example.org/s.json")
    remember(alice, newer, other)
    remember(bob, older, ScheduleSource("FOSDEM", "https://fosdem.example.org/s.xml"))
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    path = alice / "schedule" / "sources.toml"
    merged = parse_sources(path.read_bytes(), str(path))
    assert set(merged) == {"DemoCon", "SmallCon", "FOSDEM"}
    assert merged["DemoCon"] == newer  # the later download, whichever side it is on


def test_theme_files_created_on_both_sides_merge_entry_by_entry(tmp_path, way) -> None:
    alice, bob, _ = two_clones(tmp_path, driver=True)  # no themes.toml before the split
    ok(alice, "themes", "describe", "procurement", "Buying open source")
    ok(alice, "themes", "alias", "public-procurement", "procurement")
    ok(bob, "themes", "alias", "buying", "procurement")
    ok(bob, "themes", "describe", "trust", "--title", "Trust and safety")
    ok(bob, "speakers", "describe", "Grace Hopper", "--role", "Rear Admiral")
    ok(alice, "speakers", "describe", "Ada Lovelace", "--role", "Analyst", "--org", "Babbage")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode == 0, done.stdout + done.stderr
    vocabulary = read_vocabulary(alice)
    assert vocabulary.descriptions == {"procurement": "Buying open source"}
    assert vocabulary.titles == {"trust": "Trust and safety"}
    assert vocabulary.aliases == {"public-procurement": "procurement", "buying": "procurement"}
    listed = run_cli(alice, "speakers", "--json")
    assert "Rear Admiral" in listed.stdout.decode() and "Babbage" in listed.stdout.decode()
    assert run_cli(alice, "check").returncode == 0


def described(origin: Path, _seeded: list[str]) -> None:
    ok(origin, "themes", "describe", "trust", "Whom we rely on")


def test_one_description_changed_differently_marks_that_theme(tmp_path, way) -> None:
    alice, bob, _ = two_clones(tmp_path, driver=True, before_split=described)
    ok(alice, "themes", "describe", "trust", "Alice's words")
    ok(bob, "themes", "describe", "trust", "Bob's words")
    ok(bob, "themes", "describe", "funding", "Paying for it")
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode != 0
    assert "CONFLICT (content): Merge conflict in themes.toml" in done.stdout
    assert "theme trust (description)" in done.stderr
    text = (alice / "themes.toml").read_text()
    assert text.count("\n<<<<<<< ") == 1
    assert "Alice's words" in text and "Bob's words" in text
    assert text.count("Paying for it") == 1  # merged, outside the markers
    checked = run_cli(alice, "check")
    assert checked.returncode == 1
    assert "around theme trust (" in checked.stdout.decode()


def test_an_alias_to_a_name_that_became_a_theme_is_a_conflict(tmp_path, way) -> None:
    alice, bob, _ = two_clones(tmp_path, driver=True, before_split=described)
    ok(alice, "themes", "alias", "reliance", "trust")  # reliance folds into trust here
    ok(bob, "themes", "describe", "reliance", "A theme of its own")  # and is a theme there
    commit_and_fetch(alice, bob)
    done = integrate(alice, way)
    assert done.returncode != 0
    assert "CONFLICT (content): Merge conflict in themes.toml" in done.stdout
    assert "theme reliance" in done.stderr and "theme trust" in done.stderr
    checked = run_cli(alice, "check")
    assert checked.returncode == 1
    assert "git conflict markers" in checked.stdout.decode()
