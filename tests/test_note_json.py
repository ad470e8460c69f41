"""`list --json` lays notes out by hand for speed: it must equal json.dumps exactly."""

import json
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.export.note_json import json_array, note_json
from ospo_notes.notes.model import Note

DAY = date(2024, 6, 18)


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(min_size=1).filter(str.strip),
    speakers=st.lists(st.text()),
    themes=st.lists(st.text(min_size=1)),
    author=st.text(),
    extra=st.dictionaries(
        st.text(),
        st.one_of(
            st.integers(),
            st.text(),
            st.lists(st.booleans()),
            st.lists(st.text()),
            st.dates(),
            st.dictionaries(st.text(), st.times()),
        ),
    ),
    count=st.integers(0, 5),
    chunk=st.integers(1, 3),
)
def test_notes_are_laid_out_exactly_like_json_dumps(
    text: str,
    speakers: list[str],
    themes: list[str],
    author: str,
    extra: dict[str, object],
    count: int,
    chunk: int,
) -> None:
    note = Note(
        id="abcd1234",
        day=DAY,
        text=text,
        time=time(9, 30),
        speakers=tuple(speakers),
        themes=tuple(themes),
        author=author,
        extra=extra,
    )
    expected = json.dumps([note.to_dict()] * count, ensure_ascii=False, indent=2, default=str)
    assert "".join(json_array([note_json(note)] * count, chunk=chunk)) == expected


def test_no_notes_is_an_empty_array() -> None:
    assert list(json_array([])) == ["[]"]


def test_pieces_hold_at_most_chunk_notes() -> None:
    texts = [note_json(Note(id=f"abcd{i:04}", day=DAY, text=f"n{i}")) for i in range(5)]
    pieces = list(json_array(texts, chunk=2))
    assert [piece.count('"id"') for piece in pieces] == [2, 2, 1]
