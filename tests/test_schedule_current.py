"""The pure rules of conference context: which session a note joins, session lookup,
the capture prompt's line grammar, and sessions grouped with their notes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ospo_notes.capture.lines import Clock, Command, NoteDraft, parse_capture_line
from ospo_notes.errors import NotFoundError, UsageError
from ospo_notes.notes.model import Note
from ospo_notes.schedule.current import (
    Attachment,
    CurrentSession,
    attach,
    candidate_days,
    marked_session,
    resolve_session,
    running_at,
    session_day,
)
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary.day import sessions_for_summary

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = date(2025, 2, 1)


def entry(
    entry_id: str, title: str, start: str, end: str, room: str = "Janson", **kw: object
) -> ScheduleEntry:
    def at(clock: str) -> datetime:
        return datetime.combine(DAY, time.fromisoformat(clock), tzinfo=BRUSSELS)

    return ScheduleEntry(
        id=entry_id, title=title, start=at(start), end=at(end), day=DAY, room=room, **kw
    )


KEYNOTE = entry("k1", "Opening keynote", "09:30", "10:00", speakers=("Ada",))
RUST = entry("r1", "Async Rust in embedded systems", "09:30", "10:20", room="K.1.105")
PANEL = entry("p1", "Supply chain panel", "10:30", "11:15")
DAY_SCHEDULE = (KEYNOTE, RUST, PANEL)


def wall(clock: str) -> datetime:
    return datetime.combine(DAY, time.fromisoformat(clock))


# --- attach ------------------------------------------------------------------------------------


def test_one_session_running_attaches_with_its_speakers() -> None:
    got = attach(None, DAY_SCHEDULE, DAY, wall("10:45"))
    assert got == Attachment("Supply chain panel", (), "p1", "scheduled", DAY)
    assert attach(None, (KEYNOTE,), DAY, wall("09:45")).speakers == ("Ada",)


def test_parallel_sessions_attach_nothing() -> None:
    assert attach(None, DAY_SCHEDULE, DAY, wall("09:45")) == Attachment()


def test_start_is_inclusive_and_end_exclusive() -> None:
    assert attach(None, DAY_SCHEDULE, DAY, wall("10:30")).title == "Supply chain panel"
    assert attach(None, DAY_SCHEDULE, DAY, wall("11:15")) == Attachment()
    # 10:00 is the keynote's end, so only the Rust talk is running then
    assert attach(None, DAY_SCHEDULE, DAY, wall("10:00")).entry_id == "r1"
    assert attach(None, DAY_SCHEDULE, DAY, wall("10:29:59")) == Attachment()


def test_aware_times_compare_as_instants() -> None:
    in_utc = datetime(2025, 2, 1, 9, 45, tzinfo=UTC)  # 10:45 in Brussels
    assert attach(None, DAY_SCHEDULE, DAY, in_utc).entry_id == "p1"
    assert running_at(DAY_SCHEDULE, datetime(2025, 2, 1, 9, 45, tzinfo=BRUSSELS)) == [
        KEYNOTE,
        RUST,
    ]


def test_naive_times_are_the_conference_wall_clock() -> None:
    plus_five = timezone(timedelta(hours=5))
    far = ScheduleEntry(
        "f",
        "Far talk",
        datetime(2025, 2, 1, 9, tzinfo=plus_five),
        datetime(2025, 2, 1, 10, tzinfo=plus_five),
        DAY,
    )
    assert attach(None, (far,), DAY, wall("09:30")).title == "Far talk"


def test_started_session_wins_over_the_schedule_on_its_day() -> None:
    current = CurrentSession("Hallway chat", DAY, datetime(2025, 2, 1, 10), speakers=("Bo",))
    got = attach(current, DAY_SCHEDULE, DAY, wall("10:45"))
    assert got == Attachment("Hallway chat", ("Bo",), "", "started", DAY)
    assert attach(current, DAY_SCHEDULE, DAY, None).title == "Hallway chat"


def test_started_session_does_not_leak_into_another_day() -> None:
    yesterday = CurrentSession("Yesterday's talk", DAY - timedelta(days=1), datetime(2025, 1, 31))
    assert attach(yesterday, DAY_SCHEDULE, DAY, wall("10:45")).title == "Supply chain panel"
    assert attach(yesterday, DAY_SCHEDULE, DAY, wall("12:00")) == Attachment()


def test_unknown_time_attaches_only_a_started_session() -> None:
    assert attach(None, DAY_SCHEDULE, DAY, None) == Attachment()


def test_candidate_days_include_the_previous_day_for_after_midnight_sessions() -> None:
    assert candidate_days(DAY) == (date(2025, 1, 31), DAY)


# --- resolve_session ---------------------------------------------------------------------------


def test_resolve_by_id_prefix_and_title() -> None:
    entries = (*DAY_SCHEDULE, entry("9f1c0a4e-0001", "Closing", "17:00", "17:15"))
    assert resolve_session(entries, "r1") is RUST
    assert resolve_session(entries, "9f1c") is entries[-1]
    assert resolve_session(entries, "async rust") is RUST
    assert resolve_session(entries, "  OPENING KEYNOTE ") is KEYNOTE
    assert resolve_session(entries, "Lunch with friends") is None


def test_exact_title_beats_substring_matches() -> None:
    short = entry("a", "Rust", "12:00", "12:30")
    assert resolve_session((RUST, short), "rust") is short


def test_ambiguous_query_lists_candidates() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve_session(DAY_SCHEDULE, "n")
    message = str(caught.value)
    assert "'n' matches 3 sessions" in message
    assert "09:30 Opening keynote (k1)" in message
    assert "give more of the title, or the id" in message


def test_empty_query_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        resolve_session(DAY_SCHEDULE, "  ")


# --- the capture line grammar ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("plain note\n", NoteDraft("plain note")),
        ("!big claim", NoteDraft("big claim", "highlight")),
        ("? why so #slow", NoteDraft("why so #slow", "question")),
        ("> We ship on Fridays", NoteDraft("We ship on Fridays", "quote")),
        ("\\!not a highlight", NoteDraft("!not a highlight")),
        ("\\/usr/bin is full", NoteDraft("/usr/bin is full")),
        ("\\\\!two", NoteDraft("\\!two")),
        ("#tag only", NoteDraft("#tag only")),
        ("/ half the room left", NoteDraft("/ half the room left")),
        ("/session Opening keynote ", Command("session", "Opening keynote")),
        ("/stop", Command("stop")),
        ("/undo", Command("undo")),
        ("/help", Command("help")),
        ("+mail the speaker", NoteDraft("mail the speaker", "action")),
        ("\\+1 for slides", NoteDraft("+1 for slides")),
        ("/at 14:05", Clock(time(14, 5))),
        ("/at  9:30 ", Clock(time(9, 30))),
        ("", None),
        ("   \n", None),
    ],
)
def test_parse_capture_line(line: str, expected: object) -> None:
    assert parse_capture_line(line) == expected


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("/frob", "unknown command /frob"),
        ("!", "'!' needs text"),
        ("+", "'\\+' needs text after it, e.g. \\+mail the speaker"),
        ("/session", "needs a title"),
        ("/at", "/at needs a time"),
        ("/at 25:00", "^/at 25:00: not a time of day; use HH:MM"),
        ("/at soon", "^/at soon: not a time of day"),
    ],
)
def test_bad_capture_lines_are_reported_not_stored(line: str, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        parse_capture_line(line)


# --- sessions_for_summary ----------------------------------------------------------------------


def note(note_id: str, session: str, clock: str) -> Note:
    return Note(note_id, DAY, f"text {note_id}", time=time.fromisoformat(clock), session=session)


def test_sessions_for_summary_groups_notes_by_title_in_time_order() -> None:
    notes = [
        note("b", "supply chain panel", "10:50"),
        note("a", "Supply chain panel", "10:40"),
        note("c", "Opening keynote", "09:40"),
        note("d", "Lunch", "12:00"),
    ]
    grouped = sessions_for_summary(DAY_SCHEDULE, notes)
    assert [(g.entry.id, [n.id for n in g.notes]) for g in grouped] == [
        ("k1", ["c"]),
        ("r1", []),
        ("p1", ["a", "b"]),
    ]
    attended = sessions_for_summary(DAY_SCHEDULE, notes, attended_only=True)
    assert [g.entry.id for g in attended] == ["k1", "p1"]


def test_a_talk_listed_yesterday_and_running_past_midnight_keeps_its_day() -> None:
    yesterday = DAY - timedelta(days=1)
    start = datetime.combine(DAY, time(0, 30), tzinfo=BRUSSELS)
    late = ScheduleEntry("m1", "Midnight hack", start, start + timedelta(hours=1), yesterday)
    assert session_day(late) == yesterday
    got = attach(None, (late,), DAY, wall("00:45"))
    assert (got.title, got.reason, got.day) == ("Midnight hack", "scheduled", yesterday)
    started = CurrentSession("Midnight hack", yesterday, datetime(2025, 1, 31, 23), id="m1")
    held = attach(started, (late,), DAY, wall("00:45"))
    assert (held.reason, held.day) == ("started", yesterday)
    assert attach(started, (late,), DAY, wall("01:30")) == Attachment()  # it has ended
    ad_hoc = CurrentSession("Bar", yesterday, datetime(2025, 1, 31, 23))
    assert attach(ad_hoc, (), DAY, wall("00:45")) == Attachment()


# --- the session schedule show marks -----------------------------------------------------------


def at_brussels(clock: str, day: date = DAY) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=BRUSSELS)


def test_schedule_show_marks_the_started_session_on_any_day_it_is_listed() -> None:
    started = CurrentSession("Supply chain panel", DAY, wall("10:31"), id="p1")
    later = at_brussels("09:45", DAY + timedelta(days=5))
    assert marked_session(started, DAY_SCHEDULE, DAY, later) == "p1"
    elsewhere = CurrentSession("Hallway", DAY, wall("10:31"), id="x9")
    assert marked_session(elsewhere, DAY_SCHEDULE, DAY, at_brussels("10:45")) == ""


def test_schedule_show_marks_nothing_for_an_ad_hoc_session() -> None:
    ad_hoc = CurrentSession("Hallway chat", DAY, wall("10:31"))
    assert marked_session(ad_hoc, DAY_SCHEDULE, DAY, at_brussels("10:45")) == ""


def test_with_none_started_schedule_show_marks_the_one_running_now() -> None:
    assert marked_session(None, DAY_SCHEDULE, DAY, at_brussels("10:45")) == "p1"
    assert marked_session(None, DAY_SCHEDULE, DAY, at_brussels("09:45")) == ""  # two rooms
    assert marked_session(None, DAY_SCHEDULE, DAY, at_brussels("12:00")) == ""  # none


def test_running_now_counts_on_today_s_and_yesterday_s_list_only() -> None:
    night = ScheduleEntry(
        id="n1",
        title="Night",
        start=at_brussels("23:30"),
        end=at_brussels("00:30", DAY + ONE),
        day=DAY,
    )
    assert marked_session(None, (night,), DAY, at_brussels("00:10", DAY + ONE)) == "n1"
    # the same sessions shown as another day's list: a plan, not where you are
    assert marked_session(None, DAY_SCHEDULE, DAY - 2 * ONE, at_brussels("10:45")) == ""
    assert marked_session(None, DAY_SCHEDULE, DAY + ONE, at_brussels("10:45")) == ""


ONE = timedelta(days=1)
