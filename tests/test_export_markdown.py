"""The Markdown post: golden files for the sample day, layouts, and hostile notes."""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from markdown_check import OUR_TAGS, PARSER, inline_texts, render, skeleton, tags
from ospo_notes.export.front_matter import quote
from ospo_notes.export.markdown import day_post, range_post
from ospo_notes.export.markdown_text import visible_line, visible_text
from ospo_notes.model import Day, DayInfo, Note
from ospo_notes.store import NotesStore
from ospo_notes.themes import Vocabulary
from test_markdown_text import HOSTILE, NOTE_TEXT

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_DAY = date(2024, 6, 18)


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
    """The sample notes dir's themes.toml: the export shows its descriptions and aliases."""
    return NotesStore(sample_dir).vocabulary()


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


def test_sample_day_with_front_matter(sample: Day, vocabulary: Vocabulary) -> None:
    check_golden(
        "export-2024-06-18-front-matter.md",
        day_post(sample, with_front_matter=True, vocabulary=vocabulary),
    )


def test_two_days_as_one_post(sample: Day, vocabulary: Vocabulary) -> None:
    check_golden(
        "export-2024-06-18-to-19.md", range_post([sample, second_day()], vocabulary=vocabulary)
    )


def test_the_post_reads_like_a_write_up(sample: Day) -> None:
    post = day_post(sample)
    lines = post.splitlines()
    assert lines[0] == "# OSPOs for Good — UN Open Source Week"
    assert lines[2] == "Notes from 18 June 2024 at UN Open Source Week."
    assert "## Opening keynote\n\nSpeaker: Amandeep Singh Gill.\n" in post
    assert "> The UN has to move beyond talking only to governments\n>\n> — Amandeep" in post
    assert "- **Having an OSPO connected people" in post
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[-3:] == ["## Common themes", "## Open questions", "## To follow up"]
    assert "- **collaboration** (5 notes): heard in Opening keynote;" in post


def test_questions_and_actions_come_only_at_the_end(sample: Day) -> None:
    post = day_post(sample)
    question = "How do small ministries share one OSPO"
    assert post.count(question) == 1
    assert post.index(question) > post.index("## Open questions")


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
    post = day_post(sample, vocabulary=vocabulary)
    assert "- **trust** (5 notes): Open source as a way to build trust. Heard in" in post
    assert "**transparency**" not in post


def test_include_keeps_only_some_kinds(sample: Day) -> None:
    post = day_post(sample, kinds=("highlight",))
    assert "Room is full" not in post
    assert "## Open questions" not in post
    highlights = [n for n in sample.notes if n.kind == "highlight"]
    themes = {t for n in highlights for t in n.themes}
    assert post.count("- **") == len(highlights) + len(themes)


def test_the_same_notes_give_the_same_bytes(sample: Day) -> None:
    shuffled = Day(sample.info, tuple(reversed(sample.notes)))
    assert day_post(shuffled) == day_post(sample)


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


@pytest.mark.parametrize("layout", ["session", "theme"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_everywhere_gives_the_structure_of_plain_text(text: str, layout: str) -> None:
    post = day_post(hostile_day(text), by=layout)
    assert skeleton(post) == skeleton(day_post(hostile_day(benign(text)), by=layout))
    html = render(post)
    assert tags(html) <= OUR_TAGS
    assert "{{" not in post
    assert "{%" not in post
    assert visible_text(text) in inline_texts(post)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_range_post(text: str) -> None:
    post = range_post([hostile_day(text), second_day()], with_front_matter=True)
    reference = range_post([hostile_day(benign(text)), second_day()], with_front_matter=True)
    body, reference_body = post.split("---\n\n", 1)[1], reference.split("---\n\n", 1)[1]
    assert skeleton(body) == skeleton(reference_body)
    assert tags(render(body)) <= OUR_TAGS
    assert "{{" not in post
    assert "{%" not in post


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_is_ours_whatever_the_title(text: str) -> None:
    post = day_post(hostile_day(text), with_front_matter=True)
    lines = post.split("\n")
    assert lines[0] == "---"
    assert lines[1] == f"title: {quote(visible_line(text) + ' — ' + visible_line(text))}"
    assert lines[2] == "date: 2024-06-18"
    assert lines[3].startswith("tags: [")
    assert lines[4] == "---"
    assert lines[6].startswith("# ")
    assert PARSER.parse(post.split("---\n\n", 1)[1])[0].tag == "h1"


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
@given(NOTE_TEXT, st.sampled_from(["session", "theme"]))
def test_any_text_anywhere_keeps_the_post_structure(text: str, layout: str) -> None:
    post = day_post(hostile_day(text), by=layout)
    assert skeleton(post) == skeleton(day_post(hostile_day(benign(text)), by=layout))
    assert visible_text(text) in inline_texts(post)
    assert "{" not in post


@pytest.mark.parametrize("layout", ["session", "theme"])
def test_blank_names_from_a_hand_edited_file_leave_no_empty_marks(layout: str) -> None:
    note = Note("abcd1234", SAMPLE_DAY, "x", "quote", session=" ", speakers=(" ",), themes=(" ",))
    post = day_post(Day(DayInfo(SAMPLE_DAY, " ", " "), (note,)), by=layout)
    assert post == "# Notes from 18 June 2024\n\n## Also noted\n\n> x\n"
