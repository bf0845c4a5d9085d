"""sniff.py: kind="auto" tells an HTML page from a text dump."""

from __future__ import annotations

import pytest

from clean import clean_page
from clean.sniff import looks_like_html

PROSE = "The council voted on Tuesday to approve a new footbridge over the river.\n"


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><p>x",
        "<!doctype html>",
        "  \n <!doctype HTML>",
        "<!-- a comment --><!doctype html><html>",
        "<?xml version='1.0'?>\n<!DOCTYPE html>",
        "<div><p>a</p><p>b</p></div>",
        "<html><head><title>x</title></head><body>",
        "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>",
        # a doctype wins even when the page is mostly text
        "<!doctype html>\n" + PROSE * 500,
    ],
)
def test_html(text: str) -> None:
    assert looks_like_html(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain text",
        PROSE * 20,
        "Use the <p> tag for paragraphs.",  # a text page quoting a tag
        "a < b and c > d",
        "x <br> y <br> z",  # two tags are not enough
        "<notatag> <foo> <bar> <baz>",
        # a few tags in a long text dump: too sparse to be markup
        PROSE * 200 + "<p>a</p><p>b</p><p>c</p>",
        "Markdown: **bold**, [link](https://example.com), `code`",
        # a doctype of something else
        "<!DOCTYPE note SYSTEM 'note.dtd'>\n" + PROSE,
    ],
)
def test_text(text: str) -> None:
    assert looks_like_html(text) is False


def test_only_the_head_is_read_for_the_doctype() -> None:
    assert looks_like_html(" " * 5000 + "<!doctype html>") is False


def test_clean_page_auto_kind() -> None:
    assert clean_page("<!doctype html><html><body><p>Hello.</p></body></html>").kind == "html"
    assert clean_page(PROSE).kind == "text"
    assert clean_page(b"<!doctype html><p>Hello.</p>").kind == "html"
    # an explicit kind wins over the sniffer
    assert clean_page("<!doctype html><p>Hello.</p>", kind="text").kind == "text"
    assert clean_page(PROSE, kind="html").kind == "html"
