"""A damaged index never shows text that is in no day file, and never fails a command.

SQLite keeps no checksums: a byte changed inside a note's text on disk reads back
as a valid, wrong note. Each test damages `index.sqlite3` the way a disk or a
careless tool would, then runs what a user runs: the answer comes from the TOML
files, the command exits 0, and `check` says what it found and repaired.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

TEXT = "Reproducible builds are a supply chain control"
FAKE = "Reproducible builds are a supply chain CONTROL"  # same length: no size changes
SPAN = ("--from", "2024-06-17", "--to", "2024-06-19")
PAGE = 4096


@pytest.fixture
def indexed(cli, sample_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    """Three days with notes and an index built over them; returns the index file."""
    for day, text in [("2024-06-17", TEXT), ("2024-06-19", "Funding is the open question")]:
        done = cli("add", text, "--day", day, "-s", "Supply chain", "-t", "security")
        assert done.exit_code == 0, done.stderr
    built = cli("list", *SPAN)
    assert built.exit_code == 0, built.stderr
    path = sample_dir / ".ospo-notes" / "index.sqlite3"
    with sqlite3.connect(path) as db:  # everything into the main file, as after a clean exit
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def tamper(path: Path) -> int:
    """Change every stored copy of the note's text in place; how many there were."""
    data = path.read_bytes()
    copies = data.count(TEXT.encode())
    assert copies, "the note's text is not in the index file"
    path.write_bytes(data.replace(TEXT.encode(), FAKE.encode()))
    return copies


def garbage_page(path: Path) -> None:
    """Overwrite the page holding the note's text with bytes that are no b-tree page."""
    data = bytearray(path.read_bytes())
    start = data.index(TEXT.encode()) // PAGE * PAGE
    assert start > 0, "page 1 is the header: damaging it is the simpler case"
    data[start : start + PAGE] = bytes(range(256)) * (PAGE // 256)
    path.write_bytes(bytes(data))


def assert_true_answers(cli) -> None:  # type: ignore[no-untyped-def]
    """Every cross-day command shows the note as its day file has it."""
    for args in [
        ("list", *SPAN),
        ("list", *SPAN, "--search", "reproducible"),
        ("list", *SPAN, "--theme", "security", "--json"),
        ("export", *SPAN),
    ]:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr == "", args
        shown = result.stdout.replace("\n", " ")
        assert "CONTROL" not in shown, args
        if args[0] == "list" and "--json" not in args:
            assert "Reproducible" in shown, args  # the table may wrap the rest
        else:
            assert TEXT in shown, args


def test_a_changed_byte_in_a_notes_text_is_never_shown(cli, indexed: Path) -> None:  # type: ignore[no-untyped-def]
    tamper(indexed)
    assert_true_answers(cli)


def test_check_reports_and_repairs_a_changed_byte(cli, indexed: Path) -> None:  # type: ignore[no-untyped-def]
    tamper(indexed)
    found = cli("check")
    assert found.exit_code == 0, found.output
    assert found.stdout.startswith(f"{indexed}: warning: the index did not match the day files")
    assert "rebuilt from the day files" in found.stdout
    assert found.stdout.count("\n") == 1
    assert TEXT.encode() in indexed.read_bytes()  # repaired now, not on the next command
    again = cli("check")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr.endswith("all good.\n")
    assert_true_answers(cli)


def test_a_garbage_page_never_fails_a_command(cli, indexed: Path) -> None:  # type: ignore[no-untyped-def]
    garbage_page(indexed)
    assert_true_answers(cli)


def test_check_reports_and_repairs_a_garbage_page(cli, indexed: Path) -> None:  # type: ignore[no-untyped-def]
    garbage_page(indexed)
    found = cli("check")
    assert found.exit_code == 0, found.output
    assert found.stdout.startswith(f"{indexed}: warning: the index ")
    assert "rebuilt from the day files" in found.stdout
    assert cli("check").stdout == ""
    assert_true_answers(cli)


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE notes",  # the stamp says ours, a table is gone
        "ALTER TABLE notes RENAME COLUMN text TO body",
    ],
)
def test_a_wrong_schema_is_rebuilt(cli, indexed: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(indexed) as db:
        db.execute(damage)
    assert_true_answers(cli)


def test_a_changed_theme_count_is_never_shown(cli, indexed: Path) -> None:  # type: ignore[no-untyped-def]
    """`themes` counts from what the index keeps per day; damage there is caught too."""
    before = cli("themes", *SPAN)
    assert before.exit_code == 0, before.stderr
    data = indexed.read_bytes()
    assert b"security" in data
    indexed.write_bytes(data.replace(b"security", b"secretly"))  # themes fold case: not SECURITY
    after = cli("themes", *SPAN)
    assert after.exit_code == 0, after.stderr
    assert "secretly" not in after.stdout
    assert after.stdout == before.stdout
