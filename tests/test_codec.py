"""Day files: what we write reads back exactly, and what we cannot read is reported."""

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.errors import DayFileError
from ospo_notes.notes.codec import (
    dump_day,
    dump_header,
    dump_note,
    dump_note_for_editing,
    parse_day,
    parse_edited_note,
)
from ospo_notes.notes.model import KINDS, Day, DayInfo, Note

DAY = date(2024, 6, 18)
# Anything a person can type: every code point except lone surrogates (not storable as UTF-8).
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(str.strip)
words = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
notes = st.builds(
    Note,
    id=st.from_regex(r"[a-z0-9]{8}", fullmatch=True),
    day=st.just(DAY),
    text=texts,
    kind=st.sampled_from(KINDS),
    time=st.none() | st.times().map(lambda t: t.replace(microsecond=0)),
    session=words,
    speakers=st.lists(words, max_size=3).map(tuple),
    themes=st.lists(  # themes as stored: normalized (they are read so), no repeats
        st.from_regex(r"[a-z](?:[a-z0-9-]{0,11}[a-z0-9])?", fullmatch=True), max_size=3, unique=True
    ).map(tuple),
    author=words,  # "" (no author, no key) or any name a hand edit or import may hold
)


def parse(data: str) -> Day:
    return parse_day(data.encode(), day=DAY, source="2024-06-18.toml")


@pytest.mark.slow  # hypothesis over whole days
@settings(max_examples=200, deadline=None)
@given(
    st.lists(notes, max_size=5, unique_by=lambda n: n.id),
    words,
    words,
)
def test_any_day_round_trips_exactly(day_notes: list[Note], title: str, event: str) -> None:
    day = Day(info=DayInfo(day=DAY, title=title, event=event), notes=tuple(day_notes))
    assert parse(dump_day(day)) == day


paragraphs = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=200, deadline=None)
@given(st.lists(notes, max_size=3, unique_by=lambda n: n.id), paragraphs, paragraphs)
def test_intro_and_closing_round_trip_exactly(
    day_notes: list[Note], intro: str, closing: str
) -> None:
    info = DayInfo(day=DAY, title="OSPOs for Good", intro=intro, closing=closing)
    day = Day(info=info, notes=tuple(day_notes))
    again = parse(dump_day(day))
    assert again == day
    assert (again.info.intro, again.info.closing) == (intro, closing)
    assert again.info.extra == {}


@settings(max_examples=50, deadline=None)
@given(paragraphs, st.lists(notes, min_size=1, max_size=3, unique_by=lambda n: n.id))
def test_notes_appended_after_an_intro_read_back(intro: str, day_notes: list[Note]) -> None:
    info = DayInfo(day=DAY, intro=intro)
    appended = dump_header(info) + "".join(dump_note(n) for n in day_notes)
    assert parse(appended) == Day(info=info, notes=tuple(day_notes))


def test_a_paragraph_of_several_lines_is_written_readably() -> None:
    intro = "I was thrilled to be invited.\nA few hundred people from 40 countries."
    text = dump_header(DayInfo(day=DAY, intro=intro, closing="See you tomorrow!"))
    assert '"""\nI was thrilled to be invited.\nA few hundred people from 40 countries."""' in text
    assert 'closing = "See you tomorrow!"' in text
    assert parse(text).info.intro == intro


@settings(max_examples=100, deadline=None)
@given(st.lists(notes, min_size=1, max_size=4, unique_by=lambda n: n.id))
def test_appending_blocks_equals_writing_the_whole_day(day_notes: list[Note]) -> None:
    info = DayInfo(day=DAY, title="OSPOs for Good")
    appended = dump_header(info) + "".join(dump_note(n) for n in day_notes)
    assert appended == dump_day(Day(info=info, notes=tuple(day_notes)))


def test_unknown_keys_survive_a_rewrite() -> None:
    source = (
        'format = 1\nday = 2024-06-18\nvenue = "UN HQ"\n\n[notes.abcd1234]\nkind = "note"\n'
        'text = "hi"\nmood = "great"\n\n[notes.abcd1234.links]\nslides = "https://x"\n'
    )
    day = parse(source)
    assert day.info.extra == {"venue": "UN HQ"}
    assert day.notes[0].extra == {"mood": "great", "links": {"slides": "https://x"}}
    again = parse(dump_day(day))
    assert again == day
    assert again.info.extra == day.info.extra
    assert again.notes[0].extra == day.notes[0].extra


def test_text_is_stored_exactly() -> None:
    text = "Emoji 🎉, עברית (RTL), 'quotes' \"double\" \\ back\nnew line\ttab\r\n" + "x" * 1_000_000
    note = Note(id="abcd1234", day=DAY, text=text, time=time(9, 42))
    assert parse(dump_day(Day(info=DayInfo(day=DAY), notes=(note,)))).notes[0].text == text


def test_empty_file_is_an_empty_day() -> None:
    assert parse("") == Day(info=DayInfo(day=DAY))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('format = 1\nday = 2024-06-18\n[notes.a b]\ntext = "x"', r"2024-06-18.toml:3:\d+: "),
        ("notes = 3\n", "'notes' must be a table"),
        ('[notes.abcd]\nkind = "note"\n', "has no 'text'"),
        ('[notes.abcd]\ntext = "x"\nkind = "idea"\n', "kind 'idea' is not one of"),
        ('[notes.abcd]\ntext = "x"\nthemes = "trust"\n', "'themes' must be a list of strings"),
        ('[notes.abcd]\ntext = "x"\ntime = "9:42"\n', "'time' must be a time"),
        ("day = 2024-06-19\n", "'day' says .* but the file is named for 2024-06-18"),
        ('format = "one"\n', "'format' must be a positive whole number"),
        ("title = 3\n", "'title' must be a string"),
        ('intro = ["x"]\n', "'intro' must be a string"),
        ("closing = 3\n", "'closing' must be a string"),
        # values are named as the file writes them, never as Python shows them
        ("day = 2024-06-19\n", "'day' says 2024-06-19 but"),
        ("[notes.abcd]\ntext = 5\n", "'text' must be a string in quotes, not 5"),
        ('[notes.abcd]\ntext = "x"\ntime = 1979-05-27T07:32:00\n', "not 1979-05-27 07:32:00$"),
        ('[notes.abcd]\ntext = "x"\nsession = true\n', "'session' must be a string, not true$"),
    ],
)
def test_invalid_files_are_reported(source: str, message: str) -> None:
    with pytest.raises(DayFileError, match=message):
        parse(source)


def test_conflict_markers_get_a_hint() -> None:
    source = (
        'format = 1\n\n[notes.aaaa1111]\ntext = "a"\n<<<<<<< HEAD\n[notes.bbbb2222]\n'
        'text = "b"\n=======\n[notes.cccc3333]\ntext = "c"\n>>>>>>> other\n'
    )
    with pytest.raises(DayFileError, match=r"^2024-06-18.toml:5:\d+: .*git conflict markers"):
        parse(source)


def test_a_byte_order_mark_gets_a_hint() -> None:
    data = b"\xef\xbb\xbfformat = 1\n"
    with pytest.raises(DayFileError, match=r"^2024-06-18.toml:1:1: .*byte order mark.*without BOM"):
        parse_day(data, day=DAY, source="2024-06-18.toml")


def test_non_utf8_bytes_are_reported_with_their_line() -> None:
    with pytest.raises(DayFileError, match=r"2024-06-18.toml:2: byte b'\\xff' is not UTF-8"):
        parse_day(b'format = 1\ntitle = "\xff"\n', day=DAY, source="2024-06-18.toml")


def test_editing_round_trip_keeps_unchanged_note() -> None:
    note = Note(
        id="abcd1234",
        day=DAY,
        text="line one\nline two",
        kind="quote",
        time=time(9, 42),
        session="Keynote",
        speakers=("A",),
        themes=("trust",),
        author="Ana Lima",  # not shown in the editor (`edit --author` sets it), so kept
        extra={"mood": "ok"},
    )
    assert parse_edited_note(dump_note_for_editing(note), note) == note
    edited = dump_note_for_editing(note).replace('kind = "quote"', 'kind = "highlight"')
    changed = parse_edited_note(edited, note)
    assert changed.kind == "highlight"
    assert changed.extra == {"mood": "ok"}
    assert changed.author == "Ana Lima"


def test_editing_reports_bad_toml() -> None:
    note = Note(id="abcd1234", day=DAY, text="x")
    with pytest.raises(DayFileError, match=r"the edited note.*nothing was changed"):
        parse_edited_note("text = ", note)


def test_a_paragraph_with_windows_line_ends_keeps_them() -> None:
    # a TOML multi-line string reads "\r\n" back as "\n": such text must be written escaped
    info = DayInfo(day=DAY, intro="Line one\r\nLine two", closing="Bye\r\n")
    assert parse(dump_header(info)).info == info
