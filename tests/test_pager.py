"""Long output goes through a pager on a terminal, the way git does it; never when piped."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from ospo_notes.render.pager import DEFAULT, pager_command

DAY = "2024-06-18"
SUMMARY = ["summary", "--day", DAY]


@pytest.fixture
def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """A PAGER that writes what it is given to a file (and shows nothing)."""
    script = tmp_path / "pager.sh"
    script.write_text('#!/bin/sh\ncat > "$1"\n')
    script.chmod(0o755)
    out = tmp_path / "paged.txt"
    return f"{script} {out}", out


def run(
    *args: str, pager: str | None, on_terminal: bool = True, **env: str
) -> tuple[int, str, str]:
    """`python -m ospo_notes ARGS` with stdout on a pty (or a pipe); exit code, stdout, stderr."""
    environ = {k: v for k, v in os.environ.items() if k != "PAGER"} | env
    if pager is not None:
        environ["PAGER"] = pager
    command = [sys.executable, "-m", "ospo_notes", *args]
    if not on_terminal:
        done = subprocess.run(command, env=environ, capture_output=True, timeout=60, check=False)
        return done.returncode, done.stdout.decode(), done.stderr.decode()
    main, secondary = pty.openpty()
    proc = subprocess.Popen(command, env=environ, stdout=secondary, stderr=subprocess.PIPE)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    _out, err = proc.communicate(timeout=60)
    return proc.returncode, shown.decode().replace("\r\n", "\n"), err.decode()


@pytest.mark.usefixtures("sample_dir")
def test_on_a_terminal_the_summary_goes_through_the_pager(fake_pager: tuple[str, Path]) -> None:
    pager, paged = fake_pager
    code, shown, err = run(*SUMMARY, pager=pager)
    assert (code, shown, err) == (0, "", "")
    text = paged.read_text()
    assert "UN Open Source Week · OSPOs for Good · 2024-06-18" in text
    assert text.rstrip().endswith("25 notes · 7 highlights · 5 sessions · 2 speakers · 12 themes")


@pytest.mark.usefixtures("sample_dir")
def test_piped_output_never_starts_the_pager(fake_pager: tuple[str, Path]) -> None:
    pager, paged = fake_pager
    code, out, err = run(*SUMMARY, pager=pager, on_terminal=False)
    assert (code, err) == (0, "")
    assert "25 notes · 7 highlights" in out
    assert not paged.exists()


@pytest.mark.slow  # several real processes on a pty
@pytest.mark.usefixtures("sample_dir")
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", *SUMMARY], {}),
        (SUMMARY, {"PAGER": "cat"}),
        (SUMMARY, {"PAGER": ""}),
        (["export", "--day", DAY, "-o", "post.md"], {}),  # to a file: nothing to page
    ],
    ids=["--no-pager", "PAGER=cat", "PAGER=empty", "export -o"],
)
def test_the_pager_stays_off(
    fake_pager: tuple[str, Path], args: list[str], env: dict[str, str]
) -> None:
    pager, paged = fake_pager
    code, shown, err = run(*args, pager=env.get("PAGER", pager))
    assert code == 0, err
    assert not paged.exists()
    if args[0] != "export":
        assert "25 notes · 7 highlights" in shown


@pytest.mark.slow  # several real processes on a pty
@pytest.mark.usefixtures("sample_dir")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--day", DAY], "UN sees open source as a foundation"),
        (["list", "--day", DAY, "--json"], '"text": "UN sees open source as a foundation'),
        (["themes"], "collaboration"),
        (["export", "--day", DAY], "# OSPOs for Good"),
        (["schedule", "show", "--day", "2020-12-14"], "Gray Room"),
    ],
    ids=["list", "list --json", "themes", "export", "schedule show"],
)
def test_long_views_go_through_the_pager(
    fake_pager: tuple[str, Path], democon_path: Path, args: list[str], expected: str
) -> None:
    if args[0] == "schedule":
        done = run("schedule", "import", str(democon_path), pager=None, on_terminal=False)
        assert done[0] == 0, done[2]
    pager, paged = fake_pager
    code, shown, err = run(*args, pager=pager)
    assert (code, shown, err) == (0, "", "")
    assert expected in paged.read_text()


@pytest.mark.usefixtures("sample_dir")
def test_a_pager_quit_early_ends_the_command_quietly() -> None:
    code, shown, err = run("export", "--day", DAY, pager="true")
    assert (code, shown, err) == (0, "", "")


@pytest.mark.usefixtures("sample_dir")
def test_colours_reach_the_pager(
    fake_pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    pager, paged = fake_pager
    assert run(*SUMMARY, pager=pager, TERM="xterm-256color")[0] == 0
    assert "\x1b[" in paged.read_text()  # for `less -R`


def test_the_pager_command_follows_git() -> None:
    assert pager_command({"PAGER": "less -s"}) == "less -s"
    assert pager_command({"PAGER": "no-such-pager -s"}) is None  # said on stderr, then none
    assert pager_command({"PAGER": "cat"}) is None
    assert pager_command({"PAGER": ""}) is None
    assert pager_command({"PAGER": "  "}) is None
    assert pager_command({}) == DEFAULT == "less -FRX"  # less is on this machine


@pytest.mark.usefixtures("sample_dir")
def test_summary_brief_shows_only_highlights_themes_and_tally(cli) -> None:
    r = cli(*SUMMARY, "--brief")
    assert (r.exit_code, r.stderr) == (0, "")
    out = r.stdout
    for part in ("★ Highlights", "Common themes", "25 notes · 7 highlights · 5 sessions"):
        assert part in out
    for part in ("09:12  Opening keynote", "Open questions", "Action items", "Not in a session"):
        assert part not in out
    assert out.index("★ Highlights") < out.index("Common themes") < out.index("25 notes")


def test_summary_brief_is_for_the_terminal_view(cli) -> None:
    r = cli(*SUMMARY, "--brief", "--json")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == "Error: --brief shortens the view in the terminal: drop it for --json\n"


def test_help_shows_no_pager_and_brief(cli) -> None:
    assert "--no-pager" in cli("--help").stdout
    assert "--brief" in cli("summary", "--help").stdout


@pytest.mark.usefixtures("sample_dir")
def test_a_pager_that_cannot_run_still_shows_the_output() -> None:
    code, shown, err = run(*SUMMARY, pager="/nonexistent/pager -R")
    assert code == 0
    assert "25 notes · 7 highlights" in shown
    assert err == "ospo-notes: cannot run $PAGER (/nonexistent/pager): printing without a pager\n"
