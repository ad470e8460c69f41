"""Schedule parsing: real-world-shaped files in, exact entries out; bad files, one-line errors."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ospo_notes.errors import ScheduleError
from ospo_notes.schedule import Schedule, ScheduleEntry, parse_schedule
from ospo_notes.schedule.zones import local_zone

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
BRUSSELS = ZoneInfo("Europe/Brussels")
BERLIN = ZoneInfo("Europe/Berlin")
PLUS_ONE = timezone(timedelta(hours=1))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str, tz: str | None = None) -> Schedule:
    return parse_schedule(fixture(name), tz=tz, source=name)


def by_title(schedule: Schedule, title: str) -> ScheduleEntry:
    (entry,) = [e for e in schedule.entries if e.title == title]
    return entry


def assert_one_line_error(data: bytes, source: str, *fragments: str, tz: str | None = None) -> str:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(data, tz=tz, source=source)
    message = str(caught.value)
    assert message.startswith(f"{source}: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    return message


# --- the real pretalx export ------------------------------------------------------------------


@pytest.fixture
def democon(democon_path: Path) -> bytes:
    return democon_path.read_bytes()


def test_real_pretalx_export_imports_completely(democon: bytes) -> None:
    schedule = parse_schedule(democon, source="pretalx-democon.json")

    assert schedule.title == "DemoCon"
    assert schedule.timezone == "UTC+01:00"  # file says UTC, every date says +01:00: dates win
    assert len(schedule.entries) == 36
    assert sorted({e.day for e in schedule.entries}) == [
        date(2020, 12, 14),
        date(2020, 12, 15),
        date(2020, 12, 16),
    ]
    assert {e.room for e in schedule.entries} == {"Gray Room", "Tan Room"}
    assert len({e.id for e in schedule.entries}) == 36
    first = schedule.entries[0]
    assert first == ScheduleEntry(
        id="8079583e-8321-506c-95af-fd2903a5f075",
        title="Focused 5thgeneration hardware",
        start=datetime(2020, 12, 14, 9, 0, tzinfo=PLUS_ONE),
        end=datetime(2020, 12, 14, 9, 30, tzinfo=PLUS_ONE),
        day=date(2020, 12, 14),
        room="Gray Room",
        speakers=("Brian Robinson",),
        track="Phased",
        kind="Talk",
        abstract="Brand back-end models!",
    )
    assert (first.start.hour, first.start.minute) == (9, 0)
    assert first.start.utcoffset() == timedelta(hours=1)
    assert schedule.entries[1].title == "Managed stable function"  # same start, "Tan" > "Gray"
    assert [e.start for e in schedule.entries] == sorted(e.start for e in schedule.entries)


def test_real_pretalx_export_with_tz_override_keeps_wall_clock(democon: bytes) -> None:
    schedule = parse_schedule(democon, tz="Europe/Berlin", source="pretalx-democon.json")

    assert schedule.timezone == "Europe/Berlin"
    assert schedule.entries[0].start == datetime(2020, 12, 14, 9, 0, tzinfo=BERLIN)
    assert schedule.entries[0].start.tzinfo == BERLIN
    assert schedule.entries[-1].end == datetime(2020, 12, 16, 15, 30, tzinfo=BERLIN)


# --- frab XML ---------------------------------------------------------------------------------


def test_frab_fosdem_style() -> None:
    schedule = parse_fixture("fosdem-style.xml")

    assert schedule.title == "FOSDEM 2025"
    assert schedule.timezone == "Europe/Brussels"
    assert [e.title for e in schedule.entries] == [
        "Welcome to FOSDEM 2025",
        "Async Rust in embedded systems",
        "Midnight lightning hack session",
        "Closing FOSDEM 2025",
    ]
    welcome = by_title(schedule, "Welcome to FOSDEM 2025")
    assert welcome == ScheduleEntry(
        id="9f1c0a4e-6c0b-5d3e-8a5e-2b7f1f4a0001",
        title="Welcome to FOSDEM 2025",
        start=datetime(2025, 2, 1, 9, 30, tzinfo=BRUSSELS),
        end=datetime(2025, 2, 1, 9, 55, tzinfo=BRUSSELS),
        day=date(2025, 2, 1),
        room="Janson",
        speakers=("FOSDEM Staff", 'Richard "RichiH" Hartmann'),
        track="Keynotes",
        kind="keynote",
        abstract="<p>FOSDEM welcome and opening talk.</p>",
    )
    parallel = by_title(schedule, "Async Rust in embedded systems")
    assert parallel.start == welcome.start  # no <date>: day date + <start> in the zone
    assert parallel.room == "K.1.105 (La Fontaine)"
    assert parallel.speakers == ("Dario Nieuwenhuis",)
    assert parallel.track == "Rust"


def test_frab_after_midnight_event_stays_on_its_listed_day() -> None:
    night = by_title(parse_fixture("fosdem-style.xml"), "Midnight lightning hack session")

    assert night.start == datetime(2025, 2, 2, 0, 30, tzinfo=BRUSSELS)
    assert night.end == datetime(2025, 2, 2, 1, 30, tzinfo=BRUSSELS)  # "01:00:00" duration
    assert night.day == date(2025, 2, 1)
    assert night.speakers == ()


def test_frab_event_without_guid_gets_a_deterministic_id() -> None:
    closing = by_title(parse_fixture("fosdem-style.xml"), "Closing FOSDEM 2025")
    again = by_title(parse_fixture("fosdem-style.xml"), "Closing FOSDEM 2025")

    assert closing.id.startswith("slot-")
    assert len(closing.id) == len("slot-") + 16
    assert closing.id == again.id
    assert closing.day == date(2025, 2, 2)


def test_frab_file_zone_beats_tz_override_when_consistent() -> None:
    schedule = parse_fixture("fosdem-style.xml", tz="Asia/Tokyo")

    assert schedule.timezone == "Europe/Brussels"
    assert schedule.entries[0].start.hour == 9


def test_frab_without_zone_uses_tz_override() -> None:
    data = fixture("fosdem-style.xml").replace(
        b"<time_zone_name>Europe/Brussels</time_zone_name>", b""
    )
    data = data.replace(b"+01:00</date>", b"</date>")  # naive stamps: wall clock in the zone

    schedule = parse_schedule(data, tz="America/New_York", source="x.xml")

    assert schedule.timezone == "America/New_York"
    assert schedule.entries[0].start == datetime(
        2025, 2, 1, 9, 30, tzinfo=ZoneInfo("America/New_York")
    )


# --- c3voc / pretalx JSON ---------------------------------------------------------------------


def test_c3voc_both_person_shapes_and_named_zone() -> None:
    schedule = parse_fixture("pretalx-small.json", tz="Asia/Tokyo")

    assert schedule.title == "SmallCon 2024"
    assert schedule.timezone == "Europe/Berlin"  # named zone agrees with +01:00: tz ignored
    keynote = by_title(schedule, "Opening keynote")
    assert keynote.speakers == ("Grace Hopper", "Ada Lovelace")
    assert keynote.start == datetime(2024, 11, 28, 10, 0, tzinfo=BERLIN)
    assert keynote.end == datetime(2024, 11, 28, 10, 45, tzinfo=BERLIN)
    assert keynote.kind == "Keynote"
    assert keynote.track == "Community"
    workshop = by_title(schedule, "Hands-on packaging")
    assert workshop.speakers == ("Linus Torvalds",)
    assert workshop.room == "Workshop Room"
    assert workshop.end == datetime(2024, 11, 28, 12, 0, tzinfo=BERLIN)


def test_c3voc_event_without_date_after_midnight() -> None:
    late = by_title(parse_fixture("pretalx-small.json"), "Late-night lightning talks")

    assert late.start == datetime(2024, 11, 29, 1, 15, tzinfo=BERLIN)  # before day_start 04:00
    assert late.day == date(2024, 11, 28)
    assert (late.track, late.abstract, late.speakers) == ("", "", ())


# --- iCalendar --------------------------------------------------------------------------------


def test_ical_utc_tzid_floating_and_folded() -> None:
    schedule = parse_fixture("indico-mixed.ics")

    assert schedule.title == "Open Source Summit"
    assert schedule.timezone == "Europe/Brussels"  # from the events' TZID
    assert [e.id for e in schedule.entries] == [
        "tzid-event@indico.example.org",
        "utc-event@indico.example.org",
        "floating-event@indico.example.org",
        "folded-event@indico.example.org",
    ]  # the all-day registration entry is skipped
    panel, utc, floating, folded = schedule.entries
    assert panel.title == "Supply chain security - a panel"  # not pretalx: no speaker split
    assert panel.speakers == ()
    assert (panel.room, panel.track) == ("Room A", "Security")
    assert panel.abstract == "Four maintainers, one stage."
    assert panel.end == datetime(2025, 2, 1, 10, 15, tzinfo=BRUSSELS)
    assert utc.start == datetime(2025, 2, 1, 11, 0, tzinfo=BRUSSELS)
    assert utc.start.tzinfo == BRUSSELS
    assert utc.end == datetime(2025, 2, 1, 11, 45, tzinfo=BRUSSELS)  # DURATION:PT45M
    assert floating.start == datetime(2025, 2, 1, 14, 0, tzinfo=BRUSSELS)
    assert floating.room == ""
    assert folded.title == (
        "A deliberately long session title that an exporter has to fold across"
        " several physical lines of the iCalendar file"
    )
    assert folded.start == datetime(2025, 2, 2, 1, 30, tzinfo=BRUSSELS)
    assert folded.day == date(2025, 2, 1)  # before 03:00: previous conference day


def test_ical_pretalx_summary_splits_speakers() -> None:
    schedule = parse_fixture("pretalx-speakers.ics", tz="Europe/Berlin")

    assert schedule.timezone == "Europe/Berlin"
    first, second = schedule.entries
    assert first.title == "Packaging Python in 2025"
    assert first.speakers == ("Speaker A", "Speaker B")
    assert first.start == datetime(2025, 2, 1, 9, 0, tzinfo=BERLIN)
    assert first.room == "Gray Room"
    assert second.title == "Rust - the good parts"  # split on the LAST " - "
    assert second.speakers == ("Speaker C",)


def test_ical_without_zone_falls_back_to_machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")

    schedule = parse_fixture("pretalx-speakers.ics")

    assert schedule.timezone == "Asia/Tokyo"
    assert schedule.entries[0].start == datetime(2025, 2, 1, 17, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_local_zone_reads_tz_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert local_zone().name == "Europe/Paris"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_zone().name != "Not/AZone"


def test_ical_duplicate_uids_stay_unique() -> None:
    data = fixture("pretalx-speakers.ics").replace(b"DEF456@", b"ABC123@")

    ids = [e.id for e in parse_schedule(data, tz="UTC", source="dup.ics").entries]

    assert ids == [
        "pretalx-democon-ABC123@pretalx.example.org",
        "pretalx-democon-ABC123@pretalx.example.org#2",
    ]


# --- detection from content -------------------------------------------------------------------


def test_detection_ignores_the_file_name() -> None:
    as_text = parse_schedule(fixture("fosdem-style.xml"), source="schedule.txt")
    json_as_ics = parse_schedule(fixture("pretalx-small.json"), source="export.ics")
    ics_as_xml = parse_schedule(fixture("indico-mixed.ics"), source="calendar.xml")

    assert as_text.title == "FOSDEM 2025"
    assert json_as_ics.title == "SmallCon 2024"
    assert ics_as_xml.title == "Open Source Summit"


def test_detection_tolerates_bom_and_leading_blank_lines() -> None:
    data = b"\xef\xbb\xbf\n\n  " + fixture("pretalx-small.json")
    assert len(parse_schedule(data, source="bom.json").entries) == 3
    data = b"\xef\xbb\xbf\r\n" + fixture("indico-mixed.ics")
    assert len(parse_schedule(data, source="bom.ics").entries) == 4


# --- bad files --------------------------------------------------------------------------------

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<schedule><conference><title>&lol3;</title></conference></schedule>
"""


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b" \n\t\r\n", "empty", id="blank"),
        pytest.param(fixture("fosdem-style.xml")[:1500], "XML is broken", id="truncated-xml"),
        pytest.param(fixture("pretalx-small.json")[:900], "JSON is broken", id="truncated-json"),
        pytest.param(
            b"<!DOCTYPE html>\n<html><head><title>Schedule</title></head></html>",
            "HTML web page",
            id="html",
        ),
        pytest.param(b"<html><body>Login</body></html>", "HTML web page", id="html-no-doctype"),
        pytest.param(b'{"talks": []}', "no 'schedule' key", id="json-other-shape"),
        pytest.param(b"[1, 2, 3]", "not a JSON object", id="json-array"),
        pytest.param(b'{"schedule": {"conference": {"days": 3}}}', "not a JSON array", id="days"),
        pytest.param(ENTITY_BOMB, "entities", id="entity-bomb"),
        pytest.param(b"<rss><channel/></rss>", "not a frab schedule", id="xml-other-root"),
        pytest.param(
            b'<?xml version="1.0" encoding="U-F-8"?><schedule/>', "XML is broken", id="xml-encoding"
        ),
        pytest.param(bytes(range(256)) * 4, "not recognised", id="binary"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not recognised", id="png"),
        pytest.param(
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "calendar is incomplete", id="cut-ics"
        ),
        pytest.param(b"BEGIN:VCALENDAR\r\n\xff\xfe\r\n", "not UTF-8", id="ics-not-utf8"),
        pytest.param(b"[" * 100_000, "JSON is broken", id="json-deep-nesting"),
    ],
)
def test_bad_files_raise_one_line_schedule_error(data: bytes, fragment: str) -> None:
    assert_one_line_error(data, "talks.dat", fragment)


def test_empty_schedule_is_refused() -> None:
    data = b"<schedule><conference><title>X</title></conference><day date='2025-01-01'/></schedule>"
    assert_one_line_error(data, "empty.xml", "no events", tz="UTC")


def test_unknown_tz_override_is_refused() -> None:
    message = assert_one_line_error(fixture("pretalx-small.json"), "s.json", tz="Mars/Olympus")
    assert "'Mars/Olympus'" in message
    assert "--tz" in message


def test_unknown_zone_in_file_is_refused_unless_tz_given() -> None:
    data = fixture("fosdem-style.xml").replace(b"Europe/Brussels", b"Europe/Atlantis")

    assert_one_line_error(data, "f.xml", "'Europe/Atlantis'", "--tz")
    assert parse_schedule(data, tz="Europe/Brussels", source="f.xml").timezone == "Europe/Brussels"


def _mutated_json(mutate: object) -> bytes:
    document = json.loads(fixture("pretalx-small.json"))
    event = document["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][0]
    assert callable(mutate)
    mutate(event)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("mutate", "fragments"),
    [
        pytest.param(lambda e: e.pop("title"), ("has no 'title'",), id="no-title"),
        pytest.param(lambda e: e.update(duration="ages"), ("'ages'", "HH:MM"), id="duration"),
        pytest.param(lambda e: e.update(duration="00:75"), ("'00:75'",), id="minutes-over-59"),
        pytest.param(lambda e: e.update(start="25:00"), ("'25:00'",), id="start"),
        pytest.param(lambda e: e.update(date="yesterday"), ("'yesterday'",), id="date"),
        pytest.param(lambda e: e.update(title=["a"]), ("not text",), id="title-type"),
        pytest.param(lambda e: e.update(persons=[7]), ("not a JSON object",), id="person"),
    ],
)
def test_malformed_json_events_name_the_problem(mutate: object, fragments: tuple[str]) -> None:
    assert_one_line_error(_mutated_json(mutate), "bad.json", *fragments)


@pytest.mark.parametrize("stamp", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00"])
def test_absurd_years_are_refused_not_overflowed(stamp: str) -> None:
    data = _mutated_json(lambda e: e.update(date=stamp))
    assert_one_line_error(data, "bad.json", "in the year", tz="Pacific/Kiritimati")


def test_ics_absurd_year_is_refused() -> None:
    data = fixture("pretalx-speakers.ics").replace(b"20250201T080000Z", b"99991231T233000Z")
    assert_one_line_error(data, "cal.ics", "year 9999", tz="Pacific/Kiritimati")


def test_ics_event_without_start_is_refused() -> None:
    data = fixture("pretalx-speakers.ics").replace(b"DTSTART:20250201T090000Z\r\n", b"")
    assert_one_line_error(data, "cal.ics", "no DTSTART", tz="UTC")


def test_ics_event_ending_before_start_is_refused() -> None:
    data = fixture("pretalx-speakers.ics").replace(b"DTEND:20250201T083000Z", b"DTEND:20250101")
    assert_one_line_error(data, "cal.ics", "ends on a date", tz="UTC")
    data = fixture("pretalx-speakers.ics").replace(
        b"DTEND:20250201T083000Z", b"DTEND:20250201T070000Z"
    )
    assert_one_line_error(data, "cal.ics", "ends before it starts", tz="UTC")


def test_ics_broken_dtstart_is_refused() -> None:
    data = fixture("pretalx-speakers.ics").replace(b"DTSTART:20250201T090000Z", b"DTSTART:2025")
    assert_one_line_error(data, "cal.ics", "DTSTART", tz="UTC")


# --- properties -------------------------------------------------------------------------------

PREFIXES = [
    b"",
    b"BEGIN:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    b"<schedule>",
    b'<schedule><day date="2025-01-01"><room name="A"><event>',
    b'{"schedule": {"conference": {"days": [',
    b"{",
]


def _only_schedule_errors(data: bytes, tz: str | None = "UTC") -> None:
    try:
        result = parse_schedule(data, tz=tz, source="fuzz")
    except ScheduleError as err:
        assert str(err).startswith("fuzz: ")
        assert "\n" not in str(err)
    else:
        assert result.entries


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=512))
def test_arbitrary_bytes_only_ever_raise_schedule_error(prefix: bytes, body: bytes) -> None:
    _only_schedule_errors(prefix + body)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=6,
)
EVENT_KEYS = ["guid", "date", "start", "duration", "title", "room", "track", "type", "persons"]


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(EVENT_KEYS), value=JSON_VALUES, tz=st.sampled_from([None, "UTC"]))
def test_any_json_value_in_an_event_field_only_raises_schedule_error(
    key: str, value: object, tz: str | None
) -> None:
    _only_schedule_errors(_mutated_json(lambda e: e.update({key: value})), tz=tz)


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(sorted(p.name for p in FIXTURES.iterdir())),
    cut=st.integers(min_value=0, max_value=4000),
    junk=st.binary(max_size=16),
)
def test_cut_and_spliced_fixtures_only_ever_raise_schedule_error(
    name: str, cut: int, junk: bytes
) -> None:
    data = fixture(name)
    _only_schedule_errors(data[:cut] + junk + data[cut + len(junk) :], tz=None)
