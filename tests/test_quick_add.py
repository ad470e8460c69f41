"""A plain `ospo-notes add` runs without Typer; it must do exactly what the Typer command does."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from ospo_notes import launch
from ospo_notes.capture import adding
from ospo_notes.cli import app
from ospo_notes.errors import NotFoundError
from ospo_notes.notes import dates
from ospo_notes.notes.model import Note
from ospo_notes.store import NotesStore

NOW = datetime(2024, 6, 18, 9, 41, 7)


def test_the_quick_options_are_the_typer_commands_options() -> None:
    command = get_command(app).commands["add"]  # type: ignore[attr-defined]
    declared = {
        name: (not param.is_flag, param.multiple)
        for param in command.params
        if param.param_type_name == "option"
        for name in (*param.opts, *param.secondary_opts)
    }
    quick = {name: (value, repeats) for name, (_, value, repeats) in launch.ADD_OPTIONS.items()}
    assert quick == declared


@pytest.mark.parametrize(
    "args",
    [
        ["a note"],
        ["a note", "-t", "trust", "--theme=policy", "-H"],
        ["-s", "Opening keynote", "a note", "-p", "Ana", "--speaker", "Bo", "--at", "09:30"],
        ["--day", "2024-06-17", "--kind", "quote", "--", "-1 for slides"],
    ],
)
def test_plain_adds_take_the_quick_path(args: list[str]) -> None:
    assert launch.parse_add(args) is not None


@pytest.mark.parametrize(
    "args",
    [
        [],  # the editor
        ["-"],  # stdin
        ["a", "b"],  # one text only
        ["a note", "--help"],
        ["a note", "-Ht", "trust"],  # short options run together
        ["a note", "-ttrust"],
        ["a note", "--highlight=yes"],
        ["a note", "--theme"],
        ["a note", "--them", "trust"],
        ["a note", "-s="],  # click's value: '='
    ],
)
def test_everything_else_goes_to_typer(args: list[str]) -> None:
    assert launch.parse_add(args) is None


DAYS = st.sampled_from(["2024-06-17", "today", "yesterday", "2024-13-01", "", "18.6.2024"])
TIMES = st.sampled_from(["09:30", "9:05", "23:59:59", "25:00", "noon"])
NAMES = st.sampled_from(["Opening keynote", "Ana", "", "  ", "-dash", "Zoë ✓"])
KINDS = st.sampled_from(["quote", "Highlight", "note", "question", "rant", ""])
THEMES = st.sampled_from(["trust", "Global South", "#ai", "", "a/b", "procurement"])
TEXTS = st.sampled_from(["a note", "#ai and #trust", "", "   ", "-1 for slides", "ünï ✓", "-"])


def _spelled(longs: list[str], value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """An option as `--name V`, `-n V`, `--name=V` or `-n=V`."""
    return st.tuples(st.sampled_from(longs), value, st.booleans()).map(
        lambda t: [f"{t[0]}={t[1]}"] if t[2] else [t[0], t[1]]  # click reads -s=V as '=V'
    )


CHUNKS = st.one_of(
    _spelled(["--day", "-d"], DAYS),
    _spelled(["--at"], TIMES),
    _spelled(["--session", "-s"], NAMES),
    _spelled(["--speaker", "-p"], NAMES),
    _spelled(["--kind", "-k"], KINDS),
    _spelled(["--theme", "-t"], THEMES),
    _spelled(["--author"], NAMES),
    st.sampled_from([["-H"], ["--highlight"], ["--"], ["--bogus"], ["-Ht", "x"], ["more"]]),
)


@contextlib.contextmanager
def notes_dir_env(path: Path) -> Iterator[None]:
    before = os.environ.get("OSPO_NOTES_DIR")
    os.environ["OSPO_NOTES_DIR"] = str(path)
    try:
        yield
    finally:
        if before is None:
            del os.environ["OSPO_NOTES_DIR"]
        else:
            os.environ["OSPO_NOTES_DIR"] = before


def stored(path: Path) -> list[Note]:
    """Every note in the dir, its random id blanked."""
    store = NotesStore(path)
    return [n.with_changes(id="") for d in store.read_days(store.days()) for n in d.notes]


def blank_ids(text: str, path: Path) -> str:
    """`text` with note ids as ID and the notes dir (which the confirmation names) as DIR."""
    text = text.replace(str(path), "DIR")
    store = NotesStore(path)
    for day in store.read_days(store.days()):
        for note in day.notes:
            text = text.replace(note.id, "ID")
    return text


@pytest.mark.slow  # hundreds of generated argument lists through both paths
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chunks=st.lists(CHUNKS, max_size=5), text=TEXTS, at=st.integers(0, 5))
def test_the_quick_path_does_what_typer_does(chunks: list[list[str]], text: str, at: int) -> None:
    args = [arg for chunk in chunks for arg in chunk]
    args.insert(min(at, len(args)), text)
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(dates, "now", lambda: NOW):
        quick_dir, typer_dir = Path(tmp, "quick"), Path(tmp, "typer")
        out, err = io.StringIO(), io.StringIO()
        with (
            notes_dir_env(quick_dir),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = launch.quick_add(args)
        event("deferred to Typer" if code is None else f"quick path, exit {code}")
        if code is None:  # deferred to Typer: nothing done, nothing said
            assert (out.getvalue(), err.getvalue(), quick_dir.exists()) == ("", "", False)
            return
        typer_run = CliRunner().invoke(app, ["add", *args], env={"OSPO_NOTES_DIR": str(typer_dir)})
        assert code == typer_run.exit_code, typer_run.stderr
        assert blank_ids(out.getvalue(), quick_dir) == blank_ids(typer_run.stdout, typer_dir)
        assert blank_ids(err.getvalue(), quick_dir) == blank_ids(typer_run.stderr, typer_dir)
        assert stored(quick_dir) == (stored(typer_dir) if typer_dir.exists() else [])


def test_a_plain_add_does_not_load_typer_and_a_mistake_does(notes_dir: Path) -> None:
    env = {**os.environ, "OSPO_NOTES_DIR": str(notes_dir)}

    def imports(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "ospo_notes", "add", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return done.stderr

    assert " typer\n" not in imports("a note", "-t", "trust")
    mistake = imports("a note", "--them", "trust")
    assert " typer\n" in mistake
    last_line = mistake.splitlines()[-1]  # after the import times
    assert last_line.startswith("Error: No such option: --them (Possible options: --at, ")


@pytest.mark.parametrize("raised", [KeyboardInterrupt(), NotFoundError("no such day file")])
def test_an_interrupt_or_an_error_while_adding_ends_both_paths_alike(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], raised: BaseException
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(adding, "add_note", interrupted)
    code = launch.quick_add(["a note"])
    quick = capsys.readouterr()
    typer_run = CliRunner().invoke(app, ["add", "a note"])
    assert (code, quick.out, quick.err) == (
        typer_run.exit_code,
        typer_run.stdout,
        typer_run.stderr,
    )


@pytest.mark.parametrize("args", [["a note"], ["a note", "-Ht", "trust"]])  # quick, then Typer
def test_a_closed_stdout_keeps_the_note_and_exits_1_quietly(
    notes_dir: Path, args: list[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `ospo-notes add ... | head -c0`
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ospo_notes", "add", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "OSPO_NOTES_DIR": str(notes_dir)},
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (1, "")
    assert [n.text for n in stored(notes_dir)] == ["a note"]


TYPER_ADD = "import sys; from ospo_notes.cli import main; sys.argv[0] = 'ospo-notes'; main()"
SCRIPT = Path(sys.executable).with_name("ospo-notes")
COMPLETING = {"_OSPO_NOTES_COMPLETE": "complete_bash", "COMP_WORDS": "x", "COMP_CWORD": "1"}


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
@pytest.mark.parametrize(
    ("args", "env", "closed"),
    [
        (["hello", "-s", "Talk"], {"PYTHONIOENCODING": "ascii"}, None),  # click writes UTF-8
        (["hello", "-s", "\x1b[31mRed\x1b[0m"], {}, None),  # no ANSI codes off a terminal
        (["hello"], {}, 1),  # `>&-`: click writes nothing, exit 0
        (["hello"], {}, 2),
        (["hello"], COMPLETING, None),  # completion asked: Typer answers, nothing is added
    ],
)
def test_the_quick_path_writes_as_typer_writes(
    tmp_path: Path, args: list[str], env: dict[str, str], closed: int | None
) -> None:
    def run(argv: list[str], notes: Path) -> tuple[int, str, str, list[Note]]:
        done = subprocess.run(
            [*argv, "add", *args, "--day", "2024-06-18"],  # not today: no clock time
            capture_output=True,
            env={**os.environ, **env, "OSPO_NOTES_DIR": str(notes)},
            preexec_fn=None if closed is None else (lambda: os.close(closed)),
            check=False,
        )
        if not notes.exists():
            return done.returncode, done.stdout.decode(), done.stderr.decode(), []
        out, err = (blank_ids(b.decode(), notes) for b in (done.stdout, done.stderr))
        return done.returncode, out, err, stored(notes)

    assert run([str(SCRIPT)], tmp_path / "quick") == run(
        [sys.executable, "-c", TYPER_ADD], tmp_path / "typer"
    )
