"""The theme vocabulary file: `themes describe`, `themes alias`, and how it is kept safe."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.store import themes_file as store
from ospo_notes.vocabulary.themes import Vocabulary


def read(path: Path) -> dict[str, object]:
    return tomllib.loads((path / "themes.toml").read_text(encoding="utf-8"))


def test_describe_creates_the_file_and_the_summary_shows_it(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "describe", "Trust", "Using open source   to build trust")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Described trust.\n"
    assert result.stdout == ""
    assert read(notes_dir) == {
        "themes": {"trust": {"description": "Using open source to build trust"}}
    }
    cli("add", "-d", "2024-06-18", "--at", "10:00", "-t", "trust", "a note")
    summary = cli("summary", "-d", "2024-06-18")
    assert "Using open source to build trust" in summary.stdout


def test_alias_folds_into_the_theme_everywhere(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("add", "-d", "2024-06-18", "--at", "10:00", "-t", "procurement", "one")
    cli("add", "-d", "2024-06-18", "--at", "10:05", "-t", "Public Procurement", "two")
    result = cli("themes", "alias", "Public-Procurement", "procurement")
    assert result.exit_code == 0, result.output
    assert result.stderr == "public-procurement is now an alias of procurement.\n"
    assert read(notes_dir) == {"themes": {"procurement": {"aliases": ["public-procurement"]}}}
    listed = cli("list", "-d", "2024-06-18", "-t", "procurement", "--json")
    assert [n["text"] for n in json.loads(listed.stdout)] == ["one", "two"]
    by_alias = cli("list", "-d", "2024-06-18", "-t", "public-procurement", "--json")
    assert len(json.loads(by_alias.stdout)) == 2
    themes = cli("themes", "--json")
    assert [(t["theme"], t["count"]) for t in json.loads(themes.stdout)["themes"]] == [
        ("procurement", 2)
    ]


def test_alias_to_an_alias_folds_into_its_theme(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "alias", "public-procurement", "procurement")
    result = cli("themes", "alias", "pp", "public-procurement")
    assert result.exit_code == 0
    assert "pp is now an alias of procurement (public-procurement is an alias of procurement)" in (
        result.stderr
    )
    assert read(notes_dir)["themes"] == {"procurement": {"aliases": ["pp", "public-procurement"]}}


def test_moving_an_alias_and_repeating_it(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "alias", "funding", "procurement")
    moved = cli("themes", "alias", "funding", "funding-maintenance")
    assert moved.stderr == (
        "funding is now an alias of funding-maintenance (it was an alias of procurement).\n"
    )
    assert read(notes_dir)["themes"] == {"funding-maintenance": {"aliases": ["funding"]}}
    before = (notes_dir / "themes.toml").stat().st_mtime_ns
    again = cli("themes", "alias", "funding", "funding-maintenance")
    assert again.exit_code == 0
    assert "already an alias" in again.stderr
    assert (notes_dir / "themes.toml").stat().st_mtime_ns == before


def test_alias_rules_are_usage_errors_and_change_nothing(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "describe", "trust", "Trust")
    cli("themes", "alias", "confidence", "trust")
    before = (notes_dir / "themes.toml").read_bytes()
    cases = {
        ("themes", "alias", "trust", "Trust"): "cannot make trust an alias of itself",
        ("themes", "alias", "trust", "procurement"): "trust is a theme with its own description",
        ("themes", "alias", "confidence"): "give the THEME that ALIAS stands for",
        ("themes", "alias", "--remove", "nope"): "nope is not an alias",
        (
            "themes",
            "alias",
            "--remove",
            "confidence",
            "other",
        ): "is an alias of trust, not of other",
        ("themes", "alias", "bad theme!", "trust"): "invalid theme 'bad theme!'",
    }
    for args, message in cases.items():
        result = cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert (notes_dir / "themes.toml").read_bytes() == before


def test_remove_alias_and_description_prune_empty_tables(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "alias", "dpg", "digital-public-goods")
    cli("themes", "describe", "trust", "Trust")
    removed = cli("themes", "alias", "--remove", "DPG")
    assert removed.exit_code == 0
    assert removed.stderr == "dpg is no longer an alias of digital-public-goods.\n"
    assert cli("themes", "describe", "trust", "").stderr == "Removed the description of trust.\n"
    assert read(notes_dir) == {}
    assert (
        cli("themes", "describe", "trust", "").stderr
        == "trust has no description; nothing changed.\n"
    )


def test_describing_an_alias_describes_its_theme(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "alias", "dpg", "digital-public-goods")
    result = cli("themes", "describe", "dpg", "Public goods")
    assert (
        result.stderr
        == "Described digital-public-goods (dpg is an alias of digital-public-goods).\n"
    )
    assert read(notes_dir)["themes"] == {
        "digital-public-goods": {"aliases": ["dpg"], "description": "Public goods"}
    }


def test_unknown_keys_are_kept(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    (notes_dir / "themes.toml").write_text(
        'owner = "me"\n[themes.trust]\ncolour = "green"\naliases = ["Confidence"]\n',
        encoding="utf-8",
    )
    assert cli("themes", "describe", "trust", "Trust").exit_code == 0
    assert read(notes_dir) == {
        "owner": "me",
        "themes": {"trust": {"colour": "green", "aliases": ["Confidence"], "description": "Trust"}},
    }
    assert cli("themes", "alias", "trust", "other").exit_code == 2  # has its own table


def test_a_broken_vocabulary_is_reported_and_never_rewritten(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    path = notes_dir / "themes.toml"
    broken = b'[themes.trust]\ndescription = "unterminated\n'
    path.write_bytes(broken)
    cli("add", "-d", "2024-06-18", "--at", "10:00", "-t", "trust", "a note")
    for args in (
        ("themes", "describe", "trust", "Trust"),
        ("themes", "alias", "x", "trust"),
        ("themes",),
        ("summary", "-d", "2024-06-18"),
        ("list", "-d", "2024-06-18", "-t", "trust"),
    ):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"Error: {path}:2:"), result.stderr
        assert "fix the file by hand" in result.stderr
        assert result.stderr.count("\n") == 1
    assert path.read_bytes() == broken


def test_an_invalid_vocabulary_names_the_problem(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    path = notes_dir / "themes.toml"
    cases = {
        "themes = 3\n": "'themes' must be a table",
        "[themes.a]\naliases = ['x']\n[themes.b]\naliases = ['X']\n": "alias of both a and b",
        "[themes.a]\naliases = ['b']\n[themes.b]\n": "b is a theme ([themes.b]) and an alias of a",
        "[themes.a]\ndescription = 3\n": "the description of a must be a string",
        "[themes.Trust]\n[themes.trust]\n": "are one theme: merge them",
    }
    for text, message in cases.items():
        path.write_text(text, encoding="utf-8")
        result = cli("themes", "describe", "a", "A")
        assert result.exit_code == 1
        assert message in result.stderr, result.stderr
        assert path.read_text(encoding="utf-8") == text


NAMES = st.sampled_from(["trust", "procurement", "public-procurement", "pp", "funding", "dpg"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("alias"), NAMES, NAMES),
        st.tuples(st.just("unalias"), NAMES, st.none()),
        st.tuples(st.just("describe"), NAMES, st.text(max_size=20)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_any_sequence_of_changes_keeps_folding_one_step(tmp_path_factory, steps) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("vocab")
    for action, name, arg in steps:
        change = {
            "alias": lambda n=name, a=arg: store.add_alias(n, a),
            "unalias": lambda n=name: store.remove_alias(n),
            "describe": lambda n=name, a=arg: store.describe(n, a),
        }[action]
        try:
            store.update_vocabulary(root, change())
        except Exception as err:  # rule violations are user errors, nothing else may escape
            assert type(err).__name__ == "UsageError", err
        vocabulary = store.read_vocabulary(root)
        assert not set(vocabulary.aliases.values()) & set(vocabulary.aliases)  # one step
        assert not set(vocabulary.descriptions) & set(vocabulary.aliases)
        for alias in vocabulary.aliases:
            assert vocabulary.canonical(alias) != alias
    path = root / "themes.toml"
    assert not path.exists() or path.read_text(encoding="utf-8").startswith(store.HEADER)


@given(text=st.text(max_size=40))
def test_a_description_reads_back_as_one_line(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("vocab")
    try:
        store.update_vocabulary(root, store.describe("trust", text))
    except Exception as err:
        assert type(err).__name__ == "UsageError"  # text that is not UTF-8
        return
    assert store.read_vocabulary(root).describe("trust") == " ".join(text.split())


def test_canonical_normalizes_hand_typed_themes() -> None:
    vocabulary = Vocabulary(aliases={"public-procurement": "procurement"})
    assert vocabulary.fold(["Public Procurement", "procurement", "odd theme!"]) == (
        "procurement",
        "odd theme!",
    )


def test_a_title_is_stored_shown_and_removed(cli, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "describe", "Maintenance", "--title", "  Funding the upkeep ")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "Described funding-maintenance (maintenance is an alias of funding-maintenance).\n"
    )
    table = read(sample_dir)["themes"]["funding-maintenance"]  # type: ignore[index]
    assert table["title"] == "Funding the upkeep"  # type: ignore[index]
    assert table["description"].startswith("Paying for the unglamorous")  # type: ignore[index]
    assert store.read_vocabulary(sample_dir).title("maintenance") == "Funding the upkeep"
    themes = json.loads(cli("themes", "--json").stdout)["themes"]
    titles = {t["theme"]: t["title"] for t in themes}
    assert titles["funding-maintenance"] == "Funding the upkeep"
    assert titles["innovation"] == "Innovation"  # no title stored: the theme's words
    assert "Funding the upkeep" in cli("themes").stdout
    summary = cli("summary", "-d", "2024-06-18")
    assert "Funding the upkeep" in summary.stdout
    assert "Innovation " not in summary.stdout  # a title that only repeats the slug is not shown
    data = json.loads(cli("summary", "-d", "2024-06-18", "--json").stdout)
    assert {t["theme"]: t["title"] for t in data["themes"]}["funding-maintenance"] == (
        "Funding the upkeep"
    )
    removed = cli("themes", "describe", "funding-maintenance", "--title", "")
    assert removed.stderr == "Removed the title of funding-maintenance.\n"
    assert "title" not in read(sample_dir)["themes"]["funding-maintenance"]  # type: ignore[index]


def test_a_bad_title_is_one_line_and_changes_nothing(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "describe", "trust", "Trust", "--title", "Building trust")
    before = (notes_dir / "themes.toml").read_bytes()
    cases = {
        ("themes", "describe", "trust", "--title", "Two\nlines"): "the title must be one line",
        ("themes", "describe", "trust", "--title", "\x1b[2J"): "control character U+001B",
        ("themes", "describe", "trust"): "give the description TEXT, --title TEXT, or both",
        ("themes", "alias", "trust", "confidence"): "own description, title or aliases",
    }
    for args, message in cases.items():
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert (notes_dir / "themes.toml").read_bytes() == before
    notes_dir.joinpath("themes.toml").write_text("[themes.a]\ntitle = 3\n", encoding="utf-8")
    broken = cli("themes", "describe", "a", "--title", "A")
    assert broken.exit_code == 1 and "the title of a must be a string" in broken.stderr


def test_aliasing_into_its_own_alias_is_a_loop(cli) -> None:  # type: ignore[no-untyped-def]
    cli("themes", "alias", "oss", "open-source")
    result = cli("themes", "alias", "open-source", "oss")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: cannot make open-source an alias of oss: oss is already an alias of "
        "open-source, so the two would loop; to swap them, first run "
        "'ospo-notes themes alias --remove oss'\n"
    )
