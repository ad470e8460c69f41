"""The pure merge of one day: field by field, themes as sets, and a property test.

Two clones edit random copies of one day (add, delete, change text or kind, tag,
untag); whatever they did, the merge keeps every note added on either side, drops
every note deleted on one side and left alone on the other, and gives the same notes
whichever side is ours.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.notes import codec
from ospo_notes.notes.model import KINDS, Day, DayInfo, Note
from ospo_notes.team.day_merge import Merged, merge_days
from ospo_notes.team.merge_marks import conflict_places

D = date(2024, 6, 18)
THEMES = ("open-data", "trust", "funding", "procurement")
SPEAKERS = ("Grace Hopper", "Ada Lovelace")
NOTE_HEADER = re.compile(r"^\[notes\.([A-Za-z0-9_-]+)\]$", re.MULTILINE)
OURS_ONLY = re.compile(r"<<<<<<< ours\n(.*?)=======\n.*?>>>>>>> theirs\n", re.DOTALL)


def day(*notes: Note, **info: str) -> Day:
    return Day(DayInfo(day=D, **info), notes)


def parsed(merged: Merged) -> Day:
    assert merged.conflicts == 0, merged.text
    return codec.parse_day(merged.text.encode(), day=D, source="merged")


def test_themes_and_speakers_merge_as_sets_and_other_fields_one_by_one() -> None:
    base = day(Note("aaaa", D, "one", themes=("trust", "funding"), speakers=("Grace Hopper",)))
    ours = day(Note("aaaa", D, "one, fixed", themes=("trust", "open-data"), speakers=()))
    theirs = day(Note("aaaa", D, "one", kind="quote", themes=("funding", "trust", "procurement")))
    note = parsed(merge_days(base, ours, theirs)).notes[0]
    assert (note.text, note.kind) == ("one, fixed", "quote")
    assert note.themes == ("trust", "open-data", "procurement")  # funding: removed by ours
    assert note.speakers == ()


def test_a_clash_marks_only_that_note_and_both_versions_keep_the_other_changes() -> None:
    base = day(Note("aaaa", D, "one"), Note("bbbb", D, "two"))
    ours = day(Note("aaaa", D, "ours", themes=("trust",)), Note("bbbb", D, "two"))
    theirs = day(Note("aaaa", D, "theirs", kind="quote"), Note("bbbb", D, "TWO"))
    merged = merge_days(base, ours, theirs)
    assert merged.places == ("note aaaa (text)",)
    assert conflict_places(merged.text) == ["note aaaa"]
    ours_side = merged.text.split("=======")[0].split("<<<<<<< ours")[1]
    theirs_side = merged.text.split("=======")[1].split(">>>>>>> theirs")[0]
    for side, text in ((ours_side, "ours"), (theirs_side, "theirs")):
        assert f'text = "{text}"' in side
        assert 'kind = "quote"' in side and '"trust"' in side
    assert 'text = "TWO"' in merged.text.split(">>>>>>> theirs")[1]


def test_header_fields_merge_one_by_one_and_a_clash_marks_only_that_line() -> None:
    base = day(title="T")
    clean = merge_days(base, day(title="T", intro="Hello\nagain"), day(title="U", event="E"))
    info = parsed(clean).info
    assert (info.title, info.event, info.intro) == ("U", "E", "Hello\nagain")
    merged = merge_days(base, day(title="A", event="E"), day(title="B", closing="Bye"))
    assert merged.places == ("the day's title",)
    assert 'title = "A"\n=======\ntitle = "B"\n>>>>>>> theirs' in merged.text
    resolved = OURS_ONLY.sub(r"\1", merged.text)
    info = codec.parse_day(resolved.encode(), day=D, source="resolved").info
    assert (info.title, info.event, info.closing) == ("A", "E", "Bye")


def test_unknown_keys_merge_per_key_like_any_field() -> None:
    base = day(Note("aaaa", D, "one"))
    ours = day(Note("aaaa", D, "one", extra={"mood": "glad"}))
    theirs = day(Note("aaaa", D, "one", extra={"reviewed": True}), extra={"venue": "NY"})
    merged = parsed(merge_days(base, ours, theirs))
    assert dict(merged.notes[0].extra) == {"mood": "glad", "reviewed": True}
    assert dict(merged.info.extra) == {"venue": "NY"}
    clash = merge_days(base, ours, day(Note("aaaa", D, "one", extra={"mood": "sad"})))
    assert clash.places == ("note aaaa (mood)",)


def test_a_field_this_merge_never_names_merges_like_the_others() -> None:
    """`author` (another change adds it to notes) merges by key, whatever the model calls it."""
    base = day(Note("aaaa", D, "one"))
    ours = day(Note("aaaa", D, "one", extra={"author": "Alice"}))
    theirs = day(Note("aaaa", D, "one, fixed"))
    table = tomllib.loads(merge_days(base, ours, theirs).text)["notes"]["aaaa"]
    assert (table["author"], table["text"]) == ("Alice", "one, fixed")
    clash = merge_days(base, ours, day(Note("aaaa", D, "one", extra={"author": "Bob"})))
    assert clash.places == ("note aaaa (author)",)


# -- the property: random edits on both sides ----------------------------------------

ids = st.sampled_from([f"b{n}" for n in range(4)])  # few: both sides often edit one note
texts = st.sampled_from(["one", "two", "three", "four"])
edit = st.one_of(
    st.tuples(st.just("add"), texts),
    st.tuples(st.just("delete"), ids),
    st.tuples(st.just("text"), ids, texts),
    st.tuples(st.just("kind"), ids, st.sampled_from(KINDS)),
    st.tuples(st.just("tag"), ids, st.sampled_from(THEMES)),
    st.tuples(st.just("untag"), ids, st.sampled_from(THEMES)),
    st.tuples(st.just("speaker"), ids, st.sampled_from(SPEAKERS)),
    st.tuples(st.just("title"), texts),
)


@st.composite
def base_days(draw: st.DrawFn) -> Day:
    chosen = draw(st.lists(ids, unique=True, min_size=1, max_size=4))
    notes = [
        Note(
            note_id,
            D,
            draw(texts),
            kind=draw(st.sampled_from(KINDS)),
            themes=tuple(draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=3))),
            speakers=tuple(draw(st.lists(st.sampled_from(SPEAKERS), unique=True, max_size=2))),
        )
        for note_id in chosen
    ]
    return day(*notes, title=draw(texts))


def edited(base: Day, edits: list[tuple[str, ...]], prefix: str) -> Day:
    """`base` after `edits`; notes added get ids starting with `prefix`."""
    notes = {note.id: note for note in base.notes}
    info = base.info
    for n, (op, *args) in enumerate(edits):
        if op == "add":
            notes[f"{prefix}{n}"] = Note(f"{prefix}{n}", D, args[0])
        elif op == "title":
            info = DayInfo(day=D, title=args[0])
        elif args[0] in notes:
            note = notes[args[0]]
            if op == "delete":
                del notes[args[0]]
            elif op in ("text", "kind"):
                notes[args[0]] = note.with_changes(**{op: args[1]})
            elif op == "tag":
                notes[args[0]] = note.with_changes(themes=(*note.themes, args[1]))
            elif op == "untag":
                themes = tuple(t for t in note.themes if t != args[1])
                notes[args[0]] = note.with_changes(themes=themes)
            else:
                speakers = tuple(dict.fromkeys((*note.speakers, args[1])))
                notes[args[0]] = note.with_changes(speakers=speakers)
    return Day(info, tuple(notes.values()))


def written_ids(merged: Merged) -> set[str]:
    """Every note in the merged text, conflict markers aside."""
    return set(NOTE_HEADER.findall(merged.text))


def comparable(merged: Merged) -> dict[str, tuple[object, ...]]:
    notes = parsed(merged).notes
    return {
        n.id: (n.text, n.kind, frozenset(n.themes), frozenset(n.speakers), n.time) for n in notes
    }


@pytest.mark.slow  # hypothesis over three-way merges of whole days
@settings(max_examples=300, deadline=None)
@given(base_days(), st.lists(edit, min_size=1, max_size=8), st.lists(edit, min_size=1, max_size=8))
def test_merge_keeps_additions_drops_deletions_and_is_symmetric(
    base: Day, our_edits: list[tuple[str, ...]], their_edits: list[tuple[str, ...]]
) -> None:
    ours, theirs = edited(base, our_edits, "o"), edited(base, their_edits, "t")
    merged, swapped = merge_days(base, ours, theirs), merge_days(base, theirs, ours)
    notes = [{n.id: n for n in d.notes} for d in (base, ours, theirs)]
    was, mine, other = notes
    kept = written_ids(merged)
    for side, rest in ((mine, other), (other, mine)):
        assert {i for i in side if i not in was} <= kept  # every addition
        for note_id, note in was.items():
            if note_id not in side and rest.get(note_id) in (note, None):
                assert note_id not in kept  # deleted here, untouched (or gone) there
            if note_id not in side and note_id in rest and rest[note_id] != note:
                assert note_id in kept  # deleted here, edited there: the edit stays
    assert written_ids(swapped) == kept
    assert sorted(merged.places) == sorted(swapped.places)
    if merged.conflicts == 0:
        assert comparable(merged) == comparable(swapped)
        both = parsed(merged)
        for note in both.notes:
            if note.id in was and note.id in mine and note.id in other:
                b, o, t = (set(d[note.id].themes) for d in notes)
                assert set(note.themes) == (o | t) - ((b - o) | (b - t))
