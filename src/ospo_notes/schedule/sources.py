"""Where each imported schedule was downloaded from: `schedule/sources.toml`.

    format = 1

    [events."DemoCon"]
    url = "https://democon.example.org/schedule/export/schedule.json"
    etag = '"5f3c-1a2b"'
    last_modified = "Mon, 14 Dec 2020 08:00:00 GMT"
    tz = "Europe/Brussels"

Keyed by the event's name, the same name the sessions' `schedule` key carries, so
`schedule update --event NAME` finds both. `etag` and `last_modified` are what the server
sent last: `schedule update` sends them back, and an unchanged schedule costs one small
request. `tz` is the `--tz` given at import, used again on update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ospo_notes.errors import DayFileError
from ospo_notes.notes.codec import load_document
from ospo_notes.notes.model import FORMAT

FILE_NAME = "sources.toml"
_KEYS = ("url", "etag", "last_modified", "tz")


@dataclass(frozen=True)
class ScheduleSource:
    """One schedule imported from a URL, with what the server said about it last time."""

    name: str
    url: str
    etag: str = ""
    last_modified: str = ""
    tz: str = ""


def parse_sources(data: bytes, source: str) -> dict[str, ScheduleSource]:
    """Read sources.toml; anything malformed is one DayFileError line and is never rewritten."""
    doc = load_document(data, source, fix="import the URLs again")
    fmt = doc.get("format", FORMAT)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt > FORMAT:
        raise DayFileError(
            f"{source}: format {fmt!r} is not one this ospo-notes writes: upgrade ospo-notes"
        )
    events = doc.get("events", {})
    if not isinstance(events, dict):
        raise DayFileError(f"{source}: 'events' must be a table of [events.NAME] tables")
    found = {}
    for name, table in events.items():
        if not isinstance(table, dict) or not all(
            isinstance(table.get(key, ""), str) for key in _KEYS
        ):
            raise DayFileError(f"{source}: event {name!r} must be a table of text keys {_KEYS}")
        if not table.get("url"):
            raise DayFileError(f"{source}: event {name!r} has no 'url'")
        found[name] = ScheduleSource(name, **{key: table.get(key, "") for key in _KEYS})
    return found


def dump_sources(sources: dict[str, ScheduleSource]) -> str:
    """The file's text: one table per event, sorted by name."""
    import tomli_w

    events: dict[str, Any] = {}
    for name in sorted(sources):
        record = sources[name]
        events[name] = {key: getattr(record, key) for key in _KEYS if getattr(record, key)}
    return tomli_w.dumps({"format": FORMAT, "events": events})


def remembered(
    sources: dict[str, ScheduleSource], new: ScheduleSource
) -> dict[str, ScheduleSource]:
    """`sources` with `new` in it; an older name for the same URL is dropped."""
    kept = {name: s for name, s in sources.items() if s.url != new.url or name == new.name}
    kept[new.name] = new
    return kept
