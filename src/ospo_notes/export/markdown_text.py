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


def visible_text(text: str) -> str:
    """What a reader sees of `text` in the post: lines stripped, blank ones dropped."""
    if "\n" not in text and "\r" not in text and "\0" not in text:
        return text.strip()  # one line, as most are
    text = text.replace("\0", "\ufffd")
    return "\n".join(line for line in (part.strip() for part in _LINE_END.split(text)) if line)


def visible_line(text: str) -> str:
    """The one-line form used in headings and front matter: lines joined with spaces."""
    return visible_text(text).replace("\n", " ")


def escape_line(line: str) -> str:
    """One line of user text (no line ends, no edge whitespace) as literal Markdown."""
    if not (_ANY_CHAR.search(line) or "ww" in line.lower() or line[:1].isdigit()):
        return line  # most lines: nothing to escape, skip seven passes
    out = _ALWAYS.sub(lambda m: "\\" + m.group(), line)
    out = _ENTITY_LIKE.sub("&amp;", out)
    out = out.replace("{", "&#123;")
    out = _SCHEME.sub(r"\\:", out)
    out = _WWW.sub(r"\1\\.", out)
    out = _EMAIL_AT.sub(r"\\@", out)
    out = _TRAILING_HASHES.sub(lambda m: "\\#" * len(m.group()), out)
    start = _BLOCK_START.match(out)
    if start:
        end = start.end()
        out = out[:end] + "\\" + out[end:] if start.group()[0].isdigit() else "\\" + out
    return out


def inline(text: str, *, indent: str = "") -> str:
    """User text for a paragraph, list item or quote; later lines start with `indent`."""
    return (HARD_BREAK + indent).join(escape_line(line) for line in visible_text(text).split("\n"))


@functools.lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """User text for a heading or a short label: one line, no hard breaks.

    Kept for the names that come back on note after note (sessions, speakers, themes).
    """
    return escape_line(visible_line(text))
