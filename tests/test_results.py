"""One result object per command: each `to_dict` is the JSON the command prints.

The shapes are checked here directly; `test_result_views.py` checks that every
`--json` prints exactly `to_dict()` and that the terminal can draw every result.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ospo_notes.notes.model import Note
from ospo_notes.notes.query import NoteList
from ospo_notes.schedule.entry import DaySchedule, ScheduleEntry
from ospo_notes.schedule.zones import zone_name
from ospo_notes.vocabulary.speakers import SpeakerCount, SpeakersOverview

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = date(2025, 2, 1)


def entry(id: str = "s1", hour: int = 10, tz: timezone | ZoneInfo = BRUSSELS) -> ScheduleEntry:
    start = datetime(2025, 2, 1, hour, 0, tzinfo=tz)
    return ScheduleEntry(
        id=id,
        title=f"Talk {id}",
        start=start,
        end=start + timedelta(minutes=45),
        day=DAY,
        room="Janson",
        speakers=("Ana Lima", "Ben Okoro"),
        track="Keynotes",
        kind="Talk",
        abstract="About it.",
    )


def test_a_schedule_entry_as_data() -> None:
    assert entry().to_dict() == {
        "id": "s1",
        "title": "Talk s1",
        "start": "2025-02-01T10:00:00+01:00",
        "end": "2025-02-01T10:45:00+01:00",
        "day": "2025-02-01",
        "timezone": "Europe/Brussels",
        "room": "Janson",
        "speakers": ["Ana Lima", "Ben Okoro"],
        "track": "Keynotes",
        "kind": "Talk",
        "abstract": "About it.",
    }


def test_a_fixed_offset_entry_names_its_offset() -> None:
    fixed = timezone(timedelta(hours=5, minutes=30), "UTC+05:30")
    shown = entry(tz=fixed).to_dict()
    assert (shown["start"], shown["timezone"]) == ("2025-02-01T10:00:00+05:30", "UTC+05:30")


def test_zone_names() -> None:
    assert zone_name(BRUSSELS) == "Europe/Brussels"
    assert zone_name(None) == "UTC"
    assert zone_name(timezone(timedelta(hours=-3), "UTC-03:00")) == "UTC-03:00"


def test_a_day_schedule_marks_the_current_session_only() -> None:
    shown = DaySchedule(DAY, (entry("s1", 10), entry("s2", 11)), current_id="s2")
    rows = shown.to_dict()
    assert rows == [
        {**entry("s1", 10).to_dict(), "current": False},
        {**entry("s2", 11).to_dict(), "current": True},
    ]
    assert list(rows[0])[-1] == "current"  # after the session's own keys, as always printed
    assert DaySchedule(DAY, (entry(),)).to_dict()[0]["current"] is False
    assert DaySchedule(DAY, ()).to_dict() == []


def test_the_speakers_overview_as_data() -> None:
    gill = SpeakerCount("Amandeep Gill", "Envoy", "UN-ODET", ("A. Gill",), 3)
    bo = SpeakerCount("Bo", "", "", (), 0)
    data = SpeakersOverview((date(2024, 6, 18), date(2024, 6, 19)), (gill, bo))
    assert data.to_dict() == {
        "days": ["2024-06-18", "2024-06-19"],
        "speakers": [
            {
                "name": "Amandeep Gill",
                "role": "Envoy",
                "org": "UN-ODET",
                "aliases": ["A. Gill"],
                "notes": 3,
            },
            {"name": "Bo", "role": "", "org": "", "aliases": [], "notes": 0},
        ],
    }
    assert SpeakersOverview((), ()).to_dict() == {"days": [], "speakers": []}


def test_a_note_list_is_each_note_as_data() -> None:
    notes = [
        Note(id="abcd1234", day=date(2024, 6, 18), text="one", themes=("ai",)),
        Note(id="abcd5678", day=date(2024, 6, 18), text="two", kind="question", author="Ana"),
    ]
    assert NoteList(notes).to_dict() == [notes[0].to_dict(), notes[1].to_dict()]
    assert NoteList(iter(notes)).to_dict()[1]["author"] == "Ana"  # an iterator, read once
    assert NoteList(()).to_dict() == []
