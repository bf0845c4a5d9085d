"""Tell an HTML page from a text dump, for `kind="auto"`."""

from __future__ import annotations

import re

__all__ = ["looks_like_html"]

_DOCTYPE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype\s+html", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(
    r"<(?:html|head|body|div|p|span|a|meta|title|script|br|table|article|section)\b[^>]*>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """HTML when it says so (doctype) or when tags are dense; a text page quoting one tag is text."""
    head = text[:4096]
    if _DOCTYPE.match(head):
        return True
    sample = text[:65536]
    tags = len(_TAGS.findall(sample))
    return tags >= 3 and tags * 40 >= len(sample.split("\n"))
