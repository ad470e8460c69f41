"""`vocabulary.aliases.follow`: the one rule both vocabularies fold names by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.vocabulary.aliases import follow
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
