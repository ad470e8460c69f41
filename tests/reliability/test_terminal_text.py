"""Text that reaches a terminal never drives it: control and bidi-override characters are shown.

A note holding `ESC c` cleared the screen when `export` printed it to a terminal; a
schedule's title with an escape went raw into `schedule import`'s message (even piped),
into `session start`, `session` and `add`; U+202E (right-to-left override) reversed
lines of `list`, `summary` and `add`. Now messages on stderr always show such
characters as `\\x1b`-style escapes, and stdout does on a terminal; a file or a pipe
still gets the exact bytes of data output.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

DAY = "2024-06-18"
CLEAR = "\x1bc"  # ESC c: reset the terminal, clearing the screen
RED = "\x1b[31m"  # a colour code: the kind click strips off a pipe
TITLE = "\x1b]0;pwned\x07"  # OSC: sets the window title
RLO = "\u202e"  # right-to-left override


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (CLEAR, "\\x1bc"),
        (TITLE, "\\x1b]0;pwned\\x07"),
        ("a\rb", "a\\rb"),
        ("\x9b2J", "\\x9b2J"),  # a C1 control
        (RLO + "gnp.exe", "\\u202egnp.exe"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # an isolate
        ("\u2028", "\\u2028"),
        ("tab\tand\nnewline é ★ שלום", "tab\tand\nnewline é ★ שלום"),  # text stays text
    ],
)
def test_visible_shows_controls_and_bidi_overrides(raw: str, shown: str) -> None:
    from ospo_notes.terminal_text import visible

    assert visible(raw) == shown


def on_terminal(notes_dir: Path, *args: str) -> str:
    """Run `ospo-notes ARGS` with stdout and stderr on a pseudo-terminal; what it showed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ospo_notes", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir), "TERM": "dumb", "NO_COLOR": "1"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 20)
            assert ready, f"timed out; saw {seen!r}"
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=20) == 0, seen
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return seen.decode("utf-8").replace("\r\n", "\n")


def assert_shown(output: str, *raws: str) -> None:
    """Each of `raws` appears in `output` only as its `\\x1b`-style escape."""
    for raw in raws:
        assert raw not in output
        assert raw.encode("unicode_escape").decode("ascii") in output


def test_export_to_a_terminal_shows_escapes(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", f"before{CLEAR}after {RLO}txt", "--day", DAY).exit_code == 0

    output = on_terminal(notes_dir, "export", "--day", DAY)

    assert "\x1b" not in output
    assert_shown(output, CLEAR, RLO)


def test_export_to_a_pipe_keeps_the_bytes(cli) -> None:  # type: ignore[no-untyped-def]
    """Data stays data: a post piped on or written to a file is the note's bytes."""
    text = f"before{CLEAR} and {RLO}txt"
    assert cli("add", text, "--day", DAY).exit_code == 0

    result = cli("export", "--day", DAY)

    assert result.exit_code == 0
    assert text in result.stdout


def test_export_to_a_terminal_named_by_output_shows_escapes(
    cli,  # type: ignore[no-untyped-def]
) -> None:
    """`-o /dev/pts/N` is a terminal too, however it is named."""
    assert cli("add", f"before{CLEAR}after", "--day", DAY).exit_code == 0
    master, slave = pty.openpty()
    try:
        result = cli("export", "--day", DAY, "-o", os.ttyname(slave))
        assert result.exit_code == 0, result.stderr
        shown = os.read(master, 65536).decode()
    finally:
        os.close(master)
        os.close(slave)
    assert_shown(shown, CLEAR)


def test_session_piped_keeps_the_bytes(cli) -> None:  # type: ignore[no-untyped-def]
    """`session` prints the title as data: a pipe gets it whole, colour code and all."""
    assert cli("session", "start", f"Talk {RED}red").exit_code == 0

    result = cli("session")

    assert (result.exit_code, result.stdout) == (0, f"Talk {RED}red\n")


def test_schedule_import_shows_the_title_even_piped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ics = tmp_path / "evil.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//evil//EN\r\n"
        f"X-WR-CALNAME:Evil{CLEAR}Con{RLO}\r\n"
        "BEGIN:VEVENT\r\nUID:evil-1\r\nSUMMARY:A talk\r\n"
        "DTSTART:20240618T100000Z\r\nDTEND:20240618T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )

    result = cli("schedule", "import", str(ics))

    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert_shown(result.stderr, CLEAR, RLO)


def test_session_start_shows_title_and_speakers(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("session", "start", f"Talk{TITLE}", "--speaker", f"Ann{CLEAR}{RLO}")

    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert_shown(result.stderr, TITLE, CLEAR, RLO)


def test_session_on_a_terminal_shows_title_and_speakers(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("session", "start", f"Talk{TITLE}", "--speaker", f"Ann{RLO}").exit_code == 0

    output = on_terminal(notes_dir, "session")

    assert "\x1b" not in output
    assert_shown(output, TITLE, RLO)


@pytest.mark.parametrize("quick", [True, False], ids=["quick path", "typer path"])
def test_add_on_a_terminal_shows_the_session(cli, notes_dir: Path, quick: bool) -> None:  # type: ignore[no-untyped-def]
    assert cli("session", "start", f"Talk{TITLE}{RLO}", "--day", DAY).exit_code == 0
    first = [] if quick else ["--notes-dir", str(notes_dir)]  # a global option: Typer runs

    output = on_terminal(notes_dir, *first, "add", "a note", "--day", DAY)

    assert "Added note" in output
    assert "\x1b" not in output
    assert_shown(output, TITLE, RLO)


def test_add_shows_a_right_to_left_override_in_its_message(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("add", "a note", "--day", DAY, "--session", f"Talk{RLO}gnp.exe")

    assert result.exit_code == 0
    assert_shown(result.stderr, RLO)


@pytest.mark.parametrize("command", [["list", "--day", DAY], ["summary", "--day", DAY]])
def test_list_and_summary_show_a_right_to_left_override(cli, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    added = cli("add", f"evil{RLO}txt.exe", "--day", DAY, "-s", f"S{RLO}", "-p", f"P{RLO}")
    assert added.exit_code == 0

    result = cli(*command)

    assert result.exit_code == 0
    assert RLO not in result.stdout
    assert "evil\\u202etxt.exe" in result.stdout


def test_a_usage_error_quoting_an_argument_shows_it(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("add", "a note", f"and{CLEAR}more{RLO}")

    assert result.exit_code == 2
    assert_shown(result.stderr, CLEAR, RLO)
