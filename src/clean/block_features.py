"""Numbers the HTML block classifier reads: one row per DOM block.

Each row mixes two kinds of evidence, because neither is enough alone:
- the markup (tag, landmarks and class/id words above the block, link density, hidden);
- the text (length, sentence ends, the named rule of `rules.py` that knows the line).
Neighbours' values are included too: chrome comes in runs, articles in runs.

The `reference` columns measure a block against another extractor's text. HTML mode no
longer has one (the second look of `block_context.py` does better than trafilatura's
opinion did), so it passes "" and they are zero, in training as at run time; they stay
until the next retrain of the block model takes them out with the code that fills them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter

import numpy as np
import numpy.typing as npt

from .chrome import line_judgements, shape_rule
from .dom import CLASS_GROUPS, LANDMARKS, DomBlock
from .endings import CLOSERS
from .memo import Memo
from .rules import RULEBOOK, LineRule

__all__ = ["FEATURE_NAMES", "block_features", "block_rules", "overlap", "shingles"]

_TAGS = ("p", "div", "li", "tr", "td", "pre", "blockquote", "dd", "dt", "figcaption", "span", "section", "article")
_GROUPS = tuple(CLASS_GROUPS)
_WORD = re.compile(r"\w+")
# a stop or a closing quote or bracket last (German „…“ and French «…» closers too, see endings.CLOSERS)
_SENTENCE_END = ".!?:;…" + CLOSERS
_ENDS = re.compile("[" + re.escape(_SENTENCE_END) + r"]\s*$")

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
    return _shingles_of(_words(text), n)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles_of(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)} if words else set()
    # each window of n words as a tuple: the i-th slice is one shorter per i, zip stops at the last
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def overlap(text: str, reference: set[tuple[str, ...]], reference_text: str) -> float:
    """Share of the block's word 3-grams found in the reference (short blocks: as a phrase)."""
    return _overlap_of(_words(text), reference, reference_text)


def _overlap_of(words: list[str], reference: set[tuple[str, ...]], reference_text: str) -> float:
    """`overlap` of a text whose `_words` the caller has (it reads them for more)."""
    mine = _shingles_of(words)
    if not mine:
        return 0.0
    if len(mine) == 1 and len(next(iter(mine))) < 3:
        phrase = " ".join(next(iter(mine)))
        return 1.0 if has_phrase(phrase, reference_text) else 0.0
    return len(mine & reference) / len(mine)


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


# Column of each one-hot value, looked up once here rather than by formatted name per block.
_TAG_COL = {t: _INDEX[f"tag={t}"] for t in _TAGS}
_OTHER_TAG_COL = _INDEX["tag=other"]
_HEADING_COL = {h: _INDEX[f"h{h}"] for h in range(1, 7)}
_LANDMARK_COL = {m: _INDEX[f"in-{m}"] for m in LANDMARKS}
_GROUP_COL = {g: _INDEX[f"class={g}"] for g in _GROUPS}
_OWN_GROUP_COL = {g: _INDEX[f"own-class={g}"] for g in _GROUPS}
_HIDDEN, _ROW, _LOG_WORDS, _LOG_CHARS, _LINKS, _ENDS_SENTENCE, _COMMAS, _DIGITS, _UPPER, _DEPTH = (
    _INDEX[c]
    for c in (
        "hidden",
        "row",
        "log-words",
        "log-chars",
        "link-density",
        "ends-sentence",
        "comma-rate",
        "digit-share",
        "upper-share",
        "depth",
    )
)
_RULE_ANY, _RULE_SURE, _RULE_TAIL, _RULE_SHAPE, _REFERENCE, _REFERENCE_ANY, _REFERENCE_LINE = (
    _INDEX[c]
    for c in ("rule-any", "rule-sure", "rule-tail", "rule-shape", "reference", "reference-any", "reference-line")
)
_COLLAPSED = _INDEX["collapsed"]
_ASCII_DIGITS = "0123456789"
_first = itemgetter(0)


def digit_count(text: str) -> int:
    """`sum(c.isdigit() for c in text)`, counted in C: for ASCII text the digits are 0-9."""
    if text.isascii():
        return sum(map(text.count, _ASCII_DIGITS))
    return sum(map(str.isdigit, text))


def ends_sentence(text: str) -> bool:
    """`bool(_ENDS.search(text))` without trying the pattern at every position of the text."""
    end = text.rstrip()
    return bool(end) and end[-1] in _SENTENCE_END


def _own_columns(
    blocks: Sequence[DomBlock],
    refs: Sequence[float],
    ref_line: Sequence[bool],
    rules: Sequence[LineRule | None],
    shape_of: Callable[[str], str | None] = shape_rule,
) -> npt.NDArray[np.float32]:
    """The blocks' own columns (blocks x `_OWN`); `rules` are `RULEBOOK.match` of their
    texts (the caller has them), `shape_of` is `shape_rule` or the page memo's answer.

    Most of a row is zeros: the cells that are 1 (one-hot and flag columns) are
    collected as (row, column) pairs and the numbers column by column, and each is
    written into the matrix at once, rather than a list of every column made per block
    and the lot converted. A value is rounded to float32 once either way.
    """
    hot_rows: list[int] = []
    hot_cols: list[int] = []
    log_words: list[float] = []
    log_chars: list[float] = []
    links: list[float] = []
    commas: list[float] = []
    digits: list[float] = []
    upper: list[float] = []
    depth: list[float] = []
    for i, (block, reference, line, rule) in enumerate(zip(blocks, refs, ref_line, rules, strict=True)):
        text = block.text
        words = text.split()
        n = len(words)
        chars = len(text)
        hot = [_TAG_COL.get(block.tag, _OTHER_TAG_COL)]
        if block.heading:
            hot.append(_HEADING_COL[block.heading])
        hot += [_LANDMARK_COL[m] for m in block.landmarks]
        hot += [_GROUP_COL[g] for g in block.groups]
        hot += [_OWN_GROUP_COL[g] for g in block.own_groups]
        if block.hidden:
            hot.append(_HIDDEN)
        if block.collapsed:
            hot.append(_COLLAPSED)
        if block.row:
            hot.append(_ROW)
        if ends_sentence(text):
            hot.append(_ENDS_SENTENCE)
        if rule is not None:
            hot.append(_RULE_ANY)
            if rule.sure:
                hot.append(_RULE_SURE)
            if rule.tail:
                hot.append(_RULE_TAIL)
        elif n <= 40 and shape_of(text):
            hot.append(_RULE_SHAPE)
        if reference > 0.0:
            hot.append(_REFERENCE_ANY)
        if line:
            hot.append(_REFERENCE_LINE)
        hot_rows += [i] * len(hot)
        hot_cols += hot
        # math.log1p gives numpy's log1p once in float32 (tests/test_block_features.py)
        log_words.append(math.log1p(n))
        log_chars.append(math.log1p(chars))
        links.append(block.link_chars / max(chars, 1))
        commas.append(text.count(",") / max(n, 1))
        digits.append(digit_count(text) / max(chars, 1))
        upper.append(sum(map(str.isupper, map(_first, words))) / max(n, 1))
        depth.append(min(block.depth, 40) / 40.0)
    own = np.zeros((len(blocks), len(_OWN)), dtype=np.float32)
    own[hot_rows, hot_cols] = 1.0
    for col, values in (
        (_LOG_WORDS, log_words),
        (_LOG_CHARS, log_chars),
        (_LINKS, links),
        (_COMMAS, commas),
        (_DIGITS, digits),
        (_UPPER, upper),
        (_DEPTH, depth),
        (_REFERENCE, refs),
    ):
        own[:, col] = values
    return own


def _memo_shape(judged: Mapping[str, tuple[LineRule | None, str | None]]) -> Callable[[str], str | None]:
    """`shape_rule` from the page's `line_judgements`, for a text no rule knows and of at
    most 40 words (where the table holds the shape's answer)."""

    def shape(text: str) -> str | None:
        return judged[text][1]

    return shape


def _words_key(text: str) -> str:
    return " ".join(_words(text))


def block_rules(blocks: Sequence[DomBlock], memo: Memo | None = None) -> list[LineRule | None]:
    """`RULEBOOK.match` of every block's text: a feature, and what `judge_blocks` names drops by.

    With the page's `memo`, read from (and written to) its `line_judgements`, which the
    text stages read again when they settle the blocks kept (`settle_as_text`).
    """
    if memo is None:
        return [RULEBOOK.match(b.text, len(b.text.split())) for b in blocks]
    judged = line_judgements(memo)
    return [judged[b.text][0] for b in blocks]


def block_features(
    blocks: Sequence[DomBlock],
    reference_text: str,
    rules: Sequence[LineRule | None] | None = None,
    memo: Memo | None = None,
) -> npt.NDArray[np.float32]:
    """The feature matrix (len(blocks) x len(FEATURE_NAMES)); `reference_text` is trafilatura's output,
    `rules` the blocks' `block_rules` when the caller has them already, `memo` the page's
    (a line's shape is then read from its `line_judgements`, filled by `block_rules`)."""
    if rules is None:
        rules = block_rules(blocks, memo)
    ref_lower = _words_key(reference_text)
    ref = shingles(reference_text)
    # A short block's words found somewhere in trafilatura's text say little ("About",
    # "Software" are in many articles); found as a whole paragraph of it, they say it was kept.
    ref_lines = {_words_key(line) for line in reference_text.splitlines()} - {""}
    if ref:
        words = [_words(b.text) for b in blocks]  # read once for both questions
        refs = [_overlap_of(w, ref, ref_lower) for w in words]
        ref_line = [bool(ref_lines) and " ".join(w) in ref_lines for w in words]
    else:  # no word in the reference, so no line of it either
        refs = [0.0] * len(blocks)
        ref_line = [False] * len(blocks)
    shape_of = shape_rule if memo is None else _memo_shape(line_judgements(memo))
    own = _own_columns(blocks, refs, ref_line, rules, shape_of)
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
