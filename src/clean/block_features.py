"""Numbers the HTML block classifier reads: one row per DOM block.

Each row mixes three kinds of evidence, because none is enough alone:
- the markup (tag, landmarks and class/id words above the block, link density, hidden);
- the text (length, sentence ends, the named rule of `rules.py` that knows the line);
- a second opinion: how much of the block trafilatura's own extraction keeps. It is a
  strong signal and a fair one (we run trafilatura on the same page), and the markup
  and rules then correct what it gets wrong (teasers, bios, share bars it keeps; forum
  posts and product specs it drops).
Neighbours' values are included too: chrome comes in runs, articles in runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .chrome import shape_rule
from .dom import CLASS_GROUPS, LANDMARKS, DomBlock
from .rules import RULEBOOK

__all__ = ["FEATURE_NAMES", "block_features", "overlap", "shingles"]

_TAGS = ("p", "div", "li", "tr", "td", "pre", "blockquote", "dd", "dt", "figcaption", "span", "section", "article")
_GROUPS = tuple(CLASS_GROUPS)
_WORD = re.compile(r"\w+")
_ENDS = re.compile(r"[.!?:;\"'”’)]\s*$")

_OWN = [
    *(f"tag={t}" for t in _TAGS),
    "tag=other",
    *(f"h{i}" for i in range(1, 7)),
    *(f"in-{m}" for m in LANDMARKS),
    *(f"class={g}" for g in _GROUPS),
    *(f"own-class={g}" for g in _GROUPS),
    "hidden",
    "collapsed",
    "row",
    "log-words",
    "log-chars",
    "link-density",
    "ends-sentence",
    "comma-rate",
    "digit-share",
    "upper-share",
    "depth",
    "rule-any",
    "rule-sure",
    "rule-tail",
    "rule-shape",
    "reference",
    "reference-any",
    "reference-line",
]
_CONTEXT = ("log-words", "link-density", "reference", "ends-sentence")
_POSITION = ["position", "before-reference", "after-reference", "reference-window", "page-log-blocks"]
FEATURE_NAMES: tuple[str, ...] = (
    *_OWN,
    *(f"prev-{n}" for n in _CONTEXT),
    *(f"next-{n}" for n in _CONTEXT),
    *_POSITION,
)
_INDEX = {name: i for i, name in enumerate(_OWN)}


def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams of lower-cased text (shorter texts: the whole token tuple)."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def overlap(text: str, reference: set[tuple[str, ...]], reference_text: str) -> float:
    """Share of the block's word 3-grams found in the reference (short blocks: as a phrase)."""
    mine = shingles(text)
    if not mine:
        return 0.0
    if len(mine) == 1 and len(next(iter(mine))) < 3:
        phrase = " ".join(next(iter(mine)))
        return 1.0 if has_phrase(phrase, reference_text) else 0.0
    return sum(1 for s in mine if s in reference) / len(mine)


def has_phrase(phrase: str, text: str) -> bool:
    """`re.search(rf"(?<!\\w){re.escape(phrase)}(?!\\w)", text)` without compiling a
    pattern per block (which thrashed the regex cache: 8% of HTML mode's time). A
    character is a word character for `re` exactly when `isalnum()` or "_"."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
            return True
        start = text.find(phrase, start + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _own_row(block: DomBlock, reference: float, ref_line: bool) -> list[float]:
    row = [0.0] * len(_OWN)
    row[_INDEX[f"tag={block.tag}" if block.tag in _TAGS else "tag=other"]] = 1.0
    if block.heading:
        row[_INDEX[f"h{block.heading}"]] = 1.0
    for m in block.landmarks:
        row[_INDEX[f"in-{m}"]] = 1.0
    for g in block.groups:
        row[_INDEX[f"class={g}"]] = 1.0
    for g in block.own_groups:
        row[_INDEX[f"own-class={g}"]] = 1.0
    text = block.text
    words = text.split()
    n = len(words)
    row[_INDEX["hidden"]] = float(block.hidden)
    row[_INDEX["collapsed"]] = float(block.collapsed)
    row[_INDEX["row"]] = float(block.row)
    row[_INDEX["log-words"]] = float(np.log1p(n))
    row[_INDEX["log-chars"]] = float(np.log1p(len(text)))
    row[_INDEX["link-density"]] = block.link_chars / max(len(text), 1)
    row[_INDEX["ends-sentence"]] = float(bool(_ENDS.search(text)))
    row[_INDEX["comma-rate"]] = text.count(",") / max(n, 1)
    row[_INDEX["digit-share"]] = sum(c.isdigit() for c in text) / max(len(text), 1)
    row[_INDEX["upper-share"]] = sum(w[:1].isupper() for w in words) / max(n, 1)
    row[_INDEX["depth"]] = min(block.depth, 40) / 40.0
    rule = RULEBOOK.match(text, n)
    if rule is not None:
        row[_INDEX["rule-any"]] = 1.0
        row[_INDEX["rule-sure"]] = float(rule.sure)
        row[_INDEX["rule-tail"]] = float(rule.tail)
    elif n <= 40 and shape_rule(text):
        row[_INDEX["rule-shape"]] = 1.0
    row[_INDEX["reference"]] = reference
    row[_INDEX["reference-any"]] = float(reference > 0.0)
    row[_INDEX["reference-line"]] = float(ref_line)
    return row


def _words_key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def block_features(blocks: Sequence[DomBlock], reference_text: str) -> npt.NDArray[np.float32]:
    """The feature matrix (len(blocks) x len(FEATURE_NAMES)); `reference_text` is trafilatura's output."""
    ref_lower = _words_key(reference_text)
    ref = shingles(reference_text)
    refs = [overlap(b.text, ref, ref_lower) if ref else 0.0 for b in blocks]
    # A short block's words found somewhere in trafilatura's text say little ("About",
    # "Software" are in many articles); found as a whole paragraph of it, they say it was kept.
    ref_lines = {_words_key(line) for line in reference_text.splitlines()} - {""}
    rows = [_own_row(b, r, _words_key(b.text) in ref_lines) for b, r in zip(blocks, refs, strict=True)]
    own = np.array(rows, dtype=np.float32).reshape(len(blocks), len(_OWN))
    cols = [_INDEX[c] for c in _CONTEXT]
    ctx = own[:, cols]
    pad = np.zeros((1, len(cols)), dtype=np.float32)
    prev = np.vstack([pad, ctx[:-1]]) if len(blocks) else ctx
    nxt = np.vstack([ctx[1:], pad]) if len(blocks) else ctx
    n = len(blocks)
    pos = np.zeros((n, len(_POSITION)), dtype=np.float32)
    if n:
        ref_arr = np.array(refs, dtype=np.float32)
        hits = np.flatnonzero(ref_arr >= 0.5)
        idx = np.arange(n, dtype=np.float32)
        pos[:, 0] = idx / max(n - 1, 1)
        if len(hits):
            pos[:, 1] = idx < hits[0]
            pos[:, 2] = idx > hits[-1]
        window = np.convolve(ref_arr, np.ones(5, dtype=np.float32) / 5.0, mode="full")[2 : n + 2]
        pos[:, 3] = window
        pos[:, 4] = np.log1p(n)
    return np.hstack([own, prev, nxt, pos]).astype(np.float32)
