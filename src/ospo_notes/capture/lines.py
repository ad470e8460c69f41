"""The capture prompt's line grammar: one typed line becomes a note draft or a command.

Pure, so the prompt, piped input and the tests read lines the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from ospo_notes.errors import UsageError
from ospo_notes.notes.dates import parse_time

MARKS = {"!": "highlight", "?": "question", ">": "quote", "+": "action"}
_EXAMPLES = {
    "!": "great point",
    "?": "who funds it",
    ">": "in their words",
    "+": "mail the speaker",
}
ESCAPED = "".join(MARKS) + "/\\"  # what a leading backslash keeps literal
COMMANDS = {
    "session": "/session TITLE  start a session (from the schedule, or ad hoc)",
    "stop": "/stop           end the current session",
    "at": "/at HH:MM       the notes that follow get this time (typing up later)",
    "undo": "/undo           remove the last note taken here",
    "help": "/help           show this help",
}
CAPTURE_HELP = "\n".join(
    [
        "Each line is one note, saved when you press Enter. #word adds a theme.",
        "  !text  highlight    ?text  question    >text  quote    +text  action item",
        "  \\!text stores a leading ! ? > + / or \\ literally",
        *(f"  {line}" for line in COMMANDS.values()),
        "Ctrl-D or Ctrl-C ends the capture.",
    ]
)


@dataclass(frozen=True)
class NoteDraft:
    """A line to store as a note: its text and kind (themes come from #words later)."""

    text: str
    kind: str = "note"


@dataclass(frozen=True)
class Command:
    """A `/command` line; `argument` is the rest of the line, stripped."""

    name: str
    argument: str = ""


@dataclass(frozen=True)
class Clock:
    """A `/at HH:MM` line: the notes after it get `at` as their time, until the next /at.

    The time is not advanced as typing goes on: typing up later runs at its own pace,
    and a time the notes on paper never had would be made up.
    """

    at: time


def _clock_time(argument: str) -> time:
    """The time of `/at HH:MM`, or a UsageError saying how to write it."""
    if not argument.strip():
        raise UsageError("/at needs a time, e.g. /at 14:30")
    try:
        return parse_time(argument)
    except UsageError:
        raise UsageError(
            f"/at {argument.strip()}: not a time of day; use HH:MM from 00:00 to 23:59, "
            "e.g. /at 14:30 (the clock is unchanged)"
        ) from None


def parse_capture_line(line: str) -> NoteDraft | Command | Clock | None:
    """One typed line as a note draft, a command, a clock setting, or None (blank: ignore).

    Raises UsageError for an unknown `/command` or a marker with no text, so a typo is
    reported instead of stored.
    """
    text = line.rstrip("\r\n").strip()
    if not text:
        return None
    head = text[0]
    if head == "\\" and len(text) > 1 and text[1] in ESCAPED:
        return NoteDraft(text[1:])
    if head in MARKS:
        body = text[1:].strip()
        if not body:
            raise UsageError(f"'{head}' needs text after it, e.g. {head}{_EXAMPLES[head]}")
        return NoteDraft(body, MARKS[head])
    if head == "/" and len(text) > 1 and not text[1].isspace():
        name, _, argument = text[1:].partition(" ")
        if name not in COMMANDS:
            raise UsageError(
                f"unknown command /{name}: type /help "
                "(start the line with \\/ to store it as a note)"
            )
        if name == "session" and not argument.strip():
            raise UsageError("/session needs a title or id, e.g. /session Opening keynote")
        if name == "at":
            return Clock(_clock_time(argument))
        return Command(name, argument.strip())
    return NoteDraft(text)
