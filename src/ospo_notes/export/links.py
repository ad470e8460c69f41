"""Links in user text: which ones the post makes real, and how it writes them.

A note's `https://...`, `http://...` and `mailto:...` URLs become links, and so does a
Markdown link typed in a note (`[text](https://...)`) when its target has one of those
schemes. Nothing else becomes a link: a `javascript:`, `data:`, `vbscript:` or `file:`
target, an image (`![alt](url)`) or a link after a backslash stays literal text.

Where a bare URL ends follows GFM's autolink rules: trailing `.,:;!?'"*_~` are
punctuation of the sentence, not of the URL, and so is a `)` or `]` without its
opening partner ("see https://x.org/a_(b))." links `https://x.org/a_(b)`).

A bare URL is written as an autolink `<URL>` when every character reads the same
inside one in any renderer; otherwise (a `%` escape, `{`, `$`, a backslash or
non-ASCII) as `[text](<URL>)`, its text escaped like any user text and its
destination percent-encoded where it must be, so no `{` reaches Liquid or Hugo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SAFE_SCHEMES = ("http", "https", "mailto")
_URL_BODY = r"[^\s<>\"`\x00-\x1f\x7f]"
_TARGET = rf"(?:https?://|mailto:)(?:[^\s()<>\"`\x00-\x1f\x7f]|\({_URL_BODY}*?\))+"
_FOUND = re.compile(
    # a typed Markdown link with a safe target; never an image, never after a backslash
    rf"(?<![!\\])\[(?P<text>[^\[\]\n]*[^\[\]\s\\][^\[\]\n]*)\]\((?P<target>{_TARGET})\)"
    # or a bare URL that does not continue a word
    rf"|(?<![A-Za-z0-9+.-])(?P<url>(?:https?://|mailto:){_URL_BODY}+)",
    re.IGNORECASE,
)
_TRAILING = ".,:;!?'\"*_~"
_CLOSERS = {")": "(", "]": "["}
# URLs an autolink shows exactly as typed in CommonMark, kramdown and goldmark: a plain
# host (a renderer may rewrite an odd one when it shows it) and ASCII with no % escapes.
_PATH = r"[A-Za-z0-9\-._~:/?#\[\]@!&'()*+,;=]*"
_AUTOLINK_SAFE = re.compile(
    rf"(?:https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?(?:[/?#]{_PATH})?"
    rf"|mailto:[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+(?:\?{_PATH})?)",
    re.IGNORECASE,
)
_DESTINATION_ENCODE = re.compile(r"[{}\\<>\s]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_HAS_REST = re.compile(r"(?:https?://|mailto:)[^/]", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """A link found in a line: where it is, the text a reader sees, and its target."""

    start: int
    end: int
    text: str
    target: str
    typed: bool  # a `[text](url)` the author wrote, not a bare URL


def find_links(line: str) -> Iterator[Link]:
    """The links of one line of user text, left to right, never overlapping."""
    for match in _FOUND.finditer(line):
        if match.group("url") is None:
            yield Link(match.start(), match.end(), match["text"], match["target"], typed=True)
            continue
        url = _without_trailing_punctuation(match["url"])
        if _HAS_REST.match(url):
            yield Link(match.start(), match.start() + len(url), url, url, typed=False)


def _without_trailing_punctuation(url: str) -> str:
    """`url` less the sentence punctuation and unbalanced closing brackets at its end."""
    while url and (
        url[-1] in _TRAILING
        or (url[-1] in _CLOSERS and url.count(url[-1]) > url.count(_CLOSERS[url[-1]]))
    ):
        url = url[:-1]
    return url


def write_link(link: Link, escape: Callable[[str], str]) -> str:
    """`link` as Markdown; `escape` writes user text (the link's text) literally."""
    if not link.typed and _AUTOLINK_SAFE.fullmatch(link.target):
        return f"<{link.target}>"
    destination = _DESTINATION_ENCODE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), link.target
    )
    destination = _ENTITY_LIKE.sub("&amp;", destination)
    return f"[{escape(link.text)}](<{destination}>)"


def spans(line: str) -> list[tuple[int, int]]:
    """Where the links of `line` are (text there is a URL, not prose)."""
    return [(link.start, link.end) for link in find_links(line)]
