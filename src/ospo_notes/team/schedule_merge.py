"""Three-way merge of stored schedules: `schedule/DATE.toml` and `schedule/sources.toml`. Pure.

Nobody types these files: they are copies of the organisers' schedule, written by
`schedule import` and `schedule update`. So they always merge, never conflict.

Sessions merge by id. A session one side changed takes that change; sessions added on
either side are kept; one removed on one side and untouched on the other is removed.
When both imports changed a session, the later import wins. A stored session holds no
import time (title, times, zone, room, track, kind, abstract, speakers, schedule name:
see `schedule.stored`), but a schedule only moves forward: the later import saw every
change the earlier one saw. So the side whose changes include all of the other side's
changes is the later one. When neither does (each saw something the other did not, or
both added it differently) nothing tells, and theirs is taken and reported, and
`schedule update` fetches the current version either way.

`sources.toml` merges per event: when both sides changed an event's record, the one
with the later `last_modified` the server sent wins, else theirs.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from ospo_notes.schedule.sources import ScheduleSource, dump_sources
from ospo_notes.schedule.stored import ScheduleDay, dump_schedule_day
from ospo_notes.team.day_merge import Merged
from ospo_notes.team.three_way import MISSING, same

Table = Mapping[str, Any]


def merge_schedule_days(base: ScheduleDay, ours: ScheduleDay, theirs: ScheduleDay) -> Merged:
    """The day's sessions from both sides (see the module's rules); never a conflict."""
    tables = [_sessions(sday) for sday in (base, ours, theirs)]
    entries = {e.id: e for sday in (theirs, ours) for e in sday.entries}
    origins = {**theirs.origins, **ours.origins}
    kept_ids, settled = [], []
    for session_id in dict.fromkeys([*tables[1], *tables[2]]):
        b, o, t = (side.get(session_id, MISSING) for side in tables)
        took = _later(b, o, t)
        if took is None:
            took = t
            settled.append(session_id)
        if took is MISSING:
            continue
        kept_ids.append(session_id)
        side = ours if took is o else theirs
        entries[session_id] = next(e for e in side.entries if e.id == session_id)
        origins[session_id] = side.origins.get(session_id, "")
    kept = sorted((entries[i] for i in kept_ids), key=lambda e: (e.start, e.room, e.title))
    merged = ScheduleDay(
        day=ours.day,
        entries=tuple(kept),
        origins={i: origins[i] for i in kept_ids if origins.get(i)},
        format=max(ours.format, theirs.format),
    )
    notices: tuple[str, ...] = ()
    if settled:
        s = "s" if len(settled) != 1 else ""
        notices = (
            f"{len(settled)} session{s} changed by imports on both sides ({', '.join(settled)}): "
            "kept theirs; 'ospo-notes schedule update' fetches the current schedule",
        )
    return Merged(dump_schedule_day(merged), notices=notices)


def _sessions(sday: ScheduleDay) -> dict[str, Table]:
    """Each session as the file stores it (the zone and the schedule name included)."""
    doc = tomllib.loads(dump_schedule_day(sday))
    zone = doc.get("timezone")
    return {
        session_id: {"timezone": zone, **table}
        for session_id, table in doc.get("sessions", {}).items()
    }


def _later(base: Any, ours: Any, theirs: Any) -> Any:
    """The later import's version of one session (MISSING: removed), or None if unknown."""
    if same(ours, theirs) or same(theirs, base):
        return ours
    if same(ours, base):
        return theirs
    if _includes(theirs, ours, base):
        return theirs
    if _includes(ours, theirs, base):
        return ours
    return None


def _includes(newer: Any, older: Any, base: Any) -> bool:
    """Whether `newer` has every change `older` made to `base` (both are tables)."""
    if not all(isinstance(x, Mapping) for x in (newer, older, base)):
        return False
    return all(
        same(older.get(k, MISSING), base.get(k, MISSING))
        or same(older.get(k, MISSING), newer.get(k, MISSING))
        for k in {*older, *base}
    )


def merge_sources(
    base: Mapping[str, ScheduleSource],
    ours: Mapping[str, ScheduleSource],
    theirs: Mapping[str, ScheduleSource],
) -> Merged:
    """Remembered schedule URLs per event; both changed: the later server stamp wins."""
    merged: dict[str, ScheduleSource] = {}
    for name in dict.fromkeys([*ours, *theirs]):
        b, o, t = (side.get(name) for side in (base, ours, theirs))
        if t in (o, b):
            took = o
        elif o == b:
            took = t
        elif o is None or t is None:
            took = o or t  # removed there, fetched again here: keep the URL
        else:
            took = o if _stamp(o) > _stamp(t) else t
        if took is not None:
            merged[name] = took
    return Merged(dump_sources(merged))


def _stamp(source: ScheduleSource) -> float:
    """The server's Last-Modified as a number (0 when it sent none we can read)."""
    try:
        return parsedate_to_datetime(source.last_modified).timestamp()
    except (TypeError, ValueError, IndexError):
        return 0.0
