"""A range export through the index never goes stale.

Every check compares the post with one made from scratch (the index deleted first),
after each kind of change a day's part of the post depends on: a note, the theme
vocabulary, the schedule, and the export's own options. (The index once kept those
parts as text; it now keeps data only, and these checks stay.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
RANGE = ("--from", "2024-06-17", "--to", "2024-11-30")
OPTIONS = [(), ("--by", "theme"), ("--include", "highlight,quote"), ("--front-matter",)]


@pytest.fixture
def two_days(cli, sample_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    """The sample day, and a day of the small pretalx schedule with notes in its keynote."""
    for text, extra in [
        ("Packaging is where trust starts #trust", ()),
        ("Who pays for the maintainers?", ("--kind", "question")),
        ("Reproducible builds, now", ("-H",)),
    ]:
        done = cli("add", text, "--day", "2024-11-28", "-s", "Opening keynote", *extra)
        assert done.exit_code == 0, done.stderr
    return sample_dir


def export(cli, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = cli("export", *RANGE, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return str(result.stdout)


def assert_kept_equals_fresh(cli, notes_dir: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    """The post from the index is the post made from scratch."""
    export(cli, *args)  # the index catches up with what changed
    kept = export(cli, *args)  # from the index as it is
    shutil.rmtree(notes_dir / ".ospo-notes")
    assert export(cli, *args) == kept
    return kept


@pytest.mark.parametrize("args", OPTIONS)
def test_a_kept_post_follows_every_change(cli, two_days: Path, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    before = assert_kept_equals_fresh(cli, two_days, *args)
    assert "## Thursday 28 November 2024" in before

    assert cli("tag", "m5tz", "funding").exit_code == 0  # a note of the sample day
    after_tag = assert_kept_equals_fresh(cli, two_days, *args)
    assert after_tag != before

    described = cli("themes", "describe", "trust", "Why people rely on open source.")
    assert described.exit_code == 0, described.stderr
    after_words = assert_kept_equals_fresh(cli, two_days, *args)
    assert "Why people rely on open source" in after_words

    imported = cli("schedule", "import", str(FIXTURES / "pretalx-small.json"))
    assert imported.exit_code == 0, imported.stderr
    after_schedule = assert_kept_equals_fresh(cli, two_days, *args)
    if "--by" not in args:  # the session layout shows the slot and the room
        assert "Main Hall, 10:00" in after_schedule


@pytest.mark.usefixtures("two_days")
def test_alternating_layouts_never_mix_sections(cli) -> None:  # type: ignore[no-untyped-def]
    posts = {args: export(cli, *args) for args in OPTIONS}
    assert len(set(posts.values())) == len(OPTIONS)
    for args, post in posts.items():
        assert export(cli, *args) == post


def test_a_hand_edit_of_a_day_file_is_seen(cli, two_days: Path) -> None:  # type: ignore[no-untyped-def]
    export(cli)
    day = two_days / "2024-06-18.toml"
    day.write_text(day.read_text().replace("Room is full", "Room is packed"))
    assert "Room is packed" in assert_kept_equals_fresh(cli, two_days)


def test_a_broken_day_fails_the_export_even_when_kept(cli, two_days: Path) -> None:  # type: ignore[no-untyped-def]
    export(cli)
    (two_days / "2024-11-28.toml").write_text("format = 1\n[notes.x\n")
    result = cli("export", *RANGE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "2024-11-28.toml" in result.stderr
