"""What we last wrote to each day file, so `add` can append without re-parsing.

A stamp is the BLAKE2 digest of a day file's bytes right after ospo-notes wrote and
validated them, plus the note ids those bytes hold. When a file's digest still
matches, nobody has touched it since, so appending one new `[notes.ID]` block
keeps it valid. Any mismatch (hand edit, git merge, lost stamp) falls back to a
full parse. Stamps are derived state: deleting them only costs one slow add.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ospo_notes.errors import NotesError
from ospo_notes.store.files import replace_atomically

try:  # hashlib.blake2b is this builtin; importing hashlib also loads OpenSSL (3.5 ms of add)
    from _blake2 import blake2b
except ImportError:  # an interpreter without it
    from hashlib import blake2b


@dataclass(frozen=True)
class Stamp:
    digest: str
    ids: frozenset[str]


def digest(data: bytes) -> str:
    """A content hash: hashing is ~1000x cheaper than parsing the TOML."""
    return blake2b(data, digest_size=20).hexdigest()


def _stamp_path(state: Path, day: date) -> Path:
    return state / "stamps" / f"{day.isoformat()}.stamp"


def load_stamp(state: Path, day: date) -> Stamp | None:
    """The stamp for `day`, or None if missing or unreadable (a slow path, not an error).

    Two lines, the digest then the ids (plain text: `json` costs a millisecond to import
    on every add).
    """
    try:
        digest_line, ids_line, end = _stamp_path(state, day).read_text("ascii").split("\n")
    except (OSError, ValueError):
        return None
    if len(digest_line) != 40 or end or not all(c in "0123456789abcdef" for c in digest_line):
        return None
    return Stamp(digest=digest_line, ids=frozenset(ids_line.split()))


def save_stamp(state: Path, day: date, stamp: Stamp) -> None:
    """Record a stamp; a failure here only means the next add takes the slow path."""
    path = _stamp_path(state, day)
    data = f"{stamp.digest}\n{' '.join(sorted(stamp.ids))}\n".encode()
    with contextlib.suppress(OSError, NotesError):
        path.parent.mkdir(exist_ok=True)
        replace_atomically(path, data, durable=False)


def drop_stamp(state: Path, day: date) -> None:
    """Forget `day`'s stamp (its file is gone); a failure only costs a slow add."""
    with contextlib.suppress(OSError):
        _stamp_path(state, day).unlink(missing_ok=True)
