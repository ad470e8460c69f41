"""Round two of a notes dir in odd shapes: each is one line that says what is wrong.

A file named `.ospo-notes` where the state folder belongs, a folder named
`themes.toml`, and the git merge driver given a file that is not there all used to
end in a message about something else ("File exists", "not a day file", "255 notes
changed on both sides"). An import that a failed write stops says which days it wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from torture import DAY, write_day
from typer.testing import Result

from ospo_notes.errors import NotesError
from ospo_notes.store import notes_store

D = DAY.isoformat()


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` with its bytes (None for folders): any change shows."""
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes() for p in root.rglob("*")
    }


def without_state(files: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """The notes themselves, less the derived state a read may build (the index)."""
    return {name: data for name, data in files.items() if not name.startswith(".ospo-notes")}


def one_error(result: Result, code: int = 1) -> str:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


WRITES = [
    ["add", "a note", "--day", D],
    ["tag", "abcd1234", "trust"],
    ["edit", "abcd1234", "--text", "changed"],
    ["delete", "abcd1234", "--yes"],
    ["day", D, "--title", "A title"],
    ["themes", "describe", "trust", "Who to trust"],
    ["session", "start", "Keynote"],
]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_file_named_like_the_state_folder_is_named(cli, notes_dir: Path, args: list[str]) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    (notes_dir / ".ospo-notes").write_text("mine\n")
    before = snapshot(notes_dir)
    line = one_error(cli(*args))
    assert line == (
        f"Error: {notes_dir / '.ospo-notes'} is a file, but ospo-notes keeps its lock and index "
        "in a folder of that name: move the file out of the notes dir (the folder is made "
        "again by itself); nothing was changed\n"
    )
    assert snapshot(notes_dir) == before


def test_check_reports_a_file_named_like_the_state_folder(cli, notes_dir: Path) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    (notes_dir / ".ospo-notes").write_text("mine\n")
    r = cli("check")
    assert r.exit_code == 1
    assert r.stdout == (
        f"{notes_dir / '.ospo-notes'}: error: a file where ospo-notes keeps its lock and index "
        "folder, so no note can be saved (move the file out of the notes dir; the folder is "
        "made again by itself)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["themes"],
        ["themes", "--day", D],
        ["themes", "describe", "trust", "Who to trust"],
        ["themes", "alias", "faith", "trust"],
        ["export", "--day", D],
        ["list", "--day", D, "--theme", "trust"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_folder_named_themes_toml_is_named(cli, notes_dir: Path, args: list[str]) -> None:
    write_day(notes_dir, [("abcd1234", "kept #trust")])
    (notes_dir / "themes.toml").mkdir()
    before = snapshot(notes_dir)
    line = one_error(cli(*args))
    assert line == (
        f"Error: {notes_dir / 'themes.toml'} is a directory, not the theme vocabulary file: "
        "move it away\n"
    )
    assert without_state(snapshot(notes_dir)) == without_state(before)


def test_check_reports_a_folder_named_themes_toml(cli, notes_dir: Path) -> None:
    write_day(notes_dir, [("abcd1234", "kept")])
    (notes_dir / "themes.toml").mkdir()
    r = cli("check")
    assert r.exit_code == 1
    assert r.stdout == (
        f"{notes_dir / 'themes.toml'}: error: a directory where a file belongs "
        "(move it out of the way)\n"
    )


@pytest.mark.parametrize("missing", [0, 1, 2])
def test_the_merge_driver_names_a_missing_file(cli, tmp_path: Path, missing: int) -> None:
    paths = [tmp_path / name for name in ("base.toml", "ours.toml", "theirs.toml")]
    for path in paths:
        path.write_text(f'format = 1\nday = {D}\n[notes.abcd1234]\ntext = "x"\n')
    paths[missing].unlink()
    before = {p: p.read_bytes() for p in paths if p.exists()}
    line = one_error(cli("merge-driver", *map(str, paths), f"notes/{D}.toml"))
    side = ("base (%O)", "ours (%A)", "theirs (%B)")[missing]
    assert line.startswith(
        f"Error: cannot merge notes/{D}.toml: the {side} version {paths[missing]} does not exist;"
    )
    assert "changed on both sides" not in line
    assert {p: p.read_bytes() for p in paths if p.exists()} == before


def test_the_merge_driver_names_a_missing_file_that_is_not_a_day_file(cli, tmp_path: Path) -> None:
    base, ours = tmp_path / "base", tmp_path / "ours"
    base.write_text("a\n")
    ours.write_text("b\n")
    line = one_error(cli("merge-driver", str(base), str(ours), str(tmp_path / "gone"), "x.txt"))
    assert f"the theirs (%B) version {tmp_path / 'gone'} does not exist" in line
    assert ours.read_text() == "b\n"


def test_an_import_stopped_by_a_failed_write_says_which_days_it_wrote(
    cli, notes_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = ["2024-06-17", "2024-06-18", "2024-06-19"]
    export = tmp_path / "e.json"
    export.write_text(
        json.dumps(
            {
                "format": "ospo-notes-export",
                "version": 1,
                "days": [
                    {"day": d, "notes": [{"id": f"note000{n}", "text": f"note {n}"}]}
                    for n, d in enumerate(days)
                ],
            }
        )
    )
    written: list[Path] = []
    real = notes_store.replace_atomically

    def disk_full_on_the_third(path: Path, data: bytes, **kwargs: bool) -> None:
        if len(written) == 2:
            raise NotesError(f"cannot write {path}: No space left on device")
        written.append(path)
        real(path, data, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(notes_store, "replace_atomically", disk_full_on_the_third)
        line = one_error(cli("import", str(export)))
    assert line == (
        f"Error: cannot write {notes_dir / '2024-06-19.toml'}: No space left on device; it "
        "stopped there, after writing the days before it (2 days, 2024-06-17 to 2024-06-18): "
        "run it again once that is fixed\n"
    )
    assert written == [notes_dir / "2024-06-17.toml", notes_dir / "2024-06-18.toml"]
    r = cli("import", str(export))
    assert r.stderr == "Imported 1 note into 1 day; 2 already there.\n"
