"""`ospo-notes summary` and `ospo-notes themes` as the attendee sees them.

Golden files hold the sample day's summary at 100 columns with colour off. After an
intended change to the output, regenerate them with

    UPDATE_GOLDEN=1 pytest tests/test_summary_cli.py

and review the diff; without UPDATE_GOLDEN any difference fails.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

GOLDEN = Path(__file__).parent / "golden"
SAMPLE = ("summary", "--day", "2024-06-18")
_ANY_ESCAPE = re.compile(r"\x1b")


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual.encode("utf-8"))
        pytest.skip(f"updated {path}")
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs: review, then UPDATE_GOLDEN=1 to accept"


@pytest.mark.usefixtures("sample_dir")
def test_sample_day_summary_matches_the_golden_file(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*SAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    check_golden("summary-2024-06-18.txt", result.stdout)


@pytest.mark.usefixtures("sample_dir")
def test_sample_day_summary_json_matches_the_golden_file(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*SAMPLE, "--json")
    assert result.exit_code == 0
    check_golden("summary-2024-06-18.json", result.stdout)


@pytest.mark.usefixtures("sample_dir")
def test_summary_shows_every_part_of_the_day(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli(*SAMPLE).stdout
    lines = out.splitlines()
    assert "UN Open Source Week · OSPOs for Good · 2024-06-18" in lines[0]
    order = [
        "09:12  Opening keynote  ·  Amandeep Singh Gill",
        "11:02  Government OSPOs: connecting people",
        "13:35  OSPOs for the global south",
        "14:40  Procurement and paying for maintenance",
        "16:20  UNECE remarks  ·  Dmitry Mariyasin",
        "Not in a session",
        "★ Highlights",
        "Common themes",
        "Open questions",
        "Action items",
        "25 notes · 7 highlights · 5 sessions · 2 speakers · 12 themes",
    ]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)
    assert "“The UN has to move beyond talking only to governments” — Amandeep Singh" in out
    assert re.search(r"collaboration +5 +█{12} +Collaboration, not cost savings", out)
    assert re.search(r"transparency +2 +████▊ ", out)


@pytest.mark.usefixtures("sample_dir")
def test_summary_json_is_the_summary_data(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli(*SAMPLE, "--json").stdout)
    assert data["tally"] == {
        "notes": 25,
        "highlights": 7,
        "sessions": 5,
        "speakers": 2,
        "themes": 12,
    }
    assert data["themes"][0]["theme"] == "collaboration"
    assert data["themes"][0]["description"].startswith("Working with others")
    assert data["sessions"][-1]["title"] == ""


@pytest.mark.usefixtures("sample_dir")
def test_plain_output_has_no_escape_codes_and_fits_the_width(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for columns in ("60", "80", "132"):
        monkeypatch.setenv("COLUMNS", columns)
        for args in (SAMPLE, ("themes",), ("list", "-d", "2024-06-18")):
            out = cli(*args).stdout
            assert not _ANY_ESCAPE.search(out)
            assert max(cell_len(line) for line in out.splitlines()) == int(columns), args


@pytest.mark.usefixtures("sample_dir")
def test_no_color_wins_even_when_colour_is_forced(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not _ANY_ESCAPE.search(cli(*SAMPLE).stdout)
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in cli(*SAMPLE).stdout  # a terminal does get colour
    monkeypatch.delenv("FORCE_COLOR")
    assert not _ANY_ESCAPE.search(cli(*SAMPLE).stdout)  # piped: plain text


NASTY = "Use [bold]this[/] and [red]x[/red] \x1b]0;pwned\x07 \x1b[2J done"


def test_markup_and_escape_sequences_in_notes_are_shown_as_text(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    cli("day", "2024-06-18", "--title", "[b]Day[/b] \x1b[31m")
    for kind in ("highlight", "question", "quote"):
        cli(
            "add",
            "-d",
            "2024-06-18",
            "--at",
            "10:00",
            "-k",
            kind,
            "-s",
            "[i]S[/i]",
            "-p",
            "[u]P\x1b",
            NASTY,
        )
    for args in (SAMPLE, ("list", "-d", "2024-06-18"), ("themes",)):
        out = cli(*args).stdout
        for raw in ("\x1b]", "\x07", "\x1b[2J", "\x1b[31m"):
            assert raw not in out, (args, raw)
    out = cli(*SAMPLE).stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # drop Rich's own styling
    assert "[b]Day[/b] \\x1b[31m" in plain
    assert "Use [bold]this[/] and [red]x[/red] \\x1b]0;pwned\\x07 \\x1b[2J done" in plain
    assert "[i]S[/i]" in plain and "[u]P\\x1b" in plain


@pytest.mark.usefixtures("notes_dir")
def test_an_empty_day_says_so_in_one_line(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("summary", "--day", "2024-06-19")
    assert result.exit_code == 0
    assert result.stdout == "2024-06-19: no notes yet.\n"
    assert result.stderr == ""
    cli("day", "2024-06-19", "--title", "Day two", "--event", "OSW")
    assert (
        cli("summary", "-d", "2024-06-19").stdout == "OSW · Day two · 2024-06-19: no notes yet.\n"
    )
    data = json.loads(cli("summary", "-d", "2024-06-19", "--json").stdout)
    assert data["tally"]["notes"] == 0 and data["title"] == "Day two"


def test_a_broken_day_is_one_clear_error_and_stays_unchanged(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    path = notes_dir / "2024-06-18.toml"
    broken = b'format = 1\nday = 2024-06-18\n\n[notes.abcd1234]\ntext = "no end\n'
    path.write_bytes(broken)
    for args in (SAMPLE, ("themes",), (*SAMPLE, "--json")):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        assert re.fullmatch(rf"Error: {re.escape(str(path))}:5:\d+: .+\n", result.stderr)
    assert path.read_bytes() == broken


def test_summary_rejects_a_bad_day(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("summary", "--day", "20240618")
    assert result.exit_code == 2
    assert "invalid day '20240618'" in result.stderr


@pytest.mark.usefixtures("sample_dir")
def test_themes_across_days_show_growth_and_days(cli) -> None:  # type: ignore[no-untyped-def]
    for day, count in (("2024-06-19", 2), ("2024-06-20", 5)):
        for i in range(count):
            cli("add", "-d", day, "--at", f"10:0{i}", "-t", "public-procurement", f"p{i}")
    out = cli("themes").stdout
    assert out.startswith("Themes from 2024-06-18 to 2024-06-20 (3 days)")
    row = next(line for line in out.splitlines() if line.startswith("procurement"))
    assert re.match(r"procurement +10 +█{12} +▅▃█ +06-18 06-19 06-20 +Buying open source", row)
    trust = next(line for line in out.splitlines() if line.startswith("trust"))
    assert re.match(r"trust +4 +█+.? +█·· +06-18 +Building trust", trust)
    assert "also public-procurement" in out
    data = json.loads(cli("themes", "--from", "2024-06-19", "--to", "2024-06-20", "--json").stdout)
    assert data == {
        "days": ["2024-06-19", "2024-06-20"],
        "themes": [
            {
                "theme": "procurement",
                "title": "Buying open source",
                "count": 7,
                "description": "How public bodies buy, contribute to and maintain open source",
                "aliases": ["public-procurement"],
                "days": {"2024-06-19": 2, "2024-06-20": 5},
            }
        ],
    }


@pytest.mark.usefixtures("sample_dir")
def test_themes_of_one_day_and_of_no_day(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("themes", "--day", "2024-06-18").stdout
    assert out.startswith("Themes on 2024-06-18")
    assert "by day" not in out
    assert re.search(
        r"^collaboration +5 +█{12} +Collaboration, not cost savings", out, re.MULTILINE
    )
    assert cli("themes", "-d", "2024-06-25").stdout == "No themes on 2024-06-25.\n"
    empty = cli("themes", "--from", "2024-07-01", "--to", "2024-07-02").stdout
    assert empty == "No themes from 2024-07-01 to 2024-07-02.\n"
    assert cli("themes", "--day", "2024-06-18", "--from", "2024-06-18").exit_code == 2


def test_themes_with_no_notes_at_all(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes")
    assert result.exit_code == 0
    assert result.stdout == "No themes yet: tag notes with -t THEME or #theme.\n"


@pytest.mark.parametrize(
    "args", [("summary",), ("themes",), ("themes", "describe"), ("themes", "alias")]
)
def test_every_new_command_has_help(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args, "--help")
    assert result.exit_code == 0
    assert len(result.stdout.split("\n\n")[1].strip()) > 20


@pytest.mark.usefixtures("sample_dir")
def test_list_gives_the_note_the_width_and_cuts_nothing_at_80_columns(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("list", "-d", "2024-06-18").stdout
    assert "…" not in out
    assert "Government OSPOs: connecting people" in out
    assert "#digital-transformation" in out
    assert "Opening keynote · Amandeep Singh Gill" in out
    assert re.search(
        r"^a3kx9p2w +09:18 +★ highlight +UN sees open source as a foundation", out, re.M
    )


def test_themes_over_many_days_fold_aliases_once_per_note(cli, sample_dir) -> None:  # type: ignore[no-untyped-def]
    # public-procurement is an alias of procurement in the sample vocabulary.
    for day in ("2024-06-19", "2024-06-20"):
        cli("add", "both #procurement #public-procurement", "--day", day)
        cli("add", "alias only #public-procurement", "--day", day)
    data = json.loads(cli("themes", "--json").stdout)  # many days: counted by the index
    procurement = next(t for t in data["themes"] if t["theme"] == "procurement")
    assert procurement["days"] == {"2024-06-18": 3, "2024-06-19": 2, "2024-06-20": 2}
    assert procurement["count"] == 7
    assert "public-procurement" not in [t["theme"] for t in data["themes"]]
    assert (sample_dir / ".ospo-notes" / "index.sqlite3").exists()
