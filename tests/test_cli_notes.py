"""The capture commands as a user runs them: exit code, stdout, stderr, files."""

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ospo_notes.store import NotesStore

DAY = "2024-06-18"


def day_notes(notes_dir: Path, day: str = DAY) -> list[dict[str, object]]:
    return [n.to_dict() for n in NotesStore(notes_dir).read_day(date.fromisoformat(day)).notes]


def test_add_prints_the_id_and_stores_the_note(cli, notes_dir: Path) -> None:
    r = cli(
        "add",
        "Open source builds #Trust",
        "--day",
        DAY,
        "--at",
        "9:42",
        "--session",
        "Opening keynote",
        "--speaker",
        "Amandeep Singh Gill",
        "--highlight",
        "--theme",
        "Global South",
    )
    assert r.exit_code == 0, r.stderr
    note_id = r.stdout.strip()
    assert len(note_id) == 8
    assert r.stderr == (
        f"Added highlight {note_id} to {DAY} · Opening keynote (notes/ in {notes_dir.parent}).\n"
    )
    [stored] = day_notes(notes_dir)
    assert stored == {
        "id": note_id,
        "day": DAY,
        "time": "09:42:00",
        "kind": "highlight",
        "text": "Open source builds #Trust",
        "session": "Opening keynote",
        "speakers": ["Amandeep Singh Gill"],
        "themes": ["global-south", "trust"],
    }


def test_add_today_gets_the_current_time_and_other_days_none(cli, notes_dir: Path) -> None:
    assert cli("add", "now").exit_code == 0
    assert cli("add", "then", "--day", DAY).exit_code == 0
    [today] = day_notes(notes_dir, date.today().isoformat())
    assert today["time"] is not None
    assert day_notes(notes_dir)[0]["time"] is None


def test_add_reads_stdin_with_dash(cli, notes_dir: Path) -> None:
    r = cli("add", "-", "--day", DAY, input="line one\nline two\n")
    assert r.exit_code == 0, r.stderr
    assert day_notes(notes_dir)[0]["text"] == "line one\nline two"


def test_text_starting_with_dash_goes_after_double_dash(cli, notes_dir: Path) -> None:
    r = cli("add", "--day", DAY, "--", "-1 for slides without alt text")
    assert r.exit_code == 0, r.stderr
    assert day_notes(notes_dir)[0]["text"] == "-1 for slides without alt text"
    assert "after '--'" in cli("add", "--help").stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["  "], None, "the note is empty"),
        (["-"], "\n", "the note is empty"),
        ([], None, "no note text: give TEXT, or '-' to read it from stdin"),
        (["x", "--kind", "idea"], None, "invalid kind 'idea'"),
        (["x", "--kind", "quote", "--highlight"], None, "--highlight and --kind quote disagree"),
        (["x", "--theme", "a/b"], None, "invalid theme 'a/b'"),
    ],
)
def test_add_refuses_bad_input_with_one_line(
    cli, notes_dir: Path, args: list[str], stdin: str | None, message: str
) -> None:
    r = cli("add", *args, "--day", DAY, input=stdin)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == f"Error: {message}" + r.stderr.split(message, 1)[1]
    assert r.stderr.count("\n") == 1
    assert not notes_dir.exists()


@pytest.mark.parametrize("bad", ["20240618", "2024-W25-2", "../x", ""])
def test_bad_days_are_usage_errors(cli, notes_dir: Path, bad: str) -> None:
    r = cli("add", "x", "--day", bad)
    assert r.exit_code == 2
    assert r.stderr == f"Error: invalid day {bad!r}: use YYYY-MM-DD, 'today' or 'yesterday'\n"
    assert "Traceback" not in r.stderr
    assert not notes_dir.exists()


def test_bad_time_is_a_usage_error(cli) -> None:
    r = cli("add", "x", "--at", "25:00")
    assert r.exit_code == 2
    assert r.stderr == "Error: invalid time '25:00': use HH:MM, e.g. 09:42\n"


def test_add_into_a_broken_file_fails_and_leaves_it(cli, notes_dir: Path) -> None:
    notes_dir.mkdir()
    broken = notes_dir / f"{DAY}.toml"
    broken.write_bytes(b"<<<<<<< HEAD\n")
    r = cli("add", "x", "--day", DAY)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {broken}:1:")
    assert "git conflict markers" in r.stderr
    assert r.stderr.count("\n") == 1
    assert broken.read_bytes() == b"<<<<<<< HEAD\n"


def test_a_day_file_saved_with_a_bom_is_one_error_and_left_alone(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    notes_dir.mkdir()
    day = notes_dir / f"{DAY}.toml"
    day.write_bytes(b"\xef\xbb\xbfformat = 1\n")
    r = cli("add", "x", "--day", DAY)
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {day}:1:1: invalid statement; the file starts with a byte order mark, which "
        "TOML does not allow: save it as UTF-8 without BOM, then run 'ospo-notes check'\n"
    )
    assert day.read_bytes() == b"\xef\xbb\xbfformat = 1\n"


def test_tag_adds_and_removes_themes_by_prefix(cli, notes_dir: Path) -> None:
    note_id = cli("add", "x #trust", "--day", DAY).stdout.strip()
    r = cli("tag", note_id[:4], "Procurement", "global-south")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"{note_id}: #trust #procurement #global-south\n"
    r = cli("tag", note_id, "trust", "--remove")
    assert r.exit_code == 0
    assert day_notes(notes_dir)[0]["themes"] == ["procurement", "global-south"]


def test_unknown_and_short_ids(cli, sample_dir: Path) -> None:
    before = (sample_dir / f"{DAY}.toml").read_bytes()
    r = cli("tag", "zzzz9", "x")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Error: no note has an id starting with 'zzzz9': see 'ospo-notes list' for ids\n"
    )
    r = cli("delete", "abc", "--yes")
    assert r.exit_code == 2
    assert "at least 4 characters" in r.stderr
    assert (sample_dir / f"{DAY}.toml").read_bytes() == before


def test_edit_with_options(cli, notes_dir: Path) -> None:
    note_id = cli("add", "draft", "--day", DAY).stdout.strip()
    r = cli(
        "edit",
        note_id,
        "--text",
        "final",
        "--kind",
        "quote",
        "--session",
        "Panel",
        "--speaker",
        "Ana",
        "--at",
        "14:05",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stderr == f"Updated {note_id}.\n"
    [n] = day_notes(notes_dir)
    assert (n["text"], n["kind"], n["session"], n["speakers"], n["time"]) == (
        "final",
        "quote",
        "Panel",
        ["Ana"],
        "14:05:00",
    )


def test_edit_refuses_empty_text(cli, notes_dir: Path) -> None:
    note_id = cli("add", "keep me", "--day", DAY).stdout.strip()
    r = cli("edit", note_id, "--text", " ")
    assert r.exit_code == 2
    assert day_notes(notes_dir)[0]["text"] == "keep me"


def fake_editor(tmp_path: Path, script: str) -> str:
    editor = tmp_path / "editor.py"
    editor.write_text(f"import sys, pathlib\np = pathlib.Path(sys.argv[1])\n{script}\n")
    return f"{sys.executable} {editor}"


def test_edit_without_options_opens_the_editor(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_id = cli("add", "tpyo", "--day", DAY).stdout.strip()
    fix = "p.write_text(p.read_text().replace('tpyo', 'typo'))"
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, fix))
    r = cli("edit", note_id)
    assert r.exit_code == 0, r.stderr
    assert day_notes(notes_dir)[0]["text"] == "typo"
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "pass"))
    assert cli("edit", note_id).stderr == "No change.\n"


def test_editor_failure_changes_nothing(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_id = cli("add", "keep", "--day", DAY).stdout.strip()
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "p.write_text('text = ')"))
    r = cli("edit", note_id)
    assert r.exit_code == 1
    assert "the edited note" in r.stderr
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    r = cli("edit", note_id)
    assert r.exit_code == 1
    assert "cannot start the editor" in r.stderr
    assert day_notes(notes_dir)[0]["text"] == "keep"


EDITED = (
    'time = 10:00:00\nkind = "Quote"\nsession = "  Keynote  "\n'
    'speakers = ["  Ada Lovelace ", " "]\nthemes = ["Global South"]\ntext = "Open data #Trust"\n'
)


def test_editing_in_the_editor_applies_the_rules_of_add(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_id = cli("add", "draft", "--day", DAY, "--at", "10:00").stdout.strip()
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, f"p.write_text({EDITED!r})"))
    r = cli("edit", note_id)
    assert r.exit_code == 0, r.stderr
    [edited] = day_notes(notes_dir)
    added_id = cli(
        "add", "Open data #Trust", "--day", DAY, "--at", "10:00", "--kind", "Quote",
        "-s", "  Keynote  ", "-p", "  Ada Lovelace ", "-p", " ", "-t", "Global South",
    ).stdout.strip()  # fmt: skip
    added = day_notes(notes_dir)[1]
    assert edited == {**added, "id": note_id}
    assert (edited["kind"], edited["session"], edited["speakers"], edited["themes"]) == (
        "quote",
        "Keynote",
        ["Ada Lovelace"],
        ["global-south", "trust"],
    )
    assert added_id != note_id


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ('themes = ["a/b"]', "Error: invalid theme 'a/b': use letters, digits and '-'"),
        ('kind = "idea"', "Error: invalid kind 'idea': use one of note, highlight"),
    ],
)
def test_the_editor_refuses_what_add_refuses(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, error: str
) -> None:
    note_id = cli("add", "keep", "--day", DAY).stdout.strip()
    before = snapshot_dir(notes_dir)
    field = typed.partition(" = ")[0]
    script = (
        "import re; p.write_text(re.sub("
        f"r'(?m)^{field} = .*$', lambda _m: {typed!r}, p.read_text()))"
    )
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, script))
    r = cli("edit", note_id)
    assert r.exit_code == 2, r.stderr
    assert r.stderr.startswith(error)
    assert r.stderr.count("\n") == 1
    assert snapshot_dir(notes_dir) == before


def test_edit_with_options_merges_new_hashtags_like_add(cli, notes_dir: Path) -> None:
    note_id = cli("add", "plain", "--day", DAY, "-t", "ai").stdout.strip()
    r = cli("edit", note_id, "--text", "now about #Global_South", "--kind", "Quote")
    assert r.exit_code == 0, r.stderr
    [note] = day_notes(notes_dir)
    assert (note["kind"], note["themes"]) == ("quote", ["ai", "global-south"])


def test_an_editor_saving_latin1_is_refused_in_one_line(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note_id = cli("add", "cafe", "--day", DAY).stdout.strip()
    before = snapshot_dir(notes_dir)
    script = "p.write_bytes(p.read_bytes().replace(b'cafe', b'caf\\xe9'))"
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, script))
    r = cli("edit", note_id)
    assert r.exit_code == 1
    assert r.stderr == (
        "Error: the editor saved bytes that are not UTF-8 (b'\\xe9'): "
        "set it to save UTF-8 and try again; nothing was saved\n"
    )
    assert snapshot_dir(notes_dir) == before


def snapshot_dir(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_delete_asks_first(cli, notes_dir: Path) -> None:
    note_id = cli("add", "maybe", "--day", DAY).stdout.strip()
    r = cli("delete", note_id, input="n\n")
    assert r.exit_code == 1
    assert "Nothing deleted." in r.stderr
    assert len(day_notes(notes_dir)) == 1
    r = cli("delete", note_id, input="y\n")
    assert r.exit_code == 0
    assert day_notes(notes_dir) == []
    second = cli("add", "sure", "--day", DAY).stdout.strip()
    assert cli("delete", second, "--yes").stderr == f"Deleted {second}.\n"


@pytest.mark.usefixtures("sample_dir")
def test_list_table_and_filters(cli) -> None:
    r = cli("list", "--day", DAY)
    assert r.exit_code == 0
    assert "a3kx9p2w" in r.stdout and "UN sees open source" in r.stdout
    assert "\x1b[" not in r.stdout
    r = cli("list", "--day", DAY, "--kind", "question", "--json")
    assert [n["id"] for n in json.loads(r.stdout)] == ["n7bx2h8f", "v7kc3m9w"]
    r = cli("list", "--day", DAY, "--theme", "procurement", "--json")
    assert {n["id"] for n in json.loads(r.stdout)} == {"f3mk8s2t", "x9gp4b7n", "v7kc3m9w"}
    r = cli("list", "--day", DAY, "--speaker", "mariyasin", "--json")
    assert len(json.loads(r.stdout)) == 2
    r = cli("list", "--day", DAY, "--search", "SOVEREIGN tech", "--json")
    assert [n["id"] for n in json.loads(r.stdout)] == ["g2xn5t8c"]
    r = cli("list", "--day", DAY, "--session", "global south", "--json")
    assert len(json.loads(r.stdout)) == 4


@pytest.mark.usefixtures("sample_dir")
def test_list_json_shape(cli) -> None:
    notes = json.loads(cli("list", "--day", DAY, "--json").stdout)
    assert len(notes) == 25
    assert set(notes[0]) >= {"id", "day", "time", "kind", "text", "session", "speakers", "themes"}
    times = [n["time"] for n in notes]
    assert times == sorted(times)


@pytest.mark.usefixtures("sample_dir")
def test_list_range_and_empty_results(cli) -> None:
    r = cli("list", "--from", "2024-06-17", "--to", "2024-06-19", "--json")
    assert len(json.loads(r.stdout)) == 25
    r = cli("list", "--from", "2024-06-17", "--to", "2024-06-19")
    assert "2024-06-18" in r.stdout
    r = cli("list", "--day", "2024-06-19")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "No notes match on 2024-06-19.\n"
    assert cli("list", "--day", "2024-06-19", "--json").stdout.strip() == "[]"
    r = cli("list", "--day", DAY, "--from", DAY)
    assert r.exit_code == 2
    assert "either --day or --from/--to" in r.stderr


def test_day_shows_and_sets(cli) -> None:
    r = cli("day", DAY)
    assert (r.exit_code, r.stdout) == (0, f"{DAY} (0 notes)\n")
    r = cli("day", DAY, "--title", "OSPOs for Good", "--event", "UN Open Source Week")
    assert r.stdout == f"UN Open Source Week · OSPOs for Good · {DAY} (0 notes)\n"
    cli("add", "x", "--day", DAY)
    assert cli("day", DAY).stdout == f"UN Open Source Week · OSPOs for Good · {DAY} (1 note)\n"
    assert cli("day", "someday").exit_code == 2


def test_where_says_which_dir_and_why(cli, notes_dir: Path, tmp_path: Path) -> None:
    r = cli("where")
    assert r.stdout == f"{notes_dir}\n"
    assert r.stderr == "(from $OSPO_NOTES_DIR)\n"
    r = cli("--notes-dir", str(tmp_path / "other"), "where")
    assert r.stdout == f"{tmp_path / 'other'}\n"
    assert r.stderr == "(from --notes-dir)\n"


def test_notes_dir_option_is_used(cli, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert cli("--notes-dir", str(other), "add", "x", "--day", DAY).exit_code == 0
    assert day_notes(other)[0]["text"] == "x"


def test_version_and_help(cli) -> None:
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout.startswith("ospo-notes 0.")
    r = cli()
    assert r.exit_code == 2
    assert "Commands" in r.stderr


def test_every_command_has_help(cli) -> None:
    from typer.main import get_command

    from ospo_notes.cli import app

    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help text"
        assert cli(name, "--help").exit_code == 0


def test_module_entry_point_runs(notes_dir: Path) -> None:
    env = {**os.environ, "OSPO_NOTES_DIR": str(notes_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "ospo_notes", "add", "from a subprocess", "--day", DAY],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert day_notes(notes_dir)[0]["text"] == "from a subprocess"
    mode = (notes_dir / f"{DAY}.toml").stat().st_mode
    assert stat.S_IMODE(mode) & 0o600 == 0o600


def test_add_without_text_on_a_terminal_opens_the_editor(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ospo_notes.cli.notes.stdin_is_terminal", lambda: True)
    script = "p.write_text('Typed in the editor #trust\\n' + p.read_text())"
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, script))
    r = cli("add", "--day", DAY)
    assert r.exit_code == 0, r.stderr
    [n] = day_notes(notes_dir)
    assert (n["text"], n["themes"]) == ("Typed in the editor #trust", ["trust"])
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "pass"))
    r = cli("add", "--day", DAY)
    assert r.exit_code == 2
    assert "the note is empty" in r.stderr
    assert len(day_notes(notes_dir)) == 1


def test_list_json_carries_unknown_keys_of_any_toml_type(cli, notes_dir: Path) -> None:
    notes_dir.mkdir()
    (notes_dir / f"{DAY}.toml").write_text(
        '[notes.abcd1234]\ntext = "x"\nseen = 2024-06-18T09:00:00Z\nscore = inf\n'
        "[notes.abcd1234.more]\nat = 09:30:00\n"
    )
    r = cli("list", "--day", DAY, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)[0]["extra"] == {
        "seen": "2024-06-18T09:00:00+00:00",
        "score": "inf",
        "more": {"at": "09:30:00"},
    }
