"""User CSS selectors applied to an lxml tree before the text is read."""

from __future__ import annotations

import lxml.html
import pytest

from clean import Options, clean_page, parse_rules
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


ARTICLE_PAGE = (
    "<html><body><nav>Home News Sport</nav><article>"
    "<p>The city council voted on Tuesday to approve a new footbridge over the river Wend.</p>"
    "<p class=promo>Our readers can win two tickets to the opening of the new bridge next spring.</p>"
    "<p>Construction starts in March and should take about eighteen months, the council said.</p>"
    "</article><aside class=rail><p>Most read: the harbour wall repairs are finally finished.</p></aside>"
    "</body></html>"
)


def test_html_pages_use_the_selectors() -> None:
    plain = clean_page(ARTICLE_PAGE, kind="html").text
    assert "win two tickets" in plain  # content to the extractor: only the site knows it is a promo
    rules = parse_rules('drop_selectors = [".promo"]\nbody_selector = "article"\n')
    text = clean_page(ARTICLE_PAGE, kind="html", options=Options(kind="html", rules=rules)).text
    assert "win two tickets" not in text and "harbour wall" not in text
    assert "footbridge" in text and "eighteen months" in text
