"""`schedule/sources.toml`: the remembered URLs round-trip, and a broken file is reported."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ospo_notes.schedule.sources import (
    ScheduleSource,
    dump_sources,
    parse_sources,
    remembered,
)

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@st.composite
def sources(draw: st.DrawFn) -> dict[str, ScheduleSource]:
    names = draw(st.lists(_text, max_size=4, unique=True))
    return {
        name: ScheduleSource(
            name,
            draw(_text.filter(bool)),
            etag=draw(_text),
            last_modified=draw(_text),
            tz=draw(_text),
        )
        for name in names
    }


@given(sources())
def test_sources_round_trip(found: dict[str, ScheduleSource]) -> None:
    assert parse_sources(dump_sources(found).encode(), "sources.toml") == found


def test_a_url_imported_under_a_new_name_keeps_one_record() -> None:
    old = {"DemoCon": ScheduleSource("DemoCon", "https://x/s.json", etag='"1"')}
    new = ScheduleSource("DemoCon 2020", "https://x/s.json", etag='"2"')
    assert remembered(old, new) == {"DemoCon 2020": new}


def test_a_broken_sources_file_stops_update_and_check_names_it(cli, notes_dir: Path) -> None:  # type: ignore[no-untyped-def]
    path = notes_dir / "schedule" / "sources.toml"
    path.parent.mkdir(parents=True)
    path.write_text("format = 1\n[events.DemoCon]\nurl = 42\n")
    result = cli("schedule", "update")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}: event 'DemoCon' must be a table of text keys "
        "('url', 'etag', 'last_modified', 'tz')\n"
    )
    assert path.read_text() == "format = 1\n[events.DemoCon]\nurl = 42\n"
    report = cli("check")
    assert report.exit_code == 1
    assert f"{path}: error: event 'DemoCon' must be a table of text keys" in report.stdout
