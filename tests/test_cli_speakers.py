"""`ospo-notes speakers`, `speakers describe` and `speakers alias`, and aliases folding
in the summary and `list --speaker`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GILL = "Amandeep Singh Gill"
ROLE = "Under-Secretary-General and Special Envoy for Digital and Emerging Technologies"
DAY = "2024-06-18"


@pytest.fixture
def sample_without_speakers(sample_dir: Path) -> Path:
    """The sample day without its speakers.toml: these tests write that file themselves."""
    (sample_dir / "speakers.toml").unlink()
    return sample_dir


def test_describe_creates_the_file_and_the_summary_shows_the_role(  # type: ignore[no-untyped-def]
    cli, sample_without_speakers: Path
) -> None:
    sample_dir = sample_without_speakers
    result = cli("speakers", "describe", GILL, "--role", ROLE, "--org", "UN-ODET")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Described {GILL}.\n")
    assert (
        (sample_dir / "speakers.toml")
        .read_text(encoding="utf-8")
        .endswith(f'[speakers."{GILL}"]\nrole = "{ROLE}"\norg = "UN-ODET"\n')
    )
    summary = cli("summary", "-d", DAY)
    assert "Amandeep Singh Gill (Under-Secretary-General and Special Envoy" in summary.stdout
    data = json.loads(cli("summary", "-d", DAY, "--json").stdout)
    assert data["speakers"] == [
        {"name": GILL, "role": ROLE, "org": "UN-ODET"},
        {"name": "Dmitry Mariyasin", "role": "", "org": ""},
    ]


def test_describing_again_changes_the_role_and_org_can_be_removed(cli) -> None:  # type: ignore[no-untyped-def]
    cli("speakers", "describe", "Bo", "--role", "Chair", "--org", "UNECE")
    result = cli("speakers", "describe", "Bo", "--role", "Deputy Chair", "--org", "")
    assert (result.exit_code, result.stderr) == (0, "Described Bo.\n")
    listed = json.loads(cli("speakers", "--json").stdout)["speakers"]
    assert listed == [{"name": "Bo", "role": "Deputy Chair", "org": "", "aliases": [], "notes": 0}]


@pytest.mark.usefixtures("sample_without_speakers")
def test_speakers_lists_notes_and_the_file_with_counts(cli) -> None:  # type: ignore[no-untyped-def]
    cli("speakers", "describe", "Zoe Chair", "--role", "Moderator")
    result = cli("speakers")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "Speakers"
    assert lines[3].split() == ["Amandeep", "Singh", "Gill", "4"]
    assert lines[4].split() == ["Dmitry", "Mariyasin", "2"]
    assert lines[5].split() == ["Zoe", "Chair", "0", "Moderator"]
    one_day = cli("speakers", "--day", DAY).stdout
    assert one_day.startswith(f"Speakers on {DAY}")
    assert "Zoe" not in one_day  # on a day: only who spoke that day
    ranged = json.loads(cli("speakers", "--from", DAY, "--to", "2024-06-19", "--json").stdout)
    assert [(s["name"], s["notes"]) for s in ranged["speakers"]] == [
        (GILL, 4),
        ("Dmitry Mariyasin", 2),
    ]
    assert cli("speakers", "-d", "2024-06-25").stdout == "No speakers on 2024-06-25.\n"


def test_no_speakers_yet(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("speakers")
    assert (result.exit_code, result.stdout) == (
        0,
        "No speakers yet: name them with --speaker NAME.\n",
    )


@pytest.mark.usefixtures("sample_without_speakers")
def test_an_alias_folds_everywhere(cli) -> None:  # type: ignore[no-untyped-def]
    cli("add", "-d", DAY, "--at", "17:30", "-p", "A. Gill", "-s", "Closing", "Thanks all")
    cli("add", "-d", "2024-06-19", "--at", "09:00", "-p", "A. Gill", "Day two")
    result = cli("speakers", "alias", "A. Gill", GILL)
    assert (result.exit_code, result.stderr) == (0, f"A. Gill is now an alias of {GILL}.\n")
    counts = json.loads(cli("speakers", "--json").stdout)["speakers"]
    assert (counts[0]["name"], counts[0]["notes"], counts[0]["aliases"]) == (GILL, 6, ["A. Gill"])
    summary = json.loads(cli("summary", "-d", DAY, "--json").stdout)
    closing = next(s for s in summary["sessions"] if s["title"] == "Closing")
    assert closing["speakers"] == [GILL]
    assert summary["tally"]["speakers"] == 2
    day_list = json.loads(cli("list", "-d", DAY, "-p", "a. gill", "--json").stdout)
    assert len(day_list) == 5  # Gill's four notes of the keynote and the one as A. Gill
    by_name = json.loads(
        cli("list", "--from", DAY, "--to", "2024-06-19", "-p", GILL, "--json").stdout
    )
    assert [n["text"] for n in by_name][-2:] == ["Thanks all", "Day two"]
    table = cli("list", "--from", DAY, "--to", "2024-06-19", "-p", "A. Gill").stdout
    assert "Day two" in table and "Room is full" in table


def test_alias_remove(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("speakers", "alias", "A. Gill", GILL)
    result = cli("speakers", "alias", "--remove", "A. Gill")
    assert (result.exit_code, result.stderr) == (0, f"A. Gill is no longer an alias of {GILL}.\n")
    assert not (notes_dir / "speakers.toml").read_text(encoding="utf-8").count("[speakers")


def test_bad_input_is_one_line_and_changes_nothing(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli("speakers", "describe", GILL, "--role", ROLE)
    cli("speakers", "alias", "A. Gill", GILL)
    before = (notes_dir / "speakers.toml").read_bytes()
    cases = {
        ("speakers", "alias", "Bo", "Bo"): "cannot make Bo an alias of itself",
        ("speakers", "alias", GILL, "A. Gill"): (
            f"cannot make {GILL} an alias of A. Gill: A. Gill is already an alias of {GILL}, "
            "so the two would loop; to swap them, first run "
            "'ospo-notes speakers alias --remove 'A. Gill''"
        ),
        ("speakers", "alias", GILL, "Bo"): f"{GILL} is a speaker with its own role",
        ("speakers", "alias", "Bo"): "give the NAME that ALIAS stands for",
        ("speakers", "alias", "--remove", "Bo"): "Bo is not an alias",
        ("speakers", "alias", "--remove", "A. Gill", "Bo"): f"is an alias of {GILL}, not of Bo",
        ("speakers", "describe", "Bo", "--role", ""): "the role is empty",
        ("speakers", "describe", "Bo", "--role", "  "): "the role is empty",
        (
            "speakers",
            "describe",
            "Bo\nLovelace",
            "--role",
            "x",
        ): "the speaker's name must be one line",
        ("speakers", "describe", "Bo", "--role", "Chair\nand more"): "the role must be one line",
        (
            "speakers",
            "describe",
            "Bo",
            "--role",
            "x",
            "--org",
            "U\x1b[2J",
        ): "the organisation contains",
        ("speakers", "describe", "Bo"): "Missing option '--role'",
        ("speakers", "alias", "", "Bo"): "the speaker's name is empty",
    }
    for args, message in cases.items():
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
        assert result.stdout == ""
    assert (notes_dir / "speakers.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("broken [\n", "speakers.toml:1:"),
        ("speakers = 3\n", "'speakers' must be a table"),
        ('[speakers.a]\naliases = ["x"]\n[speakers.b]\naliases = ["x"]\n', "alias of both a and b"),
        ('[speakers.a]\nrole = "two\\nlines"\n', "the role of a must be one line"),
        ('[speakers."a\\u001b"]\n', "control character U+001B"),
    ],
)
def test_a_broken_file_is_reported_and_never_rewritten(
    cli, notes_dir: Path, text: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    path = notes_dir / "speakers.toml"
    path.write_text(text, encoding="utf-8")
    for args in (("speakers", "describe", "Bo", "--role", "Chair"), ("speakers",), ("summary",)):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_help_speaks_the_users_words(cli) -> None:  # type: ignore[no-untyped-def]
    assert "NAME" in cli("speakers", "describe", "--help").stdout
    out = cli("speakers", "--help").stdout
    for word in ("--day", "--from", "--to", "--json", "describe", "alias"):
        assert word in out
    assert "--role TEXT" in cli("speakers", "describe", "--help").stdout


def test_speaker_names_complete_on_tab(runner, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from test_completion import complete

    (sample_dir / "speakers.toml").write_text(
        '[speakers."Zoe Chair"]\nrole = "Moderator"\naliases = ["Z. Chair"]\n', encoding="utf-8"
    )
    assert complete("add", "x", "--speaker", "", runner=runner) == [
        "Zoe Chair",
        "Z. Chair",
        GILL,
        "Dmitry Mariyasin",
    ]
    assert complete("list", "-p", "Dm", runner=runner) == ["Dmitry Mariyasin"]
    assert complete("speakers", "describe", "Z", runner=runner) == ["Zoe Chair", "Z. Chair"]
    assert complete("speakers", "alias", "Gill", "Am", runner=runner) == [GILL]


def test_check_reports_a_broken_speakers_file(cli, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = sample_dir / "speakers.toml"
    path.write_text('[speakers.a]\naliases = ["a b"]\n[speakers."a b"]\n', encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 1
    found = f'{path}: error: a b is a speaker ([speakers."a b"]) and an alias of a'
    assert result.stdout.startswith(found)
    assert result.stderr == "3 files checked: 1 error, 0 warnings.\n"
    path.write_text('[speakers.a]\nrole = "Chair"\n', encoding="utf-8")
    assert cli("check").stderr == "3 files checked: all good.\n"
