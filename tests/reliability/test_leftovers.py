"""What a killed writer can leave behind is cleaned up (or ignored) by the next write."""

from __future__ import annotations

from pathlib import Path

import pytest


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


def test_a_state_folder_made_by_another_command_meanwhile_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commands start at once: the other one makes `.ospo-notes/` between our look and
    our mkdir. That is the folder we wanted, not "a file in its place"."""
    from ospo_notes.store import files

    root = tmp_path / "notes"
    root.mkdir()
    state = root / ".ospo-notes"
    real_is_dir = Path.is_dir
    looked: list[Path] = []

    def raced(self: Path) -> bool:
        if self == state and not looked:
            looked.append(self)
            state.mkdir()  # the other command makes it just after we looked
            return False
        return real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", raced)
    assert files.state_dir(root) == state
