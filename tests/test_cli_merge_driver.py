"""`ospo-notes merge-driver` as git calls it: exit codes, one-line messages, the kinds."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.schedule.stored import ScheduleDay, dump_schedule_day, parse_schedule_day

D = date(2024, 11, 28)
TZ = timezone(timedelta(hours=1), "UTC+01:00")


def files(tmp_path: Path, *texts: str) -> list[str]:
    paths = []
    for name, text in zip(("base", "ours", "theirs"), texts, strict=True):
        path = tmp_path / name
        path.write_text(text)
        paths.append(str(path))
    return paths


def schedule(*titles: str) -> str:
    start = datetime(2024, 11, 28, 10, tzinfo=TZ)
    entries = tuple(
        ScheduleEntry(title.lower(), title, start, start + timedelta(hours=1), D)
        for title in titles
    )
    return dump_schedule_day(ScheduleDay(D, entries, dict.fromkeys(titles, "s.json")))


def test_the_plain_driver_merges_a_schedule_file_as_a_schedule(cli, tmp_path: Path) -> None:
    # an older `*.toml merge=ospo-notes` line sends schedule files to the plain driver
    paths = files(tmp_path, schedule("Keynote"), schedule("Keynote", "Ours"), schedule("Theirs"))
    result = cli("merge-driver", *paths, "notes/schedule/2024-11-28.toml")
    assert result.exit_code == 0, result.stderr
    merged = Path(paths[1]).read_text()
    assert merged == schedule("Ours", "Theirs")  # keynote removed there, untouched here
    assert [e.title for e in parse_schedule_day(merged.encode(), day=D, source="x").entries]


def test_a_conflict_exits_1_with_one_line_naming_the_note(cli, tmp_path: Path) -> None:
    def day(text: str) -> str:
        return codec.dump_day(Day(DayInfo(day=D), (Note("k3m9x2ab", D, text),)))

    paths = files(tmp_path, day("base"), day("ours"), day("theirs"))
    result = cli("merge-driver", *paths, "2024-11-28.toml")
    assert result.exit_code == 1
    assert result.stderr == (
        "2024-11-28.toml: 1 conflict, changed differently on both sides (note k3m9x2ab (text)): "
        "resolve the conflict markers, then run 'ospo-notes check'\n"
    )
    assert Path(paths[1]).read_text().count("<<<<<<< ours") == 1


def test_two_kinds_at_once_is_a_usage_error(cli, tmp_path: Path) -> None:
    paths = files(tmp_path, "", "", "")
    result = cli("merge-driver", "--schedule", "--vocabulary", *paths, "themes.toml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "give --schedule or --vocabulary, not both" in result.stderr


def test_a_missing_file_is_one_line_naming_the_driver(cli, tmp_path: Path) -> None:
    paths = files(tmp_path, "", "", "")
    Path(paths[2]).unlink()
    result = cli("merge-driver", "--vocabulary", *paths, "themes.toml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "the theirs (%B) version" in result.stderr
    assert "merge.ospo-notes-vocabulary.driver" in result.stderr
