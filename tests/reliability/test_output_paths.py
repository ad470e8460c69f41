"""`export --output` never writes over the notes folder, and never replaces a device.

A Markdown post written as `notes/2024-06-18.toml` used to wipe that day's notes; one
written as a new day file broke every range command; `--force` replaced `themes.toml`,
`schedule/*.toml` and the state folder. And `-o /dev/null --force` (as root) turned
/dev/null into a regular file. Each is now refused in one line, or written in place.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

DAY = "2024-06-18"


@pytest.fixture
def seeded(cli, notes_dir: Path) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """A day of notes, a theme vocabulary, a schedule day and state: every managed kind."""
    assert cli("add", "a note worth keeping", "--day", DAY).exit_code == 0
    assert cli("themes", "describe", "trust", "Who trusts whom.").exit_code == 0
    (notes_dir / "schedule").mkdir()
    (notes_dir / "schedule" / f"{DAY}.toml").write_text("# a schedule day\n")
    return files(notes_dir)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("target", "force"),
    [
        (f"notes/{DAY}.toml", True),  # the day itself: all its notes gone
        ("notes/2024-06-19.toml", False),  # a new day file that is Markdown
        ("notes/themes.toml", True),
        ("notes/Themes.TOML", True),  # a case-insensitive file system
        ("notes/speakers.toml", False),
        (f"notes/schedule/{DAY}.toml", True),
        ("notes/schedule/new.md", False),
        ("notes/.ospo-notes/lock", True),
        ("notes/.ospo-notes/session.toml", False),
        (f"elsewhere/../notes/{DAY}.toml", True),  # `..`
        (f"alias/{DAY}.toml", True),  # a link to the notes folder
        ("alias/schedule/x.md", False),
        ("daylink.md", True),  # a link to a day file is refused (as a link and as a day)
    ],
)
def test_an_export_into_the_notes_folders_own_files_is_refused(
    cli,  # type: ignore[no-untyped-def]
    notes_dir: Path,
    tmp_path: Path,
    seeded: dict[str, bytes],
    target: str,
    force: bool,
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "alias").symlink_to(notes_dir)
    (tmp_path / "daylink.md").symlink_to(notes_dir / f"{DAY}.toml")

    result = cli("export", "--day", DAY, "-o", target, *(["--force"] if force else []))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: will not write {target}: it is ")
    assert "notes folder" in result.stderr
    assert result.stderr.count("\n") == 1
    assert files(notes_dir) == seeded
    listed = cli("list", "--from", DAY, "--to", "2024-06-19")
    assert listed.exit_code == 0, listed.stderr


@pytest.mark.usefixtures("seeded")
def test_a_post_beside_the_notes_is_written(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A new name in the notes folder is no file ospo-notes reads: the post may live there."""
    result = cli("export", "--day", DAY, "-o", "notes/post.md")

    assert (result.exit_code, result.stderr) == (0, "Wrote 1 note to notes/post.md.\n")
    assert "a note worth keeping" in (notes_dir / "post.md").read_text()
    assert cli("list", "--from", DAY, "--to", DAY).exit_code == 0
    assert cli("check").exit_code == 0


@pytest.mark.parametrize(
    ("inside", "what"),
    [
        ("2024-06-18.toml", "a day file"),
        ("2024-13-45.toml", "a day file"),  # the shape of a day: the store skips it, still ours
        ("themes.toml", "the themes.toml file"),
        ("schedule", "inside the schedule/ folder"),
        (".ospo-notes/index.sqlite3", "inside the .ospo-notes/ folder"),
        ("post.md", ""),
        ("2024-06-18.md", ""),
        ("archive/2024-06-18.toml", ""),  # a folder of the user's own
        ("", ""),  # the folder itself: refused as a directory, not here
    ],
)
def test_managed_file_names_what_the_store_keeps(tmp_path: Path, inside: str, what: str) -> None:
    from ospo_notes.store.user_files import managed_file

    assert managed_file(tmp_path / "notes" / inside, tmp_path / "notes") == what
    assert managed_file(tmp_path / inside, tmp_path / "notes") == ""


@pytest.mark.usefixtures("seeded")
def test_dev_null_is_written_not_replaced(cli) -> None:  # type: ignore[no-untyped-def]
    """As root, `--force` used to rename a regular file over /dev/null."""
    for extra in ([], ["--force"]):
        result = cli("export", "--day", DAY, "-o", "/dev/null", *extra)
        assert (result.exit_code, result.stderr) == (0, "Wrote 1 note to /dev/null.\n")
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.usefixtures("seeded")
def test_a_fifo_is_written_in_place(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "post.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()

    result = cli("export", "--day", DAY, "-o", str(fifo), "--force")
    reader.join(timeout=10)

    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"a note worth keeping" in received[0]


@pytest.mark.usefixtures("seeded")
def test_a_socket_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        result = cli("export", "--day", DAY, "-o", str(path), "--force")
        assert result.exit_code == 1
        assert (
            result.stderr
            == f"Error: {path} is not a regular file: give a file name, e.g. post.md\n"
        )
        assert stat.S_ISSOCK(path.lstat().st_mode)
