"""Every TOML file ospo-notes reads fails the same way: one line naming the file, the line
and what to do, for bytes that are not UTF-8 and for TOML that does not parse.

One loader (`notes.codec.load_document`) serves the day files, themes.toml,
speakers.toml, a stored schedule day, sources.toml and the user's config file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ospo_notes.errors import NotesError
from ospo_notes.notes.codec import parse_day
from ospo_notes.schedule.sources import parse_sources
from ospo_notes.schedule.stored import parse_schedule_day
from ospo_notes.store.speakers_file import read_speakers
from ospo_notes.store.themes_file import read_vocabulary
from ospo_notes.store.user_config import read_config

DAY = date(2024, 6, 18)
NOT_UTF8 = b'format = 1\ntitle = "caf\xe9"\n'
NOT_TOML = b"format = 1\ntitle = \n"


def _in_file(name: str, read: Callable[[Path], object]) -> Callable[[Path, bytes], object]:
    def run(folder: Path, data: bytes) -> object:
        (folder / name).write_bytes(data)
        return read(folder)

    return run


READERS: dict[str, tuple[Callable[[Path, bytes], object], str, str]] = {
    # file -> (how it is read, the name errors give it, the fix for bytes not UTF-8)
    "day file": (
        lambda _f, data: parse_day(data, day=DAY, source="2024-06-18.toml"),
        "2024-06-18.toml",
        "re-save the file as UTF-8",
    ),
    "themes.toml": (_in_file("themes.toml", read_vocabulary), "themes.toml", "re-save"),
    "speakers.toml": (_in_file("speakers.toml", read_speakers), "speakers.toml", "re-save"),
    "schedule day": (
        lambda _f, data: parse_schedule_day(data, day=DAY, source="schedule/2024-06-18.toml"),
        "schedule/2024-06-18.toml",
        "import the schedule again",
    ),
    "sources.toml": (
        lambda _f, data: parse_sources(data, "schedule/sources.toml"),
        "schedule/sources.toml",
        "import the URLs again",
    ),
    "config file": (
        _in_file("config.toml", lambda f: read_config(f / "config.toml")),
        "config.toml",
        "re-save the file as UTF-8",
    ),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_bytes_that_are_not_utf8_name_the_file_the_line_and_the_fix(
    kind: str, tmp_path: Path
) -> None:
    read, name, fix = READERS[kind]
    with pytest.raises(NotesError) as caught:
        read(tmp_path, NOT_UTF8)
    message = str(caught.value)
    assert "\n" not in message
    assert f"{name}:2: byte b'\\xe9' is not UTF-8: " in message
    assert fix in message


@pytest.mark.parametrize("kind", sorted(READERS))
def test_toml_that_does_not_parse_names_the_file_line_and_column(kind: str, tmp_path: Path) -> None:
    read, name, _fix = READERS[kind]
    with pytest.raises(NotesError) as caught:
        read(tmp_path, NOT_TOML)
    message = str(caught.value)
    assert "\n" not in message
    assert f"{name}:2:9: " in message
    assert "; " in message  # and what to do about it


def test_the_config_file_says_how_to_start_it_again(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_bytes(NOT_TOML)
    with pytest.raises(NotesError, match=r"delete it and run 'ospo-notes config author NAME'$"):
        read_config(tmp_path / "config.toml")
