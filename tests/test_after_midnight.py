"""A talk after midnight belongs to the day the schedule lists it under (01:15+1)."""

from __future__ import annotations

import json
import time as systime
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ospo_notes.notes import dates

SMALLCON = str(Path(__file__).parent / "fixtures" / "schedules" / "pretalx-small.json")
LATE = "Late-night lightning talks"  # listed under 2024-11-28, 01:15-02:15 on the 29th


@pytest.fixture(autouse=True)
def smallcon(cli) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """SmallCon's schedule, and the machine's clock in Berlin, the conference's zone."""
    assert cli("schedule", "import", SMALLCON).exit_code == 0
    mp = pytest.MonkeyPatch()
    mp.setenv("TZ", "Europe/Berlin")
    systime.tzset()
    yield
    mp.undo()
    systime.tzset()


def clock_at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(dates, "now", lambda: when)


def summary_sessions(cli, day: str, *more: str) -> list[tuple[str, str | None, int]]:  # type: ignore[no-untyped-def]
    result = cli("summary", "--day", day, "--json", *more)
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)["sessions"]
    return [(s["title"], s["start"], len(s["notes"])) for s in shown]


def notes_of(cli, day: str) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    shown = json.loads(cli("list", "--day", day, "--json").stdout)
    return [(n["text"], n["session"], n["time"]) for n in shown]


def test_all_sessions_lists_the_talk_after_midnight_last(cli) -> None:  # type: ignore[no-untyped-def]
    assert summary_sessions(cli, "2024-11-28", "--all-sessions") == [
        ("Opening keynote", "10:00:00", 0),
        ("Hands-on packaging", "10:00:00", 0),
        (LATE, "01:15:00", 0),
    ]
    cli("add", "--day", "2024-11-28", "--at", "10:05", "-s", "opening keynote", "welcome")
    text = cli("summary", "--day", "2024-11-28", "--all-sessions").stdout
    assert text.index("Opening keynote") < text.index("Hands-on packaging") < text.index(LATE)
    assert summary_sessions(cli, "2024-11-29", "--all-sessions") == []  # not the next day's


def test_schedule_show_lists_it_under_its_day(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("schedule", "show", "--day", "2024-11-28")
    assert "│ 01:15+1 │ 02:15+1 │ Main Hall     │ Late-night lightning" in shown.stdout
    assert "No sessions on 2024-11-29" in cli("schedule", "show", "--day", "2024-11-29").stderr


def test_a_note_taken_in_it_after_midnight_is_filed_under_its_day(  # type: ignore[no-untyped-def]
    cli, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock_at(monkeypatch, datetime(2024, 11, 29, 1, 30))
    result = cli("add", "a lightning demo")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"Added note {result.stdout.strip()} to 2024-11-28 · {LATE} (on the schedule now; "
        f"notes/ in {notes_dir.parent}).\n"
    )
    assert notes_of(cli, "2024-11-28") == [("a lightning demo", LATE, "01:30:00")]
    assert notes_of(cli, "2024-11-29") == []
    assert summary_sessions(cli, "2024-11-28") == [(LATE, "01:15:00", 1)]


def test_a_started_late_talk_holds_past_midnight_until_it_ends(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock_at(monkeypatch, datetime(2024, 11, 28, 23, 55))
    started = cli("session", "start", "late-night", "--day", "2024-11-28")
    assert started.stderr.startswith(f"Now in: 01:15-02:15 {LATE}")
    clock_at(monkeypatch, datetime(2024, 11, 29, 1, 20))
    during = cli("add", "first demo")
    assert f"to 2024-11-28 · {LATE} (current session; notes/ in " in during.stderr
    clock_at(monkeypatch, datetime(2024, 11, 29, 2, 30))
    after = cli("add", "going home")
    assert "to 2024-11-29 (notes/ in " in after.stderr
    assert notes_of(cli, "2024-11-28") == [("first demo", LATE, "01:20:00")]
    assert notes_of(cli, "2024-11-29") == [("going home", "", "02:30:00")]


def test_a_typed_day_is_kept_and_its_summary_shows_the_talk_first(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "--day", "2024-11-29", "--at", "01:30", "typed up later")
    cli("add", "--day", "2024-11-29", "--at", "09:00", "breakfast")
    assert notes_of(cli, "2024-11-29")[0] == ("typed up later", LATE, "01:30:00")
    assert summary_sessions(cli, "2024-11-29", "--all-sessions") == [
        (LATE, "01:15:00", 1),
        ("", "09:00:00", 1),
    ]
