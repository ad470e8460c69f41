"""A day's own paragraphs: `day --intro` and `--closing`, stored in the day file and
carried by every view of the day (day, summary --json, export --format json)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ospo_notes.export.json_export import from_json, to_json
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.store import NotesStore

DAY = "2024-06-18"
INTRO = (
    "I was thrilled to be invited to attend the United Nations Open Source Week in New York.\n"
    "A few hundred people from over 40 countries came to talk about open source."
)


def header(notes_dir: Path) -> dict[str, object]:
    return tomllib.loads((notes_dir / f"{DAY}.toml").read_text(encoding="utf-8"))


def test_intro_and_closing_are_set_shown_and_kept_readable(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("day", DAY, "--intro", INTRO, "--closing", "Two more days to go!")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{DAY} (0 notes)\n\nIntro\n{INTRO}\n\nClosing\nTwo more days to go!\n"
    text = (notes_dir / f"{DAY}.toml").read_text(encoding="utf-8")
    assert f'intro = """\n{INTRO}"""\n' in text  # several lines read as written
    assert 'closing = "Two more days to go!"\n' in text
    cli("add", "-d", DAY, "--at", "09:00", "a note after the intro")
    assert header(notes_dir)["intro"] == INTRO
    shown = cli("day", DAY).stdout
    assert shown.startswith(f"{DAY} (1 note)\n\nIntro\n{INTRO}\n")


def test_setting_one_keeps_the_other_and_empty_removes_it(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("day", DAY, "--intro", INTRO, "--title", "OSPOs for Good")
    cli("day", DAY, "--closing", "Bye")
    assert (header(notes_dir)["intro"], header(notes_dir)["closing"]) == (INTRO, "Bye")
    result = cli("day", DAY, "--intro", "")
    assert result.stdout == f"OSPOs for Good · {DAY} (0 notes)\n\nClosing\nBye\n"
    assert "intro" not in header(notes_dir)
    assert header(notes_dir)["title"] == "OSPOs for Good"


def test_dash_reads_the_paragraph_from_stdin(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("day", DAY, "--closing", "-", input="So far, so good.\nMore tomorrow.\n\n")
    assert result.exit_code == 0, result.output
    assert header(notes_dir)["closing"] == "So far, so good.\nMore tomorrow."


def test_bad_paragraphs_are_one_line_and_change_nothing(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("day", DAY, "--intro", INTRO)
    before = (notes_dir / f"{DAY}.toml").read_bytes()
    cases = {
        ("day", DAY, "--intro", "-", "--closing", "-"): "only one of --intro and --closing",
        ("day", DAY, "--intro", "bad \udcff byte"): "the intro contains bytes that are not UTF-8",
    }
    for args, message in cases.items():
        result = cli(*args, input="x")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert (notes_dir / f"{DAY}.toml").read_bytes() == before


def test_a_paragraph_with_control_characters_is_shown_escaped(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("day", DAY, "--intro", "red \x1b[31m text\tand a tab")
    assert "\x1b" not in result.stdout
    assert "red \\x1b[31m text" in result.stdout


@pytest.mark.usefixtures("sample_dir")
def test_summary_and_export_json_carry_them(cli) -> None:  # type: ignore[no-untyped-def]
    cli("day", DAY, "--intro", INTRO, "--closing", "Bye")
    summary = json.loads(cli("summary", "-d", DAY, "--json").stdout)
    assert (summary["intro"], summary["closing"]) == (INTRO, "Bye")
    exported = json.loads(cli("export", "-d", DAY, "--format", "json").stdout)
    assert (exported["days"][0]["intro"], exported["days"][0]["closing"]) == (INTRO, "Bye")
    ranged = json.loads(
        cli("export", "--from", DAY, "--to", "2024-06-19", "--format", "json").stdout
    )
    assert ranged["days"][0]["intro"] == INTRO  # a range is read through the index


def test_export_json_of_a_day_without_them_is_unchanged(sample_dir: Path) -> None:
    sample = NotesStore(sample_dir).read_day(date(2024, 6, 18))
    day = replace(sample, info=replace(sample.info, intro="", closing=""))
    shown = json.loads(to_json([day]))["days"][0]
    assert "intro" not in shown
    assert "closing" not in shown


paragraphs = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=60, deadline=None)
@given(intro=paragraphs, closing=paragraphs)
def test_export_json_round_trips_them(intro: str, closing: str) -> None:
    note = Note(id="abcd1234", day=date(2024, 6, 18), text="x")
    day = Day(info=DayInfo(day=date(2024, 6, 18), intro=intro, closing=closing), notes=(note,))
    [back] = from_json(to_json([day]), source="export.json")
    assert back == day
    assert (back.info.intro, back.info.closing) == (intro, closing)
