"""YAML front matter for Hugo and Jekyll, written by us so a note can never start the file.

Every string is double-quoted and escaped (JSON's escapes, which YAML's double-quoted
scalars accept, plus the characters YAML 1.1 treats as line breaks or forbids raw).
`{` is escaped too, so no `{{` or `{%` appears anywhere in an exported file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date

from ospo_notes.export.markdown_text import visible_line

_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff{]")


def quote(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`."""
    dumped = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def front_matter(title: str, day: date, tags: Sequence[str], authors: Sequence[str] = ()) -> str:
    """The `---` block: title, date, tags (the themes) and the authors when known, then a
    blank line."""
    tag_list = ", ".join(quote(tag) for tag in tags)
    names = ", ".join(quote(visible_line(name)) for name in authors)
    return (
        "---\n"
        f"title: {quote(visible_line(title))}\n"
        f"date: {day.isoformat()}\n"
        f"tags: [{tag_list}]\n" + (f"authors: [{names}]\n" if authors else "") + "---\n\n"
    )
