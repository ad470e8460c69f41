"""The escaping: user text reaches the page as the characters typed, never as markup,
except safe links (http, https, mailto), which work; and tag syntax leaves the prose."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from markdown_check import (
    LINKIFY,
    OUR_TAGS,
    PARSER,
    PARSERS,
    SAFE_SCHEMES,
    inline_texts,
    links,
    render,
    skeleton,
    tags,
)
from ospo_notes.export.markdown_text import (
    escape_line,
    inline,
    one_line,
    prose,
    untag,
    visible_text,
)

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
    "[x](javascript:alert(1)) [y](data:text/html,<b>) [z](vbscript:x) [f](file:///etc/passwd)",
    "javascript:alert(1) data:text/html;base64,PHNjcmlwdD4= file:///etc/passwd",
    "[ok](https://example.org/) <a href='https://example.org'>x</a>",
    "{{ https://example.org/{{x}} }} {% https://example.org/{%x%} %}",
    "[{{x}}](https://example.org/{% y %})",
]


def block_shape_of(text: str) -> list[tuple[str, ...]]:
    return skeleton(f"- {inline(text, indent='  ')}\n")


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_list_item_of_plain_text(text: str, parser) -> None:  # type: ignore[no-untyped-def]
    markdown = f"- {inline(text, indent='  ')}\n"
    benign = "\\\n  ".join("x" for _ in visible_text(text).split("\n"))
    assert skeleton(markdown) == skeleton(f"- {benign}\n")
    assert tags(render(markdown, parser)) <= {"ul", "li", "br", "a"}
    for href, _text in links(markdown, parser):
        assert href.startswith(SAFE_SCHEMES)
    if "](http" not in text:  # a typed Markdown link shows its text, not its brackets
        assert inline_texts(markdown, parser) == [visible_text(text)]


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


def test_what_is_not_an_http_or_mail_link_is_broken_for_linkify() -> None:
    escaped = escape_line("see ftp://example.org, www.example.org or me@example.org")
    assert "ftp\\://" in escaped
    assert "www\\." in escaped
    assert "me\\@example.org" in escaped


@pytest.mark.parametrize(
    ("text", "markdown", "href"),
    [
        ("see https://example.org/.", "see <https://example.org/>.", "https://example.org/"),
        ("(see https://x.org/a_(b)).", "(see <https://x.org/a_(b)>).", "https://x.org/a_(b)"),
        ("at https://x.org/a, then", "at <https://x.org/a>, then", "https://x.org/a"),
        ('"https://x.org/q?a=1&b=2"', '"<https://x.org/q?a=1&b=2>"', "https://x.org/q?a=1&b=2"),
        ("mail mailto:me@example.org!", "mail <mailto:me@example.org>!", "mailto:me@example.org"),
        ("http://x.org/*a*_b_c", "<http://x.org/*a*_b_c>", "http://x.org/*a*_b_c"),
        ("[the docs](https://x.org/d)", "[the docs](<https://x.org/d>)", "https://x.org/d"),
        ("[*x*](https://x.org/(a))", "[\\*x\\*](<https://x.org/(a)>)", "https://x.org/(a)"),
        ("wow![t](https://x.org/)", "wow!\\[t\\](<https://x.org/>)", "https://x.org/"),
        ("a%20b https://x.org/a%20b", "a%20b [https\\://x.org/a%20b](<https://x.org/a%20b>)",
         "https://x.org/a%20b"),
        ("https://x.org/{{x}}", "[https\\://x.org/&#123;&#123;x}}](<https://x.org/%7B%7Bx%7D%7D>)",
         "https://x.org/%7B%7Bx%7D%7D"),
    ],
)  # fmt: skip
def test_safe_links_work(text: str, markdown: str, href: str) -> None:
    assert inline(text) == markdown
    for parser in (PARSER, LINKIFY):
        assert [h for h, _ in links(markdown, parser)] == [href]
    assert "{" not in markdown


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](data:text/html,hi)",
        "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)",
        "![x](https://example.org/x.png)",
        "\\[x](https://example.org/)",
        "<javascript:alert(1)>",
        "javascript:alert(1)//https://x.org",
    ],
)
def test_other_links_and_images_stay_literal(text: str) -> None:
    markdown = inline(text)
    for parser in (PARSER, LINKIFY):
        html = render(markdown, parser)
        assert "<img" not in html
        assert all(href.startswith(SAFE_SCHEMES) for href, _ in links(markdown, parser))
        assert inline_texts(markdown, parser) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Engage many stakeholders #collaboration", "Engage many stakeholders"),
        ("trailing run #a #b-c  #d ", "trailing run"),
        ("tags on the last line\n#a #b", "tags on the last line"),
        ("we need #trust here", "we need trust here"),
        ("#trust matters.", "trust matters."),
        ("#only #tags", "only tags"),
        ("C# and R&D #1", "C# and R&D"),
        ("see https://x.org/#frag #end", "see https://x.org/#frag"),
        ("see https://x.org/?q=#a now", "see https://x.org/?q=#a now"),
        ("# heading and title #", "# heading and title #"),
        ("&#60; is not a tag", "&#60; is not a tag"),
    ],
)
def test_untag_takes_the_tag_syntax_out_of_prose(text: str, expected: str) -> None:
    assert untag(text) == expected


def test_prose_never_shows_a_tag_even_in_bold() -> None:
    markdown = f"- **{prose('Key #trust point for #global-south. #trust #x')}**\n"
    assert inline_texts(markdown) == ["Key trust point for global-south."]


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
        if "](" not in text:  # a typed Markdown link shows its text, not its brackets
            assert inline_texts(markdown) == [visible_text(text)], (kind, markdown)
        assert tags(render(markdown)) <= OUR_TAGS
        assert all(h.startswith(SAFE_SCHEMES) for h, _ in links(markdown, LINKIFY))
    heading = f"# {one_line(text)}\n"
    assert inline_texts(heading) == [visible_text(text).replace("\n", " ")]


_URL = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["https://", "http://", "HTTPS://", "mailto:me@"]),
    st.from_regex(r"[a-z0-9-]{1,8}(\.[a-z]{2,5}){1,2}", fullmatch=True),
    st.text(st.sampled_from(list("/?#&=%+-_.~*()[]!$',;:@{}\\aZ09é")), max_size=12),
)
_AROUND = st.text(st.sampled_from(list(" .,;:!?()[]<>\"'*_`#-xyz")), max_size=4)


@settings(max_examples=150, deadline=None)  # 3,000 ran clean once; this keeps it under 1 s
@given(st.lists(st.tuples(_AROUND, _URL), min_size=1, max_size=3), _AROUND)
def test_text_with_urls_shows_the_same_text_and_links_only_to_safe_targets(
    parts: list[tuple[str, str]], end: str
) -> None:
    text = "".join(before + url for before, url in parts) + end
    for parser in (PARSER, LINKIFY):
        for markdown in (f"- {inline(text, indent='  ')}\n", f"> {inline(text, indent='> ')}\n"):
            assert inline_texts(markdown, parser) == [visible_text(text)], markdown
            assert all(h.lower().startswith(SAFE_SCHEMES) for h, _ in links(markdown, parser))
            assert "{" not in markdown
    # every URL with room around it is a link whose target is the URL as written
    markdown = inline(text)
    targets = [href for href, _ in links(markdown)]
    for before, url in parts:
        if before.endswith(" ") and url[-1].isalnum() and "%" not in url and url.isascii():
            assert any(href.startswith(url[:8]) for href in targets), (url, targets)


def test_a_number_after_a_hash_stays_in_the_post() -> None:
    assert untag("Fixed in issue #123 at last #trust") == "Fixed in issue #123 at last"
    assert untag("#123") == "#123"
