"""The data a day holds: notes and the day's own title and event.

Plain frozen dataclasses with no I/O, so every other layer can build and compare them.
Fields a newer version (or a person editing by hand) adds are carried in `extra`
and written back untouched.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ospo_notes.errors import NotesError, UsageError

KINDS = ("note", "highlight", "quote", "question", "action")
FORMAT = 1

# Crockford-style lower-case base32 without i, l, o, u: easy to read aloud and type.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 8  # 40 random bits: two attendees' files merge in git without clashing ids
MIN_PREFIX = 4
_ID_SHAPE = re.compile(r"[A-Za-z0-9_-]+")
# `#word` is a theme; `#123` (an issue number) is not, so it stays text in the post.
_HASHTAG = re.compile(r"(?<![\w#&/])#(?!\d+(?![\w-]))([^\W_][\w-]*)")
_THEME_SHAPE = re.compile(r"[^\W_][\w-]*")


def new_id(taken: Iterable[str] = ()) -> str:
    """A fresh random id that is not in `taken`."""
    taken = set(taken)
    while True:
        # 40 random bits, 5 per character (os.urandom: `secrets` costs ~4 ms to import)
        bits = int.from_bytes(os.urandom(ID_LENGTH * 5 // 8), "big")
        candidate = "".join(
            ID_ALPHABET[(bits >> shift) & 31] for shift in range(5 * (ID_LENGTH - 1), -1, -5)
        )
        if candidate not in taken:
            return candidate


def is_valid_id(text: str) -> bool:
    """Ids are bare TOML keys, so a day file stays readable and greppable."""
    return bool(_ID_SHAPE.fullmatch(text))


def normalize_theme(text: str) -> str:
    """`Global South`, `#global-south` and `GLOBAL_SOUTH` are one theme: `global-south`."""
    check_storable(text, "the theme")
    folded = unicodedata.normalize("NFC", text.strip().lstrip("#")).casefold()
    folded = re.sub(r"[\s_]+", "-", folded).strip("-")
    if not _THEME_SHAPE.fullmatch(_without_marks(folded)):
        raise UsageError(f"invalid theme {text!r}: use letters, digits and '-', e.g. global-south")
    return folded


_PLAIN_THEME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def read_themes(stored: Iterable[str]) -> tuple[str, ...]:
    """Themes as a file holds them, as if typed: normalized, empty ones dropped.

    An import or a hand edit can store `"Not Normalized"` or `""`, which `tag --remove`
    and the themes overview would never match. A theme that cannot be normalized
    (`"a b!!"`) is kept as typed, so nothing is lost; `check` reports it.
    """
    themes: list[str] = []
    for theme in stored:
        if _PLAIN_THEME.fullmatch(theme):  # nearly every theme: already normal
            themes.append(theme)
        elif theme.strip().strip("#_-").strip():
            try:
                themes.append(normalize_theme(theme))
            except UsageError:
                themes.append(theme)
    return merge_themes(themes)


def _without_marks(text: str) -> str:
    """`text` less the combining marks after its first character.

    Case folding can decompose a letter: `İ` folds to `i` + U+0307, `ǰ` to `j` + U+030C.
    Those marks are part of the word, though `\\w` does not match them.
    """
    return text[:1] + "".join(c for c in text[1:] if not unicodedata.category(c).startswith("M"))


def hashtags(text: str) -> list[str]:
    """The `#word` themes written inside a note's text, normalized, in order."""
    return [normalize_theme(tag) for tag in _HASHTAG.findall(text)]


def merge_themes(*groups: Iterable[str]) -> tuple[str, ...]:
    """Union of theme lists, first occurrence wins the position."""
    return tuple(dict.fromkeys(theme for group in groups for theme in group))


def check_kind(kind: str) -> str:
    """Return `kind` lower-cased if it is one we know."""
    folded = kind.strip().lower()
    if folded not in KINDS:
        raise UsageError(f"invalid kind {kind!r}: use one of {', '.join(KINDS)}")
    return folded


RETYPE = "set your terminal to UTF-8 (e.g. LANG=C.UTF-8) and type it again"


def storable_bytes(
    text: str, what: str, *, fix: str = RETYPE, error: type[NotesError] = UsageError
) -> bytes:
    """`text` as UTF-8, or `error` naming `what` held the characters UTF-8 cannot store.

    Bytes a non-UTF-8 terminal or pipe sends reach Python as lone surrogates
    U+DC80-U+DCFF and are shown as those bytes; any other lone surrogate (a JSON
    `\\ud800` escape, say) is shown as its code point. `fix` says what to do about it.
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as err:
        bad = text[err.start : err.end]
        try:
            shown = f"bytes that are not UTF-8 ({bad.encode('utf-8', 'surrogateescape')!r})"
        except UnicodeEncodeError:
            shown = f"an unpaired surrogate ({bad!a}) that UTF-8 cannot store"
        raise error(f"{what} contains {shown}: {fix}") from None


def check_storable(
    text: str, what: str, *, fix: str = RETYPE, error: type[NotesError] = UsageError
) -> str:
    """`text` unchanged if it can be stored as UTF-8 (see `storable_bytes`)."""
    storable_bytes(text, what, fix=fix, error=error)
    return text


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def check_line(text: str, what: str) -> str:
    """`text` stripped, if it is one line a terminal shows as typed; else a UsageError.

    For names, roles and titles, which are shown inline: a newline, a control
    character or a bidi override in one would break the line or drive the terminal.
    """
    text = text.strip()
    for char in text:
        if char in "\r\n\u2028\u2029":
            raise UsageError(f"{what} must be one line: give it without line breaks")
        if unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS:
            raise UsageError(
                f"{what} contains the control character U+{ord(char):04X}: type it without"
            )
    return check_storable(text, what)


# Characters that show nothing although they are not whitespace: the Hangul fillers and
# the blank Braille pattern (letters and symbols to Unicode, blanks on screen).
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """Whether `text` shows nothing: only whitespace and invisible characters.

    Zero-width spaces (U+200B), bidi controls (U+202E), byte order marks (U+FEFF) and
    other format characters print as nothing, so a note of them alone is an empty note.
    """
    return all(
        c.isspace() or c in _BLANK_LOOKING or unicodedata.category(c) in _INVISIBLE_CATEGORIES
        for c in text
    )


MAX_AUTHOR = 200  # characters: a display name, not a paragraph


def check_author(name: str, what: str = "the author") -> str:
    """A note's author as stored: one line, trimmed, not empty, at most `MAX_AUTHOR` long."""
    name = check_line(name, what)
    if is_blank(name):
        raise UsageError(f"{what} is empty: give a name, e.g. 'Ana Lima'")
    if len(name) > MAX_AUTHOR:
        raise UsageError(
            f"{what} is {len(name)} characters long: give a name of at most {MAX_AUTHOR}"
        )
    return name


def check_text(text: str) -> str:
    """Refuse empty or invisible notes and text that cannot be stored as UTF-8."""
    if is_blank(text):
        shown = "empty" if not text.strip() else "invisible (zero-width or format characters only)"
        raise UsageError(f"the note is {shown}: give some text (or '-' to read it from stdin)")
    return check_storable(text, "the note")


def normalize_note(note: Note) -> Note:
    """`note` as every way of writing one stores it, or a UsageError naming what is wrong.

    Text must not be blank, the kind is folded to one we know, session and speaker names
    are stripped (empty speakers dropped), themes normalized and the text's `#words`
    added to them, the author checked as one line; every field must be storable as
    UTF-8. `add`, `edit` and `capture` all call this before the store is touched, so
    they cannot drift apart.
    """
    text = check_text(note.text)
    speakers = (name.strip() for name in note.speakers)
    return note.with_changes(
        text=text,
        kind=check_kind(note.kind),
        session=check_storable(note.session.strip(), "the session"),
        speakers=tuple(check_storable(name, "a speaker's name") for name in speakers if name),
        themes=merge_themes((normalize_theme(theme) for theme in note.themes), hashtags(text)),
        author=check_author(note.author) if note.author else "",
    )


@dataclass(frozen=True)
class Note:
    """One captured line: what was said or thought, when, in which session."""

    id: str
    day: date
    text: str
    kind: str = "note"
    time: dt.time | None = None
    session: str = ""
    speakers: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    author: str = ""  # who took it (a display name); "" when nobody was known
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def with_changes(self, **changes: Any) -> Note:
        """A copy with some fields replaced (dataclasses.replace, named for callers)."""
        return replace(self, **changes)

    @classmethod
    def of_fields(
        cls,
        id: str,
        day: date,
        text: str,
        kind: str,
        time: dt.time | None,
        session: str,
        speakers: tuple[str, ...],
        themes: tuple[str, ...],
        author: str,
        extra: Mapping[str, Any],
    ) -> Note:
        """`Note(...)` with every field given, for reads of many notes (the index's).

        A frozen dataclass sets each field through `object.__setattr__`, about 4 µs a
        note; this fills the new note's fields at once: the same note, equal and frozen.
        """
        note = object.__new__(cls)
        note.__dict__.update(
            id=id, day=day, text=text, kind=kind, time=time, session=session,
            speakers=speakers, themes=themes, author=author, extra=extra,
        )  # fmt: skip
        return note

    def sort_key(self) -> tuple[bool, dt.time]:
        """Timed notes in time order; untimed ones after them, in file order."""
        return (self.time is None, self.time or dt.time.min)

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready data (the `list --json` and export shape)."""
        data: dict[str, Any] = {
            "id": self.id,
            "day": self.day.isoformat(),
            "time": self.time.isoformat() if self.time else None,
            "kind": self.kind,
            "text": self.text,
            "session": self.session,
            "speakers": list(self.speakers),
            "themes": list(self.themes),
        }
        if self.author:
            data["author"] = self.author
        if self.extra:
            data["extra"] = _json_ready(dict(self.extra))
        return data


@dataclass(frozen=True)
class DayInfo:
    """What a day is called ('OSPOs for Good' at 'UN Open Source Week') and the
    author's own paragraphs that open and close the day's post."""

    day: date
    title: str = ""
    event: str = ""
    intro: str = ""
    closing: str = ""
    format: int = FORMAT
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def heading(self) -> str:
        """'UN Open Source Week · OSPOs for Good · 2024-06-18', skipping what is unset."""
        return " · ".join(part for part in (self.event, self.title, self.day.isoformat()) if part)


@dataclass(frozen=True)
class Day:
    """A day file's content: its info and its notes in file order."""

    info: DayInfo
    notes: tuple[Note, ...] = ()

    @property
    def day(self) -> date:
        return self.info.day

    def sorted_notes(self) -> list[Note]:
        """Notes in the order they were spoken (stable for equal times)."""
        return sorted(self.notes, key=Note.sort_key)

    def of_kinds(self, kinds: Collection[str]) -> Day:
        """The day with only its notes of `kinds` (as `export --include` asks)."""
        return Day(info=self.info, notes=tuple(n for n in self.notes if n.kind in kinds))


def _json_ready(value: Any) -> Any:
    """TOML values JSON has no type for (dates, times, inf) as their TOML text."""
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value
