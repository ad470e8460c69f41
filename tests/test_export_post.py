"""The post (the default export): the seed post's shape from notes alone."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest

from markdown_check import LINKIFY, PARSER, inline_texts, links, render
from ospo_notes.export.markdown_text import untag, visible_text
from ospo_notes.export.post import day_post, event_post
from ospo_notes.notes.model import KINDS, Day, DayInfo, Note
from ospo_notes.store import NotesStore
from ospo_notes.vocabulary.speakers import Speakers
from ospo_notes.vocabulary.themes import Vocabulary
from test_export_markdown import SAMPLE_DAY, check_golden, second_day

PUBLIC = ("note", "highlight", "quote")
PARTS = ("## Speakers", "## Highlights and common themes", "## More from the day")


@pytest.fixture
def sample(sample_dir: Path) -> Day:
    return NotesStore(sample_dir).read_day(SAMPLE_DAY)


@pytest.fixture
def vocabulary(sample_dir: Path) -> Vocabulary:
    return NotesStore(sample_dir).vocabulary()


@pytest.fixture
def speakers(sample_dir: Path) -> Speakers:
    return NotesStore(sample_dir).speakers()


def seen(markdown: str) -> list[str]:
    """The text of every paragraph, heading and list item a reader sees."""
    return inline_texts(markdown)


def shown(note: Note) -> str:
    return visible_text(untag(note.text))


def day_two() -> Day:
    """The second sample day, with an intro and a closing of its own."""
    day = second_day()
    info = replace(day.info, intro="Day two was about AI.", closing="Off to the last day!")
    return replace(day, info=info)


# -- the sample, as golden files --------------------------------------------------------


def test_sample_day_post(sample: Day, vocabulary: Vocabulary, speakers: Speakers) -> None:
    check_golden("export-2024-06-18.md", day_post(sample, vocabulary=vocabulary, speakers=speakers))


def test_sample_day_post_with_front_matter(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers, with_front_matter=True)
    check_golden("export-2024-06-18-front-matter.md", made)


def test_an_event_post(sample: Day, vocabulary: Vocabulary, speakers: Speakers) -> None:
    made = event_post([sample, day_two()], vocabulary=vocabulary, speakers=speakers)
    check_golden("export-2024-06-18-to-19.md", made)


# -- the shape of the seed post --------------------------------------------------------


def test_the_parts_come_in_the_seed_posts_order(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers)
    title, intro = made.index("# OSPOs for Good"), made.index("I was thrilled to be invited")
    parts = [made.index(f"\n{part}\n") for part in PARTS]
    closing = made.index("So far, I'm really enjoying the event")
    assert [title, intro, *parts, closing] == sorted([title, intro, *parts, closing])
    assert made.endswith("looking forward to the next two days!\n")


def test_every_note_appears_exactly_once(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    texts = seen(day_post(sample, vocabulary=vocabulary, speakers=speakers))
    for note in sample.of_kinds(PUBLIC).notes:
        forms = (shown(note), f"“{shown(note)}”")
        assert sum(texts.count(form) for form in forms) == 1, note.text


def test_speakers_come_once_with_role_and_organisation_in_the_order_they_spoke(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers)
    gill = (
        "**Amandeep Singh Gill**, Under-Secretary-General and Special Envoy for Digital and "
        "Emerging Technologies, UN-ODET, in “Opening keynote”:\n\n"
        "- UN sees open source as a foundation for digital transformation\n\n"
        "> The UN has to move beyond talking only to governments\n>\n> — Amandeep Singh Gill\n"
    )
    assert gill in made
    mariyasin = "**Dmitry Mariyasin**, Deputy Executive Secretary, UNECE, in “UNECE remarks”:"
    assert made.index(gill) < made.index(mariyasin)
    assert made.count("Amandeep Singh Gill**") == 1


def test_an_alias_is_the_speaker_it_stands_for(sample: Day, speakers: Speakers) -> None:
    later = Note("alias001", SAMPLE_DAY, "Said again", "highlight", time(18, 0),
                 "Closing", ("Amandeep Gill",))  # fmt: skip
    made = day_post(replace(sample, notes=(*sample.notes, later)), speakers=speakers)
    assert "Amandeep Gill" not in made.replace("Amandeep Singh Gill", "")
    assert "UN-ODET, in “Opening keynote” and “Closing”:" in made
    assert made.index("- Said again") < made.index("**Dmitry Mariyasin**")


def test_themes_by_title_most_frequent_first_highlights_first_and_no_counts(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers)
    themes = made.split("## Highlights and common themes\n\n", 1)[1].split("\n\n", 1)[0]
    heads = [line for line in themes.splitlines() if line.startswith("- ")]
    assert heads[:3] == [
        "- **Collaboration, not cost savings.** Working with others instead of alone: across "
        "teams, agencies and countries.",
        "- **Every stakeholder at the table.** Governments, companies, universities and civil "
        "society at one table.",
        "- **Building trust.** Open source as a way to build trust between institutions and "
        "people.",
    ]
    paying = themes.split("- **Paying for maintenance.**", 1)[1].splitlines()[1]
    assert paying.startswith("  - Easy to fund new features")  # a highlight comes first
    assert not re.search(r"\d+ notes?\b", made)


def test_a_note_goes_under_the_first_theme_it_was_tagged_with() -> None:
    notes = (
        Note("a1", SAMPLE_DAY, "one", "note", time(9), themes=("b", "a")),
        Note("a2", SAMPLE_DAY, "two", "note", time(10), themes=("a",)),
        Note("a3", SAMPLE_DAY, "three", "highlight", time(11), themes=("a", "b")),
    )
    made = day_post(Day(DayInfo(SAMPLE_DAY), notes))
    assert "- **A**\n  - three\n  - two\n- **B**\n  - one\n" in made


def test_questions_and_actions_appear_only_when_included(sample: Day) -> None:
    private = [n for n in sample.notes if n.kind in ("question", "action")]
    assert private
    made = day_post(sample)
    assert not [n for n in private if n.text in made]
    everything = day_post(sample, kinds=KINDS)
    assert all(everything.count(n.text) == 1 for n in private)
    assert everything.index("## Open questions") > everything.index("## More from the day")
    assert everything.index("## To follow up") < everything.index("So far, I'm really")


def test_links_work_and_tags_are_gone(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers)
    for parser in (PARSER, LINKIFY):
        assert '<a href="https://webtv.un.org/">https://webtv.un.org/</a>' in render(made, parser)
        assert all(href.startswith(("https:", "http:", "mailto:")) for href, _ in links(made))
    text = "\n".join(seen(made))
    assert not re.search(r"#[^\W_]", text)
    assert "Engage many stakeholders, not only member states" in text


def test_without_an_intro_one_factual_line_leads() -> None:
    day = Day(
        DayInfo(SAMPLE_DAY, "Day", "Event"), (Note("a1", SAMPLE_DAY, "hello #x", themes=("x",)),)
    )
    assert day_post(day) == (
        "# Day — Event\n\nNotes from 18 June 2024 at Event.\n\n"
        "## Highlights and common themes\n\n- **X**\n  - hello\n"
    )


def test_intro_and_closing_keep_their_paragraphs_and_stay_text() -> None:
    info = DayInfo(SAMPLE_DAY, intro="First <b>para</b>.\n\n\nSecond\nline.", closing="# Bye")
    made = day_post(Day(info, (Note("a1", SAMPLE_DAY, "x"),)))
    assert seen(made)[1:3] == ["First <b>para</b>.", "Second\nline."]
    assert seen(made)[-1] == "# Bye"
    assert "<h" not in render(made).split("</h1>", 1)[1].replace("<h2>", "")


def test_front_matter_has_slug_tags_and_no_second_title(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = day_post(sample, vocabulary=vocabulary, speakers=speakers, with_front_matter=True)
    head, body = made.split("---\n\n", 1)
    assert head.splitlines()[1:4] == [
        'title: "OSPOs for Good — UN Open Source Week"',
        "date: 2024-06-18",
        'tags: ["collaboration", "multi-stakeholder", "trust", "digital-public-goods", '
        '"funding-maintenance", "global-south", "procurement", "transparency", '
        '"digital-transformation", "innovation", "partnerships", "sustainability"]',
    ]
    assert "authors" not in head
    assert body.startswith("I was thrilled")
    assert "# OSPOs" not in body


# -- a post of several days ------------------------------------------------------------


def test_an_event_post_has_a_part_per_day_and_the_themes_of_all(
    sample: Day, vocabulary: Vocabulary, speakers: Speakers
) -> None:
    made = event_post([sample, day_two()], vocabulary=vocabulary, speakers=speakers)
    order = [
        "# UN Open Source Week\n\nI was thrilled",
        "## Tuesday 18 June 2024: OSPOs for Good\n\n### Speakers\n",
        "### More from the day\n\n- The whole day is on",
        "So far, I'm really enjoying",  # the first day's closing ends its part
        "## Wednesday 19 June 2024: Open source and AI\n\nDay two was about AI.",
        "**A. Speaker** in “Open source AI”:\n\n- Open source in AI: what 'open' means\n",
        "## Highlights and common themes",
        "Off to the last day!\n",
    ]
    at = [made.index(part) for part in order]
    assert at == sorted(at)
    assert made.endswith("Off to the last day!\n")
    assert "Who maintains the models?" not in made


def test_an_event_post_introduces_a_speaker_once() -> None:
    first, second = date(2024, 6, 18), date(2024, 6, 19)
    speakers = Speakers(roles={"Ann": "Chair"})
    days = [
        Day(DayInfo(d), (Note(f"n{d.day}", d, f"said on {d.day}", "highlight", speakers=("Ann",)),))
        for d in (first, second)
    ]
    made = event_post(days, speakers=speakers)
    assert "**Ann**, Chair:\n\n- said on 18" in made
    assert "**Ann**:\n\n- said on 19" in made


def test_an_event_post_of_no_notes_is_an_error() -> None:
    from ospo_notes.export.markdown import EmptyPostError

    with pytest.raises(EmptyPostError):
        event_post([Day(DayInfo(SAMPLE_DAY), (Note("a1", SAMPLE_DAY, "q?", "question"),))])


def test_front_matter_alone_is_kept_whole() -> None:
    made = day_post(Day(DayInfo(SAMPLE_DAY)), with_front_matter=True)
    assert made == '---\ntitle: "Notes from 18 June 2024"\ndate: 2024-06-18\ntags: []\n---\n\n'
