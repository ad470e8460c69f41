"""Which session a note belongs to: the one you started, else the one running on the schedule.

Pure functions over plain data (no I/O), so `add`, `capture` and the tests share one rule:

1. A session you started (`session start`) holds for notes of the date it covers, until
   `session stop` or the next `session start`; a session started yesterday does not attach
   today's notes, except a scheduled one listed under yesterday that is still running
   after midnight.
2. Otherwise, when exactly one scheduled session runs at the note's time (start inclusive, end
   exclusive), the note joins it. Two rooms at once, or none, mean no session.
3. Otherwise the note has no session.

A scheduled session belongs to the conference day the schedule lists it under, also when it
starts or ends after midnight: a note taken in it, with no day typed, is filed under that day.

Times: an aware note time (a note taken "now") is compared with the schedule as an instant; a
naive one (`--at 10:15`) is read as the conference's wall-clock time, as printed on the schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ospo_notes.errors import NotFoundError, UsageError
from ospo_notes.notes.model import MIN_PREFIX
from ospo_notes.notes.sessions import session_folded
from ospo_notes.schedule.entry import ScheduleEntry


@dataclass(frozen=True)
class CurrentSession:
    """The session you said you are in: scheduled (`id` set) or ad hoc (`id == ""`)."""

    title: str
    day: date  # the date whose notes it attaches to
    started: datetime
    id: str = ""
    speakers: tuple[str, ...] = ()

    def applies_to(self, day: date) -> bool:
        """A started session never leaks into another date's notes."""
        return self.day == day


@dataclass(frozen=True)
class Attachment:
    """The session a note joins, and why (shown to the user on stderr)."""

    title: str = ""
    speakers: tuple[str, ...] = ()
    entry_id: str = ""
    reason: str = ""  # "started", "scheduled" or "" (no session)
    day: date | None = None  # the day the session belongs to (a note taken now is filed there)


def session_day(entry: ScheduleEntry) -> date:
    """The date notes taken in `entry` are filed under: the day the schedule lists it
    under, also for a talk that starts after midnight."""
    return entry.day


def still_running(entry: ScheduleEntry, at: datetime) -> bool:
    """Whether `entry` has not ended at `at` (see the module docstring for naive times)."""
    return at < (_wall(entry.end) if at.tzinfo is None else entry.end)


def running_at(entries: Iterable[ScheduleEntry], at: datetime) -> list[ScheduleEntry]:
    """Entries running at `at` (start <= at < end); see the module docstring for naive times."""
    if at.tzinfo is None:
        return [e for e in entries if _wall(e.start) <= at < _wall(e.end)]
    return [e for e in entries if e.start <= at < e.end]


def attach(
    current: CurrentSession | None,
    entries: Sequence[ScheduleEntry],
    day: date,
    at: datetime | None,
) -> Attachment:
    """The session a note of `day` taken at `at` (None: unknown time) belongs to."""
    if current is not None and current.applies_to(day):
        return Attachment(current.title, current.speakers, current.id, "started", current.day)
    if at is None:
        return Attachment()
    if current is not None and current.id and current.day == day - timedelta(days=1):
        mine = [e for e in entries if e.id == current.id and still_running(e, at)]
        if mine:  # started for last night's talk, which runs past midnight
            return Attachment(current.title, current.speakers, current.id, "started", current.day)
    running = running_at(entries, at)
    if len(running) != 1:
        return Attachment()
    (entry,) = running
    return Attachment(entry.title, entry.speakers, entry.id, "scheduled", entry.day)


def candidate_days(day: date) -> tuple[date, date]:
    """Schedule days whose sessions can run on `day`: it, and the day before (after midnight)."""
    return day - timedelta(days=1), day


def marked_session(
    started: CurrentSession | None, entries: Sequence[ScheduleEntry], day: date, now: datetime
) -> str:
    """The id of the session `schedule show` marks on `day`'s list, or "".

    The started session when it is on this list; with none started, on today's list
    (or yesterday's, for a session running past midnight), the one running `now`.
    `now` is aware: the machine's clock in its own zone.
    """
    if started is not None and started.id and any(e.id == started.id for e in entries):
        return started.id
    if started is None and day in candidate_days(now.date()):
        return attach(None, entries, now.date(), now).entry_id
    return ""


def resolve_session(entries: Sequence[ScheduleEntry], query: str) -> ScheduleEntry | None:
    """The entry `query` names: exact id, id prefix (4+), or one title containing it.

    None when nothing matches (the caller starts an ad-hoc session); NotFoundError listing
    the candidates when several do.
    """
    wanted = query.strip()
    if not wanted:
        raise UsageError("give a session title or id, e.g. ospo-notes session start 'Keynote'")
    for entry in entries:
        if entry.id == wanted:
            return entry
    folded = session_folded(wanted)
    exact = [e for e in entries if session_folded(e.title) == folded]
    if len(exact) == 1:
        return exact[0]
    matches = exact
    if not matches and len(wanted) >= MIN_PREFIX:
        matches = [e for e in entries if e.id.startswith(wanted)]
    if not matches:
        matches = [e for e in entries if folded in session_folded(e.title)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return None
    shown = "; ".join(f"{e.start:%H:%M} {e.title} ({e.id})" for e in matches[:6])
    more = f" and {len(matches) - 6} more" if len(matches) > 6 else ""
    raise NotFoundError(
        f"{query!r} matches {len(matches)} sessions: {shown}{more}; "
        "give more of the title, or the id"
    )


def _wall(stamp: datetime) -> datetime:
    """An aware stamp's wall-clock reading in its own zone, without the zone."""
    return stamp.replace(tzinfo=None)
