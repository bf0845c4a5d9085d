"""The block model's second look: each block beside the first look's verdicts around it.

One block's markup and text often cannot tell a testimonial, a teaser list or a
"customers also bought" row from the article; where it sits among the blocks the first
model keeps can. Article text comes in one run, and what follows the last of it
(reviews, related links, offers) or precedes the first (a bio, a site blurb) is rarely
more of it. The second model reads the first one's scores of the neighbours, the page's
overall verdict, and where the block stands against the run of kept words. Trained on
out-of-fold first-stage scores (`training/train_blocks.py`), it learns how the first
stage errs on sites it has not seen.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .block_features import FEATURE_NAMES

__all__ = ["CONTEXT_NAMES", "context_features"]

_NEAR = (1, 2, 3)  # neighbours read one by one, before and after
_WINDOWS = (3, 10)  # neighbourhoods read as mean scores
_PAD = max(max(_NEAR), max(_WINDOWS))
_CORE = 0.05  # the run of kept words: from where 5% of them lie before to where 5% lie after
_LOG_WORDS = FEATURE_NAMES.index("log-words")

CONTEXT_NAMES: tuple[str, ...] = (
    "score",
    *(f"{side}-{d}" for d in _NEAR for side in ("before", "after")),
    *(f"window-{w}" for w in _WINDOWS),
    "page-score",
    "page-kept",
    "kept-before",
    "kept-after",
    "in-core",
    "log-core-distance",
    "log-core-blocks",
    "score-rank",
)


def context_features(
    features: npt.NDArray[np.float32], scores: npt.NDArray[np.float64], cutoff: float
) -> npt.NDArray[np.float32]:
    """The first stage's features with the CONTEXT_NAMES columns added (first-stage `scores`,
    kept at `cutoff`)."""
    n = len(scores)
    if n == 0:
        return np.zeros((0, features.shape[1] + len(CONTEXT_NAMES)), dtype=np.float32)
    s = scores.astype(np.float64)
    words = np.expm1(features[:, _LOG_WORDS].astype(np.float64))
    kept_words = words * (s >= cutoff)
    total_kept = max(float(kept_words.sum()), 1.0)
    after_self = np.cumsum(kept_words) / total_kept  # share of kept words up to and including the block
    before = after_self - kept_words / total_kept
    padded = np.concatenate([np.zeros(_PAD), s, np.zeros(_PAD)])
    idx = np.arange(n)
    cols = [s]
    for d in _NEAR:
        cols += [padded[_PAD - d : _PAD - d + n], padded[_PAD + d : _PAD + d + n]]
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    for w in _WINDOWS:
        cols.append((sums[idx + _PAD + w + 1] - sums[idx + _PAD - w] - s) / (2 * w))
    cols.append(np.full(n, float((s * words).sum()) / max(float(words.sum()), 1.0)))
    cols.append(np.full(n, float(kept_words.sum()) / max(float(words.sum()), 1.0)))
    cols += [before, 1.0 - after_self]
    if kept_words.any():
        first, last = int(np.searchsorted(after_self, _CORE)), int(np.searchsorted(after_self, 1.0 - _CORE))
    else:
        first, last = n, -1
    distance = np.where(idx < first, first - idx, np.where(idx > last, idx - last, 0))
    cols.append(((idx >= first) & (idx <= last)).astype(np.float64))
    cols.append(np.log1p(distance))
    cols.append(np.full(n, np.log1p(max(last - first + 1, 0))))
    cols.append(np.argsort(np.argsort(-s, kind="stable"), kind="stable") / n)
    return np.hstack([features, np.column_stack(cols)]).astype(np.float32)
