"""Hostile input: any text, any --day, any file in the notes dir.

The tool either works or fails with one clear line: never a traceback (here: an
exception escaping the command), never a changed file it could not parse, and
text it accepted is stored exactly.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from torture import DAY, day_bytes, stored
from typer.core import TyperArgument as Argument
from typer.core import TyperGroup as Group
from typer.core import TyperOption as Option
from typer.main import get_command
from typer.testing import CliRunner, Result

from ospo_notes.cli import app
from ospo_notes.errors import NotesError
from ospo_notes.notes import codec

pytestmark = pytest.mark.slow  # hypothesis over whole commands, seconds each

DAY_FILE = f"{DAY.isoformat()}.toml"
HOSTILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# every code point, lone surrogates included (what a non-UTF-8 terminal hands Python)
ANY_CHAR = st.one_of(
    st.characters(exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.sampled_from("\x00\x1b\r\n\t\u2028\ufeff #İ-_"),
)
ANY_TEXT = st.text(ANY_CHAR, max_size=80)
UNICODE_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)


@contextmanager
def notes_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def invoke(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--notes-dir", str(root), *args], input=input)


def assert_clean_outcome(result: Result) -> None:
    """Exit 0, or 1/2 with exactly one 'Error:' line; never an escaped exception."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.stderr
        if result.exit_code == 1:  # ours; exit 2 may also carry click's usage lines
            assert result.stderr.count("\n") == 1, result.stderr


# -- text and options ---------------------------------------------------------------


@HOSTILE
@given(text=ANY_TEXT, session=ANY_TEXT, speaker=ANY_TEXT, theme=ANY_TEXT)
@example(text="Visiting #İstanbul next week", session="", speaker="", theme="")
@example(text="ok", session="Caf\udce9", speaker="", theme="")
@example(text="ok", session="", speaker="", theme="İzmir")
def test_add_stores_any_text_exactly_or_refuses_it(
    text: str, session: str, speaker: str, theme: str
) -> None:
    with notes_dir() as root:
        args = ["add", "--day", DAY.isoformat(), "-s", session, "-p", speaker]
        if theme:
            args += ["-t", theme]
        result = invoke(root, *args, "--", text)
        assert_clean_outcome(result)
        if result.exit_code:
            assert day_bytes(root) is None  # nothing written
            return
        note = stored(root)[result.stdout.strip()]
        assert note.text == text
        assert note.session == session.strip()


@HOSTILE
@given(text=st.lists(st.one_of(UNICODE_TEXT, st.just("#"), st.just(" #")), max_size=8).map("".join))
@example(text="Visiting #İstanbul next week")
@example(text="#ǰ #ΐ #ŉ #ﬃ #ß #Σ")
def test_any_unicode_text_is_accepted(text: str) -> None:
    """No surrogates, not blank: a note must be taken, whatever #words it holds."""
    if not text.strip():
        return
    with notes_dir() as root:
        result = invoke(root, "add", "--day", DAY.isoformat(), "--", text)
        assert result.exit_code == 0, result.output
        assert stored(root)[result.stdout.strip()].text == text


@HOSTILE
@given(themes=st.lists(ANY_TEXT, min_size=1, max_size=3), title=ANY_TEXT, new=ANY_TEXT)
def test_tag_edit_and_title_accept_or_refuse_anything(
    themes: list[str], title: str, new: str
) -> None:
    with notes_dir() as root:
        note_id = invoke(root, "add", "plain", "--day", DAY.isoformat()).stdout.strip()
        for args in (
            ["tag", note_id, *themes],
            ["tag", note_id, "--remove", *themes],
            ["edit", note_id, "--text", new],
            ["edit", note_id, "--session", new, "--speaker", new],
            ["day", DAY.isoformat(), "--title", title, "--event", new],
        ):
            before = day_bytes(root)
            result = invoke(root, *args)
            assert_clean_outcome(result)
            if result.exit_code:
                assert day_bytes(root) == before
            stored(root)  # always still parses and validates


# -- --day with garbage, on every command that has one --------------------------------


def day_commands() -> list[tuple[str, list[str], str]]:
    """(command, filler args, day option) for every command taking a day, found by looking."""
    found = []
    group = get_command(app)
    assert isinstance(group, Group)
    for name, command in sorted(group.commands.items()):
        filler = []
        for param in command.params:
            if isinstance(param, Argument) and param.required:
                filler += ["abcd"] * (1 if param.nargs == 1 else 2)
        for param in command.params:
            if isinstance(param, Option) and param.name in ("day", "first", "last"):
                found.append((name, filler, param.opts[0]))
            if isinstance(param, Argument) and param.name == "day":
                found.append((name, filler, ""))
    return found


DAY_COMMANDS = day_commands()


def test_the_day_commands_were_found() -> None:
    names = {name for name, _, _ in DAY_COMMANDS}
    assert {"add", "list", "day"} <= names


GARBAGE_DAYS = st.one_of(
    ANY_TEXT,
    st.sampled_from(
        ["20240618", "2024-W25-2", "2024-02-30", "2024-6-18", "٢٠٢٤-٠٦-١٨", "2024-06-18T10:00",
         "../../etc/passwd", "2024-06-18/../x", "-1", "tomorrow", "9999-99-99", "0000-01-01"]
    ),
)  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(garbage=GARBAGE_DAYS)
def test_every_day_option_refuses_garbage_in_one_line(garbage: str) -> None:
    try:
        from ospo_notes.notes import dates

        dates.parse_day(garbage)
        return  # a real day (today, yesterday, ...) is not garbage
    except NotesError:
        pass
    with notes_dir() as root:
        for name, filler, option in DAY_COMMANDS:
            args = [name, *filler, option, garbage] if option else [name, garbage, *filler]
            result = invoke(root, *args)
            assert_clean_outcome(result)
            assert result.exit_code == 2, (args, result.output)
            assert list(root.iterdir()) == [], args


# -- whatever is in the notes dir ------------------------------------------------------

VALUES = st.one_of(
    st.just('"text"'), st.just("1"), st.just("true"), st.just("09:42:00"), st.just("2024-06-18"),
    st.just("[]"), st.just('["a", 1]'), st.just("{ a = 1 }"), st.just('"""multi\nline"""'),
    st.just("1979-05-27T07:32:00Z"), st.just("nan"), st.just("'lit'"), st.just('"\\u00e9"'),
    st.text(ANY_CHAR, max_size=8),
)  # fmt: skip
KEYS = st.sampled_from(
    ["format", "day", "title", "event", "text", "kind", "time", "themes", "speakers",
     "session", "notes", "extra", "x.y", '"quoted key"']
)  # fmt: skip
LINES = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", KEYS, VALUES),
    st.builds(lambda i: f"[notes.{i}]", st.sampled_from(["abcd1234", "abcd9999", "a b", ""])),
    st.sampled_from(["[notes]", "[[notes]]", "[other]", "<<<<<<< HEAD", "=======",
                     ">>>>>>> theirs", "# comment", "", "format = 1", "day = 2024-06-18",
                     "format = 2", 'text = "fine"', 'kind = "quote"', "\ufeff"]),
    st.text(ANY_CHAR, max_size=20),
)  # fmt: skip


@HOSTILE
@given(lines=st.lists(LINES, max_size=14), raw=st.binary(max_size=6), cut=st.integers(0, 400))
def test_any_file_in_the_notes_dir_is_read_or_reported_never_damaged(
    lines: list[str], raw: bytes, cut: int
) -> None:
    content = "\n".join(lines).encode("utf-8", "surrogatepass") + raw
    content = content[: max(cut, len(content) // 2)]
    with notes_dir() as root:
        (root / DAY_FILE).write_bytes(content)
        (root / "themes.toml").write_bytes(content)
        (root / "2024-6-18.toml").write_bytes(content)
        try:
            parsed = codec.parse_day(content, day=DAY, source="test")
            writable = parsed.info.format <= 1
        except NotesError:
            parsed, writable = None, False
        ids = [note.id for note in parsed.notes] if parsed else []
        ids = ids or ["abcd1234"]
        for args in (
            ["list", "--day", DAY.isoformat()],
            ["list", "--day", DAY.isoformat(), "--json"],
            ["day", DAY.isoformat()],
            ["check"],
            ["add", "new note", "--day", DAY.isoformat()],
            ["tag", ids[0], "t"],
            ["edit", ids[0], "--text", "changed"],
            ["day", DAY.isoformat(), "--title", "T"],
            ["delete", ids[-1], "--yes"],
        ):
            result = invoke(root, *args)
            if args == ["check"]:  # a report, not an error: problems on stdout, a verdict
                assert result.exception is None or isinstance(result.exception, SystemExit)
                assert result.stderr.count("\n") == 1, result.stderr
            else:
                assert_clean_outcome(result)
            if not writable:
                assert (root / DAY_FILE).read_bytes() == content, args
            else:
                stored(root)  # still parses after every change
        if parsed is not None and writable:
            # earlier notes survive an add (the delete above removed at most one)
            kept = set(stored(root))
            assert len({n.id for n in parsed.notes} - kept) <= 1
        assert (root / "themes.toml").read_bytes() == content
        assert (root / "2024-6-18.toml").read_bytes() == content
