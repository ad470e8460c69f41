"""`ospo-notes export` and `ospo-notes import` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_export_markdown import GOLDEN

SAMPLE = "2024-06-18"


@pytest.mark.usefixtures("sample_dir")
def test_export_prints_the_post(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / "export-2024-06-18-session.md").read_bytes()
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["--by", "theme"], "export-2024-06-18-theme.md"),
        (["--front-matter"], "export-2024-06-18-front-matter.md"),
        (["--format", "json"], "export-2024-06-18.json"),
    ],
)
@pytest.mark.usefixtures("sample_dir")
def test_export_layouts_match_the_golden_files(cli, args, golden) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / golden).read_bytes()


@pytest.mark.usefixtures("sample_dir")
def test_export_a_range_is_one_post(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--from", "2024-06-17", "--to", "2024-06-19")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# UN Open Source Week\n\nNotes from 18 June 2024 at UN")
    assert "## Tuesday 18 June 2024: OSPOs for Good\n\n### Opening keynote\n" in result.stdout


@pytest.mark.usefixtures("sample_dir")
def test_include_takes_a_list_of_kinds(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE, "--include", "highlight, Quote", "-f", "json")
    assert result.exit_code == 0, result.stderr
    kinds = {n["kind"] for n in json.loads(result.stdout)["days"][0]["notes"]}
    assert kinds == {"highlight", "quote"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--include", "highlight,rant"], 2, "Error: invalid kind 'rant': use one of note,"),
        (["--include", ","], 2, "Error: --include needs at least one kind"),
        (["-f", "json", "--by", "theme"], 2, "Error: --by and --front-matter shape the Markdown"),
        (["-f", "json", "--front-matter"], 2, "Error: --by and --front-matter shape"),
        (["--include", "action", "--day", "2024-06-19"], 1,
         "Error: no notes of kind action on 2024-06-19: nothing to export"),
        (["--from", "2025-01-01", "--to", "2025-01-02"], 1,
         "Error: no notes from 2025-01-01 to 2025-01-02: nothing to export"),
        (["--day", SAMPLE, "--from", SAMPLE], 2, "Error: give either --day or --from/--to"),
    ],
)  # fmt: skip
@pytest.mark.usefixtures("sample_dir")
def test_export_errors_are_one_line(cli, args, code, message) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", *args)
    assert result.exit_code == code
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


@pytest.mark.usefixtures("sample_dir")
def test_output_writes_the_bytes_stdout_shows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "post.md"
    result = cli("export", "--day", SAMPLE, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote 24 notes to {target}.\n"
    assert target.read_bytes() == cli("export", "--day", SAMPLE).stdout_bytes
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".post")] == []


@pytest.mark.usefixtures("sample_dir")
def test_output_replaces_a_file_only_with_force(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "post.md"
    target.write_text("my edited draft\n")
    target.chmod(0o600)
    refused = cli("export", "--day", SAMPLE, "-o", str(target))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {target} already exists: add --force to replace it\n"
    assert target.read_text() == "my edited draft\n"
    forced = cli("export", "--day", SAMPLE, "-o", str(target), "--force", "-f", "json")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() == (GOLDEN / "export-2024-06-18.json").read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (".", "is a directory: give a file name"),
        ("missing/post.md", "the folder"),
        ("link.md", "is a symbolic link"),
    ],
)
@pytest.mark.usefixtures("sample_dir")
def test_output_refuses_what_is_not_a_file_to_write(cli, tmp_path: Path, name, message) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "link.md").symlink_to(tmp_path / "elsewhere.md")
    result = cli("export", "--day", SAMPLE, "-o", str(tmp_path / name), "--force")
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "elsewhere.md").exists()


# -- import -------------------------------------------------------------------------------


def test_import_restores_an_export_exactly(cli, sample_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "day.json"
    assert cli("export", "--day", SAMPLE, "-f", "json", "-o", str(export)).exit_code == 0
    other = tmp_path / "other"
    result = cli("--notes-dir", str(other), "import", str(export))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported 24 notes into 1 day; 0 already there.\n"
    original = (sample_dir / "2024-06-18.toml").read_bytes()
    assert (other / "2024-06-18.toml").read_bytes() == original


def test_import_twice_adds_nothing(cli, sample_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "day.json"
    export.write_bytes(cli("export", "--day", SAMPLE, "-f", "json").stdout_bytes)
    before = (sample_dir / "2024-06-18.toml").stat()
    result = cli("import", str(export))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported 0 notes into 0 days; 24 already there.\n"
    assert (sample_dir / "2024-06-18.toml").stat().st_mtime_ns == before.st_mtime_ns


def test_import_adds_missing_notes_and_unset_title(cli, sample_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("export", "--day", SAMPLE, "-f", "json").stdout)
    data["days"][0]["notes"].append({**data["days"][0]["notes"][0], "id": "new12345"})
    export = tmp_path / "day.json"
    export.write_text(json.dumps(data))
    day_file = sample_dir / "2024-06-18.toml"
    day_file.write_text(day_file.read_text().replace('title = "OSPOs for Good"\n', ""))
    result = cli("import", str(export))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported 1 note into 1 day; 24 already there.\n"
    listed = cli("list", "--day", SAMPLE, "--json")
    assert [n["id"] for n in json.loads(listed.stdout)].count("new12345") == 1
    assert 'title = "OSPOs for Good"' in day_file.read_text()


def test_import_refuses_a_note_that_differs(cli, sample_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("export", "--day", SAMPLE, "-f", "json").stdout)
    data["days"][0]["notes"][3]["text"] = "changed"
    data["days"].append({"day": "2024-06-19", "notes": [{"id": "abcd1234", "text": "x"}]})
    export = tmp_path / "day.json"
    export.write_text(json.dumps(data))
    before = (sample_dir / "2024-06-18.toml").read_bytes()
    result = cli("import", str(export))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: note b8dn4v6j of 2024-06-18 differs from the one in the notes dir; nothing "
        "was imported: edit or delete one of them, then import again\n"
    )
    assert (sample_dir / "2024-06-18.toml").read_bytes() == before
    assert not (sample_dir / "2024-06-19.toml").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist: give a file made by 'ospo-notes export --format json'"),
        (b"\xff\xfe", "is not UTF-8 text"),
        (b"not json", "not valid JSON"),
        (b'{"format": "something-else"}', "not an ospo-notes export"),
    ],
)
def test_import_errors_are_one_line(cli, tmp_path: Path, content, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    result = cli("import", str(path))
    assert result.exit_code == (2 if content is None else 1)  # a wrong file name is usage
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1


def test_the_command_reference_shows_real_export_output() -> None:
    readme = (GOLDEN.parent.parent / "docs" / "commands.md").read_text()
    shown = readme.split("$ ospo-notes export --day 2024-06-18\n", 1)[1].split("```", 1)[0]
    post = (GOLDEN / "export-2024-06-18-session.md").read_text()
    for excerpt in shown.split("...\n"):
        assert excerpt in post
