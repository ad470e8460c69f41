"""The pure merges of the shared files: theme and speaker vocabularies, stored schedules."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta, timezone

from ospo_notes.schedule.entry import ScheduleEntry
from ospo_notes.schedule.sources import ScheduleSource
from ospo_notes.schedule.stored import ScheduleDay, parse_schedule_day
from ospo_notes.store import speakers_file
from ospo_notes.store import themes_file as vocabulary
from ospo_notes.team.schedule_merge import merge_schedule_days, merge_sources
from ospo_notes.team.vocabulary_merge import VocabularyFile, merge_vocabulary

THEMES = VocabularyFile(vocabulary.SECTION, vocabulary.HEADER, vocabulary.parse_document)
SPEAKERS = VocabularyFile(speakers_file.SECTION, speakers_file.HEADER, speakers_file.parse_document)


def themes(**tables: dict) -> dict:
    return {"themes": tables} if tables else {}


def test_aliases_merge_as_sets_and_fields_one_by_one() -> None:
    base = themes(trust={"aliases": ["reliance", "faith"]})
    ours = themes(trust={"aliases": ["reliance", "belief"]})  # faith removed, belief added
    theirs = themes(trust={"aliases": ["reliance", "faith"], "description": "Whom we rely on"})
    merged = merge_vocabulary(THEMES, base, ours, theirs)
    assert merged.places == ()
    assert merged.text.startswith(vocabulary.HEADER)
    doc = tomllib.loads(merged.text)
    assert doc == themes(
        trust={"aliases": ["reliance", "belief"], "description": "Whom we rely on"}
    )


def test_a_table_dropped_on_one_side_merges_with_a_change_on_the_other() -> None:
    base = themes(trust={"aliases": ["faith"]})
    ours: dict = {}  # the last alias removed: the store drops the empty table
    theirs = themes(trust={"aliases": ["faith"], "title": "Trust"})
    merged = merge_vocabulary(THEMES, base, ours, theirs)
    assert tomllib.loads(merged.text) == themes(trust={"title": "Trust"})


def test_files_created_on_both_sides_merge_as_additions() -> None:
    ours = {"speakers": {"Grace Hopper": {"role": "Rear Admiral"}}}
    theirs = {"speakers": {"Ada Lovelace": {"role": "Analyst"}}}
    merged = merge_vocabulary(SPEAKERS, {}, ours, theirs)
    speakers = speakers_file.parse_document(tomllib.loads(merged.text))
    assert speakers.roles == {"Grace Hopper": "Rear Admiral", "Ada Lovelace": "Analyst"}


def test_two_changes_that_break_a_rule_together_are_marked_not_written() -> None:
    base = themes(trust={"description": "x"})
    ours = themes(trust={"description": "x", "aliases": ["reliance"]})
    theirs = themes(trust={"description": "x"}, reliance={"description": "its own theme"})
    merged = merge_vocabulary(THEMES, base, ours, theirs)
    assert sorted(merged.places) == ["theme reliance", "theme trust"]
    assert merged.text.count("<<<<<<< ours") == 2


def test_a_field_changed_differently_marks_that_entry_only() -> None:
    base = themes(trust={"description": "x"}, funding={"title": "F"})
    ours = themes(trust={"description": "ours"}, funding={"title": "F"})
    theirs = themes(trust={"description": "theirs"}, funding={"title": "Funding"})
    merged = merge_vocabulary(THEMES, base, ours, theirs)
    assert merged.places == ("theme trust (description)",)
    assert merged.text.count("<<<<<<< ours") == 1
    assert 'title = "Funding"' in merged.text.split(">>>>>>> theirs")[1]


# -- schedules --------------------------------------------------------------------------

DAY = date(2024, 11, 28)
TZ = timezone(timedelta(hours=1), "UTC+01:00")


def entry(session_id: str, title: str, room: str = "Main Hall", hour: int = 10) -> ScheduleEntry:
    start = datetime(2024, 11, 28, hour, tzinfo=TZ)
    return ScheduleEntry(session_id, title, start, start + timedelta(minutes=45), DAY, room)


def sday(*entries: ScheduleEntry) -> ScheduleDay:
    return ScheduleDay(DAY, entries, dict.fromkeys((e.id for e in entries), "smallcon.json"))


def titles(text: str) -> dict[str, tuple[str, str]]:
    parsed = parse_schedule_day(text.encode(), day=DAY, source="merged")
    return {e.id: (e.title, e.room) for e in parsed.entries}


def test_the_import_that_saw_every_change_wins_whichever_side_it_is() -> None:
    base = sday(entry("a", "Keynote"), entry("b", "Talk", hour=11))
    earlier = sday(entry("a", "Keynote", room="Room 2"), entry("b", "Talk", hour=11))
    later = sday(entry("a", "Keynote!", room="Room 2"), entry("b", "Talk", hour=11))
    for ours, theirs in ((earlier, later), (later, earlier)):
        merged = merge_schedule_days(base, ours, theirs)
        assert merged.notices == ()
        assert titles(merged.text)["a"] == ("Keynote!", "Room 2")


def test_when_nothing_tells_theirs_is_kept_and_said() -> None:
    base = sday(entry("a", "Keynote"))
    ours = sday(entry("a", "Keynote", room="Room 2"), entry("o", "Ours", hour=12))
    theirs = sday(entry("a", "Keynote!"))
    merged = merge_schedule_days(base, ours, theirs)
    assert titles(merged.text) == {"a": ("Keynote!", "Main Hall"), "o": ("Ours", "Main Hall")}
    assert merged.notices and "(a): kept theirs" in merged.notices[0]
    removed = merge_schedule_days(base, sday(), sday(entry("a", "Keynote")))
    assert titles(removed.text) == {}  # removed by one import, untouched by the other


def test_remembered_urls_merge_per_event_and_the_later_download_wins() -> None:
    old = ScheduleSource("DemoCon", "https://d.example/s.json")
    newer = ScheduleSource("DemoCon", old.url, last_modified="Tue, 15 Dec 2020 08:00:00 GMT")
    older = ScheduleSource("DemoCon", old.url, last_modified="Mon, 14 Dec 2020 08:00:00 GMT")
    base = {"DemoCon": old}
    for ours, theirs in ((newer, older), (older, newer)):
        merged = merge_sources(base, {"DemoCon": ours}, {"DemoCon": theirs, "X": old})
        doc = tomllib.loads(merged.text)
        assert doc["events"]["DemoCon"]["last_modified"] == newer.last_modified
        assert set(doc["events"]) == {"DemoCon", "X"}
