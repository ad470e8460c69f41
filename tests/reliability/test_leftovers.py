"""What a killed writer can leave behind is cleaned up (or ignored) by the next write."""

from __future__ import annotations

from pathlib import Path


def test_a_temp_file_in_the_notes_dir_is_removed_by_the_next_write(cli, notes_dir: Path) -> None:
    notes_dir.mkdir()
    temp = notes_dir / ".2024-06-18.toml.tmp-4242-deadbeef"
    temp.write_text("format = 1\n[notes.half")
    assert cli("add", "x", "--day", "2024-06-18").exit_code == 0
    assert not temp.exists()


def test_a_stamp_temp_file_is_removed_by_the_next_write(cli, notes_dir: Path) -> None:
    stamps = notes_dir / ".ospo-notes" / "stamps"
    stamps.mkdir(parents=True)
    temp = stamps / ".2024-06-18.json.tmp-4242-deadbeef"
    temp.write_text('{"digest": "ab')
    assert cli("add", "x", "--day", "2024-06-18").exit_code == 0
    assert not temp.exists()


def test_a_state_folder_without_its_gitignore_gets_one(cli, notes_dir: Path) -> None:
    # a process killed between creating the folder and writing the file leaves this
    (notes_dir / ".ospo-notes").mkdir(parents=True)
    assert cli("add", "x", "--day", "2024-06-18").exit_code == 0
    ignore = notes_dir / ".ospo-notes" / ".gitignore"
    assert ignore.read_text().splitlines()[-1] == "*"
