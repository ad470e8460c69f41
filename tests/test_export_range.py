"""`export --from/--to`: one post of an event's days, made from the days themselves.

The post follows every change a day's part depends on (a note, the theme vocabulary,
the schedule, the options) because nothing of it is kept between runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
RANGE = ("--from", "2024-06-17", "--to", "2024-11-30")
OPTIONS = [
    (),
    ("--by", "session"),
    ("--by", "theme"),
    ("--include", "highlight,quote"),
    ("--front-matter",),
]


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


@pytest.mark.parametrize("args", OPTIONS)
@pytest.mark.usefixtures("two_days")
def test_a_range_post_follows_every_change(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    before = export(cli, *args)
    assert "## Thursday 28 November 2024" in before
    assert "Who pays for the maintainers?" not in before  # a question: the author's own

    assert cli("tag", "l5vw", "funding").exit_code == 0  # the sample day's livestream note
    if "--include" not in args:  # a plain note: not in a post of highlights and quotes
        assert export(cli, *args) != before

    described = cli("themes", "describe", "trust", "Why people rely on open source.")
    assert described.exit_code == 0, described.stderr
    if "--include" not in args:  # the highlight and quote kept are not tagged trust
        assert "Why people rely on open source" in export(cli, *args)

    imported = cli("schedule", "import", str(FIXTURES / "pretalx-small.json"))
    assert imported.exit_code == 0, imported.stderr
    if args == ("--by", "session"):  # the session layout shows the slot and the room
        assert "Main Hall, 10:00" in export(cli, *args)


@pytest.mark.usefixtures("two_days")
def test_each_layout_and_option_makes_its_own_post(cli) -> None:  # type: ignore[no-untyped-def]
    posts = {args: export(cli, *args) for args in OPTIONS}
    assert len(set(posts.values())) == len(OPTIONS)
    for args, post in posts.items():
        assert export(cli, *args) == post


def test_a_hand_edit_of_a_day_file_is_seen(cli, two_days: Path) -> None:  # type: ignore[no-untyped-def]
    export(cli)
    day = two_days / "2024-06-18.toml"
    day.write_text(day.read_text().replace("Room is full", "Room is packed"))
    assert "Room is packed" in export(cli)


def test_a_broken_day_fails_the_export(cli, two_days: Path) -> None:  # type: ignore[no-untyped-def]
    export(cli)
    (two_days / "2024-11-28.toml").write_text("format = 1\n[notes.x\n")
    result = cli("export", *RANGE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "2024-11-28.toml" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_index_gives_a_range_post_the_days_the_files_hold(sample_dir: Path) -> None:
    """A range post reads days from the index: the intro and closing must come along."""
    from ospo_notes.index import answers
    from ospo_notes.store import NotesStore

    store = NotesStore(sample_dir)
    [from_file] = store.read_days(store.days())
    [from_index] = answers.read_days(store, store.days())
    assert from_index == from_file
    for info in (from_index.info, from_file.info):
        assert "I was thrilled" in info.intro + str(info.extra.get("intro", ""))
    assert (from_index.info.intro, from_index.info.closing, dict(from_index.info.extra)) == (
        from_file.info.intro,
        from_file.info.closing,
        dict(from_file.info.extra),
    )
