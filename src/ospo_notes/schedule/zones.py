"""Time zone resolution shared by all formats.

Rule (one place, so every format agrees):

1. The zone the file names is used when it is a known zone and agrees with the UTC offsets the
   file's own event timestamps carry (vacuously true when they carry none).
2. Otherwise the user's ``--tz`` override is used.
3. Otherwise, if the timestamps carry offsets, a fixed-offset zone matching them is used
   (named "UTC+01:00"), so the wall-clock times printed on the schedule stay as printed.
4. Otherwise the machine's local zone (TZ env var, /etc/localtime symlink, else "UTC").

A file naming an unknown zone is an error unless ``--tz`` is given, because guessing would move
every talk by hours without anyone noticing.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ospo_notes.errors import ScheduleError


@dataclass(frozen=True)
class Zone:
    """A resolved zone plus the name reported in `Schedule.timezone`."""

    name: str
    tz: tzinfo


def zone_name(tz: tzinfo | None) -> str:
    """The name a zone is stored and shown under: IANA key, or "UTC+01:00" for a fixed offset."""
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    if tz is None:
        return "UTC"
    return tz.tzname(None) or "UTC"


def lookup_zone(name: str) -> Zone | None:
    """The IANA zone called `name`, or None if there is no such zone here."""
    cleaned = name.strip()
    if not cleaned or "\x00" in cleaned:
        return None
    try:
        return Zone(cleaned, ZoneInfo(cleaned))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def require_zone(name: str, source: str, origin: str) -> Zone:
    """Resolve `name` or fail with a message saying where the bad name came from."""
    zone = lookup_zone(name)
    if zone is None:
        shown = name.strip()[:60] or "(empty)"
        raise ScheduleError(
            f"{source}: {origin} names the unknown time zone {shown!r}; "
            "give an IANA zone name such as 'Europe/Brussels' with --tz"
        )
    return zone


def local_zone() -> Zone:
    """The machine's IANA zone: TZ env var, then /etc/localtime's target, else UTC."""
    from_env = os.environ.get("TZ", "").lstrip(":")
    if from_env:
        zone = lookup_zone(from_env)
        if zone is not None:
            return zone
    try:
        target = str(Path("/etc/localtime").resolve(strict=True))
    except OSError:
        target = ""
    marker = "zoneinfo/"
    if marker in target:
        zone = lookup_zone(target.rsplit(marker, 1)[1])
        if zone is not None:
            return zone
    return Zone("UTC", ZoneInfo("UTC"))


def fixed_zone(offset: timedelta) -> Zone:
    """A fixed-offset zone named like "UTC+01:00" (plain "UTC" for zero)."""
    if not offset:
        return Zone("UTC", ZoneInfo("UTC"))
    sign = "+" if offset > timedelta(0) else "-"
    minutes = abs(offset) // timedelta(minutes=1)
    name = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return Zone(name, timezone(offset, name))


def _agrees(zone: Zone, stamps: list[datetime]) -> bool:
    """True if `zone` gives every aware stamp the offset the stamp itself carries."""
    return all(s.astimezone(zone.tz).utcoffset() == s.utcoffset() for s in stamps)


def choose_zone(named: str, stamps: Iterable[datetime], override: Zone | None, source: str) -> Zone:
    """Pick the conference zone following the module rule; `stamps` are the file's timestamps."""
    aware = [s for s in stamps if s.utcoffset() is not None]
    if named.strip():
        zone = lookup_zone(named)
        if zone is None and override is None:
            require_zone(named, source, "the file")
        if zone is not None and _agrees(zone, aware):
            return zone
    if override is not None:
        return override
    if aware:
        offsets = Counter(s.utcoffset() or timedelta(0) for s in aware)
        return fixed_zone(offsets.most_common(1)[0][0])
    return local_zone()
