"""Schedules from the conference's own site: import by URL, and update what was imported so.

Download (`store.fetch`), parse (`schedule`), store (`store.schedule_store`) in that order:
the stored schedule changes only once a download arrived whole and parsed, so a network
failure or an HTML login page never harms what is there. No Typer or Rich here.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ospo_notes.errors import NotesError, NotFoundError, ScheduleError, UsageError
from ospo_notes.schedule import Schedule, parse_schedule
from ospo_notes.schedule.limits import MAX_FILE_BYTES
from ospo_notes.schedule.sources import ScheduleSource
from ospo_notes.store.fetch import Progress, fetch
from ospo_notes.store.schedule_store import ImportResult, ScheduleStore

ProgressFor = Callable[[str], Progress | None]
"""Makes the progress callback for a download of the URL given (None: draw nothing)."""


@dataclass(frozen=True)
class Update:
    """What `schedule update` did for one remembered schedule."""

    source: ScheduleSource
    result: ImportResult | None = None  # None: unchanged (304) or failed
    error: str = ""  # the one line saying why it failed


def import_url(
    store: ScheduleStore, url: str, *, tz: str | None, timeout: float, progress: ProgressFor
) -> tuple[Schedule, str, ImportResult]:
    """Download, parse and store the schedule at `url`; remember the URL for `update`."""
    fetched = fetch(url, timeout=timeout, limit=MAX_FILE_BYTES, progress=progress(url))
    if fetched.data is None:  # 304 to a request that was not conditional: a broken server
        raise ScheduleError(f"{url}: the server sent no schedule (304 Not Modified); try again")
    schedule = parse_schedule(fetched.data, tz=tz, source=url)
    known = [s.name for s in store.sources().values() if s.url == url]
    origin = known[0] if known else schedule.title or _name_in(url)
    source = ScheduleSource(origin, url, fetched.etag, fetched.last_modified, tz or "")
    return schedule, origin, store.import_schedule(schedule, origin, source)


def update(
    store: ScheduleStore, event: str | None, *, timeout: float, progress: ProgressFor
) -> Iterator[Update]:
    """Re-fetch every remembered schedule (or `event`'s), one `Update` each as it finishes.

    A failure is reported and the next schedule is still tried; nothing of a failed one
    is changed.
    """
    for source in _chosen(store, event):
        try:
            yield _update_one(store, source, timeout, progress)
        except NotesError as err:
            yield Update(source, error=str(err))


def _update_one(
    store: ScheduleStore, source: ScheduleSource, timeout: float, progress: ProgressFor
) -> Update:
    fetched = fetch(
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        timeout=timeout,
        limit=MAX_FILE_BYTES,
        progress=progress(source.url),
    )
    if fetched.data is None:
        return Update(source)
    schedule = parse_schedule(fetched.data, tz=source.tz or None, source=source.url)
    now = ScheduleSource(source.name, source.url, fetched.etag, fetched.last_modified, source.tz)
    return Update(source, store.import_schedule(schedule, source.name, now))


def _chosen(store: ScheduleStore, event: str | None) -> list[ScheduleSource]:
    """The remembered schedules to update: all, or the one named `event` (any case)."""
    sources = store.sources()
    if not sources:
        raise UsageError(
            "no schedule was imported from a URL here: import one with "
            "ospo-notes schedule import https://..."
        )
    if event is None:
        return list(sources.values())
    found = [s for name, s in sources.items() if name.casefold() == event.strip().casefold()]
    if not found:
        names = ", ".join(repr(name) for name in sorted(sources))
        raise NotFoundError(f"no schedule called {event!r} was imported from a URL: known {names}")
    return found


def _name_in(url: str) -> str:
    """A name for a schedule without a title: the URL's last path part, else its host."""
    parts = urllib.parse.urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return urllib.parse.unquote(last) or parts.hostname or url
