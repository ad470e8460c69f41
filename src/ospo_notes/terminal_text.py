"""Text shown to a person: control and bidi-override characters made visible.

The one place that decides what a terminal may receive raw. A note, a schedule's
title or a speaker's name is user text: an `ESC c` in it would clear the screen, a
U+202E would reverse what follows. Both are shown as `\\x1b`-style escapes instead.
Imports nothing, so the quick path of `add` can use it at no cost.
"""

from __future__ import annotations

import re

# C0 and C1 controls but tab and newline, DEL, the line/paragraph separators, and the
# bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with each control or bidi-override character as its `\\x1b`-style escape."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
