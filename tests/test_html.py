"""html.py: HTML to text with the layout a text dump would have."""

from __future__ import annotations

import pytest

from clean import clean_page
from clean.html import html_to_text
from clean.segment import segment


def lines(html: str) -> list[str]:
    """The non-blank lines of the text, as the segmenter will see them."""
    return [b.text for b in segment(html_to_text(html))]


def test_blocks_become_lines() -> None:
    html = (
        "<html><body><h1>Title</h1><p>One paragraph.</p><div>A div</div>"
        "<ul><li>first</li><li>second</li></ul></body></html>"
    )
    assert lines(html) == ["Title", "One paragraph.", "A div", "first", "second"]


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = html_to_text("<p>One.</p><p>Two.</p>")
    assert "One.\n\n" in text
    assert [b.gap_before for b in segment(text)] == [True, True]


def test_inline_elements_stay_in_their_line() -> None:
    html = "<p>The <b>council</b> voted <a href='/x'>on <i>Tuesday</i></a>.</p>"
    assert lines(html) == ["The council voted on Tuesday."]


def test_line_breaks() -> None:
    assert lines("<p>Three<br>four</p>") == ["Three", "four"]


def test_table_cells_are_spaced() -> None:
    assert lines("<table><tr><td>c1</td><td>c2</td></tr><tr><td>d1</td></tr></table>") == [
        "c1 c2",
        "d1",
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<p>keep</p><script>var secret = 1;</script>",
        "<p>keep</p><style>p { color: red }</style>",
        "<p>keep</p><noscript>secret</noscript>",
        "<p>keep</p><template><p>secret</p></template>",
        "<p>keep</p><svg><text>secret</text></svg>",
        "<p>keep</p><iframe>secret</iframe>",
        "<p>keep</p><div hidden>secret</div>",
        "<p>keep</p><span aria-hidden='true'>secret</span>",
        "<p>keep</p><!-- secret -->",
        "<html><head><meta name='x' content='secret'><script>secret</script></head><body><p>keep</p></body></html>",
    ],
)
def test_invisible_content_is_never_text(html: str) -> None:
    text = html_to_text(html)
    assert "keep" in text
    assert "secret" not in text


def test_text_after_a_skipped_element_is_kept() -> None:
    assert lines("<p>before <script>x()</script>after</p>") == ["before after"]
    assert lines("<p>before <span hidden>no</span> after</p>") == ["before after"]


def test_title_comes_first() -> None:
    html = "<html><head><title>Page title</title></head><body><p>Body.</p></body></html>"
    assert lines(html) == ["Page title", "Body."]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>caf&eacute; &amp; cr&egrave;me</p>", "café & crème"),
        ("<p>it&#8217;s &#x2014; ok</p>", "it’s — ok"),
        ("<p>a&nbsp;b</p>", "a b"),
        ("<p>Grüße, “quotes” – dash</p>", "Grüße, “quotes” – dash"),
    ],
)
def test_entities_and_unicode(html: str, expected: str) -> None:
    assert lines(html) == [expected]


@pytest.mark.parametrize("html", ["", "   ", "\n\t\n"])
def test_empty(html: str) -> None:
    assert html_to_text(html) == ""


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>unclosed",
        "<p>one<p>two",
        "</p></div>stray closers",
        "<<<>>>",
        "<p>x\x00y</p>",
        "<?xml version='1.0'?><html><body><p>x</p></body></html>",
        "<p>\ud800 lone surrogate</p>",
        "<!doctype html>",
    ],
)
def test_broken_html_gives_text_not_an_error(html: str) -> None:
    assert isinstance(html_to_text(html), str)


def test_unclosed_tags_still_give_their_text() -> None:
    assert lines("<html><body><p>unclosed") == ["unclosed"]
    assert lines("<p>one<p>two") == ["one", "two"]


def test_clean_page_reads_html() -> None:
    html = (
        "<!doctype html><html><head><title>Bridge</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
        "<h1>Council approves bridge</h1>"
        "<p>The city council voted on Tuesday to approve a new footbridge over the river, ending "
        "a decade of debate about how to link the two halves of the old town.</p>"
        "<p>It will open in 2026 and cost four million euros, the council said in a statement "
        "after the vote on Tuesday evening.</p>"
        "<script>document.write('tracking');</script>"
        "</article></body></html>"
    )
    article = clean_page(html)
    assert article.kind == "html"
    assert "tracking" not in article.text
    assert "<" not in article.text
    assert "footbridge" in article.text
