"""Scheduled sessions in the summary and the post: times, rooms, speakers, unattended talks."""

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from ospo_notes.export.markdown import day_post
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary.day import build_summary

DAY = date(2020, 12, 14)
ZONE = timezone(timedelta(hours=1))
FIXTURES = Path(__file__).parent / "fixtures" / "schedules"


def entry(title: str, start: str, end: str, room: str, *speakers: str) -> ScheduleEntry:
    at = datetime.combine(DAY, time.fromisoformat(start), ZONE)
    until = datetime.combine(DAY, time.fromisoformat(end), ZONE)
    return ScheduleEntry(id=title[:4], title=title, start=at, end=until, day=DAY, room=room,
                         speakers=speakers)  # fmt: skip


SCHEDULE = [
    entry("Late talk", "14:00", "14:30", "Gray Room", "Ana"),
    entry("Early talk", "09:00", "09:30", "Tan Room", "Bo", "Cy"),
    entry("Skipped talk", "11:00", "11:30", "Gray Room", "Di"),
]


def note(text: str, session: str, at: str, **fields: object) -> Note:
    return Note(id=text[:8].ljust(8, "x"), day=DAY, text=text, session=session,
                time=time.fromisoformat(at), **fields)  # type: ignore[arg-type]  # fmt: skip


NOTES = Day(
    info=DayInfo(day=DAY, title="Day one"),
    notes=(
        note("late one", "late talk", "14:05"),  # matches the schedule, whatever the case
        note("early one", "Early talk", "09:10", speakers=("Guest",)),
        note("hallway", "Hallway chat", "10:00"),
        note("loose", "", "12:00"),
    ),
)


def test_scheduled_sessions_take_slot_room_and_speakers_from_the_schedule() -> None:
    summary = build_summary(NOTES, schedule=SCHEDULE)
    rows = [(g.title, g.start, g.end, g.room, g.speakers, len(g.notes)) for g in summary.sessions]
    assert rows == [
        ("Early talk", time(9), time(9, 30), "Tan Room", ("Bo", "Cy", "Guest"), 1),
        ("Hallway chat", time(10), None, "", (), 1),
        ("Late talk", time(14), time(14, 30), "Gray Room", ("Ana",), 1),
        ("", time(12), None, "", (), 1),
    ]
    assert summary.tally.sessions == 3
    assert summary.tally.speakers == 4


def test_all_sessions_lists_unattended_talks_without_counting_them() -> None:
    summary = build_summary(NOTES, schedule=SCHEDULE, all_sessions=True)
    titles = [g.title for g in summary.sessions]
    assert titles == ["Early talk", "Hallway chat", "Skipped talk", "Late talk", ""]
    assert summary.sessions[2].notes == ()
    assert summary.tally.sessions == 3


def test_the_post_names_room_and_slot_of_scheduled_sessions() -> None:
    post = day_post(NOTES, schedule=SCHEDULE)
    assert "## Early talk\n\nSpeakers: Bo, Cy and Guest.\n\nTan Room, 09:00–09:30.\n" in post
    assert "## Hallway chat\n\n- hallway\n" in post


def test_summary_and_export_read_the_imported_schedule(cli) -> None:
    assert cli("schedule", "import", str(FIXTURES / "fosdem-style.xml")).exit_code == 0
    day = "2025-02-01"
    cli("add", "Embassy runs on tiny chips", "--day", day, "--at", "9:40",
        "--session", "Async Rust in embedded systems")  # fmt: skip
    data = json.loads(cli("summary", "--day", day, "--json").stdout)
    [group] = data["sessions"]
    assert (group["start"], group["end"], group["room"], group["speakers"]) == (
        "09:30:00",
        "10:20:00",
        "K.1.105 (La Fontaine)",
        ["Dario Nieuwenhuis"],
    )
    shown = cli("summary", "--day", day, "--all-sessions")
    assert shown.exit_code == 0, shown.stderr
    assert "Welcome to FOSDEM 2025" in shown.stdout
    assert "09:30–10:20  Async Rust in embedded systems" in shown.stdout
    assert "Welcome to FOSDEM" not in cli("summary", "--day", day).stdout
    by_session = cli("export", "--day", day, "--by", "session").stdout
    assert "K.1.105 (La Fontaine), 09:30–10:20." in by_session
    post = cli("export", "--day", day).stdout  # the schedule names the session's speaker
    assert "**Dario Nieuwenhuis** in “Async Rust in embedded systems”." in post


def test_a_broken_schedule_file_is_a_warning_not_a_lost_summary(cli, notes_dir: Path) -> None:
    cli("add", "still here", "--day", "2025-02-01")
    (notes_dir / "schedule").mkdir()
    (notes_dir / "schedule" / "2025-02-01.toml").write_text("[sessions.x\n")
    result = cli("summary", "--day", "2025-02-01")
    assert result.exit_code == 0
    assert "still here" in result.stdout
    assert result.stderr.startswith("Warning: ")
    assert "going on without the schedule" in result.stderr
