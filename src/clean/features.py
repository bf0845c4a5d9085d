"""Numbers that describe a line and its neighbourhood, for the learned line model.

A line of a text dump is chrome or article mostly by its shape (length, punctuation,
capitalisation, function words) and by where it stands (inside a run of prose, or in
a run of short capitalised links). So each line gets its own features, the same
features of the lines around it, and page-level position features.

Everything here is computed with a handful of string operations per line and numpy
for the neighbourhood, so that the whole page costs well under a millisecond.
The feature order is part of the shipped model: change it only with a retrain.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from .document import Block
from .endings import CLOSERS, ENDS_SENTENCE
from .memo import Memo

__all__ = ["CONTEXT_NAMES", "FEATURE_NAMES", "context_features", "line_features", "page_features"]

# The most frequent function words of the languages we know. A line of prose is
# about 40% such words; a menu or a title almost none.
_FUNCTION_WORDS = frozenset(
    """
    the of and to a in is that for it as was with be by on not he i this are or his from at which
    but have an they you were her she there been one all we their has would when if so no will can
    more its also than them into only do our your what about who after over may these how der die
    das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an werden aus
    er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur
    oder aber vor zur bis mehr durch man sein wurde sei le la les de des du et un une à est en que
    qui dans pour pas sur au par ce il elle ne se plus avec son sa ses aux ou mais nous vous sont
    été cette leur comme el la los las de del y en un una que es por con para se no su al lo como
    más pero sus le ya o fue este ha sí porque esta entre cuando muy sin sobre también il di che è
    per una non sono della con si gli dei delle nel alla anche o os da do em um uma é com não para
    ao dos das se na no mais het een van en de is dat op te zijn voor met niet aan er
    """.split()
)
_WORD = re.compile(r"\w+")
_TERMINAL = ENDS_SENTENCE
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w|#\w")


def _url_marked(text: str) -> bool:
    """Holds what every `_URLISH` match holds, a cheap screen: two lines in a hundred do,
    and the regex tries every "." of the rest."""
    return "@" in text or "#" in text or "www." in text or ".com" in text or "http" in text


_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZÀ-Þ\"“‘«]")
_DIGIT = re.compile(r"\d")
_CAPWORD = re.compile(r"(?:^|\s)[A-ZÀ-Þ]")
_PUNCT = re.compile(r"[^\w\s]")

# The rule names the model was trained with, one feature column each. Fixed here (not
# read from rules.py) so that adding a rule cannot silently change the model's input:
# a new rule name must be added here and the model retrained (tests check both).
HINTS: tuple[str, ...] = (
    "advertisement", "app-promo", "author-bio", "back-to-top", "breadcrumb", "comments", "cookie",
    "copyright", "counters", "feedback", "legal-links", "menu", "newsletter", "pagination", "paywall",
    "photo-credit", "placeholder", "powered-by", "read-also", "read-more", "reading-time", "share", "shop-widget",
    "sign-in", "tags",
)  # fmt: skip
_HINT_INDEX = {name: i for i, name in enumerate(HINTS)}

_OWN = (
    "log_words",
    "log_chars",
    "terminal",
    "colon_end",
    "sentences",
    "comma_rate",
    "capital_rate",
    "digit_rate",
    "punct_rate",
    "bullet",
    "log_indent",
    "gap_before",
    "function_rate",
    "urlish",
    "log_repeats",
    "all_caps",
    "pipe",
    "mean_word_len",
    "body",
    "dropped",
    "position",
)
_CONTEXT_OWN = ("log_words", "terminal", "body", "function_rate", "dropped", "bullet", "capital_rate")
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 15)


def _names() -> tuple[str, ...]:
    names = list(_OWN)
    names += [f"hint:{h}" for h in HINTS]
    names += [f"ctx{o:+d}:{f}" for o in _OFFSETS for f in _CONTEXT_OWN]
    names += [f"win{w}:{f}" for w in _WINDOWS for f in ("body", "log_words", "function_rate", "dropped")]
    names += ["body_before", "body_after", "tail_before", "log_n_blocks", "log_dist_body", "first_body", "last_body"]
    return tuple(names)


FEATURE_NAMES = _names()
_COL = {name: i for i, name in enumerate(_OWN)}
# where `page_features` reads and writes each part of the matrix
_NEAR_COLS = [_COL[f] for f in _CONTEXT_OWN]
_SHIFTED_AT = [
    slice(i, i + len(_CONTEXT_OWN)) for i in (FEATURE_NAMES.index(f"ctx{o:+d}:{_CONTEXT_OWN[0]}") for o in _OFFSETS)
]
_WINDOW_OWN = ("body", "log_words", "function_rate", "dropped")
_WINDOW_OWN_COLS = [_COL[f] for f in _WINDOW_OWN]
_WINDOWED_AT = [slice(i, i + len(_WINDOW_OWN)) for i in (FEATURE_NAMES.index(f"win{w}:body") for w in _WINDOWS)]
_EXTRA_AT = FEATURE_NAMES.index("body_before")
_TAIL_COLS = [_HINT_INDEX[h] + len(_OWN) for h in ("read-also", "comments")]


# One byte of flags per code point below U+3000 (the ones above have none): what
# `_char_counts` asks of each character, read with one table look-up for the page.
_IS_DIGIT, _IS_PUNCT, _IS_UPPER, _IS_STOP, _IS_SPACE, _IS_NEWLINE, _IS_CLOSER = 1, 2, 4, 8, 16, 32, 64
_FLAGS = np.zeros(0x3000, dtype=np.uint8)
for _ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡«»¿–—‘’‚“”„•…‹›€©®°·":
    _FLAGS[ord(_ch)] |= _IS_PUNCT
for _cp in [*range(48, 58)]:
    _FLAGS[_cp] |= _IS_DIGIT
for _cp in [*range(65, 91), *range(0xC0, 0xDF)]:
    if _cp != 0xD7:  # ×
        _FLAGS[_cp] |= _IS_UPPER
for _ch in ".!?…":
    _FLAGS[ord(_ch)] |= _IS_STOP
for _ch in CLOSERS:  # what may close a sentence after its stop (`endings.ends_sentence`)
    _FLAGS[ord(_ch)] |= _IS_CLOSER
_FLAGS[32] |= _IS_SPACE
_FLAGS[10] |= _IS_NEWLINE
assert _FLAGS[0x2FFF] == 0  # where every code point from U+3000 up is looked up


def _char_counts(texts: list[str], lengths: npt.NDArray[np.int64]) -> dict[str, npt.NDArray[np.float32]]:
    """Per-line counts of character classes, over the page's code points at once:
    digits, punctuation, capitalised words (a capital after a space or at the start
    of the line), sentence breaks (a stop, a space, a capital) and commas; and what the
    line's last characters say: whether it holds a "|", ends with ":" and ends like a
    sentence (`endings.ends_sentence`: a stop before any closing quotes and brackets,
    after one final newline), as 0 or 1.

    A line's count of a class is the number of its code points marked with it: where
    the marks stand is found once for the page (`np.flatnonzero`), and each line's
    share by binary search on its first and past-last code point. Marks are a small
    share of the characters, so this is cheaper than running sums of every mark over
    every code point (the same integers; `tests/test_features.py`).
    """
    n = len(texts)
    if n == 0:
        empty = np.zeros(0, dtype=np.float32)
        names = ("digits", "punct", "capitals", "sentences", "commas", "pipe", "colon_end", "terminal")
        return dict.fromkeys(names, empty)
    cp = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    flags = _FLAGS[np.minimum(cp, 0x2FFF)]
    upper = (flags & _IS_UPPER) != 0
    after_space = np.ones(len(cp), dtype=bool)  # the page's first character counts as after one
    after_space[1:] = (flags[:-1] & (_IS_SPACE | _IS_NEWLINE)) != 0
    sentences = np.zeros(len(cp), dtype=bool)  # a stop, a space, a capital: marked at the stop
    if len(cp) > 2:
        sentences[:-2] = ((flags[:-2] & _IS_STOP) != 0) & (cp[1:-1] == 32) & upper[2:]
    starts = np.zeros(n, dtype=np.int64)
    size = lengths  # whole numbers: a line of 2^24 characters or more has no exact float32 length
    (size[:-1] + 1).cumsum(out=starts[1:])  # each line and the newline after it
    ends = starts + size

    # (array methods rather than np.searchsorted and the like: the same C code, without
    # a Python wrapper per call)
    def per_line(marked: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
        at = np.flatnonzero(marked)
        out: npt.NDArray[np.float32] = (at.searchsorted(ends) - at.searchsorted(starts)).astype(np.float32)
        return out

    # each line's end: past its last character, less one final newline (the `$` of
    # ENDS_SENTENCE matches before one); then its last character that closes nothing
    filled = size > 0
    last = cp[np.where(filled, ends - 1, 0)] if len(cp) else np.zeros(n, dtype=np.uint32)
    colon_end = filled & (last == 58)
    end = ends - (filled & (last == 10))
    open_at = np.flatnonzero((flags & _IS_CLOSER) == 0)
    k = open_at.searchsorted(end) - 1
    at = open_at[np.maximum(k, 0)] if len(open_at) else np.zeros(n, dtype=np.int64)
    terminal = (k >= 0) & (at >= starts) & ((flags[at] & _IS_STOP) != 0) if len(open_at) else np.zeros(n, dtype=bool)
    return {
        "digits": per_line((flags & _IS_DIGIT) != 0),
        "punct": per_line((flags & _IS_PUNCT) != 0),
        "capitals": per_line(upper & after_space),
        "sentences": per_line(sentences),
        "commas": per_line(cp == 44),
        "pipe": (per_line(cp == 124) > 0).astype(np.float32),
        "colon_end": colon_end.astype(np.float32),
        "terminal": terminal.astype(np.float32),
    }


# What `line_features` reads from a line's text alone, as whole numbers: words, chars,
# ends like a sentence, ends with ":", sentence breaks, commas, capitalised words, digits,
# punctuation, function words, URL-like, all capitals, has "|".
_N_COUNTS = 13


def text_counts(texts: list[str]) -> npt.NDArray[np.float32]:
    """The text-only counts of each line (see `_N_COUNTS`), one row per text."""
    if not texts:
        return np.zeros((0, _N_COUNTS), dtype=np.float32)
    lowers = [t.lower() for t in texts]
    split = [t.split() for t in lowers]
    fw = _FUNCTION_WORDS.__contains__
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    chars = _char_counts(texts, lengths)  # what numpy reads from the code points, for all lines at once
    columns: tuple[list[int] | list[bool] | npt.NDArray[np.float32] | npt.NDArray[np.int64], ...] = (
        [len(w) for w in split],
        lengths,
        chars["terminal"],
        chars["colon_end"],
        chars["sentences"],
        chars["commas"],
        chars["capitals"],
        chars["digits"],
        chars["punct"],
        [sum(map(fw, w)) for w in split],
        [_url_marked(t) and _URLISH.search(t) is not None for t in lowers],
        [t.isupper() and len(t) > 3 for t in texts],
        chars["pipe"],
    )
    out = np.empty((len(texts), _N_COUNTS), dtype=np.float32)
    for k, column in enumerate(columns):  # whole numbers: the same float32 however they get there
        out[:, k] = column
    return out


class TextCounts:
    """A page's `text_counts`, one matrix row per distinct text (kept in the page's memo).

    A settle pass sees the same lines again, and only their neighbourhood changed: it
    gathers their rows with one numpy index, and counts only the lines new to the page.
    """

    __slots__ = ("_index", "_matrix")

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._matrix = np.zeros((0, _N_COUNTS), dtype=np.float32)

    def rows(self, texts: list[str]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.intp]]:
        """The counts of each text, and each text's number on the page (equal texts, equal numbers)."""
        index = self._index
        new = [t for t in dict.fromkeys(texts) if t not in index]
        if new:
            start = len(index)
            index.update((t, start + k) for k, t in enumerate(new))
            self._matrix = np.concatenate([self._matrix, text_counts(new)])
        at = np.fromiter((index[t] for t in texts), dtype=np.intp, count=len(texts))
        return self._matrix[at], at


def line_features(blocks: list[Block] | tuple[Block, ...], memo: Memo | None = None) -> npt.NDArray[np.float32]:
    """The per-line part: one row of `_OWN` + hint flags per block.

    What depends on a line's text alone is counted once per page (`memo`), the lines
    new to it together, with C-speed string methods and numpy over their code points;
    the rest is numpy over the page's columns.
    """
    n = len(blocks)
    texts = [b.text for b in blocks]
    counts, ids = (memo or Memo()).page(TextCounts).rows(texts)
    # each column contiguous, as numpy's loops were given them when the model was
    # trained (the figures must not move by one ulp): the rows of one C-ordered copy
    nw, nc, terminal, colon, sentences, commas, capitals, digits, punct, function, urlish, caps, pipe = (
        np.ascontiguousarray(counts.T)
    )
    bullet = np.fromiter((b.bullet for b in blocks), dtype=np.float32, count=n)
    indent = np.fromiter((b.indent for b in blocks), dtype=np.float32, count=n)
    gap_before = np.fromiter((b.gap_before for b in blocks), dtype=np.float32, count=n)
    dropped = np.fromiter((b.rule is not None for b in blocks), dtype=np.float32, count=n)
    repeats = (np.bincount(ids)[ids] - 1).astype(np.float32)  # other lines with the same text
    nw1 = np.maximum(nw, 1.0)
    nc1 = np.maximum(nc, 1.0)
    cols = (
        np.log1p(nw),
        np.log1p(nc),
        terminal,
        colon,
        np.log1p(sentences),
        commas / nw1,
        capitals / nw1,
        digits / nc1,
        punct / nc1,
        bullet,
        np.log1p(indent),
        gap_before,
        function / nw1,
        urlish,
        np.log1p(repeats),
        caps,
        pipe,
        (nc - nw + 1) / nw1,
        (nw >= 15) & (terminal > 0),
        dropped,
        np.arange(n, dtype=np.float32) / max(n - 1, 1),
    )
    out = np.zeros((n, len(_OWN) + len(HINTS)), dtype=np.float32)
    for k, col in enumerate(cols):  # each written into its column (a stack and a copy cost more)
        out[:, k] = col
    for i, b in enumerate(blocks):
        if b.hint and b.hint in _HINT_INDEX:
            out[i, len(_OWN) + _HINT_INDEX[b.hint]] = 1.0
    return out


def page_features(blocks: list[Block] | tuple[Block, ...], memo: Memo | None = None) -> npt.NDArray[np.float32]:
    """The full feature matrix, one row per block, columns as in `FEATURE_NAMES`.

    The neighbourhood columns are numpy over whole columns at once, written straight
    into the matrix: a settle pass computes them again for every page (the lines' own
    counts come from the memo), and a numpy call costs microseconds whatever its size.
    Each figure comes from the same float operations on the same values as one column
    at a time (`tests/test_features.py` keeps that computation as its reference).
    """
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    base = line_features(blocks, memo)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)  # a shifted column is 0 past the page's ends
    out[:, : base.shape[1]] = base
    # the neighbours' own columns: row i gets row i + offset
    near = base[:, _NEAR_COLS]
    for o, at in zip(_OFFSETS, _SHIFTED_AT, strict=True):
        if o > 0:
            out[: max(n - o, 0), at] = near[o:]
        else:
            out[-o:, at] = near[: max(n + o, 0)]
    # means over rows i - w .. i + w (within the page), for each width: running sums
    # c[0] = 0 .. c[n], held at c[0] before the page and at c[n] after it
    pad = _WINDOWS[-1]
    c = np.zeros((pad + n + 1 + pad, len(_WINDOW_OWN)), dtype=np.float64)
    base[:, _WINDOW_OWN_COLS].cumsum(axis=0, dtype=np.float64, out=c[pad + 1 : pad + n + 1])
    c[pad + n + 1 :] = c[pad + n]
    idx = np.arange(n)
    for w, at in zip(_WINDOWS, _WINDOWED_AT, strict=True):  # slices of `c`: views, cheaper than one gather
        rows = np.minimum(idx + w + 1, n) - np.maximum(idx - w, 0)
        high, low = c[pad + w + 1 : pad + w + 1 + n], c[pad - w : pad - w + n]
        out[:, at] = (high - low) / rows[:, None]
    # where the page's body text stands around each line
    words = np.expm1(base[:, _COL["log_words"]])
    body_words = words * base[:, _COL["body"]]
    total = max(float(body_words.sum()), 1.0)
    before = (body_words.cumsum() - body_words) / total
    tail_hit = base[:, _TAIL_COLS].max(axis=1)
    e = _EXTRA_AT
    out[:, e] = before
    out[:, e + 1] = 1.0 - before - body_words / total
    out[:, e + 2] = np.maximum.accumulate(tail_hit * before)  # body share before the first tail label
    out[:, e + 3] = np.float32(np.log1p(n))
    body_idx = np.flatnonzero(base[:, _COL["body"]])
    if len(body_idx):
        pos = body_idx.searchsorted(idx)
        left = body_idx[np.maximum(pos - 1, 0)]  # pos is 0 .. len(body_idx)
        right = body_idx[np.minimum(pos, len(body_idx) - 1)]
        dist = np.minimum(np.abs(idx - left), np.abs(right - idx)).astype(np.float32)
        first, last = body_idx[0], body_idx[-1]
    else:
        dist = np.full(n, float(n), dtype=np.float32)
        first, last = n, -1
    out[:, e + 4] = np.log1p(dist)
    out[:, e + 5] = idx < first
    out[:, e + 6] = idx > last
    return out


# The second stage of the line model (see `model.classify_lines`) sees a line through
# the first stage's verdicts on the lines around it: one line of a list is judged with
# its list. Rule-dropped lines count as score 0. The order is part of the shipped model.
CONTEXT_BASE = ("body", "log_words", "dropped")
_CONTEXT_SHIFTS = (1, 2, 3)
_CONTEXT_WINDOWS = (1, 2, 3, 5, 10)
_CONTEXT_PAD = max(_CONTEXT_WINDOWS)


def _context_names() -> tuple[str, ...]:
    names = [*CONTEXT_BASE, "score"]
    names += [f"score{sign}{k}" for k in _CONTEXT_SHIFTS for sign in "-+"]
    names += [f"score-{part}{w}" for w in _CONTEXT_WINDOWS for part in ("around", "before", "after")]
    names += ["page-score", "page-kept-share", "score-rank", "position"]
    return tuple(names)


CONTEXT_NAMES = _context_names()
_CONTEXT_BASE_COLS = [FEATURE_NAMES.index(name) for name in CONTEXT_BASE]
_SCORE = len(CONTEXT_BASE)
_SHIFT_OFFSETS = np.array([o for k in _CONTEXT_SHIFTS for o in (-k, k)])  # score-1, score+1, score-2, ...
_SHIFT_COLS = slice(_SCORE + 1, _SCORE + 1 + len(_SHIFT_OFFSETS))
_WINDOW_WIDTHS = np.array(_CONTEXT_WINDOWS)
_WINDOW_COLS = slice(_SHIFT_COLS.stop, _SHIFT_COLS.stop + 3 * len(_CONTEXT_WINDOWS))  # around, before, after by width


def context_features(
    features: npt.NDArray[np.float32],
    scores: npt.NDArray[np.float32],
    open_: npt.NDArray[np.bool_],
    words: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """The second stage's input, one row per block, columns as in `CONTEXT_NAMES`:
    a few of the line's own features (`features` is `page_features`), its first-stage
    score, the scores of its neighbours one by one and as means over windows (around,
    before, after; 0 past the page's ends), and where the score stands on its page."""
    n = len(scores)
    if n == 0:
        return np.zeros((0, len(CONTEXT_NAMES)), dtype=np.float32)
    # Every window and shift at once (a numpy call costs microseconds whatever its
    # size, and a page is a few hundred rows): the same operations on the same float64
    # values, element by element, as a loop over them, so the same figures.
    pad = _CONTEXT_PAD
    e = np.where(open_, scores, 0.0).astype(np.float64)
    padded = np.zeros(n + 2 * pad)
    padded[pad : pad + n] = e
    run = np.concatenate([[0.0], padded.cumsum()])  # run[j] = sum of padded[:j]
    idx = np.arange(n) + pad
    at = idx[:, None]
    low, high = run[at - _WINDOW_WIDTHS], run[at + _WINDOW_WIDTHS + 1]
    around = (high - low - e[:, None]) / (2 * _WINDOW_WIDTHS)
    before = (run[at] - low) / _WINDOW_WIDTHS
    after = (high - run[at + 1]) / _WINDOW_WIDTHS
    out = np.empty((n, len(CONTEXT_NAMES)), dtype=np.float32)
    out[:, : len(CONTEXT_BASE)] = features[:, _CONTEXT_BASE_COLS]
    out[:, _SCORE] = scores
    out[:, _SHIFT_COLS] = padded[at + _SHIFT_OFFSETS]
    out[:, _WINDOW_COLS] = np.stack([around, before, after], axis=2).reshape(n, -1)
    weights = words * open_
    out[:, _WINDOW_COLS.stop] = float((e * weights).sum()) / max(float(weights.sum()), 1.0)
    opened = e[open_]
    out[:, _WINDOW_COLS.stop + 1] = float((opened >= 0.5).mean()) if len(opened) else 0.0
    out[:, _WINDOW_COLS.stop + 2] = np.sort(opened).searchsorted(e) / len(opened) if len(opened) else 0.0
    out[:, _WINDOW_COLS.stop + 3] = np.arange(n) / max(n - 1, 1)
    return out
