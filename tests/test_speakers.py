"""The speaker vocabulary: the pure rules, and speakers.toml kept as safely as themes.toml."""

from __future__ import annotations

import contextlib
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.errors import UsageError
from ospo_notes.notes.model import Note
from ospo_notes.store import speakers_file as store
from ospo_notes.store.completions import recent_speakers
from ospo_notes.vocabulary.speakers import (
    Speakers,
    check_role,
    count_speakers,
    normalize_speaker,
    speaker_filter,
)

DAY = date(2024, 6, 18)
GILL = "Amandeep Singh Gill"
ROLE = "Under-Secretary-General and Special Envoy for Digital and Emerging Technologies"
PEOPLE = Speakers(roles={GILL: ROLE}, orgs={GILL: "UN-ODET"}, aliases={"A. Gill": GILL})


def note(id: str, *speakers: str) -> Note:
    return Note(id=id, day=DAY, text="x", speakers=speakers)


# -- pure rules ----------------------------------------------------------------------


def test_credit_and_describe_name_a_speaker_as_the_post_does() -> None:
    assert PEOPLE.credit("A. Gill") == f"{GILL}, {ROLE}, UN-ODET"
    assert PEOPLE.describe(GILL) == f"{ROLE}, UN-ODET"
    assert PEOPLE.credit("Dmitry Mariyasin") == "Dmitry Mariyasin"
    assert PEOPLE.describe("Dmitry Mariyasin") == ""
    assert Speakers(orgs={"Bo": "UNECE"}).credit("Bo") == "Bo, UNECE"


def test_fold_replaces_aliases_and_drops_doubles() -> None:
    assert PEOPLE.fold(["A. Gill", GILL, "Bo"]) == (GILL, "Bo")
    assert PEOPLE.names() == (GILL,)
    assert PEOPLE.aliases_of(GILL) == ("A. Gill",)


def test_canonical_is_safe_against_a_hand_made_cycle() -> None:
    looped = Speakers(aliases={"A": "B", "B": "A"})
    assert looped.canonical("A") in {"A", "B"}
    assert looped.fold(["A", "B"])  # ends


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Ada\nLovelace", "must be one line"),
        ("Ada\rLovelace", "must be one line"),
        ("Ada\x1b[31m", "control character U+001B"),
        ("Ada\u202eecalevoL", "control character U+202E"),
        ("   ", "is empty"),
        ("Ada\udc80", "not UTF-8"),
    ],
)
def test_a_name_must_be_one_clean_line(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        normalize_speaker(text)


def test_names_are_kept_as_typed_with_their_spaces_tidied() -> None:
    assert normalize_speaker("  Amandeep   Singh Gill ") == GILL
    assert normalize_speaker("Ngozi Okonjo-Iweala") == "Ngozi Okonjo-Iweala"
    assert check_role(" Deputy Executive Secretary ") == "Deputy Executive Secretary"
    with pytest.raises(UsageError, match="the role must be one line"):
        check_role("Deputy\nSecretary")


def test_counts_fold_aliases_and_list_known_speakers_without_notes() -> None:
    notes = [note("a", "A. Gill", GILL), note("b", GILL), note("c", "Bo"), note("d")]
    known = PEOPLE.__class__(roles={**PEOPLE.roles, "Zoe": "Chair"}, aliases=PEOPLE.aliases)
    rows = count_speakers(notes, known)
    assert [(r.name, r.count) for r in rows] == [(GILL, 2), ("Bo", 1), ("Zoe", 0)]
    assert rows[0].to_dict() == {
        "name": GILL,
        "role": ROLE,
        "org": "",
        "aliases": ["A. Gill"],
        "notes": 2,
    }
    assert [r.name for r in count_speakers(notes, known, known=False)] == [GILL, "Bo"]


def test_a_speaker_filter_matches_any_spelling() -> None:
    by_alias, by_name, other = note("a", "A. Gill"), note("b", GILL), note("c", "Bo")
    for needle in ("a. gill", "Singh", "gill"):
        keep = speaker_filter(needle, PEOPLE)
        assert [n.id for n in (by_alias, by_name, other) if keep(n)] == ["a", "b"], needle
    assert [n.id for n in (by_alias, by_name, other) if speaker_filter("bo", PEOPLE)(n)] == ["c"]


# -- the file ------------------------------------------------------------------------


def test_describe_and_alias_write_a_readable_file(tmp_path: Path) -> None:
    said = store.update_speakers(tmp_path, store.describe(GILL, ROLE, "UN-ODET"))
    assert said == f"Described {GILL}."
    said = store.update_speakers(tmp_path, store.change_alias("A. Gill", GILL))
    assert said == f"A. Gill is now an alias of {GILL}."
    text = (tmp_path / "speakers.toml").read_text(encoding="utf-8")
    assert text.startswith(store.HEADER)
    assert f'[speakers."{GILL}"]\nrole = "{ROLE}"\norg = "UN-ODET"\n' in text
    assert store.read_speakers(tmp_path) == PEOPLE


def test_unknown_keys_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text(f'note = "mine"\n[speakers."{GILL}"]\nphoto = "gill.jpg"\n', encoding="utf-8")
    store.update_speakers(tmp_path, store.describe(GILL, "Envoy"))
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "note": "mine",
        "speakers": {GILL: {"photo": "gill.jpg", "role": "Envoy"}},
    }


def test_no_file_is_an_empty_vocabulary(tmp_path: Path) -> None:
    assert store.read_speakers(tmp_path) == Speakers()
    assert recent_speakers(tmp_path) == []


def test_completion_offers_known_speakers_then_recent_ones(tmp_path: Path) -> None:
    store.update_speakers(tmp_path, store.describe(GILL, ROLE))
    store.update_speakers(tmp_path, store.change_alias("A. Gill", GILL))
    (tmp_path / "2024-06-18.toml").write_text(
        'format = 1\n[notes.abcd]\ntext = "x"\nspeakers = ["Dmitry Mariyasin", "A. Gill"]\n',
        encoding="utf-8",
    )
    assert recent_speakers(tmp_path) == [GILL, "A. Gill", "Dmitry Mariyasin"]
    (tmp_path / "speakers.toml").write_text("broken [", encoding="utf-8")
    assert recent_speakers(tmp_path) == ["Dmitry Mariyasin", "A. Gill"]


NAMES = st.sampled_from([GILL, "A. Gill", "Gill", "Dmitry Mariyasin", "D. Mariyasin", "Bo"])
LINES = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("alias"), NAMES, NAMES),
        st.tuples(st.just("unalias"), NAMES, st.none()),
        st.tuples(st.just("describe"), NAMES, st.tuples(LINES, st.none() | LINES)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_any_sequence_of_changes_keeps_folding_one_step(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("speakers")
    for action, name, arg in steps:
        change = {
            "alias": lambda n=name, a=arg: store.change_alias(n, a),
            "unalias": lambda n=name: store.change_alias(n, None, remove=True),
            "describe": lambda n=name, a=arg: store.describe(n, *a),
        }[action]
        with contextlib.suppress(UsageError):  # a rule said no: nothing written
            store.update_speakers(root, change())
        speakers = store.read_speakers(root)
        assert not set(speakers.aliases.values()) & set(speakers.aliases)  # one step
        assert not (set(speakers.roles) | set(speakers.orgs)) & set(speakers.aliases)
        for alias in speakers.aliases:
            assert speakers.canonical(alias) != alias


@settings(max_examples=100, deadline=None)
@given(role=LINES, org=LINES)
def test_a_role_and_organisation_read_back_as_stored(tmp_path_factory, role: str, org: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("speakers")
    try:
        store.update_speakers(root, store.describe(GILL, role, org))
    except UsageError:
        assert not role.strip() or any(c in role + org for c in "\u2028\u2029\u061c\u200e\u200f")
        assert not (root / "speakers.toml").exists()
        return
    speakers = store.read_speakers(root)
    assert speakers.role(GILL) == role.strip()
    assert speakers.org(GILL) == org.strip()
