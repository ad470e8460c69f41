"""The summary and the themes overview as data, built from notes (no terminal)."""

from __future__ import annotations

from datetime import date, time

from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.summary.day import build_summary
from ospo_notes.summary.themes import build_overview
from ospo_notes.vocabulary.speakers import Speakers
from ospo_notes.vocabulary.themes import Vocabulary

DAY = date(2024, 6, 18)
VOCABULARY = Vocabulary(
    descriptions={"procurement": "Buying open source"},
    aliases={"public-procurement": "procurement"},
)


def note(id: str, text: str, **fields: object) -> Note:
    return Note(id=id, day=fields.pop("day", DAY), text=text, **fields)  # type: ignore[arg-type]


def sample_day() -> Day:
    return Day(
        info=DayInfo(day=DAY, title="OSPOs for Good", event="UN Open Source Week"),
        notes=(
            note("n3", "later", time=time(11), session="Panel", themes=("procurement",)),
            note("n1", "first", time=time(9), session="Keynote", speakers=("Ada",), kind="quote"),
            note(
                "n2",
                "hi",
                time=time(9, 30),
                session="Keynote",
                kind="highlight",
                speakers=("Ada",),
                themes=("public-procurement", "trust"),
            ),
            note("n4", "loose", time=time(10), themes=("Procurement",)),
            note("n5", "ask", time=time(11, 5), session="Panel", kind="question", speakers=("Bo",)),
            note("n6", "do", kind="action", themes=("trust",)),
        ),
    )


def test_sessions_are_in_time_order_and_notes_without_a_session_come_last() -> None:
    data = build_summary(sample_day(), VOCABULARY)
    assert [g.title for g in data.sessions] == ["Keynote", "Panel", ""]
    assert [n.id for n in data.sessions[0].notes] == ["n1", "n2"]
    assert data.sessions[0].speakers == ("Ada",)
    assert data.sessions[0].start == time(9)
    assert [n.id for n in data.sessions[2].notes] == ["n4", "n6"]


def test_aliases_and_case_fold_into_one_theme_with_its_description() -> None:
    data = build_summary(sample_day(), VOCABULARY)
    counts = {t.theme: (t.count, t.description, t.sessions) for t in data.themes}
    assert counts == {
        "procurement": (3, "Buying open source", ("Keynote", "Panel")),
        "trust": (2, "", ("Keynote",)),
    }
    assert [t.theme for t in data.themes] == ["procurement", "trust"]  # most frequent first
    assert data.highlights[0].themes == ("procurement", "trust")


def test_without_a_vocabulary_aliases_stay_separate_themes() -> None:
    themes = {t.theme: t.count for t in build_summary(sample_day()).themes}
    assert themes == {"procurement": 2, "public-procurement": 1, "trust": 2}


def test_highlights_questions_actions_and_tally() -> None:
    data = build_summary(sample_day(), VOCABULARY)
    assert [n.id for n in data.highlights] == ["n2"]
    assert [n.id for n in data.questions] == ["n5"]
    assert [n.id for n in data.actions] == ["n6"]
    assert vars(data.tally) == {
        "notes": 6,
        "highlights": 1,
        "sessions": 2,
        "speakers": 2,
        "themes": 2,
    }


def test_to_dict_is_the_structure_the_renderer_draws() -> None:
    data = build_summary(sample_day(), VOCABULARY).to_dict()
    assert data["day"] == "2024-06-18"
    assert data["title"] == "OSPOs for Good"
    assert [s["title"] for s in data["sessions"]] == ["Keynote", "Panel", ""]
    assert data["sessions"][0]["start"] == "09:00:00"
    assert data["sessions"][0]["notes"][1]["themes"] == ["procurement", "trust"]
    assert data["themes"][0] == {
        "theme": "procurement",
        "title": "Procurement",
        "count": 3,
        "description": "Buying open source",
        "sessions": ["Keynote", "Panel"],
    }
    assert data["highlights"] == ["n2"]
    assert data["tally"]["notes"] == 6
    assert (data["intro"], data["closing"]) == ("", "")
    assert [s["name"] for s in data["speakers"]] == ["Ada", "Bo"]


def test_speaker_aliases_fold_and_roles_come_with_the_names() -> None:
    people = Speakers(
        roles={"Ada Lovelace": "Analyst"},
        orgs={"Ada Lovelace": "UN-ODET"},
        aliases={"Ada": "Ada Lovelace"},
    )
    day = sample_day()
    day = Day(
        info=DayInfo(day=DAY, intro="I was there.\nSo were you.", closing="Bye."),
        notes=(*day.notes, note("n7", "more", session="Keynote", speakers=("Ada Lovelace",))),
    )
    data = build_summary(day, VOCABULARY, speakers=people)
    assert data.sessions[0].speakers == ("Ada Lovelace",)
    assert data.tally.speakers == 2  # Ada Lovelace (two spellings) and Bo
    assert data.highlights[0].speakers == ("Ada Lovelace",)
    as_json = data.to_dict()
    assert as_json["speakers"] == [
        {"name": "Ada Lovelace", "role": "Analyst", "org": "UN-ODET"},
        {"name": "Bo", "role": "", "org": ""},
    ]
    assert (as_json["intro"], as_json["closing"]) == ("I was there.\nSo were you.", "Bye.")


def test_themes_carry_their_stored_title_or_their_words() -> None:
    vocabulary = Vocabulary(titles={"procurement": "Buying and paying for open source"})
    data = build_summary(sample_day(), vocabulary).to_dict()
    titles = {t["theme"]: t["title"] for t in data["themes"]}
    assert titles["procurement"] == "Buying and paying for open source"
    assert titles["trust"] == "Trust"  # no title stored: the theme's words


def test_an_empty_day_is_empty() -> None:
    data = build_summary(Day(info=DayInfo(day=DAY)))
    assert data.is_empty
    assert data.sessions == () and data.themes == ()


def test_overview_counts_each_theme_per_day_with_aliases_folded() -> None:
    days = [
        Day(
            DayInfo(date(2024, 6, 20)),
            (
                note("c1", "x", day=date(2024, 6, 20), themes=("public-procurement",)),
                note("c2", "y", day=date(2024, 6, 20), themes=("procurement", "trust")),
                note("c3", "z", day=date(2024, 6, 20), themes=("procurement",)),
            ),
        ),
        sample_day(),
        Day(DayInfo(date(2024, 6, 19)), (note("b1", "w", day=date(2024, 6, 19)),)),
    ]
    data = build_overview(days, VOCABULARY)
    assert data.days == (date(2024, 6, 18), date(2024, 6, 19), date(2024, 6, 20))
    first = data.themes[0]
    assert (first.theme, first.count, first.by_day) == ("procurement", 6, (3, 0, 3))
    assert first.description == "Buying open source"
    assert first.aliases == ("public-procurement",)
    assert data.days_of(first) == (date(2024, 6, 18), date(2024, 6, 20))
    assert [(t.theme, t.by_day) for t in data.themes[1:]] == [("trust", (2, 0, 1))]
    assert data.to_dict()["themes"][1] == {
        "theme": "trust",
        "title": "Trust",
        "count": 3,
        "description": "",
        "aliases": [],
        "days": {"2024-06-18": 2, "2024-06-20": 1},
    }


def test_overview_ties_are_alphabetical_and_a_note_counts_once_per_theme() -> None:
    day = Day(
        DayInfo(DAY), (note("a1", "x", themes=("b", "a", "public-procurement", "procurement")),)
    )
    data = build_overview([day], VOCABULARY)
    assert [(t.theme, t.count) for t in data.themes] == [("a", 1), ("b", 1), ("procurement", 1)]


def test_sparkline_buckets_long_spans() -> None:
    from ospo_notes.render.summary import MAX_SPARK, buckets, sparkline

    assert buckets([1, 2, 3]) == [1, 2, 3]
    long = [1] * 200
    summed = buckets(long)
    assert len(summed) == MAX_SPARK
    assert sum(summed) == 200
    assert len(sparkline(long)) == MAX_SPARK
