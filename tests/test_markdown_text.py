"""The escaping: user text reaches the page as the characters typed, never as markup."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from markdown_check import OUR_TAGS, PARSER, inline_texts, render, skeleton, tags
from ospo_notes.export.markdown_text import escape_line, inline, one_line, visible_text

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "![pic](https://example.org/x.png)",
    "<https://example.org> and <javascript:alert(1)>",
    "https://example.org www.example.org someone@example.org",
    "# heading",
    "###### six",
    "title #",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "2) item",
    "> quote",
    "---",
    "***",
    "___",
    "===",
    "~~~",
    "```python",
    "``` `` ` runs of `` backticks ```",
    "    four spaces of indent",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "cell | with | pipes",
    "{{ site.title }}",
    "{% include evil.html %}",
    "{{< shortcode >}}",
    "{{% shortcode %}}",
    "{ {{ {% }}",
    "*em* _em_ **strong** __strong__ ~~gone~~",
    "&amp; &lt;b&gt; &#60;script&#62; &copy; & R&D",
    "back\\slash \\* \\\\ end\\",
    "[ref]: https://example.org",
    "[^1]: footnote",
    "<!-- comment -->",
    "<div>\nblock html\n</div>",
    "line one\n# line two\n- line three\n> line four\n---",
    "trailing spaces   \nhard break?",
    "$$ x^2 $$ and $y$",
    ": definition",
    "!!! note",
    "{: .class}",
    "\r\nwindows\r\nline ends\r",
    "NUL\x00inside",
]


def block_shape_of(text: str) -> list[tuple[str, ...]]:
    return skeleton(f"- {inline(text, indent='  ')}\n")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_list_item_of_plain_text(text: str) -> None:
    markdown = f"- {inline(text, indent='  ')}\n"
    benign = "\\\n  ".join("x" for _ in visible_text(text).split("\n"))
    assert skeleton(markdown) == skeleton(f"- {benign}\n")
    assert tags(render(markdown)) <= {"ul", "li", "br"}
    assert inline_texts(markdown) == [visible_text(text).replace("\0", "\ufffd")]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_liquid_or_shortcode_opener_survives(text: str) -> None:
    markdown = inline(text) + one_line(text)
    assert "{{" not in markdown
    assert "{%" not in markdown
    assert "{" not in markdown


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_a_heading_stays_the_heading_text(text: str) -> None:
    markdown = f"## {one_line(text)}\n"
    assert [t.type for t in PARSER.parse(markdown)] == [
        "heading_open",
        "inline",
        "heading_close",
    ]
    assert inline_texts(markdown) == [" ".join(visible_text(text).split("\n"))]


def test_links_a_linkify_pass_would_find_are_broken() -> None:
    # markdown-it-py's linkify needs linkify-it-py, not a dependency here: check the source.
    escaped = escape_line("see https://example.org, www.example.org or me@example.org")
    assert "https\\://" in escaped
    assert "www\\." in escaped
    assert "me\\@example.org" in escaped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Goal: a model", "Goal: a model"),
        ("~40 countries", "\\~40 countries"),
        ("#collaboration at start", "\\#collaboration at start"),
        ("mid #collaboration", "mid #collaboration"),
        ("1986. a year", "1986\\. a year"),
        ("A & B", "A & B"),
        ("&amp;", "&amp;amp;"),
        ("{{ x }}", "&#123;&#123; x }}"),
        ("a_b*c", "a\\_b\\*c"),
    ],
)
def test_escapes_only_what_could_be_markup(text: str, expected: str) -> None:
    assert escape_line(text) == expected


def test_visible_text_is_what_commonmark_keeps() -> None:
    assert visible_text("  a  \r\n\r\n\t b\rc\x00 ") == "a\nb\nc\ufffd"


# Any text at all, weighted towards the characters that mean something in Markdown.
_MARKUP = st.sampled_from(list("\\`*_[]()<>|~$#-+=:!&;{}%@./0123456789 \t\n\rwx"))
NOTE_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1),
    st.text(_MARKUP, min_size=1),
    st.lists(st.sampled_from(HOSTILE)).map("".join),
).filter(lambda t: visible_text(t) != "")


@settings(max_examples=300, deadline=None)
@given(NOTE_TEXT)
@example("\u2028x\x85y\xa0")
@example("x\x0b\x0c\x1c\x1dy")
def test_any_text_round_trips_as_visible_text(text: str) -> None:
    for kind in ("note", "highlight", "quote"):
        body = inline(text, indent="> " if kind == "quote" else "  ")
        markdown = {
            "note": f"- {body}\n",
            "highlight": f"- **{body}**\n",
            "quote": f"> {body}\n",
        }[kind]
        assert inline_texts(markdown) == [visible_text(text)], (kind, markdown)
        assert tags(render(markdown)) <= OUR_TAGS
    heading = f"# {one_line(text)}\n"
    assert inline_texts(heading) == [visible_text(text).replace("\n", " ")]
