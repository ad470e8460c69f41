"""User text as literal Markdown: the one place the export escapes anything.

A note is user text, and the post goes through static site generators: Jekyll runs
Liquid (`{{ }}`, `{% %}`) and Hugo expands shortcodes (`{{< >}}`) before Markdown,
and most renderers pass raw HTML through. So every piece of user text (note, session,
speaker, theme, title) reaches the page as the characters that were typed, never as
markup:

- the characters that open inline markup are backslash-escaped: `\\`, `` ` ``, `*`,
  `_`, `[`, `]`, `<`, `|`, `~`, `$` (CommonMark, GFM tables and strikethrough, math);
- a line's first character is escaped when it could open a block (`#`, `>`, `-`,
  `+`, `=`, `:`, `!`, `1.`, `1)`) and a trailing run of `#` is escaped (an ATX
  heading's closing sequence);
- `&` that could start an entity becomes `&amp;`, and every `{` becomes `&#123;`, so
  no `{{` or `{%` reaches Liquid or Hugo (a backslash would not stop them);
- `://`, `www.` and `name@domain.tld` get an escape that stops GFM-style linkify.

Only ASCII punctuation is escaped, the set CommonMark and kramdown both accept.

Links are the one exception, and a narrow one (`links.py`): an `http`, `https` or
`mailto` URL, or a Markdown link to one, is written as a real link; everything around
it is escaped as above. `untag` takes the capture shorthand (`#trust`) out of prose.

Lines: CommonMark turns `\\r\\n` and `\\r` into `\\n` and NUL into U+FFFD, and strips
whitespace at the edges of a paragraph, so `visible_text` first does the same on
purpose: each line stripped, blank lines dropped. The lines that remain are joined
with hard breaks (`\\` at the end of a line), never a blank line, so a note cannot
end its list item or start a block of its own. `visible_text(t)` is exactly the text
a CommonMark renderer shows for `inline(t)`; the tests hold us to that.
"""

from __future__ import annotations

import functools
import re

from ospo_notes.export.links import find_links, spans, write_link

_LINE_END = re.compile(r"\r\n|\r|\n")
_ALWAYS = re.compile(r"[\\`*_\[\]<|~$]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"[#>\-+=:!]|\d+(?=[.)])")
_TRAILING_HASHES = re.compile(r"#+$")
_SCHEME = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_WWW = re.compile(r"(?<![A-Za-z0-9])(www)\.", re.IGNORECASE)
_EMAIL_AT = re.compile(r"(?<=[\w.+-])@(?=[\w-]+\.\w)")
# Any character one of the rules above acts on, `ww` (of `www.`, any case), or a digit
# first: a line with none of these is already literal. Three quick tests: one regex
# with all of them is four times as slow, and this runs on every line of a post.
_ANY_CHAR = re.compile(r"[\\`*_\[\]<|~$&{:@#>+=!-]")
HARD_BREAK = "\\\n"
_TAG = re.compile(r"(?<![\w#&/])#(?!\d+(?![\w-]))[^\W_][\w-]*")  # model.hashtags' `#word`
_TRAILING_TAGS = re.compile(r"(?:(?:(?<=\s)|^)#[^\W_][\w-]*\s*)+\Z")


def visible_text(text: str) -> str:
    """What a reader sees of `text` in the post: lines stripped, blank ones dropped."""
    if "\n" not in text and "\r" not in text and "\0" not in text:
        return text.strip()  # one line, as most are
    text = text.replace("\0", "\ufffd")
    return "\n".join(line for line in (part.strip() for part in _LINE_END.split(text)) if line)


def visible_line(text: str) -> str:
    """The one-line form used in headings and front matter: lines joined with spaces."""
    return visible_text(text).replace("\n", " ")


def untag(text: str) -> str:
    """`text` as prose: a trailing run of `#tags` dropped, `#word` elsewhere read `word`.

    Themes are capture shorthand; the note keeps them as data. A note that is only
    tags keeps their words. A `#` inside a link (a URL's fragment) is left alone.
    """
    if "#" not in text:  # most notes: no tag to look for (the search below costs ~5 µs)
        return text
    trailing = _TRAILING_TAGS.search(text.rstrip())
    kept = text[: trailing.start()].rstrip() if trailing else text
    body = kept if kept.strip() else text
    if "#" not in body:
        return body
    return "\n".join(_untag_line(line) for line in body.split("\n"))


def _untag_line(line: str) -> str:
    """`#word` read `word`, except inside a link."""
    taken = spans(line)

    def word(match: re.Match[str]) -> str:
        inside = any(start < match.end() and match.start() < end for start, end in taken)
        return match.group() if inside else match.group()[1:]

    return _TAG.sub(word, line)


def markdown_line(line: str) -> str:
    """One line of user text as Markdown: safe links as links, the rest literal."""
    if "[" not in line and ":" not in line:  # no link can start here: the fast path
        return escape_line(line)
    parts: list[str] = []
    done = 0
    for link in find_links(line):
        before = escape_line(line[done : link.start], at_start=done == 0)
        written = write_link(link, lambda t: escape_line(t, at_start=False))
        if written.startswith("[") and _ends_with_bare(before, "!"):
            before = before[:-1] + "\\!"  # `![`... would make an image
        parts += (before, written)
        done = link.end
    parts.append(escape_line(line[done:], at_start=done == 0))
    return "".join(parts)


def _ends_with_bare(text: str, char: str) -> bool:
    """Whether `text` ends with `char` that no backslash escapes."""
    if not text.endswith(char):
        return False
    body = text[:-1]
    return (len(body) - len(body.rstrip("\\"))) % 2 == 0


def escape_line(line: str, *, at_start: bool = True) -> str:
    """One line of user text (no line ends, no edge whitespace) as literal Markdown.

    `at_start`: the text begins its line, where a few characters could open a block.
    """
    if not (_ANY_CHAR.search(line) or "ww" in line.lower() or line[:1].isdigit()):
        return line  # most lines: nothing to escape, skip seven passes
    out = _ALWAYS.sub(lambda m: "\\" + m.group(), line)
    out = _ENTITY_LIKE.sub("&amp;", out)
    out = out.replace("{", "&#123;")
    out = _SCHEME.sub(r"\\:", out)
    out = _WWW.sub(r"\1\\.", out)
    out = _EMAIL_AT.sub(r"\\@", out)
    out = _TRAILING_HASHES.sub(lambda m: "\\#" * len(m.group()), out)
    start = _BLOCK_START.match(out) if at_start else None
    if start:
        end = start.end()
        out = out[:end] + "\\" + out[end:] if start.group()[0].isdigit() else "\\" + out
    return out


def inline(text: str, *, indent: str = "") -> str:
    """User text for a paragraph, list item or quote; later lines start with `indent`."""
    shown = visible_text(text)
    if "\n" not in shown:  # most notes: one line
        return markdown_line(shown)
    return (HARD_BREAK + indent).join(markdown_line(line) for line in shown.split("\n"))


def prose(text: str, *, indent: str = "") -> str:
    """A note's (or the author's) text for the post: `untag`, then `inline`."""
    return inline(untag(text), indent=indent)


@functools.lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """User text for a heading or a short label: one line, no hard breaks.

    Kept for the names that come back on note after note (sessions, speakers, themes).
    """
    return escape_line(visible_line(text))
