"""What follows a "Related articles" label, in the label's own box.

The block model drops such a label (a short heading) and keeps much of what is under
it: teaser headlines and their blurbs read as prose. The text path cuts the rest of a
page after such a label (`chrome.cut_tail`), but it never sees the label, which the
block model dropped; and on an HTML page the markup says how far the label reaches:
the box it heads. A mid-article "Read also" box is one teaser, and the paragraph after
it is the article again.

Only a label with more kept words above it than below cuts anything: under a "See
also" near the top of a page that is one long list, the list is the page. And only the
read-also labels: the comments labels cost more than they gained (a forum thread that
declares itself an article keeps its posts in a box under "Comments"). WCXB tune split,
word F1: all pages 0.8841 -> 0.8845, articles 0.9528 -> 0.9535 (nine pages better, one
worse by 0.01: a mid-article "Related:" with less than half the words below it).
"""

from __future__ import annotations

from .chrome import is_tail_label, line_judgements
from .html_extract import Judged
from .memo import Memo

__all__ = ["cut_labelled_boxes"]

_TAIL_RULES = frozenset({"read-also"})


def cut_labelled_boxes(judged: list[Judged], memo: Memo, *, article: bool) -> list[Judged]:
    """Drop the kept blocks in the box of a dropped tail label, under the label's rule.
    `memo` is the page's: it knows what the rules said of each block's text.

    Only on a page whose metadata declares it an article: on a shop's pages the
    "related products" are as often the listing itself.
    """
    if not article:
        return judged
    judgements = line_judgements(memo)
    words = [len(j.block.text.split()) if j.rule is None else 0 for j in judged]
    total = sum(words)
    out = list(judged)
    above = 0
    for i, j in enumerate(judged):
        above += words[i]
        if j.rule not in _TAIL_RULES or above <= total - above:
            continue
        if not is_tail_label(judgements[j.block.text][0], j.rule):  # not "Related: <headline>"
            continue
        box = _box(judged, i)
        if box is None:
            continue
        for k in range(i + 1, len(judged)):
            if box not in judged[k].block.ids:
                break  # out of the label's box: the blocks of a box follow one another
            if out[k].rule is None:
                out[k] = Judged(out[k].block, j.rule)
    return out


def _box(judged: list[Judged], i: int) -> int | None:
    """The element a label heads: the innermost one that holds both the label and the
    block after it (the label's own box when it is the box's own text, its parent for a
    heading above a list, higher when the label sits alone in a wrapper)."""
    if i + 1 >= len(judged):
        return None
    after = set(judged[i + 1].block.ids)
    return next((e for e in reversed(judged[i].block.ids) if e in after), None)
