"""Schedule limits: a file, a day, a talk and its fields; past any, one line and nothing stored."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from ospo_notes.errors import ScheduleError
from ospo_notes.schedule import parse_schedule
from ospo_notes.schedule.limits import (
    FIELD_LIMITS,
    MAX_EVENTS_PER_DAY,
    MAX_FILE_BYTES,
    MAX_SCHEDULE_TITLE,
    MAX_SPEAKER_NAME,
    MAX_SPEAKERS,
)


def event(index: int = 0, **fields: Any) -> dict[str, Any]:
    """A c3voc event on 2024-06-18 starting at 09:00 plus `index` minutes."""
    hour, minute = divmod(9 * 60 + index, 60)
    base = {
        "guid": f"talk-{index}",
        "title": f"Talk {index}",
        "start": f"{hour % 24:02d}:{minute:02d}",
        "duration": "00:30",
        "room": "Main",
        "persons": [{"public_name": "Ada Lovelace"}],
    }
    return base | fields


def schedule_json(events: list[dict[str, Any]], title: str = "LimitCon") -> bytes:
    day = {"date": "2024-06-18", "rooms": {"Main": events}}
    conference = {"title": title, "time_zone_name": "Europe/Brussels", "days": [day]}
    return json.dumps({"schedule": {"conference": conference}}).encode()


def refusal(data: bytes) -> str:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(data, source="limits.json")
    return str(caught.value)


EVENT = "the event at 2024-06-18 09:00 ('talk-0', 'Talk 0')"
FIELD_KEYS = {"id": "guid", "title": "title", "room": "room", "track": "track", "kind": "type"}


@pytest.mark.parametrize("field", [*FIELD_KEYS, "abstract"])
def test_each_field_has_a_limit_named_with_its_event(field: str) -> None:
    limit = FIELD_LIMITS[field]
    key = FIELD_KEYS.get(field, field)
    at_limit = schedule_json([event(**{key: "x" * limit})])
    assert parse_schedule(at_limit, source="limits.json").entries  # the limit itself is fine
    message = refusal(schedule_json([event(**{key: "x" * (limit + 1)})]))
    assert message.startswith(f"limits.json: the {field} of the event at 2024-06-18 09:00 (")
    assert f"is {limit + 1:,} characters, over the limit of {limit:,}" in message
    assert message.endswith("nothing was imported")
    assert "\n" not in message and len(message) < 300


def test_a_speaker_name_has_a_limit() -> None:
    long = "A" * (MAX_SPEAKER_NAME + 1)
    message = refusal(schedule_json([event(persons=[{"public_name": long}])]))
    assert f"a speaker's name in {EVENT} is {MAX_SPEAKER_NAME + 1:,} characters" in message


def test_speakers_per_talk_have_a_limit() -> None:
    panel = [{"public_name": f"Speaker {n}"} for n in range(MAX_SPEAKERS)]
    assert parse_schedule(schedule_json([event(persons=panel)]), source="x").entries
    crowd = [*panel, {"public_name": "One more"}]
    message = refusal(schedule_json([event(persons=crowd)]))
    assert f"{EVENT} has {MAX_SPEAKERS + 1} speakers, over the limit of {MAX_SPEAKERS} a talk" in (
        message
    )


def test_the_schedule_title_has_a_limit() -> None:
    message = refusal(schedule_json([event()], title="T" * (MAX_SCHEDULE_TITLE + 1)))
    assert "the schedule's title is 501 characters, over the limit of 500" in message


def test_events_per_day_have_a_limit() -> None:
    full = [event(n, start="09:00") for n in range(MAX_EVENTS_PER_DAY)]
    assert len(parse_schedule(schedule_json(full), source="x").entries) == MAX_EVENTS_PER_DAY
    message = refusal(schedule_json([*full, event(MAX_EVENTS_PER_DAY, start="09:00")]))
    assert message.startswith(
        f"limits.json: 2024-06-18 has more than the limit of {MAX_EVENTS_PER_DAY:,} events a day "
        "(the event at 2024-06-18 09:00 ("
    )


def test_a_field_past_its_limit_stores_nothing(cli, tmp_path: Path, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "schedule.json"
    path.write_bytes(schedule_json([event(), event(1, title="y" * 10_000)]))
    result = cli("schedule", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: the title of the event at 2024-06-18 09:01")
    assert result.stderr.count("\n") == 1
    assert not notes_dir.exists()


def huge_summary_ics(size: int) -> bytes:
    """An .ics whose one SUMMARY makes the file `size` bytes (the issue's 100 MB case, smaller)."""
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:huge\r\n"
    tail = b"\r\nDTSTART:20240618T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    body = b"SUMMARY:" + b"x" * (size - len(head) - len(tail) - 8)
    return head + body + tail


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_file_past_the_size_limit_is_refused_before_parsing(
    cli, runner, tmp_path: Path, notes_dir: Path, via: str
) -> None:  # type: ignore[no-untyped-def]
    from ospo_notes.cli import app

    data = huge_summary_ics(MAX_FILE_BYTES + 1)
    path = tmp_path / "huge.ics"
    path.write_bytes(data)
    started = time.monotonic()
    if via == "file":
        result = cli("schedule", "import", str(path))
    else:
        result = runner.invoke(app, ["schedule", "import", "-"], input=data)
    assert time.monotonic() - started < 2  # parsing 20 MB of iCal would take seconds
    name = str(path) if via == "file" else "stdin"
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {name}: the schedule is larger than the limit of 20 MB for a schedule file "
        f"({MAX_FILE_BYTES + 1:,} bytes or more); ask the organisers for a corrected export; "
        "nothing was imported\n"
    )
    assert not notes_dir.exists()


def test_a_file_under_the_size_limit_is_parsed_and_its_fields_checked() -> None:
    with pytest.raises(ScheduleError) as caught:  # parsed: refused for its title, not its size
        parse_schedule(huge_summary_ics(MAX_FILE_BYTES // 64), tz="UTC", source="big.ics")
    assert "big.ics: the title of the event at 2024-06-18 09:00 ('huge', 'xxx" in str(caught.value)
