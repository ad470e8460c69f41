"""`ospo-notes export` and `ospo-notes import` as a user runs them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from markdown_check import LINKIFY, inline_texts, links
from ospo_notes.export import markdown, post
from ospo_notes.notes.model import KINDS
from ospo_notes.store import NotesStore
from test_export_markdown import GOLDEN

SAMPLE = "2024-06-18"


def library_post(root: Path, layout: str = "post", **options) -> str:  # type: ignore[no-untyped-def]
    """What the export functions make of the notes dir as the store reads it."""
    store = NotesStore(root)
    day = store.read_day(date(2024, 6, 18))
    if layout == "post":
        return post.day_post(
            day, vocabulary=store.vocabulary(), speakers=store.speakers(), **options
        )
    return markdown.day_post(day, vocabulary=store.vocabulary(), by=layout, **options)


def test_export_prints_the_post(cli, sample_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == library_post(sample_dir)
    assert result.stdout_bytes == (GOLDEN / "export-2024-06-18.md").read_bytes()
    assert result.stderr == ""
    text = result.stdout
    parts = ["# OSPOs for Good", "## Speakers", "## Highlights and common themes",
             "## More from the day"]  # fmt: skip
    assert [text.index(part) for part in parts] == sorted(text.index(part) for part in parts)
    assert ("https://webtv.un.org/", "https://webtv.un.org/") in links(text, LINKIFY)
    assert not re.search(r"#[^\W_]", "\n".join(inline_texts(text)))
    assert "How do small ministries" not in text
    assert "Look up how the Kenya OSPO" not in text


@pytest.mark.parametrize(
    ("args", "layout", "options"),
    [
        (["--by", "post"], "post", {}),
        (["--by", "session"], "session", {}),
        (["--by", "theme"], "theme", {}),
        (["--front-matter"], "post", {"with_front_matter": True}),
        (["--by", "theme", "--front-matter"], "theme", {"with_front_matter": True}),
        (["--include", "note,highlight,quote,question,action"], "post", {"kinds": KINDS}),
        (["--by", "session", "--include", "question,highlight"], "session",
         {"kinds": ("question", "highlight")}),
    ],
)  # fmt: skip
def test_export_layouts_and_options(cli, sample_dir: Path, args, layout, options) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == library_post(sample_dir, layout, **options)


@pytest.mark.usefixtures("sample_dir")
def test_export_json_matches_the_golden_file_and_keeps_every_kind(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--day", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (GOLDEN / "export-2024-06-18.json").read_bytes()
    assert {n["kind"] for n in json.loads(result.stdout)["days"][0]["notes"]} == set(KINDS)


@pytest.mark.usefixtures("sample_dir")
def test_questions_and_actions_need_include(cli) -> None:  # type: ignore[no-untyped-def]
    plain = cli("export", "--day", SAMPLE, "--by", "session").stdout
    assert "## Open questions" not in plain
    asked = cli("export", "--day", SAMPLE, "--include", "note,question,action").stdout
    assert asked.count("How do small ministries share one OSPO") == 1
    assert "## Open questions" in asked
    assert "## To follow up" in asked
    assert "UN sees open source as a foundation" not in asked  # a highlight, not asked for


@pytest.mark.parametrize("layout", ["post", "session", "theme"])
def test_export_a_range_is_one_post(cli, sample_dir: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    (sample_dir / "2024-06-19.toml").write_text(
        'format = 1\nday = 2024-06-19\nevent = "UN Open Source Week"\ntitle = "Day two"\n\n'
        '[notes.abcd1234]\nkind = "highlight"\nsession = "AI"\nspeakers = ["Amandeep Gill"]\n'
        'themes = ["trust"]\ntext = "Open models need maintainers #trust"\n'
    )
    result = cli("export", "--from", "2024-06-17", "--to", "2024-06-19", "--by", layout)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("# UN Open Source Week\n\n")
    first, second = (
        text.index("## Tuesday 18 June 2024: OSPOs for Good\n"),
        text.index("## Wednesday 19 June 2024: Day two\n"),
    )
    assert first < second
    assert text.count("Open models need maintainers") == 1
    assert "#trust" not in text
    if layout == "post":
        assert text.index("## Highlights and common themes") > second


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
        (["--include", "rant", "--by", "theme"], 2, "Error: invalid kind 'rant': use one of"),
        (["--by", "blog"], 2, "Error: Invalid value for '--by': 'blog' is not one of 'post'"),
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
    assert result.stderr == f"Wrote 21 notes to {target}.\n"  # the post's: no questions, actions
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
    assert result.stderr == "Imported 25 notes into 1 day; 0 already there.\n"
    original = (sample_dir / "2024-06-18.toml").read_bytes()
    assert (other / "2024-06-18.toml").read_bytes() == original


def test_import_twice_adds_nothing(cli, sample_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "day.json"
    export.write_bytes(cli("export", "--day", SAMPLE, "-f", "json").stdout_bytes)
    before = (sample_dir / "2024-06-18.toml").stat()
    result = cli("import", str(export))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported 0 notes into 0 days; 25 already there.\n"
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
    assert result.stderr == "Imported 1 note into 1 day; 25 already there.\n"
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
    post = (GOLDEN / "export-2024-06-18.md").read_text()
    for excerpt in shown.split("...\n"):
        assert excerpt in post, excerpt
