"""Every command shows its result one way: `--json` prints exactly `result.to_dict()`,
and the terminal view is `render.show(result)`.

The commands are run on the sample notes with a schedule imported and a session
started; a spy on `show_result` keeps the result each command showed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer

from ospo_notes import render
from ospo_notes.cli import app
from ospo_notes.cli import terminal as cli_terminal
from ospo_notes.notes.model import Day, DayInfo, Note
from ospo_notes.notes.query import NoteList
from ospo_notes.schedule.entry import DaySchedule, ScheduleEntry
from ospo_notes.summary.day import build_summary
from ospo_notes.summary.themes import build_overview
from ospo_notes.vocabulary.speakers import SpeakerCount, SpeakersOverview

FOSDEM = Path(__file__).parent / "fixtures" / "schedules" / "fosdem-style.xml"
DAY = "2024-06-18"
Shown = list[tuple[Any, dict[str, Any]]]

JSON_COMMANDS = {  # each command with --json, and the arguments it is run with here
    ("list",): [["--day", DAY], ["--from", DAY, "--to", "2024-06-30"], ["--day", "2024-06-19"]],
    ("summary",): [["--day", DAY], ["--day", DAY, "--all-sessions"], ["--day", "2024-06-19"]],
    ("themes",): [[], ["--day", DAY], ["--day", "2024-06-19"]],
    ("speakers",): [[], ["--day", DAY], ["--day", "2024-06-19"]],
    ("schedule", "show"): [["--day", "2025-02-01"], ["--day", "2025-02-02"], ["--day", DAY]],
}
RUNS = [[*command, *args] for command, runs in JSON_COMMANDS.items() for args in runs]


@pytest.fixture
def conference(sample_dir: Path, cli) -> Path:  # type: ignore[no-untyped-def]
    """The sample notes, the FOSDEM-style schedule, and its closing session started."""
    assert cli("schedule", "import", str(FOSDEM), "--tz", "Europe/Brussels").exit_code == 0
    started = cli("session", "start", "Closing FOSDEM", "--day", "2025-02-02")
    assert started.exit_code == 0, started.stderr
    return sample_dir


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    """Each (result, view options) a command passed to `show_result`, in order.

    A `NoteList` may be an iterator read once: the notes are kept as they stream past.
    """
    real = cli_terminal.show_result
    seen: Shown = []

    def spy(ctx: typer.Context, result: Any, as_json: bool, **view: Any) -> None:
        if isinstance(result, NoteList):
            kept: list[Note] = []
            real(ctx, NoteList(_keeping(result.notes, kept)), as_json, **view)
            seen.append((NoteList(kept), view))
        else:
            real(ctx, result, as_json, **view)
            seen.append((result, view))

    patched = [
        name
        for name, module in list(sys.modules.items())
        if name.startswith("ospo_notes.cli.") and getattr(module, "show_result", None) is real
    ]
    for name in patched:
        monkeypatch.setattr(sys.modules[name], "show_result", spy)
    assert patched
    return seen


def _keeping(notes: Iterable[Note], kept: list[Note]) -> Iterator[Note]:
    for note in notes:
        kept.append(note)
        yield note


def test_every_json_command_is_checked_here() -> None:
    """A new --json command must join JSON_COMMANDS (and so show a result)."""

    def with_json(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if any(param.name == "as_json" for param in command.params):
            yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from with_json(sub, (*path, name))

    assert set(with_json(typer.main.get_command(app), ())) == set(JSON_COMMANDS)


@pytest.mark.usefixtures("conference")
@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_json_is_the_result_s_to_dict(cli, shown: Shown, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    assert len(shown) == 1
    expected = json.dumps(shown[0][0].to_dict(), ensure_ascii=False, indent=2)
    assert result.stdout == expected + "\n"


@pytest.mark.usefixtures("conference")
def test_the_json_covers_something(cli, shown: Shown) -> None:  # type: ignore[no-untyped-def]
    """The runs above are not all empty: notes, a marked session, speakers, themes."""
    for args in RUNS:
        cli(*args, "--json")
    found = {type(result).__name__: result.to_dict() for result, _view in shown if result.to_dict()}
    assert set(found) == {
        "NoteList",
        "DaySummary",
        "ThemesOverview",
        "SpeakersOverview",
        "DaySchedule",
    }
    assert any(row["current"] for row in found["DaySchedule"])


@pytest.mark.usefixtures("sample_dir")
def test_list_json_streams_its_notes(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`list --json` never gathers the notes into one list (flat memory at any size)."""

    def gathered(_self: NoteList) -> list[dict[str, Any]]:
        raise AssertionError("list --json gathered its notes")

    expected = cli("list", "--day", DAY, "--json").stdout
    monkeypatch.setattr(NoteList, "to_dict", gathered)
    result = cli("list", "--day", DAY, "--json")
    assert (result.exit_code, result.stdout) == (0, expected)
    assert len(json.loads(result.stdout)) == 25


@pytest.mark.usefixtures("conference")
@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_the_terminal_view_is_render_show_of_the_result(
    cli,  # type: ignore[no-untyped-def]
    shown: Shown,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    if not shown:  # nothing to show: the command said so instead
        assert "No " in result.stdout + result.stderr
        return
    ((data, view),) = shown
    capsys.readouterr()
    render.show(data, **view)
    assert result.stdout == capsys.readouterr().out != ""


# --- render.show draws every result type -------------------------------------------------------

BRUSSELS = ZoneInfo("Europe/Brussels")
SOME_DAY = date(2024, 6, 18)
NOTES = (
    Note(id="abcd1234", day=SOME_DAY, text="Open source is a foundation", themes=("trust",)),
    Note(id="abcd5678", day=SOME_DAY, text="Who pays?", kind="question", speakers=("Ana",)),
)
SESSION = ScheduleEntry(
    id="s1",
    title="Opening keynote",
    start=datetime(2025, 2, 1, 9, 30, tzinfo=BRUSSELS),
    end=datetime(2025, 2, 1, 9, 30, tzinfo=BRUSSELS) + timedelta(minutes=30),
    day=date(2025, 2, 1),
    room="Janson",
)


def _day() -> Day:
    return Day(DayInfo(SOME_DAY, title="OSPOs for Good"), NOTES)


RESULTS: list[tuple[Any, dict[str, Any], str]] = [
    (NoteList(NOTES), {"show_day": True}, "Who pays?"),
    (build_summary(_day()), {}, "OSPOs for Good"),
    (build_summary(_day()), {"brief": True}, "2 notes"),
    (build_overview([_day()]), {}, "trust"),
    (
        SpeakersOverview((SOME_DAY,), (SpeakerCount("Ana", "", "UN", (), 1),)),
        {"title": "Who"},
        "Ana",
    ),
    (DaySchedule(date(2025, 2, 1), (SESSION,), "s1"), {}, "▶"),
]


def test_every_result_type_has_a_terminal_view() -> None:
    registered = set(render.show.registry) - {object}
    assert registered == {type(result) for result, _view, _text in RESULTS}


@pytest.mark.parametrize(
    ("result", "view", "text"),
    RESULTS,
    ids=[f"{type(result).__name__}{sorted(view)}" for result, view, _text in RESULTS],
)
def test_render_show_draws_the_result(
    capsys: pytest.CaptureFixture[str], result: Any, view: dict[str, Any], text: str
) -> None:
    render.show(result, **view)
    assert text in capsys.readouterr().out


def test_render_show_refuses_what_is_not_a_result() -> None:
    with pytest.raises(TypeError, match="no terminal view for dict"):
        render.show({"days": []})


@pytest.mark.slow  # a real process on a pty
@pytest.mark.usefixtures("sample_dir")
def test_every_result_pages_on_a_terminal_speakers_too(tmp_path: Path) -> None:
    """`show_result` pages: `speakers`, which drew past the pager before, now goes through."""
    from test_pager import run

    script, paged = tmp_path / "pager.sh", tmp_path / "paged.txt"
    script.write_text('#!/bin/sh\ncat > "$1"\n')
    script.chmod(0o755)
    assert run("speakers", pager=f"{script} {paged}") == (0, "", "")
    assert "Speakers" in paged.read_text()
