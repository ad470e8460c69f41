"""Reading exported Markdown back with a real CommonMark parser (markdown-it-py).

Shared by the export tests: what a reader would see, and the block structure a
post has, so a test can say "this note started no block and no markup of its own".
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

# CommonMark plus the GFM pieces markdown-it-py ships without extra packages.
PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
OUR_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "blockquote", "br"}
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def render(markdown: str) -> str:
    return PARSER.render(markdown)


def tags(html: str) -> set[str]:
    """The element names in rendered HTML (text is escaped, so these are real)."""
    return {name.lower() for name in _TAG.findall(html)}


def text_of(inline: Any) -> str:
    """What a reader sees of an inline token: text, hard breaks as newlines."""
    parts = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type not in {"strong_open", "strong_close"}:
            raise AssertionError(f"unexpected inline token {child.type}: {child}")
    return "".join(parts)


def inline_texts(markdown: str) -> list[str]:
    """The visible text of every paragraph, heading and list item, in order."""
    return [text_of(t) for t in PARSER.parse(markdown) if t.type == "inline"]


def skeleton(markdown: str) -> list[tuple[str, ...]]:
    """Block tokens, and the inline tokens other than text: the post's structure."""
    shape: list[tuple[str, ...]] = []
    for token in PARSER.parse(markdown):
        if token.type != "inline":
            shape.append((token.type, token.tag, token.markup))
            continue
        kinds = [c.type for c in token.children or []]
        shape.append(("inline", *[k for i, k in enumerate(kinds) if k != "text" or i == 0]))
    return shape
