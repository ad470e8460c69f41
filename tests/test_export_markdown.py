"""The session and theme layouts: golden files for the sample day, and hostile notes in
every layout (the post's own tests are in test_export_post.py)."""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from markdown_check import (
    LINKIFY,
    OUR_TAGS,
    PARSER,
    SAFE_SCHEMES,
    inline_texts,
    links,
    render,
    skeleton,
    tags,
)
from ospo_notes.export import post
from ospo_notes.export.front_matter import quote
from ospo_notes.export.markdown import day_post, range_post
from ospo_notes.export.markdown_text import untag, visible_line, visible_text
from ospo_notes.notes.model import KINDS, Day, DayInfo, Note
from ospo_notes.store import NotesStore
from ospo_notes.vocabulary.themes import Vocabulary
from test_markdown_text import HOSTILE, NOTE_TEXT

SAMPLE_DAY = date(2024, 6, 18)

GOLDEN = Path(__file__).parent / "golden"
LAYOUTS = ("post", "session", "theme")


def check_golden(name: str, text: str) -> None:
    """Byte-for-byte; `UPDATE_GOLDEN=1 pytest` rewrites the files after a deliberate change."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes() == text.encode("utf-8"), f"{name} differs: rerun with UPDATE_GOLDEN=1"


@pytest.fixture
def sample(sample_dir: Path) -> Day:
    return NotesStore(sample_dir).read_day(SAMPLE_DAY)


@pytest.fixture
def vocabulary(sample_dir: Path) -> Vocabulary:
    """The sample notes dir's themes.toml: titles, descriptions and aliases."""
    return NotesStore(sample_dir).vocabulary()


def any_post(day: Day, layout: str, **options) -> str:  # type: ignore[no-untyped-def]
    if layout == "post":
        return post.day_post(day, **options)
    return day_post(day, by=layout, **options)


def second_day() -> Day:
    day = date(2024, 6, 19)
    notes = (
        Note("aa11bb22", day, "Open source in AI: what 'open' means", "highlight", time(10, 0),
             "Open source AI", ("A. Speaker",), ("open-ai", "trust")),
        Note("cc33dd44", day, "Who maintains the models?", "question", time(10, 20),
             "Open source AI", (), ("funding-maintenance",)),
    )  # fmt: skip
    return Day(DayInfo(day, "Open source and AI", "UN Open Source Week"), notes)


def test_sample_day_by_session(sample: Day, vocabulary: Vocabulary) -> None:
    check_golden("export-2024-06-18-session.md", day_post(sample, vocabulary=vocabulary))


def test_sample_day_by_theme(sample: Day, vocabulary: Vocabulary) -> None:
    check_golden("export-2024-06-18-theme.md", day_post(sample, by="theme", vocabulary=vocabulary))


def test_two_days_by_session(sample: Day, vocabulary: Vocabulary) -> None:
    text = range_post([sample, second_day()], vocabulary=vocabulary)
    assert text.startswith("# UN Open Source Week\n\nNotes from 18\u201319 June 2024 at UN")
    assert "## Tuesday 18 June 2024: OSPOs for Good\n\n### Opening keynote\n" in text
    assert "## Wednesday 19 June 2024: Open source and AI\n\n### Open source AI\n" in text
    assert "- **Building trust** (5 notes): Open source as a way" in text
    assert "Who maintains the models?" not in text
    with_all = range_post([sample, second_day()], vocabulary=vocabulary, kinds=KINDS)
    assert "- Who maintains the models? (Open source AI, 19 June)" in with_all


def test_the_session_layout_reads_like_a_write_up(sample: Day, vocabulary: Vocabulary) -> None:
    text = day_post(sample, vocabulary=vocabulary)
    lines = text.splitlines()
    assert lines[0] == "# OSPOs for Good — UN Open Source Week"
    assert lines[2] == "Notes from 18 June 2024 at UN Open Source Week."
    assert "## Opening keynote\n\nSpeaker: Amandeep Singh Gill.\n" in text
    assert "> The UN has to move beyond talking only to governments\n>\n> — Amandeep" in text
    assert "- **Having an OSPO connected people" in text
    assert "- Engage many stakeholders, not only member states\n" in text
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[-1] == "## Common themes"
    assert "- **Collaboration, not cost savings** (4 notes): Working with" in text


@pytest.mark.parametrize("layout", ["session", "theme"])
def test_questions_and_actions_only_when_included_and_at_the_end(sample: Day, layout: str) -> None:
    question = "How do small ministries share one OSPO"
    assert question not in day_post(sample, by=layout)
    text = day_post(sample, by=layout, kinds=KINDS)
    assert text.count(question) == 1
    assert text.index(question) > text.index("## Open questions")
    assert text.index("Look up how the Kenya OSPO") > text.index("## To follow up")


def test_the_theme_layout_puts_each_note_under_its_first_theme_by_title(
    sample: Day, vocabulary: Vocabulary
) -> None:
    text = day_post(sample, by="theme", vocabulary=vocabulary)
    items = inline_texts(text)
    for note in sample.of_kinds(("note", "highlight", "quote")).notes:
        own = visible_text(untag(note.text))
        assert sum(item == own or item.startswith(f"{own} (") for item in items) == 1, own
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[:3] == [
        "## Collaboration, not cost savings",
        "## Every stakeholder at the table",
        "## Building trust",
    ]
    assert "notes)" not in text
    assert "notes." not in text
    assert "## Open source for the public good\n\nOpen software, data and standards that" in text


def test_sessions_come_in_time_order_and_loose_notes_last(sample: Day) -> None:
    headings = [line for line in day_post(sample).splitlines() if line.startswith("## ")]
    assert headings[:6] == [
        "## Opening keynote",
        "## Government OSPOs: connecting people",
        "## OSPOs for the global south",
        "## Procurement and paying for maintenance",
        "## UNECE remarks",
        "## Also noted",
    ]


def test_theme_descriptions_and_aliases_come_from_the_vocabulary(sample: Day) -> None:
    vocabulary = Vocabulary(
        descriptions={"trust": "Open source as a way to build trust"},
        aliases={"transparency": "trust"},
    )
    text = day_post(sample, vocabulary=vocabulary)
    assert "- **Trust** (5 notes): Open source as a way to build trust. Heard in" in text
    assert "**Transparency**" not in text


def test_include_keeps_only_some_kinds(sample: Day) -> None:
    text = day_post(sample, kinds=("highlight",))
    assert "Room is full" not in text
    assert "## Open questions" not in text
    highlights = [n for n in sample.notes if n.kind == "highlight"]
    themes = {t for n in highlights for t in n.themes}
    assert text.count("- **") == len(highlights) + len(themes)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_notes_give_the_same_bytes(sample: Day, layout: str) -> None:
    shuffled = Day(sample.info, tuple(reversed(sample.notes)))
    assert any_post(shuffled, layout) == any_post(sample, layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_layout_shows_tag_syntax_and_links_work(
    sample: Day, vocabulary: Vocabulary, layout: str
) -> None:
    text = any_post(sample, layout, vocabulary=vocabulary)
    for parser in (PARSER, LINKIFY):
        seen = "\n".join(inline_texts(text, parser))
        assert not [t for n in sample.notes for t in n.themes if f"#{t}" in seen]
        assert ("https://webtv.un.org/", "https://webtv.un.org/") in links(text, parser)


def test_a_day_without_title_or_event_is_named_by_its_date() -> None:
    day = Day(DayInfo(SAMPLE_DAY), (Note("abcd1234", SAMPLE_DAY, "hello"),))
    assert day_post(day) == "# Notes from 18 June 2024\n\n## Also noted\n\n- hello\n"


def test_range_spans_read_naturally() -> None:
    def post(*days: date) -> str:
        return range_post([Day(DayInfo(d), (Note("abcd1234", d, "x"),)) for d in days])

    assert "Notes from 17\u201319 June 2024." in post(date(2024, 6, 17), date(2024, 6, 19))
    assert "Notes from 30 June \u2013 2 July 2024." in post(date(2024, 6, 30), date(2024, 7, 2))
    assert "Notes from 31 December 2024 \u2013 1 January 2025." in post(
        date(2024, 12, 31), date(2025, 1, 1)
    )


# -- hostile notes, in every place user text goes ------------------------------------------


def hostile_day(text: str) -> Day:
    notes = tuple(
        Note(f"id{i:06d}", SAMPLE_DAY, text, k, time(9, i), session=text, speakers=(text,),
             themes=(text,))
        for i, k in enumerate(("note", "highlight", "quote", "question", "action"))
    )  # fmt: skip
    return Day(DayInfo(SAMPLE_DAY, title=text, event=text), notes)


def benign(text: str) -> str:
    """Text with the same lines as `text` but nothing in them."""
    return "\n".join("x" for _ in visible_text(text).split("\n"))


def shown(text: str) -> str:
    """What a reader sees of a note's text in a post."""
    return visible_text(untag(text))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_everywhere_gives_the_structure_of_plain_text(text: str, layout: str) -> None:
    made = any_post(hostile_day(text), layout)
    assert skeleton(made) == skeleton(any_post(hostile_day(benign(text)), layout))
    for parser in (PARSER, LINKIFY):
        assert tags(render(made, parser)) <= OUR_TAGS
        assert all(href.startswith(SAFE_SCHEMES) for href, _ in links(made, parser))
    assert "{{" not in made
    assert "{%" not in made
    if "](http" not in text:  # a typed link shows its text
        assert any(shown(text) in seen for seen in inline_texts(made))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_range_post(text: str, layout: str) -> None:
    def make(first: Day) -> str:
        if layout == "post":
            return post.event_post([first, second_day()], with_front_matter=True, kinds=KINDS)
        return range_post([first, second_day()], by=layout, with_front_matter=True, kinds=KINDS)

    made, reference = make(hostile_day(text)), make(hostile_day(benign(text)))
    body, reference_body = made.split("---\n\n", 1)[1], reference.split("---\n\n", 1)[1]
    assert skeleton(body) == skeleton(reference_body)
    assert tags(render(body)) <= OUR_TAGS
    assert "{{" not in made
    assert "{%" not in made


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_is_ours_whatever_the_title(text: str, layout: str) -> None:
    made = any_post(hostile_day(text), layout, with_front_matter=True)
    lines = made.split("\n")
    assert lines[0] == "---"
    assert lines[1] == f"title: {quote(visible_line(text) + ' — ' + visible_line(text))}"
    assert lines[2] == "date: 2024-06-18"
    assert lines[3].startswith("tags: [")
    assert lines[4] == "---"
    assert lines[5] == ""
    assert not lines[6].startswith("# ")  # the title is the front matter's, not twice
    assert "h1" not in tags(render(made.split("---\n\n", 1)[1]))


@pytest.mark.parametrize("text", [*HOSTILE, "\u2028\x85\ufeff\x7f\x9f\t\"'\\: #"])
def test_front_matter_strings_read_back_exactly(text: str) -> None:
    import json

    quoted = quote(text)
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    assert json.loads(quoted) == text  # YAML double-quoted escapes are a superset of JSON's
    assert "{" not in quoted
    assert not any(c in quoted for c in "\n\r\x85\u2028\u2029\ufeff\x7f")


@settings(max_examples=100, deadline=None)
@given(NOTE_TEXT, st.sampled_from(LAYOUTS))
def test_any_text_anywhere_keeps_the_post_structure(text: str, layout: str) -> None:
    made = any_post(hostile_day(text), layout)
    assert skeleton(made) == skeleton(any_post(hostile_day(benign(text)), layout))
    if "](" not in text:
        assert any(shown(text) in seen for seen in inline_texts(made))
    assert "{" not in made


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("session", "## Also noted\n\n> x\n"),
        ("theme", "## Also noted\n\n> x\n"),
        ("post", "## More from the day\n\n- “x”\n"),
    ],
)
def test_blank_names_from_a_hand_edited_file_leave_no_empty_marks(
    layout: str, expected: str
) -> None:
    note = Note("abcd1234", SAMPLE_DAY, "x", "quote", session=" ", speakers=(" ",), themes=(" ",))
    made = any_post(Day(DayInfo(SAMPLE_DAY, " ", " "), (note,)), layout)
    assert made == f"# Notes from 18 June 2024\n\n{expected}"
