"""`capture` as a real process: an id it printed is a note on disk, even after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ospo_notes.store import NotesStore

pytestmark = pytest.mark.slow  # a real capture process on a pipe

DAY = date(2025, 2, 1)


def start_capture(notes_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ospo_notes", "capture", "--day", DAY.isoformat()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir)},
    )


def type_lines(proc: subprocess.Popen[str], count: int) -> list[str]:
    """Send lines one by one, waiting for each acknowledgement (the stored note's id)."""
    assert proc.stdin is not None and proc.stdout is not None
    acked = []
    for n in range(count):
        proc.stdin.write(f"{'!' if n % 3 == 0 else ''}line {n} #live\n")
        proc.stdin.flush()
        acked.append(proc.stdout.readline().strip())
    return acked


def test_sigkill_mid_stream_loses_no_acknowledged_note(notes_dir: Path) -> None:
    proc = start_capture(notes_dir)
    acked = type_lines(proc, 12)
    assert proc.stdin is not None
    proc.stdin.write("".join(f"unacknowledged {n}\n" for n in range(50)))
    proc.stdin.flush()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    day = NotesStore(notes_dir).read_day(DAY)  # parses: a kill never leaves a broken file
    stored = {note.id: note for note in day.notes}
    assert all(len(note_id) == 8 for note_id in acked)
    assert set(acked) <= set(stored)
    assert [stored[i].text for i in acked] == [f"line {n} #live" for n in range(12)]
    assert stored[acked[0]].kind == "highlight"
    assert stored[acked[1]].themes == ("live",)


def test_ctrl_c_ends_the_capture_with_a_tally(notes_dir: Path) -> None:
    proc = start_capture(notes_dir)
    acked = type_lines(proc, 3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert out == ""
    assert err.endswith("Captured 3 notes.\n")
    assert len(NotesStore(notes_dir).read_day(DAY).notes) == len(acked) == 3


def test_on_a_terminal_the_prompt_shows_the_session_and_count(notes_dir: Path) -> None:
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ospo_notes", "capture", "--day", DAY.isoformat()],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir), "TERM": "dumb"},
        close_fds=True,
    )
    os.close(slave)
    seen = b""

    def read_until(marker: bytes) -> None:
        nonlocal seen
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], 10)
            assert ready, f"timed out waiting for {marker!r}; saw {seen!r}"
            seen += os.read(master, 4096)

    try:
        read_until(b"[no session \xc2\xb7 0] > ")
        os.write(master, b"!first\n")
        read_until(b"[no session \xc2\xb7 1] > ")
        os.write(master, b"/session Hallway chat\n")
        read_until(b"[Hallway chat \xc2\xb7 1] > ")
        os.write(master, b"\x04")  # Ctrl-D
        read_until(b"Captured 1 note.")
        assert proc.wait(timeout=10) == 0
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    (note,) = NotesStore(notes_dir).read_day(DAY).notes
    assert (note.kind, note.text, note.session) == ("highlight", "first", "")
