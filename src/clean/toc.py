"""A page's table of contents: links that name the page's own headings.

Documentation and long reads open (or flank) the text with a list of links to its
sections ("On this page", "Contents"): each entry is the text of a heading further on.
The block model keeps such a list when it sits inside the content column, and it is
not the article: the headings it names are. Worse, once the text stages see an entry
and its heading as the same paragraph twice, the copy that stays is the one among other
short lines, the entry, and the heading goes (`dedupe.py`).

The evidence is markup: a block that is all link text, not itself a heading, whose
words are those of a heading block of the page (section numbers aside). Dropped here,
before the text stages, so what they see is the text we return; with them the block
just above the first entry when it is the list's own title ("Contents", "On this page").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .html_extract import Judged

__all__ = ["TOC_RULE", "drop_contents"]

TOC_RULE = "menu"  # a table of contents is the page's own navigation
_MIN_ENTRIES = 3  # a table of contents lists several sections
_LINK_SHARE = 0.9  # of the entry's characters in links
# "1.", "2.3", "IV." before a heading or an entry: the numbering of one may lack in the other
_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.)\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
# The title a table of contents gives itself, when it is the block just above the first
# entry (the same words elsewhere, "Contents" of a box, are left to the model).
_LABEL = re.compile(
    r"(?:(?:table of )?contents?|contents? map|on this page|in this (?:article|page|guide|post|section)"
    r"|jump to(?: section)?|skip to section|topics(?: covered)?|what(?:'|’)s (?:in|on) this page"
    r"|inhalt(?:sverzeichnis)?|auf dieser seite|in diesem artikel|sommaire|table des matières|dans cet article"
    r"|sur cette page|índice|contenidos?|tabla de contenidos?|en este artículo|en esta página|indice|sommario)"
    r"\s*:?"
)


def _key(text: str) -> str:
    return _NUMBER.sub("", _SPACE.sub(" ", text).strip().casefold())


def drop_contents(judged: Sequence[Judged]) -> list[Judged]:
    """The blocks, with the kept entries of a table of contents dropped as `menu`."""
    headings = {_key(j.block.text) for j in judged if j.block.heading and not j.block.hidden}
    headings.discard("")
    if not headings:
        return list(judged)
    entries = [
        i
        for i, j in enumerate(judged)
        if j.rule is None
        and not j.block.heading
        and j.block.link_chars >= _LINK_SHARE * len(j.block.text)
        and _key(j.block.text) in headings
    ]
    if len(entries) < _MIN_ENTRIES:
        return list(judged)  # a link or two that name a heading ("Nutomic" in a list of moderators)
    out = list(judged)
    for i in entries:
        out[i] = Judged(out[i].block, TOC_RULE)
    label = next((i for i in range(entries[0] - 1, -1, -1) if out[i].rule is None), None)
    if label is not None and _LABEL.fullmatch(out[label].block.text.strip().casefold()):
        out[label] = Judged(out[label].block, TOC_RULE)  # "Contents", "On this page"
    return out
