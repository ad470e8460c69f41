"""The capture prompt's line grammar: one typed line becomes a note draft or a command.

Pure, so the prompt, piped input and the tests read lines the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ospo_notes.errors import UsageError

MARKS = {"!": "highlight", "?": "question", ">": "quote"}
COMMANDS = {
    "session": "/session TITLE  start a session (from the schedule, or ad hoc)",
    "stop": "/stop           end the current session",
    "undo": "/undo           remove the last note taken here",
    "help": "/help           show this help",
}
CAPTURE_HELP = "\n".join(
    [
        "Each line is one note, saved when you press Enter. #word adds a theme.",
        "  !text  highlight    ?text  question    >text  quote",
        "  \\!text stores a leading ! ? > / or \\ literally",
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


def parse_capture_line(line: str) -> NoteDraft | Command | None:
    """One typed line as a note draft, a command, or None (blank: ignore).

    Raises UsageError for an unknown `/command` or a marker with no text, so a typo is
    reported instead of stored.
    """
    text = line.rstrip("\r\n").strip()
    if not text:
        return None
    head = text[0]
    if head == "\\" and len(text) > 1 and text[1] in "!?>/\\":
        return NoteDraft(text[1:])
    if head in MARKS:
        body = text[1:].strip()
        if not body:
            raise UsageError(f"'{head}' needs text after it, e.g. {head}great point")
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
        return Command(name, argument.strip())
    return NoteDraft(text)
