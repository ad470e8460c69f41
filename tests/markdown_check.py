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
# The same with linkify (linkify-it-py): bare URLs and domains in text become links,
# as on GitHub and in many site generators.
LINKIFY = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
PARSERS = {"commonmark": PARSER, "linkify": LINKIFY}
OUR_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "blockquote", "br", "a"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
_LINK = {"link_open", "link_close"}
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def render(markdown: str, parser: MarkdownIt = PARSER) -> str:
    return parser.render(markdown)


def tags(html: str) -> set[str]:
    """The element names in rendered HTML (text is escaped, so these are real)."""
    return {name.lower() for name in _TAG.findall(html)}


def text_of(inline: Any) -> str:
    """What a reader sees of an inline token: text, hard breaks as newlines.

    Links are allowed, and only to http, https and mailto targets.
    """
    parts = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            href = str(child.attrGet("href"))
            assert href.lower().startswith(SAFE_SCHEMES), f"unsafe link {href!r}"
        elif child.type not in {"strong_open", "strong_close", "link_close"}:
            raise AssertionError(f"unexpected inline token {child.type}: {child}")
    return "".join(parts)


def inline_texts(markdown: str, parser: MarkdownIt = PARSER) -> list[str]:
    """The visible text of every paragraph, heading and list item, in order."""
    return [text_of(t) for t in parser.parse(markdown) if t.type == "inline"]


def links(markdown: str, parser: MarkdownIt = PARSER) -> list[tuple[str, str]]:
    """Every link as (href, the text a reader sees), in order."""
    found = []
    for token in parser.parse(markdown):
        children = token.children or []
        for i, child in enumerate(children):
            if child.type == "link_open":
                end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
                text = "".join(c.content for c in children[i + 1 : end] if c.type == "text")
                found.append((str(child.attrGet("href")), text))
    return found


def skeleton(markdown: str) -> list[tuple[str, ...]]:
    """Block tokens, and the inline tokens other than text and links: the structure."""
    shape: list[tuple[str, ...]] = []
    for token in PARSER.parse(markdown):
        if token.type != "inline":
            shape.append((token.type, token.tag, token.markup))
            continue
        # a link is the one markup user text may bring (its target is checked elsewhere)
        kinds = [c.type for c in token.children or [] if c.type not in _LINK]
        shape.append(("inline", *[k for i, k in enumerate(kinds) if k != "text" or i == 0]))
    return shape
