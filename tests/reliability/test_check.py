"""`ospo-notes check`: every problem reported as FILE:LINE:COL with a fix, exit 1 on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_NOTES
from ospo_notes.check.problems import ERROR, WARNING
from ospo_notes.check.report import check_notes_dir


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


@pytest.mark.usefixtures("sample_dir")
def test_the_sample_notes_are_clean(cli) -> None:
    result = cli("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "3 files checked: all good.\n"  # the day, themes and speakers


def test_a_missing_notes_dir_is_an_error(cli, notes_dir: Path) -> None:
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {notes_dir} does not exist: no notes to check (see 'ospo-notes where')\n"
    )


def test_conflict_markers_point_at_the_first_marker_line(cli, sample_dir: Path) -> None:
    day = sample_dir / "2024-06-18.toml"
    text = (
        day.read_text().replace("[notes.q7hc2m4d]", "<<<<<<< HEAD\n[notes.q7hc2m4d]", 1)
        + "=======\n>>>>>>> theirs\n"
    )
    day.write_text(text)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{day}:8:1: error: git conflict markers (<<<<<<<, =======, >>>>>>>) from a merge, "
        "around note q7hc2m4d (keep the notes from both sides and delete the marker lines)\n"
    )
    assert result.stderr == "3 files checked: 1 error, 0 warnings.\n"


def test_toml_syntax_errors_have_line_and_column(cli, notes_dir: Path) -> None:
    day = write(notes_dir / "2024-06-18.toml", 'format = 1\nday = 2024-06-18\ntitle = "open\n')
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{day}:3:14: error: not valid TOML: ")
    assert result.stdout.endswith("(fix this line by hand; the syntax is at https://toml.io)\n")


def test_validation_errors_name_the_line_of_the_note(cli, notes_dir: Path) -> None:
    day = write(
        notes_dir / "2024-06-18.toml",
        'format = 1\n\n[notes.good1]\ntext = "fine"\n\n[notes.bad22]\nkind = "rant"\ntext = "x"\n',
    )
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{day}:6: error: note 'bad22': kind 'rant' is not one of "
        "note, highlight, quote, question, action\n"
    )


def test_non_utf8_bytes_are_located(cli, notes_dir: Path) -> None:
    day = write(notes_dir / "2024-06-18.toml", b'format = 1\ntitle = "caf\xe9"\n')
    result = cli("check")
    assert result.exit_code == 1
    assert (
        result.stdout
        == f"{day}:2:13: error: byte b'\\xe9' is not UTF-8 (re-save the file as UTF-8)\n"
    )


def test_misnamed_day_files_are_errors_with_the_right_name(cli, notes_dir: Path) -> None:
    write(notes_dir / "2024-6-18.toml", 'text = "x"\n')
    write(notes_dir / "20240619.toml", "")
    write(notes_dir / "2024-13-45.toml", "")
    write(notes_dir / "notes.toml", "")  # not day-like: none of our business
    result = cli("check")
    assert result.exit_code == 1
    assert lines(result.stdout) == [
        f"{notes_dir / '2024-13-45.toml'}: error: not a real date, so ospo-notes never reads this "
        "file (rename it to the day its notes belong to)",
        f"{notes_dir / '2024-6-18.toml'}: error: looks like a day file but is not named "
        "YYYY-MM-DD.toml, so its notes are never read (rename it to 2024-06-18.toml)",
        f"{notes_dir / '20240619.toml'}: error: looks like a day file but is not named "
        "YYYY-MM-DD.toml, so its notes are never read (rename it to 2024-06-19.toml)",
    ]


def test_a_schedule_file_named_for_no_real_date_is_reported(cli, notes_dir: Path) -> None:
    bogus = write(notes_dir / "schedule" / "2024-13-45.toml", "")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.count("Error") == 0, result.stderr
    assert lines(result.stdout)[0] == (
        f"{bogus}: error: not a real date, so ospo-notes never reads this schedule file "
        "(rename it to the day of its sessions, or delete it and import the schedule again)"
    )
    assert bogus.read_bytes() == b""


def test_a_broken_theme_vocabulary_is_reported(cli, sample_dir: Path) -> None:
    write(sample_dir / "themes.toml", '[themes.open-source]\ndescription = "x\n')
    result = cli("check")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{sample_dir / 'themes.toml'}:2:")


def test_newer_format_and_stale_temps_are_warnings_only(cli, sample_dir: Path) -> None:
    write(sample_dir / "2024-06-19.toml", "format = 7\nday = 2024-06-19\n")
    temp = write(sample_dir / ".2024-06-18.toml.tmp-123-abcd", "half a fi")
    stamp_temp = write(sample_dir / ".ospo-notes" / "stamps" / ".x.json.tmp-1-ab", "")
    result = cli("check")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        f"{temp}: warning: a temporary file left by an interrupted write "
        "(harmless: the next change to your notes deletes it)",
        f"{sample_dir / '2024-06-19.toml'}:1: warning: format 7 is newer than this ospo-notes "
        "(format 1): it is read but never changed (upgrade ospo-notes)",
        f"{stamp_temp}: warning: a temporary file left by an interrupted write "
        "(harmless: the next change to your notes deletes it)",
    ]
    assert result.stderr == "4 files checked: all good (3 warnings).\n"


def test_a_symlinked_day_file_is_a_warning(cli, notes_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.toml"
    shutil.copy(SAMPLE_NOTES / "2024-06-18.toml", real)
    notes_dir.mkdir()
    (notes_dir / "2024-06-18.toml").symlink_to(real)
    result = cli("check")
    assert result.exit_code == 0
    assert "warning: a symbolic link" in result.stdout


def test_check_changes_nothing(cli, sample_dir: Path) -> None:
    write(sample_dir / ".2024-06-18.toml.tmp-9-ff", "x")
    write(sample_dir / "2024-06-19.toml", "broken = \n")
    before = {p: p.read_bytes() for p in sample_dir.rglob("*") if p.is_file()}
    cli("check")
    assert {p: p.read_bytes() for p in sample_dir.rglob("*") if p.is_file()} == before


def test_report_counts_files_and_severities(sample_dir: Path) -> None:
    write(sample_dir / "2024-06-19.toml", "format = 3\n")
    write(sample_dir / "2024-06-20.toml", "format = 0\n")
    report = check_notes_dir(sample_dir)
    assert report.files == 5  # three days, themes.toml and speakers.toml
    assert [p.severity for p in report.problems] == [WARNING, ERROR]
    assert (report.errors, report.warnings) == (1, 1)


def test_vocabulary_rules_and_schedule_files_are_checked(cli, sample_dir: Path) -> None:
    write(
        sample_dir / "themes.toml",
        '[themes.trust]\naliases = ["x"]\n\n[themes.procurement]\naliases = ["x"]\n',
    )
    write(sample_dir / "schedule" / "2024-06-18.toml", "[sessions.abc]\ntitle = 3\n")
    result = cli("check")
    assert result.exit_code == 1
    found = lines(result.stdout)
    assert len(found) == 2
    assert found[0].startswith(f"{sample_dir / 'themes.toml'}: error: x is listed as an alias")
    assert found[1].startswith(f"{sample_dir / 'schedule' / '2024-06-18.toml'}")
    assert result.stderr == "4 files checked: 2 errors, 0 warnings.\n"


def test_a_damaged_index_is_a_warning(cli, sample_dir: Path) -> None:
    assert cli("list", "--from", "2024-06-18", "--to", "2024-06-18").exit_code == 0
    index = sample_dir / ".ospo-notes" / "index.sqlite3"
    assert cli("check").stdout == ""  # a sound index says nothing
    index.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = cli("check")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        f"{index}: warning: the index was damaged (SQLite: file is not a database); rebuilt "
        "from the day files, nothing was lost (the index is only a cache of the day files)"
    ]
    assert cli("check").stdout == ""  # rebuilt by the check itself
    assert cli("list", "--from", "2024-06-18", "--to", "2024-06-18").exit_code == 0
    assert cli("check").stdout == ""
