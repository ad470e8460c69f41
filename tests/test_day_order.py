"""The one order of a day: sessions and notes by when they happened (summary.note_order)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.summary.day import build_summary, in_day_order, note_order, session_key

DAY = date(2024, 11, 28)


def note(place: int, at: str | None, session: str = "") -> Note:
    clock = time.fromisoformat(at) if at else None
    return Note(f"n{place:03d}", DAY, f"text {place}", time=clock, session=session)


def titles(day_notes: list[Note], schedule: tuple[ScheduleEntry, ...] = ()) -> list[str]:
    summary = build_summary(Day(DayInfo(DAY), tuple(day_notes)), schedule=schedule)
    return [group.title for group in summary.sessions]


def test_an_untimed_session_typed_in_the_morning_sorts_before_the_afternoon_talk() -> None:
    day_notes = [
        note(0, "09:10", "Opening keynote"),
        note(1, None, "Hallway: procurement"),
        note(2, None, "Hallway: procurement"),
        note(3, "16:20", "UNECE remarks"),
        note(4, None),
    ]
    assert titles(day_notes) == [
        "Opening keynote",
        "Hallway: procurement",
        "UNECE remarks",
        "",  # the notes of no session stay last
    ]


def test_a_session_sorts_by_its_earliest_note_time_not_its_first_line() -> None:
    day_notes = [note(0, "11:00", "Panel"), note(1, "10:00", "Talk"), note(2, "09:00", "Panel")]
    assert titles(day_notes) == ["Panel", "Talk"]


def test_an_untimed_note_keeps_its_place_between_timed_ones_within_a_session() -> None:
    day_notes = [note(0, "10:05", "Talk"), note(1, None, "Talk"), note(2, "10:20", "Talk")]
    day_notes.append(note(3, "10:00", "Talk"))
    (group,) = build_summary(Day(DayInfo(DAY), tuple(day_notes))).sessions
    assert [n.id for n in group.notes] == ["n003", "n000", "n001", "n002"]


def entry(title: str, start: datetime, listed: date = DAY) -> ScheduleEntry:
    return ScheduleEntry(title, title, start, start + timedelta(minutes=45), listed)


def test_a_scheduled_start_wins_and_a_talk_after_midnight_comes_last() -> None:
    schedule = (
        entry("Late talk", datetime(2024, 11, 29, 1, 15, tzinfo=UTC)),
        entry("Morning talk", datetime(2024, 11, 28, 9, 0, tzinfo=UTC)),
    )
    day_notes = [
        note(0, "23:50", "Late talk"),  # typed early, but the slot decides
        note(1, None, "Morning talk"),
        note(2, "16:20", "Afternoon chat"),
    ]
    assert titles(day_notes, schedule) == ["Morning talk", "Afternoon chat", "Late talk"]


def test_session_key_rules_directly() -> None:
    notes = [note(0, None, "A"), note(1, "12:00", "B"), note(2, "11:00", "A")]
    keys = note_order(notes)
    assert keys == {"n000": (43200.0, 0, 0), "n001": (43200.0, 1, 1), "n002": (39600.0, 1, 2)}
    assert session_key(None, [notes[0], notes[2]], keys) == (39600.0, 1, 2)  # earliest time
    assert session_key(None, [notes[0]], keys) == (43200.0, 0, 0)  # just before 12:00
    assert session_key(3600.0, [notes[1]], keys) == (3600.0, 1, 1)  # the slot
    assert session_key(None, [], {}) == (float("inf"), 1, 0)


clocks = st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0)))


@given(st.lists(clocks, max_size=20))
def test_the_day_order_is_total_stable_and_consistent_with_times(
    times: list[time | None],
) -> None:
    notes = [Note(f"n{i:03d}", DAY, "x", time=t) for i, t in enumerate(times)]
    keys = note_order(notes)
    assert len(set(keys.values())) == len(notes)  # total: no two notes tie
    ordered = in_day_order(notes)
    assert sorted(n.id for n in ordered) == sorted(n.id for n in notes)
    place = {n.id: i for i, n in enumerate(ordered)}
    for a in notes:
        for b in notes:
            if a.time is not None and b.time is not None and a.time < b.time:
                assert place[a.id] < place[b.id]  # consistent with times
            if a.time == b.time and a.id < b.id and a.time is not None:
                assert place[a.id] < place[b.id]  # stable: equal times keep file order
    for i, n in enumerate(notes):  # an untimed note sits right before the next timed one
        after = next((m for m in notes[i + 1 :] if m.time is not None), None)
        if n.time is None and after is not None:
            assert place[n.id] < place[after.id]
            assert all(place[m.id] < place[n.id] for m in notes if m.time and m.time < after.time)


@given(st.lists(st.tuples(clocks, st.sampled_from(["A", "B", "C", ""])), max_size=25))
def test_sessions_follow_their_earliest_times(rows: list[tuple[time | None, str]]) -> None:
    notes = [Note(f"n{i:03d}", DAY, "x", time=t, session=s) for i, (t, s) in enumerate(rows)]
    summary = build_summary(Day(DayInfo(DAY), tuple(notes)))
    assert sorted(n.id for g in summary.sessions for n in g.notes) == sorted(n.id for n in notes)
    assert [n.id for n in summary.notes] == [n.id for n in in_day_order(notes)]
    firsts = [
        min((n.time for n in g.notes if n.time), default=None) for g in summary.sessions if g.title
    ]
    timed = [t for t in firsts if t is not None]
    assert timed == sorted(timed)
    assert all(g.title for g in summary.sessions[:-1])  # the session-less group is last


def test_summary_and_export_show_the_untimed_morning_session_before_the_talk(cli) -> None:  # type: ignore[no-untyped-def]
    day = ("--day", "2024-06-18")
    cli("add", *day, "--at", "09:10", "-s", "Opening keynote", "welcome")
    cli("add", *day, "-s", "Hallway: procurement", "budget lines for maintenance")
    cli("add", *day, "--at", "16:20", "-s", "UNECE remarks", "closing words")
    summary = cli("summary", *day, "--json")
    assert summary.exit_code == 0, summary.stderr
    shown = [s["title"] for s in json.loads(summary.stdout)["sessions"]]
    assert shown == ["Opening keynote", "Hallway: procurement", "UNECE remarks"]
    text = cli("summary", *day).stdout
    assert text.index("Hallway: procurement") < text.index("UNECE remarks")
    post = cli("export", *day).stdout
    assert post.index("Hallway: procurement") < post.index("UNECE remarks")
