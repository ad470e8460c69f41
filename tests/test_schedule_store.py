"""Stored schedule days: the TOML round-trip, re-import rules, and the file-safety rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ospo_notes.errors import DayFileError, ScheduleError
from ospo_notes.schedule import Schedule, ScheduleEntry, parse_schedule
from ospo_notes.schedule.current import CurrentSession
from ospo_notes.schedule.stored import ScheduleDay, dump_schedule_day, parse_schedule_day
from ospo_notes.schedule.zones import zone_name
from ospo_notes.store import NotesStore
from ospo_notes.store.files import schedule_in_use
from ospo_notes.store.schedule_store import ScheduleStore

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
BRUSSELS = ZoneInfo("Europe/Brussels")


def parsed(name: str, tz: str | None = None) -> Schedule:
    return parse_schedule((FIXTURES / name).read_bytes(), tz=tz, source=name)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ospo-notes" not in p.parts
    }


# --- round-trip --------------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
_zones = st.sampled_from(
    [
        BRUSSELS,
        ZoneInfo("America/New_York"),
        UTC,
        timezone(timedelta(hours=5, minutes=30), "UTC+05:30"),
    ]
)


@st.composite
def entries(draw: st.DrawFn) -> ScheduleEntry:
    zone = draw(_zones)
    start = draw(st.datetimes(datetime(2000, 1, 1), datetime(2040, 1, 1))).replace(
        microsecond=0, tzinfo=zone
    )
    start = start.astimezone(zone)  # normalise a wall time that falls in a DST gap
    length = timedelta(minutes=draw(st.integers(0, 24 * 60)))
    return ScheduleEntry(
        id=draw(st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s)),
        title=draw(_text.filter(str.strip)),
        start=start,
        end=(start.astimezone(UTC) + length).astimezone(zone),
        day=date(2024, 6, 18),
        room=draw(_text),
        speakers=tuple(draw(st.lists(_text, max_size=3))),
        track=draw(_text),
        kind=draw(_text),
        abstract=draw(_text),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entries(), max_size=4, unique_by=lambda e: e.id), _text)
def test_schedule_day_round_trips(items: list[ScheduleEntry], origin: str) -> None:
    items.sort(key=lambda e: (e.start, e.room, e.title))
    sday = ScheduleDay(
        day=date(2024, 6, 18), entries=tuple(items), origins={e.id: origin for e in items}
    )
    back = parse_schedule_day(dump_schedule_day(sday).encode(), day=sday.day, source="f")
    assert back.entries == sday.entries
    assert [zone_name(e.start.tzinfo) for e in back.entries] == [
        zone_name(e.start.tzinfo) for e in items
    ]
    assert [(e.start.utcoffset(), e.end.utcoffset()) for e in back.entries] == [
        (e.start.utcoffset(), e.end.utcoffset()) for e in items
    ]
    assert back.origins == ({e.id: origin for e in items} if origin else {e.id: "" for e in items})


# --- import ------------------------------------------------------------------------------------


def test_import_stores_each_day_and_reads_back_the_same_entries(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    schedule = parsed("fosdem-style.xml")
    result = store.import_schedule(schedule, "FOSDEM 2025")
    assert (result.added, result.updated, result.unchanged, result.removed) == (4, 0, 0, 0)
    assert store.days() == [date(2025, 2, 1), date(2025, 2, 2)]
    assert tuple(store.entries(store.days())) == schedule.entries
    midnight = store.read_day(date(2025, 2, 1)).entries[-1]
    assert midnight.title == "Midnight lightning hack session"
    assert midnight.start == datetime(2025, 2, 2, 0, 30, tzinfo=BRUSSELS)
    assert zone_name(midnight.start.tzinfo) == "Europe/Brussels"
    text = (tmp_path / "schedule" / "2025-02-01.toml").read_text()
    assert 'timezone = "Europe/Brussels"' in text
    assert "[sessions.9f1c0a4e-6c0b-5d3e-8a5e-2b7f1f4a0001]" in text


def test_ids_that_are_not_bare_keys_are_quoted(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    store.import_schedule(parsed("indico-mixed.ics"), "Open Source Summit")
    text = (tmp_path / "schedule" / "2025-02-01.toml").read_text()
    assert '[sessions."tzid-event@indico.example.org"]' in text
    titles = {e.title for e in store.entries(store.days())}
    assert (
        "A deliberately long session title that an exporter has to fold across several "
        "physical lines of the iCalendar file" in titles
    )


def test_reimport_is_idempotent_and_leaves_files_untouched(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    store.import_schedule(parsed("pretalx-small.json"), "SmallCon 2024")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "schedule").iterdir()}
    result = store.import_schedule(parsed("pretalx-small.json"), "SmallCon 2024")
    assert (result.added, result.updated, result.unchanged, result.removed) == (0, 0, 3, 0)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (tmp_path / "schedule").iterdir()}
    assert after == before


def test_reimport_updates_in_place_and_drops_talks_the_schedule_dropped(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    first = parsed("fosdem-style.xml")
    store.import_schedule(first, "FOSDEM 2025")
    moved = replace(first.entries[0], title="Welcome (moved)", room="K.1.105")
    second = Schedule(first.title, first.timezone, (moved, *first.entries[2:]))
    result = store.import_schedule(second, "FOSDEM 2025")
    assert (result.added, result.updated, result.removed) == (0, 1, 1)
    ids = [e.id for e in store.entries(store.days())]
    assert first.entries[1].id not in ids
    assert len(ids) == len(set(ids)) == 3
    assert store.read_day(date(2025, 2, 1)).entries[0].title == "Welcome (moved)"


def test_reimport_keeps_other_schedules_and_days_it_does_not_cover(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    fosdem = parsed("fosdem-style.xml")
    store.import_schedule(fosdem, "FOSDEM 2025")
    store.import_schedule(parsed("indico-mixed.ics"), "Open Source Summit")
    only_day_two = Schedule(fosdem.title, fosdem.timezone, fosdem.entries[-1:])
    result = store.import_schedule(only_day_two, "FOSDEM 2025")
    assert result.removed == 0  # day one is not in the file: left as it was
    day_one = store.read_day(date(2025, 2, 1))
    assert {day_one.origins[e.id] for e in day_one.entries} == {
        "FOSDEM 2025",
        "Open Source Summit",
    }
    assert len(day_one.entries) == 3 + 4  # the .ics's 01:30 talk counts to the day before


def test_a_session_moved_to_another_day_leaves_its_old_day(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    fosdem = parsed("fosdem-style.xml")
    store.import_schedule(fosdem, "FOSDEM 2025")
    rust = fosdem.entries[1]
    later = replace(
        rust,
        day=date(2025, 2, 2),
        start=rust.start + timedelta(days=1),
        end=rust.end + timedelta(days=1),
    )
    store.import_schedule(Schedule(fosdem.title, fosdem.timezone, (later,)), "FOSDEM 2025")
    assert rust.id not in {e.id for e in store.read_day(date(2025, 2, 1)).entries}
    assert rust.id in {e.id for e in store.read_day(date(2025, 2, 2)).entries}


def test_tz_override_is_stored_with_the_sessions(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    store.import_schedule(parsed("pretalx-speakers.ics", tz="America/New_York"), "democon")
    (first, _second) = store.entries(store.days())
    assert zone_name(first.start.tzinfo) == "America/New_York"
    assert first.start.hour == 3  # 08:00Z
    # Re-importing in another zone rewrites the stored times, and counts as an update.
    result = store.import_schedule(parsed("pretalx-speakers.ics", tz="Europe/Brussels"), "democon")
    assert result.updated == 2
    assert store.entries(store.days())[0].start.hour == 9


def test_import_never_touches_note_files(sample_dir: Path) -> None:
    notes_before = (sample_dir / "2024-06-18.toml").read_bytes()
    store = ScheduleStore(sample_dir)
    store.import_schedule(parsed("fosdem-style.xml"), "FOSDEM 2025")
    assert (sample_dir / "2024-06-18.toml").read_bytes() == notes_before
    assert NotesStore(sample_dir).days() == [date(2024, 6, 18)]


def test_a_broken_stored_day_stops_the_import_and_changes_nothing(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    store.import_schedule(parsed("fosdem-style.xml"), "FOSDEM 2025")
    broken = tmp_path / "schedule" / "2025-02-02.toml"
    broken.write_text(broken.read_text() + "\n[sessions.x\n")
    before = snapshot(tmp_path)
    with pytest.raises(DayFileError) as caught:
        store.import_schedule(parsed("indico-mixed.ics"), "Open Source Summit")
    assert str(caught.value).startswith(f"{broken}:")
    assert ":" in str(caught.value).split(": ")[0].removeprefix(str(broken))  # FILE:LINE:COL
    assert snapshot(tmp_path) == before


def test_sessions_that_would_not_read_back_stop_the_import_with_a_true_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ospo_notes.schedule import stored as schedule_codec

    monkeypatch.setattr(  # a writer that loses sessions: what `_checked` is there to catch
        schedule_codec, "parse_schedule_day", lambda _data, *, day, **_: ScheduleDay(day=day)
    )
    with pytest.raises(ScheduleError) as caught:
        ScheduleStore(tmp_path).import_schedule(parsed("fosdem-style.xml"), "FOSDEM 2025")
    message = str(caught.value)
    assert "would not read back unchanged" in message
    assert "newer" not in message
    assert not (tmp_path / "schedule").exists()  # no empty folder: `schedule_in_use` stays false
    assert not schedule_in_use(tmp_path)


def test_an_import_that_writes_nothing_creates_no_schedule_folder(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    empty = Schedule(title="", timezone="UTC", entries=())
    store.import_schedule(empty, "nothing")
    assert not (tmp_path / "schedule").exists()
    assert not schedule_in_use(tmp_path)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            "[sessions.a]\nstart = 2025-02-01T09:00:00+01:00\nend = 2025-02-01T10:00:00+01:00\n",
            "'title'",
        ),
        (
            '[sessions.a]\ntitle = "x"\nstart = 2025-02-01T09:00:00\n'
            "end = 2025-02-01T10:00:00+01:00\n",
            "'start' must be a date-time with offset",
        ),
        (
            '[sessions.a]\ntitle = "x"\nstart = 2025-02-01T09:00:00Z\nend = 2025-02-01T08:00:00Z\n',
            "'end' is before 'start'",
        ),
        ("sessions = 3\n", "'sessions' must be a table"),
        ("day = 2025-02-02\n", "'day' says"),
    ],
)
def test_invalid_stored_days_are_named(body: str, fragment: str) -> None:
    with pytest.raises(DayFileError, match=fragment):
        parse_schedule_day(body.encode(), day=date(2025, 2, 1), source="f.toml")


# --- the current session -----------------------------------------------------------------------


def test_current_session_round_trips_and_stops(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    assert store.current_session() is None
    session = CurrentSession(
        "Keynote", date(2025, 2, 1), datetime(2025, 2, 1, 9, 31, 5), "k1", ("Ada",)
    )
    store.start_session(session)
    assert store.current_session() == session
    assert store.stop_session() == session
    assert store.current_session() is None
    assert store.stop_session() is None


def test_an_unreadable_session_file_means_no_session(tmp_path: Path) -> None:
    store = ScheduleStore(tmp_path)
    store.start_session(CurrentSession("Keynote", date(2025, 2, 1), datetime(2025, 2, 1, 9)))
    store.session_path().write_text("title = [\n")
    assert store.current_session() is None
    store.session_path().write_text('title = "x"\nday = "2025-02-01"\nstarted = 1\n')
    assert store.current_session() is None
