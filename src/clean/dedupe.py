"""Drop paragraphs the page says twice.

Dumps repeat text: a caption that repeats the next paragraph, a standfirst that is the
lede cut short, a whole run of paragraphs rendered twice (desktop and mobile markup).
A paragraph is a duplicate of another when its word 3-grams are (nearly) all inside
the other's. Of a group of copies we keep the one that stands among article text,
so a caption copy before the lede goes and the copy in the flow of the article stays.
"""

from __future__ import annotations

import re

from .document import Block, Document

__all__ = ["drop_duplicates"]

_WORD = re.compile(r"\w+")
_CONTAINED = 0.9  # share of a paragraph's 3-grams found in another for it to be a copy
_MIN_WORDS = 6  # shorter paragraphs ("Yes", a heading) may repeat legitimately


def _grams(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def drop_duplicates(doc: Document) -> Document:
    blocks = list(doc.blocks)
    kept = [i for i, b in enumerate(blocks) if b.kept and len(b.text.split()) >= _MIN_WORDS]
    grams = {i: _grams(blocks[i].text) for i in kept}
    exact: dict[str, list[int]] = {}
    for i in kept:
        exact.setdefault(blocks[i].text.lower(), []).append(i)
    position = {i: k for k, i in enumerate(kept)}

    def context(i: int) -> int:
        """How many of the nearest kept paragraphs around `i` are not copies of it."""
        k = position[i]
        around = kept[max(0, k - 2) : k] + kept[k + 1 : k + 3]
        key = blocks[i].text.lower()
        return sum(1 for j in around if blocks[j].text.lower() != key)

    dropped: set[int] = set()
    for copies in exact.values():
        if len(copies) > 1:
            best = max(copies, key=lambda i: (context(i), -i))
            dropped.update(i for i in copies if i != best)
    # near copies: a paragraph whose 3-grams sit inside a longer kept paragraph
    survivors = [i for i in kept if i not in dropped]
    by_gram: dict[tuple[str, ...], set[int]] = {}
    for i in survivors:
        for g in grams[i]:
            by_gram.setdefault(g, set()).add(i)
    for i in survivors:
        gi = grams[i]
        if not gi:
            continue
        counts: dict[int, int] = {}
        for g in gi:
            for j in by_gram[g]:
                if j != i:
                    counts[j] = counts.get(j, 0) + 1
        for j, n in counts.items():
            if j in dropped or n < _CONTAINED * len(gi):
                continue
            if len(grams[j]) > len(gi) or (len(grams[j]) == len(gi) and j < i):
                dropped.add(i)
                break
    for i in dropped:
        blocks[i] = blocks[i].drop("duplicate")
    return doc.with_blocks(blocks)
