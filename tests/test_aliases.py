"""`vocabulary.aliases.follow`: the one rule both vocabularies fold names by."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.vocabulary import aliases
from ospo_notes.vocabulary.aliases import fold, follow
from ospo_notes.vocabulary.speakers import Speakers
from ospo_notes.vocabulary.themes import Vocabulary

NAMES = st.sampled_from("abcdef")


def test_a_chain_is_followed_to_its_end() -> None:
    assert follow({"a": "b", "b": "c"}, "a") == "c"
    assert follow({"a": "b", "b": "c", "c": "d", "d": "e"}, "a") == "e"
    assert follow({"a": "b"}, "z") == "z"


def test_a_cycle_stops_where_it_would_come_round() -> None:
    assert follow({"a": "b", "b": "a"}, "a") == "a"
    assert follow({"a": "b", "b": "c", "c": "b"}, "a") == "b"
    assert follow({"a": "a"}, "a") == "a"


@given(st.dictionaries(NAMES, NAMES), NAMES)
def test_follow_ends_on_the_chain_and_both_vocabularies_agree(
    aliases: dict[str, str], name: str
) -> None:
    chain = [name]
    while chain[-1] in aliases and aliases[chain[-1]] not in chain:
        chain.append(aliases[chain[-1]])
    end = follow(aliases, name)
    if chain[-1] in aliases:  # a cycle: it stops on a name of the chain
        assert end in chain
    else:
        assert end == chain[-1]
    assert Speakers(aliases=aliases).canonical(name) == end
    assert Vocabulary(aliases=aliases).canonical(name) == end


@given(st.lists(st.lists(NAMES, max_size=4).map(tuple), max_size=30), st.dictionaries(NAMES, NAMES))
def test_a_remembered_fold_is_the_fold(
    lists: list[tuple[str, ...]], aliases: dict[str, str]
) -> None:
    """`fold` remembers each list it folded; asked again, the answer is the same."""
    memo: dict[tuple[str, ...], tuple[str, ...]] = {}
    for _ in range(2):
        for names in lists:
            folded = fold(names, lambda name: follow(aliases, name), memo)
            assert folded == tuple(dict.fromkeys(follow(aliases, name) for name in names))


def test_the_memory_of_folds_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aliases, "MEMO_LIMIT", 3)
    memo: dict[tuple[str, ...], tuple[str, ...]] = {}
    for name in "abcdefg":
        assert fold((name, name), str.upper, memo) == (name.upper(),)
        assert len(memo) <= 3
