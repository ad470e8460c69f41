"""Every note can be named: the same id on two days, and an id that starts another.

An import (or a copied file) can put one id on two days, and a short id can be the
start of a longer one (`abcd`, `abcdefgh`). `DAY/ID` and `--day` choose the day, an
exact id wins over longer ids it starts, and `check` lists ids found on several days.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from torture import stored
from typer.testing import Result

from ospo_notes.notes import codec
from ospo_notes.notes.model import Day, DayInfo, Note

D18, D19 = date(2024, 6, 18), date(2024, 6, 19)


def write(notes_dir: Path, day: date, *notes: tuple[str, str]) -> None:
    notes_dir.mkdir(parents=True, exist_ok=True)
    content = Day(info=DayInfo(day=day), notes=tuple(Note(i, day, t) for i, t in notes))
    (notes_dir / f"{day}.toml").write_text(codec.dump_day(content), encoding="utf-8")


def files(notes_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in notes_dir.glob("*.toml")}


def one_error(result: Result, code: int) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.fixture
def twice(notes_dir: Path) -> Path:
    """`same1234` on two days (as after an import), with other notes around it."""
    write(notes_dir, D18, ("same1234", "on the 18th"), ("othr0001", "other"))
    write(notes_dir, D19, ("same1234", "on the 19th"))
    return notes_dir


COMMANDS = [
    pytest.param(["tag", "{ref}", "picked"], id="tag"),
    pytest.param(["edit", "{ref}", "--text", "picked"], id="edit"),
    pytest.param(["delete", "{ref}", "--yes"], id="delete"),
]


def _args(command: list[str], ref: str) -> list[str]:
    return [ref if part == "{ref}" else part for part in command]


def _changed(notes_dir: Path, day: date) -> bool:
    note = stored(notes_dir, day).get("same1234")
    return note is None or note.text == "picked" or "picked" in note.themes


@pytest.mark.parametrize("command", COMMANDS)
def test_an_id_on_two_days_is_refused_naming_both(cli, twice: Path, command: list[str]) -> None:
    before = files(twice)
    line = one_error(cli(*_args(command, "same1234")), 1)
    assert "2024-06-18/same1234" in line and "2024-06-19/same1234" in line
    assert ("--day" in line and "DAY/ID" not in line) or "2024-06-18/same1234" in line
    assert files(twice) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_day_slash_id_picks_the_day(cli, twice: Path, command: list[str]) -> None:
    r = cli(*_args(command, "2024-06-19/same1234"))
    assert r.exit_code == 0, r.stderr
    assert _changed(twice, D19)
    assert not _changed(twice, D18)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_day_option_picks_the_day(cli, twice: Path, command: list[str]) -> None:
    r = cli(*_args(command, "same"), "--day", "2024-06-18")
    assert r.exit_code == 0, r.stderr
    assert _changed(twice, D18)
    assert not _changed(twice, D19)


def test_day_slash_id_and_another_day_option_is_a_usage_error(cli, twice: Path) -> None:
    before = files(twice)
    line = one_error(cli("tag", "2024-06-18/same1234", "x", "--day", "2024-06-19"), 2)
    assert "two different days" in line
    assert files(twice) == before


@pytest.mark.usefixtures("twice")
def test_day_slash_id_with_a_day_that_does_not_exist(cli) -> None:
    line = one_error(cli("delete", "2024-02-30/same1234", "--yes"), 2)
    assert "February 2024 has 29 days" in line


@pytest.mark.usefixtures("twice")
def test_day_slash_id_on_a_day_without_it(cli) -> None:
    line = one_error(cli("tag", "2024-06-20/same1234", "x"), 1)
    assert line == (
        "Error: no note on 2024-06-20 has an id starting with 'same1234': "
        "see 'ospo-notes list' for ids\n"
    )


def test_an_exact_id_wins_over_longer_ids_it_starts(cli, notes_dir: Path) -> None:
    write(notes_dir, D18, ("abcd", "short"), ("abcdefgh", "long"))
    write(notes_dir, D19, ("abcd1234", "other day"))
    assert cli("tag", "abcd", "exact").exit_code == 0
    assert cli("tag", "abcde", "longer").exit_code == 0
    notes = stored(notes_dir, D18)
    assert notes["abcd"].themes == ("exact",)
    assert notes["abcdefgh"].themes == ("longer",)
    assert stored(notes_dir, D19)["abcd1234"].themes == ()
    r = cli("edit", "abcd", "--text", "changed")
    assert r.exit_code == 0, r.stderr
    assert stored(notes_dir, D18)["abcd"].text == "changed"


def test_a_prefix_of_several_ids_lists_them_as_day_slash_id(cli, notes_dir: Path) -> None:
    write(notes_dir, D18, ("abcd1111", "1"), ("abcd2222", "2"))
    write(notes_dir, D19, ("abcd3333", "3"))
    line = one_error(cli("tag", "abcd", "x"), 1)
    assert line == (
        "Error: id 'abcd' is ambiguous, 3 notes match (2024-06-18/abcd1111, "
        "2024-06-18/abcd2222, 2024-06-19/abcd3333): give more of the id, or DAY/ID, "
        "e.g. 2024-06-18/abcd1111\n"
    )


@pytest.mark.parametrize("bad", ["ab%", "abcd%", "ab cd", "a\u202eb", "abcd.toml"])
@pytest.mark.parametrize("command", ["delete", "tag", "edit"])
def test_an_id_with_characters_ids_never_hold_says_so(
    cli, notes_dir: Path, bad: str, command: str
) -> None:
    line = one_error(cli(command, bad, "x") if command == "tag" else cli(command, bad), 2)
    assert "ids hold only letters, digits, '-' and '_', never" in line
    assert "at least 4" not in line
    assert "\u202e" not in line  # shown escaped, never as a live bidi control
    assert not notes_dir.exists()


def test_check_reports_an_id_on_several_days(cli, twice: Path) -> None:
    r = cli("check")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    for day, line in zip((D18, D19), lines, strict=True):
        assert line.startswith(f"{twice / f'{day}.toml'}:")
        assert "warning: note 'same1234': the same id is on 2 days" in line
        assert "(2024-06-18/same1234, 2024-06-19/same1234)" in line
        assert f"ospo-notes edit {day}/same1234" in line
    assert r.stderr == "2 files checked: all good (2 warnings).\n"
