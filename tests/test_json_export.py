"""JSON export: every field of every note, TOML types included, and back."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.errors import NotesError
from ospo_notes.export.json_export import from_json, to_json
from ospo_notes.notes.codec import dump_day, parse_day
from ospo_notes.notes.model import KINDS, Day, DayInfo, Note
from ospo_notes.store import NotesStore
from test_export_markdown import check_golden

DAY = date(2024, 6, 18)


def test_sample_day_golden(sample_dir: Path) -> None:
    check_golden("export-2024-06-18.json", to_json([NotesStore(sample_dir).read_day(DAY)]))


def test_sample_day_round_trips(sample_dir: Path) -> None:
    day = NotesStore(sample_dir).read_day(DAY)
    back = from_json(to_json([day]), source="x.json")
    assert back == [day]
    assert dump_day(back[0]) == (sample_dir / "2024-06-18.toml").read_text()


def toml_values() -> st.SearchStrategy[object]:
    """What a TOML file can hold in a key we do not know."""
    scalars = st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",))),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(allow_nan=False),
        st.sampled_from([math.inf, -math.inf]),
        st.booleans(),
        st.dates(),
        st.times(),
        st.datetimes(),
        st.datetimes(timezones=st.just(timezone(timedelta(hours=5, minutes=30)))),
    )
    keys = st.one_of(st.text(min_size=1, max_size=5), st.just("$date"), st.just("$table"))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=8,
    )


EXTRA = st.dictionaries(st.sampled_from(["x", "mood", "$date", "links"]), toml_values(), max_size=3)
NOTES = st.lists(
    st.builds(
        Note,
        id=st.from_regex(r"[a-z0-9]{8}", fullmatch=True),
        day=st.just(DAY),
        text=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip),
        kind=st.sampled_from(KINDS),
        time=st.none() | st.times(),
        session=st.text(st.characters(blacklist_categories=("Cs",))),
        speakers=st.lists(st.text(st.characters(blacklist_categories=("Cs",)))).map(tuple),
        themes=st.lists(  # as stored: normalized (they are read so), no repeats
            st.from_regex(r"[a-z](?:[a-z0-9-]{0,7}[a-z0-9])?", fullmatch=True), unique=True
        ).map(tuple),
        author=st.text(st.characters(blacklist_categories=("Cs",))),
        extra=EXTRA,
    ),
    max_size=4,
    unique_by=lambda n: n.id,
)


@pytest.mark.slow  # hypothesis over whole days
@settings(max_examples=150, deadline=None)
@given(NOTES, EXTRA, st.text(st.characters(blacklist_categories=("Cs",))))
def test_any_day_round_trips_losslessly(notes: list[Note], extra: dict, title: str) -> None:  # type: ignore[type-arg]
    day = Day(DayInfo(DAY, title=title, event="E", extra=extra), tuple(notes))
    text = to_json([day])
    json.loads(text)  # strict JSON: no NaN or Infinity literals
    (back,) = from_json(text, source="x.json")
    assert back == day
    assert to_json([back]) == text  # extras too, down to a datetime's offset
    for a, b in zip(back.notes, day.notes, strict=True):
        assert _same(a.extra, b.extra)


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types (a float nan is equal to itself here)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_toml_types_in_extra_survive_a_trip_through_a_day_file() -> None:
    data = (
        b'format = 1\nday = 2024-06-18\nwifi = nan\n\n[notes.abcd1234]\ntext = "x"\n'
        b'seen = 2024-06-18T09:00:00+02:00\nslides = { url = "u", at = 09:00:00 }\n'
    )
    day = parse_day(data, day=DAY, source="d.toml")
    (back,) = from_json(to_json([day]), source="x.json")
    assert dump_day(back) == dump_day(day)
    assert back.notes[0].extra["seen"] == datetime(2024, 6, 18, 7, tzinfo=UTC)
    assert back.notes[0].extra["slides"]["at"] == time(9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "x.json:1:2: not valid JSON"),
        ("[]", "x.json: not an ospo-notes export"),
        ('{"format": "ospo-notes-export", "version": 2, "days": []}', "export version 2"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "20240618"}]}',
         "must be a date like 2024-06-18"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd1234"}]}]}', "has no 'text'"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd1234", "text": "x", "kind": "rant"}]}]}', "kind 'rant'"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "a b", "text": "x"}]}]}', "an id may hold only"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x"}, {"id": "abcd", "text": "y"}]}]}', "appears twice"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x", "day": "2024-06-19"}]}]}', "listed under"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x", "time": "9 am"}]}]}', "must be a time"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x", "mood": 1}]}]}', "unknown key 'mood'"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x", "extra": {"a": {"$uuid": "1"}}}]}]}',
         "unknown tagged value '$uuid'"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18", '
         '"notes": [{"id": "abcd", "text": "x", "extra": {"a": null}}]}]}', "null"),
        ('{"format": "ospo-notes-export", "version": 1, "days": [{"day": "2024-06-18"}, '
         '{"day": "2024-06-18"}]}', "a day appears twice"),
    ],
)  # fmt: skip
def test_invalid_exports_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(NotesError, match=None) as caught:
        from_json(text, source="x.json")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
