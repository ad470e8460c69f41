import dataclasses
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.errors import UsageError
from ospo_notes.notes.model import (
    ID_ALPHABET,
    ID_LENGTH,
    KINDS,
    Day,
    DayInfo,
    Note,
    check_kind,
    check_text,
    hashtags,
    merge_themes,
    new_id,
    normalize_theme,
)


def test_new_ids_are_short_random_and_avoid_taken_ones() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == ID_LENGTH and set(i) <= set(ID_ALPHABET) for i in ids)


def test_new_id_skips_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter([b"\x00" * 5, b"\xff" * 5])
    monkeypatch.setattr("ospo_notes.notes.model.os.urandom", lambda _n: next(draws))
    assert new_id({"00000000"}) == "zzzzzzzz"


def test_new_id_uses_every_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """40 random bits, 5 a character: each character is one 5-bit group, in order."""
    bits = int("".join(f"{i:05b}" for i in (0, 1, 2, 3, 4, 5, 30, 31)), 2)
    monkeypatch.setattr("ospo_notes.notes.model.os.urandom", lambda n: bits.to_bytes(n, "big"))
    assert new_id() == "012345yz"


@pytest.mark.parametrize(
    ("raw", "theme"),
    [
        ("Trust", "trust"),
        ("#global-south", "global-south"),
        ("Global South", "global-south"),
        ("GLOBAL_SOUTH", "global-south"),
        ("ciência", "ciência"),
        ("  open-source ", "open-source"),
    ],
)
def test_normalize_theme(raw: str, theme: str) -> None:
    assert normalize_theme(raw) == theme


@pytest.mark.parametrize("raw", ["", "#", "-", "a/b", "x!", "[bold]"])
def test_normalize_theme_refuses_non_words(raw: str) -> None:
    with pytest.raises(UsageError, match="invalid theme"):
        normalize_theme(raw)


def test_hashtags_become_themes() -> None:
    text = "OSPOs in the #Global-South build #trust; not a tag: C# or a#b or &#39; or url/#frag"
    assert hashtags(text) == ["global-south", "trust"]


def test_merge_themes_keeps_first_position() -> None:
    assert merge_themes(["a", "b"], ["b", "c", "a"]) == ("a", "b", "c")


def test_check_kind() -> None:
    assert check_kind("Highlight") == "highlight"
    with pytest.raises(UsageError, match="note, highlight, quote, question, action"):
        check_kind("idea")


def test_check_text_refuses_blank_and_non_utf8() -> None:
    assert check_text("  ok ") == "  ok "
    with pytest.raises(UsageError, match="empty"):
        check_text(" \n\t")
    with pytest.raises(UsageError, match="not UTF-8"):
        check_text("caf\udce9")


def test_notes_sort_by_time_with_untimed_last() -> None:
    d = date(2024, 6, 18)
    late = Note(id="a", day=d, text="late", time=time(15))
    early = Note(id="b", day=d, text="early", time=time(9))
    untimed = Note(id="c", day=d, text="untimed")
    day = Day(info=DayInfo(day=d), notes=(untimed, late, early))
    assert [n.text for n in day.sorted_notes()] == ["early", "late", "untimed"]


def test_day_heading_skips_what_is_unset() -> None:
    d = date(2024, 6, 18)
    full = DayInfo(day=d, title="OSPOs for Good", event="UN Open Source Week")
    assert full.heading() == "UN Open Source Week · OSPOs for Good · 2024-06-18"
    assert DayInfo(day=d).heading() == "2024-06-18"


def test_a_number_after_a_hash_is_text_not_a_theme() -> None:
    # "issue #123" is an issue number; "#2030-agenda" and "#3d" are themes
    assert hashtags("see issue #123 and PR #45, #2030-agenda #3d") == ["2030-agenda", "3d"]


@given(
    st.builds(
        Note,
        id=st.text(min_size=1, max_size=8),
        day=st.dates(),
        text=st.text(),
        kind=st.sampled_from(KINDS),
        time=st.none() | st.times(),
        session=st.text(max_size=5),
        speakers=st.lists(st.text(max_size=5), max_size=2).map(tuple),
        themes=st.lists(st.text(max_size=5), max_size=2).map(tuple),
        author=st.text(max_size=5),
        extra=st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
)
def test_of_fields_makes_the_note_the_constructor_makes(note: Note) -> None:
    """The index builds notes with `Note.of_fields`: the same note, frozen like any other."""
    made = Note.of_fields(*(getattr(note, f.name) for f in dataclasses.fields(Note)))
    assert made == note
    assert repr(made) == repr(note)
    assert made.extra == note.extra
    assert hash(made) == hash(note)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "changed"  # type: ignore[misc]
