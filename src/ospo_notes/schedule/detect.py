"""Recognise a schedule's format from its content (never its file name) and parse it."""

from __future__ import annotations

import codecs

from ospo_notes.schedule.c3voc import load_json, parse_c3voc
from ospo_notes.schedule.common import fail
from ospo_notes.schedule.entry import Schedule
from ospo_notes.schedule.frab import parse_frab
from ospo_notes.schedule.ical import parse_ical
from ospo_notes.schedule.limits import check_file_size
from ospo_notes.schedule.zones import Zone, require_zone

_FORMATS = "a frab schedule.xml, a c3voc/pretalx schedule.json or an iCalendar .ics"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _head(data: bytes) -> str:
    """The first characters of the file, lowercased, for sniffing (BOMs and blanks skipped)."""
    sample = data[:4096]
    for bom in _BOMS:
        if sample.startswith(bom):
            encoding = "utf-8" if bom == codecs.BOM_UTF8 else "utf-16"
            return sample.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()
    return sample.decode("utf-8", errors="replace").lstrip(" \t\r\n").lower()


def sniff(data: bytes) -> str:
    """Classify content as xml, json, ics, html, empty or unknown (file names can lie)."""
    head = _head(data)
    if not head.strip():
        return "empty"
    if head.startswith("begin:vcalendar"):
        return "ics"
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if "<!doctype html" in head[:512] or "<html" in head[:512]:
            return "html"
        return "xml"
    return "unknown"


def parse_schedule(data: bytes, *, tz: str | None = None, source: str = "schedule") -> Schedule:
    """Parse schedule bytes of any supported format into a Schedule.

    `tz` (the user's --tz) is used when the file names no usable zone; see
    `ospo_notes.schedule.zones` for the whole rule. Every failure is a one-line ScheduleError;
    a schedule past `ospo_notes.schedule.limits` is one too.
    """
    check_file_size(len(data), source)
    override: Zone | None = None
    if tz is not None:
        override = require_zone(tz, source, "--tz")
    kind = sniff(data)
    if kind == "empty":
        raise fail(source, "the file is empty", f"export {_FORMATS} from the conference site")
    if kind == "html":
        raise fail(
            source,
            "this is an HTML web page, not a schedule export",
            f"download {_FORMATS} instead of the page",
        )
    if kind == "unknown":
        raise fail(source, "the format is not recognised", f"use {_FORMATS}")
    if kind == "ics":
        return parse_ical(data, override=override, source=source)
    if kind == "xml":
        return parse_frab(data, override=override, source=source)
    return parse_c3voc(load_json(data, source), override=override, source=source)
