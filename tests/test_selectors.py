"""User CSS selectors applied to an lxml tree before the text is read."""

from __future__ import annotations

import lxml.html
import pytest

from clean.html import html_to_text
from clean.selectors import apply_selectors

PAGE = (
    "<html><body><div id=top>Menu</div><main><article class=story><p>Lead text.</p>"
    "<div class=share>Share this</div> tail stays<p>Second paragraph.</p></article></main>"
    "<aside>Sidebar</aside></body></html>"
)


def _text(el: object) -> str:
    return " ".join(" ".join(el.itertext()).split())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("drop", "body", "expected"),
    [
        ((), None, "Menu Lead text. Share this tail stays Second paragraph. Sidebar"),
        ((".share",), None, "Menu Lead text. tail stays Second paragraph. Sidebar"),
        (("#top", "aside"), None, "Lead text. Share this tail stays Second paragraph."),
        ((".share",), "article.story", "Lead text. tail stays Second paragraph."),
        ((), "section.missing", "Menu Lead text. Share this tail stays Second paragraph. Sidebar"),
        (("p",), "article", "Share this tail stays"),
    ],
)
def test_apply_selectors(drop: tuple[str, ...], body: str | None, expected: str) -> None:
    root = lxml.html.document_fromstring(PAGE).find("body")
    assert _text(apply_selectors(root, drop=drop, body=body)) == expected


def test_html_to_text_uses_selectors() -> None:
    text = html_to_text(PAGE, drop=(".share",), body="article")
    assert "Menu" not in text and "Sidebar" not in text and "Share this" not in text
    assert "Lead text." in text and "Second paragraph." in text
    assert html_to_text(PAGE) == html_to_text(PAGE, drop=(), body=None)
