"""Drop paragraphs the page says twice.

Dumps repeat text: a caption that repeats the next paragraph, a standfirst that is the
lede cut short, a whole run of paragraphs rendered twice (desktop and mobile markup).
A paragraph is a duplicate of another when its word 3-grams are (nearly) all inside
the other's. Of a group of copies we keep the one that stands among article text,
so a caption copy before the lede goes and the copy in the flow of the article stays.

Code is not judged (`codelike.py`): documentation repeats it on purpose (the same
snippet in several language tabs, the same response under each endpoint, a command
again in a later step), and its ground truth keeps every copy. On the WCXB tune pages
HTML mode dropped 1,382 words of repeated code blocks from documentation pages.
"""

from __future__ import annotations

import re

from .codelike import looks_like_code
from .deadline import check
from .document import Block, Document, words
from .memo import Memo

__all__ = ["drop_duplicates"]

_WORD = re.compile(r"\w+")
_CONTAINED = 0.9  # share of a paragraph's 3-grams found in another for it to be a copy
_MIN_WORDS = 6  # shorter paragraphs ("Yes", a heading) may repeat legitimately


def _grams(text: str) -> frozenset[tuple[str, ...]]:
    found = _WORD.findall(text.lower())
    return frozenset(zip(found, found[1:], found[2:], strict=False))


_NUMBER = re.compile(r"[$£€¥₹]?\w*\d\w*")  # with its currency: $40 and £40 differ


def _numbers(text: str) -> frozenset[str]:
    """The figures a paragraph states: one that states a figure the other does not is a
    variant of it, not a copy (the same terms for each region, at another price)."""
    return frozenset(_NUMBER.findall(text))


class Settled:
    """The paragraph sequences this stage has left as they are, on one page (its memo).

    What the stage drops depends on the texts of the kept paragraphs and their order
    alone, and once it has run, no paragraph of what it left, nor of any part of that
    kept in order, is a copy of another: no two are the same text (all but one of each
    group went), and a paragraph inside another went unless that other was gone when
    it was asked, which it is not if it is still there (a 3-gram that repeats in a part
    repeats in the whole, so the cheap first pass lets it through, too). `settle` runs
    the stage again on what the page kept, always such a part: this skips that pass
    (the same answer, `tests/test_dedupe.py`). By texts alone, so it lives in the memo.
    """

    __slots__ = ("_runs",)

    def __init__(self) -> None:
        self._runs: list[tuple[str, ...]] = []

    def covers(self, texts: list[str]) -> bool:
        """`texts` are, in order, some of the paragraphs of a sequence the stage left."""
        for run in self._runs:
            rest = iter(run)
            if all(t in rest for t in texts):  # each found after the one before it
                return True
        return False

    def add(self, texts: list[str]) -> None:
        self._runs.append(tuple(texts))


def drop_duplicates(doc: Document) -> Document:
    blocks = list(doc.blocks)
    memo = doc.memo
    n_words, code = memo.of(words), memo.of(looks_like_code)
    kept = [i for i, b in enumerate(blocks) if b.rule is None and n_words[b.text] >= _MIN_WORDS and not code[b.text]]
    if len(kept) < 2:
        return doc
    settled = memo.page(Settled)
    if settled.covers([blocks[i].text for i in kept]):
        return doc
    dropped = _copies(blocks, kept, memo)
    settled.add([blocks[i].text for i in kept if i not in dropped])
    for i in dropped:
        blocks[i] = blocks[i].drop("duplicate")
    return doc.with_blocks(blocks)


def _copies(blocks: list[Block], kept: list[int], memo: Memo) -> set[int]:
    """The paragraphs among `kept` (indices into `blocks`) that copy another one."""
    lower = memo.of(str.lower)
    low = {i: lower[blocks[i].text] for i in kept}
    exact: dict[str, list[int]] = {}
    for i in kept:
        exact.setdefault(low[i], []).append(i)
    position = {i: k for k, i in enumerate(kept)}

    def context(i: int) -> int:
        """How many of the nearest kept paragraphs around `i` are not copies of it."""
        k = position[i]
        around = kept[max(0, k - 2) : k] + kept[k + 1 : k + 3]
        return sum(1 for j in around if low[j] != low[i])

    def same_run(i: int, j: int) -> bool:
        """Copies `i` and `j` have a neighbour that is also the same paragraph: the page
        renders a whole run twice (A B C ... A B C), and the first run stays, in order."""
        k, m = position[i], position[j]
        return any(
            0 <= k + d < len(kept) and 0 <= m + d < len(kept) and low[kept[k + d]] == low[kept[m + d]] for d in (-1, 1)
        )

    dropped: set[int] = set()
    for copies in exact.values():
        if len(copies) > 1:
            if any(same_run(copies[0], j) for j in copies[1:]):
                best = copies[0]
            else:
                best = max(copies, key=lambda i: (context(i), -i))
            dropped.update(i for i in copies if i != best)

    # near copies: a paragraph whose 3-grams (nearly all) sit inside one longer paragraph.
    # Cheap first pass: only paragraphs most of whose 3-grams occur elsewhere at all.
    survivors = [i for i in kept if i not in dropped]
    of_text = memo.of(_grams)
    numbers = memo.of(_numbers)
    grams = {i: of_text[blocks[i].text] for i in survivors}
    once: set[tuple[str, ...]] = set()
    repeated: set[tuple[str, ...]] = set()  # 3-grams of two paragraphs or more
    for i in survivors:
        repeated |= once & grams[i]
        once |= grams[i]
    for i in survivors:
        check()  # the inner loop makes this quadratic in paragraphs
        gi = grams[i]
        if not gi or len(gi & repeated) < _CONTAINED * len(gi):
            continue
        for j in survivors:
            if j == i or j in dropped:
                continue
            gj = grams[j]
            if (
                (len(gj) > len(gi) or (len(gj) == len(gi) and j < i))
                and len(gi & gj) >= _CONTAINED * len(gi)
                and numbers[blocks[i].text] <= numbers[blocks[j].text]
            ):
                dropped.add(i)
                break
    return dropped
