"""Apply a user's CSS selectors to an HTML tree: drop elements, or keep only the article body.

Kept apart from the HTML-to-text conversion so that any extractor working on an lxml
tree can call it before it reads the text. Selectors are CSS (translated to XPath by
cssselect, the lxml companion); they come validated from `siterules.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from cssselect import GenericTranslator
from lxml import etree  # type: ignore[import-untyped]

__all__ = ["apply_selectors"]


def _select(root: etree._Element, selector: str) -> list[etree._Element]:
    found = root.xpath(GenericTranslator().css_to_xpath(selector))
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


def _remove(el: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent's flow."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def apply_selectors(
    root: etree._Element,
    *,
    drop: Sequence[str] = (),
    body: str | None = None,
) -> etree._Element:
    """Remove every element matching a `drop` selector, in place; then, when `body` is
    given and matches, return the first matching element as the new root to read
    (else `root`): a body selector that misses on a page must not empty the page.

    Drops run first, so a share bar inside the article body goes too.
    """
    for selector in drop:
        for el in _select(root, selector):
            _remove(el)
    if body:
        hits = _select(root, body)
        if hits:
            return hits[0]
    return root
