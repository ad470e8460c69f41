"""Text arrives as bytes: from a non-UTF-8 shell, from a pipe, a megabyte at a time.

Whatever the locale, text is stored exactly or refused with one clear line, and
nothing is half-written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from torture import DAY, day_bytes, env_for, run_cli, stored
from typer.testing import CliRunner

from ospo_notes.cli import app
from ospo_notes.notes.model import is_blank

DAY_FILE = f"{DAY.isoformat()}.toml"


def test_text_people_actually_type_is_stored_exactly(tmp_path: Path) -> None:
    texts = [
        "🎤🔥 Emoji, ZWJ: 👩🏽‍💻 and flags 🇺🇳",
        "שלום עולם — مرحبا بالعالم (right-to-left)",
        "line one\nline two\n\n  indented\tand tabbed",
        'quotes \' " """ and backslashes \\ \\n \\u0041',
        '[notes.fake]\ntext = "not a table"\n<<<<<<< HEAD',
        "control \x00\x01\x07\x1b[31m\x7f\u2028\u2029 chars",
        "\r\nwindows\r\nlines\r",
    ]
    root = tmp_path / "notes"
    for text in texts:
        result = CliRunner().invoke(
            app, ["--notes-dir", str(root), "add", "-d", "2024-06-18", "--", text]
        )
        assert result.exit_code == 0, result.output
        assert stored(root)[result.stdout.strip()].text == text


@pytest.mark.slow  # a megabyte through a real process
def test_a_megabyte_of_text_through_stdin_is_stored_exactly(notes_dir: Path) -> None:
    text = ("Zeile mit Umlauten äöü und 🎤 " * 40 + "\n") * 900  # ~1.1 MB
    done = run_cli(notes_dir, "add", "-", "--day", DAY.isoformat(), input=text.encode() + b"\n")
    assert done.returncode == 0, done.stderr
    assert len(text.encode()) > 1_000_000
    assert stored(notes_dir)[done.stdout.decode().strip()].text == text
    again = run_cli(notes_dir, "add", "small one after", "--day", DAY.isoformat())
    assert again.returncode == 0, again.stderr
    assert len(stored(notes_dir)) == 2


@settings(max_examples=40, deadline=None)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))
def test_text_from_stdin_is_stored_exactly(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = tmp_path_factory.mktemp("notes")
    args = ["--notes-dir", str(root), "add", "-", "--day", DAY.isoformat()]
    result = CliRunner().invoke(app, args, input=(text + "\n").encode())
    if not is_blank(text):  # blank: whitespace and invisible format characters only
        assert result.exit_code == 0, result.output
        assert stored(root)[result.stdout.strip()].text == text
    else:
        assert result.exit_code == 2


@pytest.mark.parametrize("io_encoding", ["utf-8:strict", "utf-8:surrogateescape"])
def test_non_utf8_bytes_on_stdin_are_refused_in_one_line(notes_dir: Path, io_encoding: str) -> None:
    """Whatever the locale makes of stdin (en_US.UTF-8 is strict, C.UTF-8 lenient)."""
    done = subprocess.run(
        [sys.executable, "-m", "ospo_notes", "add", "-", "--day", DAY.isoformat()],
        input=b"caf\xe9\n",
        env=env_for(notes_dir) | {"PYTHONIOENCODING": io_encoding},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "Error: the note contains bytes that are not UTF-8 (b'\\xe9'): set your terminal to "
        "UTF-8 (e.g. LANG=C.UTF-8) and type it again\n"
    )
    assert day_bytes(notes_dir) is None


# -- bytes from a non-UTF-8 shell ----------------------------------------------------


D = DAY.isoformat().encode()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([b"add", b"caf\xe9 au lait", b"-d", D], id="text"),
        pytest.param([b"add", b"ok", b"--session", b"Caf\xe9 talk", b"-d", D], id="session"),
        pytest.param([b"add", b"ok", b"--speaker", b"Ren\xe9", b"-d", D], id="speaker"),
        pytest.param([b"add", b"ok", b"--theme", b"caf\xe9", b"-d", D], id="theme"),
        pytest.param([b"day", D, b"--title", b"\xff\xfe"], id="title"),
        pytest.param([b"add", b"ok", b"--day", b"2024-06-1\xb8"], id="day"),
    ],
)
def test_non_utf8_bytes_in_argv_are_refused_in_one_line(notes_dir: Path, args: list[bytes]) -> None:
    write = run_cli(notes_dir, "add", "before", "--day", DAY.isoformat())
    assert write.returncode == 0
    before = day_bytes(notes_dir)
    done = run_cli(notes_dir, *args)
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr
    error_lines = [line for line in done.stderr.splitlines() if line.startswith(b"Error: ")]
    assert len(error_lines) == 1, done.stderr
    assert b"UTF-8" in error_lines[0] or b"invalid" in error_lines[0].lower()
    assert day_bytes(notes_dir) == before
