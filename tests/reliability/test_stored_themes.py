"""Themes stored without normalization (an import, a hand edit) read as typed ones would.

`"Not Normalized"` could not be removed with `tag --remove`, `""` showed as a blank
row in `themes`, and `check` said nothing. Now they read as `not-normalized` (and
nothing), a theme that cannot be normalized is kept as typed and removable as typed,
and `check` reports each of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torture import DAY, stored

from ospo_notes.errors import UsageError
from ospo_notes.notes.model import normalize_theme, read_themes

D = DAY.isoformat()
RAW = ["Not Normalized", "", "ok", "a b!!", "#Trust", "  ", "trust"]


@pytest.fixture
def hand_edited(notes_dir: Path) -> Path:
    notes_dir.mkdir(parents=True)
    themes = ", ".join(json.dumps(t) for t in RAW)
    (notes_dir / f"{D}.toml").write_text(
        f'format = 1\n\n[notes.abcd1234]\nthemes = [{themes}]\ntext = "x"\n', encoding="utf-8"
    )
    return notes_dir


@pytest.mark.usefixtures("hand_edited")
def test_stored_themes_read_normalized(cli) -> None:
    r = cli("list", "--day", D, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)[0]["themes"] == ["not-normalized", "ok", "a b!!", "trust"]


@pytest.mark.usefixtures("hand_edited")
def test_themes_shows_no_blank_row(cli) -> None:
    for args in (["themes", "--json"], ["themes", "--day", D, "--json"]):
        r = cli(*args)
        assert r.exit_code == 0, r.stderr
        names = [row["theme"] for row in json.loads(r.stdout)["themes"]]
        assert sorted(names) == ["a b!!", "not-normalized", "ok", "trust"]


def test_tag_remove_removes_what_was_stored_unnormalized(cli, hand_edited: Path) -> None:
    r = cli("tag", "abcd1234", "--remove", "Not Normalized")
    assert r.exit_code == 0, r.stderr
    r = cli("tag", "abcd1234", "--remove", "a b!!")
    assert r.exit_code == 0, r.stderr
    assert stored(hand_edited)["abcd1234"].themes == ("ok", "trust")
    text = (hand_edited / f"{D}.toml").read_text()
    assert '""' not in text and "Not Normalized" not in text and "#Trust" not in text


def test_tag_remove_still_refuses_a_bad_theme_the_note_does_not_have(
    cli, hand_edited: Path
) -> None:
    before = (hand_edited / f"{D}.toml").read_bytes()
    r = cli("tag", "abcd1234", "--remove", "a b!!!")
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: invalid theme 'a b!!!': use letters, digits and '-', e.g. global-south\n"
    )
    assert (hand_edited / f"{D}.toml").read_bytes() == before


def test_check_reports_each_theme_stored_unnormalized(cli, hand_edited: Path) -> None:
    r = cli("check")
    assert r.exit_code == 0, r.output
    where = f"{hand_edited / f'{D}.toml'}:3: warning: note 'abcd1234': "
    assert r.stdout.splitlines() == [
        f"{where}theme 'Not Normalized' is read as 'not-normalized' "
        "(write it as 'not-normalized'; the next change to the day does)",
        f"{where}an empty theme, which is left out "
        "(delete it from the file; the next change to the day drops it)",
        f"{where}theme 'a b!!' is not a theme name, so it is kept as typed (rename it with "
        "letters, digits and '-', or remove it with: "
        f"ospo-notes tag {D}/abcd1234 --remove 'a b!!')",
        f"{where}theme '#Trust' is read as 'trust' "
        "(write it as 'trust'; the next change to the day does)",
        f"{where}an empty theme, which is left out "
        "(delete it from the file; the next change to the day drops it)",
    ]
    assert r.stderr == "1 file checked: all good (5 warnings).\n"


def test_import_stores_themes_normalized(cli, notes_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "e.json"
    note = {"id": "abcd1234", "day": D, "text": "x", "themes": ["Not Normalized", "", "ok"]}
    export.write_text(
        json.dumps(
            {"format": "ospo-notes-export", "version": 1, "days": [{"day": D, "notes": [note]}]}
        )
    )
    r = cli("import", str(export))
    assert r.exit_code == 0, r.stderr
    assert stored(notes_dir)["abcd1234"].themes == ("not-normalized", "ok")
    assert cli("check").stdout == ""


@given(st.lists(st.text(max_size=12), max_size=6))
def test_read_themes_is_what_typing_them_gives(themes: list[str]) -> None:
    read = read_themes(themes)
    assert read_themes(read) == read  # reading twice changes nothing more
    assert all(t.strip().strip("#_-").strip() for t in read)  # no blank theme is read
    for theme in themes:
        try:
            normal = normalize_theme(theme)
        except UsageError:  # kept as typed, unless there is nothing to keep
            assert theme in read or not theme.strip().strip("#_-").strip()
            continue
        assert normal in read  # whatever `tag` would store for it, reading gives
