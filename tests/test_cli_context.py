"""`schedule import/show`, `session`, auto-attach in `add`, and `capture`, as users run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time as systime
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ospo_notes.notes import dates

FIXTURES = Path(__file__).parent / "fixtures" / "schedules"
FOSDEM = str(FIXTURES / "fosdem-style.xml")


def files_under(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ospo-notes" not in p.parts
    }


def notes_of(cli, day: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    result = cli("list", "--day", day, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def fosdem(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "import", FOSDEM)
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def brussels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock set to Brussels, for notes taken 'now'."""
    monkeypatch.setenv("TZ", "Europe/Brussels")
    systime.tzset()
    yield
    monkeypatch.undo()
    systime.tzset()


def clock_at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(dates, "now", lambda: when)


# --- schedule import ---------------------------------------------------------------------------


def test_import_the_real_pretalx_export_completely(
    cli, notes_dir: Path, democon_path: Path
) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "import", str(democon_path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        "Imported DemoCon: 36 sessions on 3 days (2020-12-14 to 2020-12-16), times in "
        "UTC+01:00; 36 added, 0 updated, 0 unchanged, 0 removed.\n"
    )
    assert sorted(p.name for p in (notes_dir / "schedule").iterdir()) == [
        "2020-12-14.toml",
        "2020-12-15.toml",
        "2020-12-16.toml",
    ]
    sessions = []
    for day in ("2020-12-14", "2020-12-15", "2020-12-16"):
        shown = cli("schedule", "show", "--day", day, "--json")
        assert shown.exit_code == 0
        sessions += json.loads(shown.stdout)
    assert len(sessions) == 36
    assert len({s["id"] for s in sessions}) == 36
    first = sessions[0]
    assert set(first) >= {"id", "title", "start", "end", "room", "speakers", "track"}
    assert first["start"] == "2020-12-14T09:00:00+01:00"
    assert {s["room"] for s in sessions} == {"Gray Room", "Tan Room"}
    again = cli("schedule", "import", str(democon_path))
    assert "0 added, 0 updated, 36 unchanged, 0 removed" in again.stderr


def test_import_each_format(cli) -> None:  # type: ignore[no-untyped-def]
    for name, day, count in [
        ("fosdem-style.xml", "2025-02-01", 3),
        ("pretalx-small.json", "2024-11-28", 3),
        ("indico-mixed.ics", "2025-02-01", 4),
        ("pretalx-speakers.ics", "2025-02-01", 2),
    ]:
        result = cli("schedule", "import", str(FIXTURES / name))
        assert result.exit_code == 0, result.stderr
        shown = json.loads(cli("schedule", "show", "--day", day, "--json").stdout)
        assert len([s for s in shown if s["id"]]) >= count, name
    small = json.loads(cli("schedule", "show", "--day", "2024-11-28", "--json").stdout)
    keynote = next(s for s in small if s["title"] == "Opening keynote")
    assert keynote["speakers"] == ["Grace Hopper", "Ada Lovelace"]
    assert keynote["start"] == "2024-11-28T10:00:00+01:00"


@pytest.mark.usefixtures("fosdem")
def test_show_lists_parallel_rooms_in_time_order_with_after_midnight_marked(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "show", "--day", "2025-02-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Schedule · 2025-02-01")
    rows = [[cell.strip() for cell in line.split("│")[2:5]] for line in lines if "│ 0" in line]
    assert rows == [
        ["09:30", "09:55", "Janson"],
        ["09:30", "10:20", "K.1.105 (La"],
        ["00:30+1", "01:30+1", "Janson"],
    ]


@pytest.mark.usefixtures("fosdem")
def test_show_json_has_iso_times_with_offsets(cli) -> None:  # type: ignore[no-untyped-def]
    shown = json.loads(cli("schedule", "show", "--day", "2025-02-01", "--json").stdout)
    assert [s["title"] for s in shown] == [
        "Welcome to FOSDEM 2025",
        "Async Rust in embedded systems",
        "Midnight lightning hack session",
    ]
    assert shown[2]["start"] == "2025-02-02T00:30:00+01:00"
    assert shown[2]["day"] == "2025-02-01"
    assert shown[1]["speakers"] == ["Dario Nieuwenhuis"]
    assert shown[1]["track"] == "Rust"
    assert not any(s["current"] for s in shown)


@pytest.mark.usefixtures("fosdem")
def test_show_an_empty_day_says_which_days_have_sessions(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "show", "--day", "2025-03-01")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (
        result.stderr == "No sessions on 2025-03-01. Days with sessions: 2025-02-01, 2025-02-02.\n"
    )


def test_show_without_any_schedule_says_how_to_import(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("schedule", "show", "--day", "2025-03-01")
    assert result.stderr == (
        "No sessions on 2025-03-01. Import one with: ospo-notes schedule import FILE\n"
    )


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"<!DOCTYPE html><html><body>Schedule</body></html>", "HTML web page"),
        (b'{"schedule": {"conference": ', "the JSON is broken"),
        (b"BEGIN:VCALENDAR\nVERSION:2.0\n", "calendar"),
        (b"hello", "not recognised"),
    ],
)
def test_bad_files_are_one_clear_error_and_change_nothing(  # type: ignore[no-untyped-def]
    cli, notes_dir: Path, tmp_path: Path, content: bytes, fragment: str
) -> None:
    cli("schedule", "import", FOSDEM)
    before = files_under(notes_dir)
    bad = tmp_path / "schedule.download"
    bad.write_bytes(content)
    result = cli("schedule", "import", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}: ")
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1
    assert files_under(notes_dir) == before


def test_missing_file_and_unknown_zone(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    missing = cli("schedule", "import", "nope.json")
    assert missing.exit_code == 2
    assert missing.stderr == (
        "Error: nope.json does not exist: give the path of the downloaded schedule, its URL, "
        "or - to read it from stdin\n"
    )
    zone = cli("schedule", "import", str(FIXTURES / "pretalx-speakers.ics"), "--tz", "Mars/Olympus")
    assert zone.exit_code == 1
    assert "unknown time zone 'Mars/Olympus'" in zone.stderr
    assert files_under(notes_dir) == {}


def test_tz_option_sets_the_zone_of_a_utc_only_calendar(cli) -> None:  # type: ignore[no-untyped-def]
    ics = str(FIXTURES / "pretalx-speakers.ics")
    result = cli("schedule", "import", ics, "--tz", "Europe/Brussels")
    assert "times in Europe/Brussels" in result.stderr
    shown = json.loads(cli("schedule", "show", "--day", "2025-02-01", "--json").stdout)
    assert shown[0]["start"] == "2025-02-01T09:00:00+01:00"
    assert shown[0]["timezone"] == "Europe/Brussels"


# --- session -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("fosdem")
def test_session_start_show_stop(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("session").stderr == "No session started: ospo-notes session start TITLE\n"
    started = cli("session", "start", "async rust", "--day", "2025-02-01")
    assert started.exit_code == 0
    assert started.stderr == (
        "Now in: 09:30-10:20 Async Rust in embedded systems (K.1.105 (La Fontaine)) · "
        "Dario Nieuwenhuis\n"
    )
    shown = cli("session")
    assert shown.stdout == "Async Rust in embedded systems · Dario Nieuwenhuis\n"
    assert "scheduled, id 9f1c0a4e-6c0b-5d3e-8a5e-2b7f1f4a0002" in shown.stderr
    table = cli("schedule", "show", "--day", "2025-02-01")
    marked = [line for line in table.stdout.splitlines() if "▶" in line]
    assert len(marked) == 1
    assert "Async Rust" in marked[0]
    data = json.loads(cli("schedule", "show", "--day", "2025-02-01", "--json").stdout)
    assert [s["current"] for s in data] == [False, True, False]
    stopped = cli("session", "stop")
    assert stopped.stderr == "Stopped: Async Rust in embedded systems\n"
    assert cli("session", "stop").stderr == "No session was started.\n"


@pytest.mark.usefixtures("fosdem")
def test_session_start_by_id_prefix_and_with_speakers(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("session", "start", "9f1c0a4e-6c0b-5d3e-8a5e-2b7f1f4a0001", "-d", "2025-02-01")
    assert "Welcome to FOSDEM 2025" in result.stderr
    result = cli("session", "start", "Welcome", "-d", "2025-02-01", "-p", "Someone Else")
    assert result.stderr.endswith("· Someone Else\n")


@pytest.mark.usefixtures("fosdem")
def test_ambiguous_session_lists_candidates(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("session", "start", "9f1c", "--day", "2025-02-01")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: '9f1c' matches 3 sessions: 09:30 Welcome to FOSDEM")
    assert result.stderr.count("\n") == 1
    assert cli("session").stderr.startswith("No session started")


def test_unknown_title_starts_an_ad_hoc_session(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("session", "start", "Hallway chat", "-d", "2025-02-01", "-p", "Bo")
    assert result.exit_code == 0
    assert result.stderr == (
        "No session on 2025-02-01 matches 'Hallway chat'; started an ad-hoc session: "
        "Hallway chat · Bo\n"
    )
    assert "(ad hoc; started" in cli("session").stderr


# --- add: auto-attach --------------------------------------------------------------------------


@pytest.mark.usefixtures("fosdem")
def test_add_joins_the_one_session_running_at_its_time(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("add", "--day", "2025-02-01", "--at", "10:00", "executors on a watch")
    assert result.exit_code == 0
    assert "· Async Rust in embedded systems (on the schedule now; notes/ in " in result.stderr
    (note,) = notes_of(cli, "2025-02-01")
    assert note["session"] == "Async Rust in embedded systems"
    assert note["speakers"] == ["Dario Nieuwenhuis"]


@pytest.mark.usefixtures("fosdem")
def test_add_during_parallel_sessions_joins_none(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "--day", "2025-02-01", "--at", "09:40", "which room am I in")
    cli("add", "--day", "2025-02-01", "--at", "12:00", "lunch")
    assert [(n["session"], n["speakers"]) for n in notes_of(cli, "2025-02-01")] == [
        ("", []),
        ("", []),
    ]


@pytest.mark.usefixtures("fosdem")
def test_add_options_win_over_the_schedule(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "--day", "2025-02-01", "--at", "10:00", "-p", "Guest", "a")
    cli("add", "--day", "2025-02-01", "--at", "10:00", "-s", "My own title", "b")
    got = [(n["session"], n["speakers"]) for n in notes_of(cli, "2025-02-01")]
    assert got == [("Async Rust in embedded systems", ["Guest"]), ("My own title", [])]


@pytest.mark.usefixtures("fosdem")
def test_add_after_midnight_joins_the_session_listed_on_the_day_before(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "--day", "2025-02-02", "--at", "00:45", "still hacking")
    (note,) = notes_of(cli, "2025-02-02")
    assert note["session"] == "Midnight lightning hack session"


@pytest.mark.usefixtures("fosdem")
def test_started_session_wins_and_does_not_leak_into_another_day(cli) -> None:  # type: ignore[no-untyped-def]
    cli("session", "start", "Hallway chat", "--day", "2025-02-01", "-p", "Bo")
    result = cli("add", "--day", "2025-02-01", "--at", "10:00", "in the corridor")
    assert "· Hallway chat (current session; notes/ in " in result.stderr
    cli("add", "--day", "2025-02-02", "--at", "17:05", "closing words")
    assert [(n["session"], n["speakers"]) for n in notes_of(cli, "2025-02-01")] == [
        ("Hallway chat", ["Bo"])
    ]
    assert [n["session"] for n in notes_of(cli, "2025-02-02")] == ["Closing FOSDEM 2025"]


@pytest.mark.usefixtures("fosdem", "brussels")
def test_a_note_taken_now_joins_the_session_running_now(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock_at(monkeypatch, datetime(2025, 2, 2, 17, 5))
    cli("add", "now then")
    (note,) = notes_of(cli, "2025-02-02")
    assert (note["session"], note["time"]) == ("Closing FOSDEM 2025", "17:05:00")
    shown = json.loads(cli("schedule", "show", "--day", "2025-02-02", "--json").stdout)
    assert shown[0]["current"] is True


def test_add_does_not_load_the_schedule_parsers(notes_dir: Path) -> None:
    env = {**os.environ, "OSPO_NOTES_DIR": str(notes_dir)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ospo_notes", "add", "x"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    for heavy in ("icalendar", "defusedxml", "rich", "ospo_notes.schedule.detect"):
        assert f" {heavy}\n" not in result.stderr, heavy


# --- capture -----------------------------------------------------------------------------------


def test_capture_from_piped_stdin(cli) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "first note #ai",
        "",
        "!a highlight",
        "?a question",
        "/undo",
        ">a quote",
        "\\!literal bang",
        "/frob",
        "!",
        "last",
    ]
    result = cli("capture", "--day", "2025-02-01", input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    stored = notes_of(cli, "2025-02-01")
    assert [(n["kind"], n["text"], n["themes"]) for n in stored] == [
        ("note", "first note #ai", ["ai"]),
        ("highlight", "a highlight", []),
        ("quote", "a quote", []),
        ("note", "!literal bang", []),
        ("note", "last", []),
    ]
    ids = result.stdout.split()
    assert len(ids) == 6  # every stored note acknowledged, the undone one too
    assert {n["id"] for n in stored} == set(ids) - {ids[2]}
    assert result.stderr.splitlines() == [
        "Removed " + ids[2] + ": a question",
        "Error: unknown command /frob: type /help (start the line with \\/ to store it as a note)",
        "Error: '!' needs text after it, e.g. !great point",
        "Captured 5 notes.",
    ]


@pytest.mark.usefixtures("fosdem")
def test_capture_session_commands_and_help(cli) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "/help",
        "/session welcome",
        "opening words",
        "/stop",
        "between talks",
        "/undo",
        "/undo",
        "/undo",
    ]
    result = cli("capture", "--day", "2025-02-01", input="\n".join(lines))
    assert result.exit_code == 0
    assert "!text  highlight" in result.stderr
    assert "Now in: 09:30-09:55 Welcome to FOSDEM 2025 (Janson)" in result.stderr
    assert "Stopped: Welcome to FOSDEM 2025" in result.stderr
    assert "Nothing to undo" in result.stderr
    assert result.stderr.endswith("Captured 0 notes.\n")
    assert notes_of(cli, "2025-02-01") == []


@pytest.mark.usefixtures("fosdem")
def test_capture_files_notes_under_the_started_session(cli) -> None:  # type: ignore[no-untyped-def]
    cli("capture", "--day", "2025-02-01", input="/session async\nslides on RTIC\n")
    (note,) = notes_of(cli, "2025-02-01")
    assert (note["session"], note["speakers"]) == (
        "Async Rust in embedded systems",
        ["Dario Nieuwenhuis"],
    )
    assert note["time"] is None  # not today: no clock time is invented


def test_capture_reports_a_note_it_could_not_store_and_exits_1(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    (notes_dir / "2025-02-01.toml").write_text("this is not toml\n")
    result = cli("capture", "--day", "2025-02-01", input="a\n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not saved" in result.stderr
    assert result.stderr.endswith("Captured 0 notes.\n")
    assert (notes_dir / "2025-02-01.toml").read_text() == "this is not toml\n"


@pytest.mark.usefixtures("fosdem")
def test_a_broken_schedule_file_never_costs_a_note(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    broken = notes_dir / "schedule" / "2025-02-01.toml"
    broken.write_text(broken.read_text() + "\n[sessions.x\n")
    result = cli("add", "--day", "2025-02-01", "--at", "10:00", "still saved")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {broken}:")
    assert "the note is saved without a session" in result.stderr
    assert [n["text"] for n in notes_of(cli, "2025-02-01")] == ["still saved"]
    shown = cli("schedule", "show", "--day", "2025-02-01")
    assert shown.exit_code == 1
    assert shown.stderr.startswith(f"Error: {broken}:")
    assert shown.stderr.count("\n") == 1


def test_capture_at_sets_the_clock_and_slash_at_moves_it(cli) -> None:  # type: ignore[no-untyped-def]
    lines = ["before the talk", "/at 14:05", "first point", "+mail the speaker", "/at 25:00"]
    lines += ["second point", "/at 9:30", "\\+1 for slides"]
    result = cli("capture", "--day", "2025-02-01", "--at", "13:50", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    stored = notes_of(cli, "2025-02-01")
    assert [(n["time"], n["kind"], n["text"]) for n in stored] == [
        ("09:30:00", "note", "+1 for slides"),
        ("13:50:00", "note", "before the talk"),
        ("14:05:00", "note", "first point"),
        ("14:05:00", "action", "mail the speaker"),
        ("14:05:00", "note", "second point"),
    ]
    assert result.stderr.splitlines() == [
        "Clock set to 14:05: the notes that follow get this time.",
        "Error: /at 25:00: not a time of day; use HH:MM from 00:00 to 23:59, "
        "e.g. /at 14:30 (the clock is unchanged)",
        "Clock set to 09:30: the notes that follow get this time.",
        "Captured 5 notes.",
    ]
    assert len(result.stdout.split()) == 5


def test_capture_without_a_clock_gives_no_time_on_another_day(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("capture", "--day", "2025-02-01", input="+follow up\n")
    assert result.exit_code == 0
    (note,) = notes_of(cli, "2025-02-01")
    assert (note["time"], note["kind"]) == (None, "action")


@pytest.mark.usefixtures("fosdem")
def test_capture_at_attaches_notes_to_the_session_scheduled_then(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("capture", "--day", "2025-02-01", "--at", "10:00", input="on time\n")
    assert result.exit_code == 0
    (note,) = notes_of(cli, "2025-02-01")
    assert note["session"] == "Async Rust in embedded systems"


def test_capture_help_lists_every_prefix(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("capture", "--day", "2025-02-01", input="/help\n")
    for shown in ("!text  highlight", "?text  question", ">text  quote", "+text  action item"):
        assert shown in result.stderr
    assert "/at HH:MM" in result.stderr
    assert "! ? > + / or \\ literally" in result.stderr


def test_capture_refuses_a_bad_at_option_before_reading(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("capture", "--day", "2025-02-01", "--at", "25:00", input="never stored\n")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "invalid time '25:00'" in result.stderr
    assert files_under(notes_dir) == {}
