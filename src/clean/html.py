"""HTML to text with layout, for HTML input on the text path.

Block elements become line breaks and paragraphs blank lines, so the text stages see
the page the way a text dump shows it. Script, style and template content is never
text. Entities are not expanded beyond what the HTML parser does (no DTD, no network).
"""

from __future__ import annotations

from collections.abc import Sequence

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from .selectors import apply_selectors

__all__ = ["html_to_text"]

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"})
_PARAGRAPH = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "figure",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "form",
        "main",
    }
)
_LINE = frozenset(
    {
        "div",
        "li",
        "tr",
        "dt",
        "dd",
        "br",
        "hr",
        "figcaption",
        "address",
        "caption",
        "option",
        "label",
        "legend",
        "fieldset",
        "details",
        "summary",
        "title",
    }
)


def html_to_text(html: str, *, drop: Sequence[str] = (), body: str | None = None) -> str:
    """`drop` and `body` are a user's CSS selectors (`--rules`): see `selectors.py`."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP or not isinstance(el.tag, str):
            if el.tail:
                out.append(el.tail)
            return
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            if el.tail:
                out.append(el.tail)
            return
        brk = "\n\n" if tag in _PARAGRAPH else "\n" if tag in _LINE else ""
        out.append(brk)
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in ("td", "th"):
            out.append(" ")
        out.append(brk)
        if el.tail:
            out.append(el.tail)

    title = root.find(".//title")
    if title is not None and title.text:
        out.append(title.text + "\n\n")
    start = root.find("body")
    start = start if start is not None else root
    if drop or body:
        start = apply_selectors(start, drop=drop, body=body)
    walk(start)
    return "".join(out)


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, no_network=True, huge_tree=False)
