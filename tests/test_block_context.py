"""The second look's columns: where a block stands among the first look's verdicts."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from clean.block_context import CONTEXT_NAMES, context_features
from clean.block_features import FEATURE_NAMES

_WORDS = FEATURE_NAMES.index("log-words")


def page(words: list[int]) -> np.ndarray:
    x = np.zeros((len(words), len(FEATURE_NAMES)), dtype=np.float32)
    x[:, _WORDS] = np.log1p(words)
    return x


def column(out: np.ndarray, name: str) -> np.ndarray:
    return out[:, len(FEATURE_NAMES) + CONTEXT_NAMES.index(name)]


def test_the_first_features_come_first_and_the_context_after() -> None:
    x = page([5, 40, 60, 3])
    out = context_features(x, np.array([0.1, 0.9, 0.8, 0.2]), 0.5)
    assert out.shape == (4, len(FEATURE_NAMES) + len(CONTEXT_NAMES))
    assert np.array_equal(out[:, : len(FEATURE_NAMES)], x)
    assert np.allclose(column(out, "score"), [0.1, 0.9, 0.8, 0.2])
    assert np.allclose(column(out, "before-1"), [0.0, 0.1, 0.9, 0.8])
    assert np.allclose(column(out, "after-1"), [0.9, 0.8, 0.2, 0.0])


def test_blocks_after_the_kept_run_know_they_are_after_it() -> None:
    # a run of kept article text, then a teaser list the first look half-kept
    out = context_features(page([50, 50, 50, 8, 8, 8]), np.array([0.9, 0.9, 0.9, 0.6, 0.2, 0.2]), 0.5)
    after = column(out, "kept-after")
    assert after[0] > after[2] > 0 and np.allclose(after[4:], 0.0)
    assert np.allclose(column(out, "in-core")[:3], 1.0) and np.allclose(column(out, "in-core")[4:], 0.0)
    assert (column(out, "log-core-distance")[4:] > 0).all()


def test_a_page_with_nothing_kept_has_no_core() -> None:
    out = context_features(page([10, 10]), np.array([0.1, 0.2]), 0.5)
    assert np.allclose(column(out, "in-core"), 0.0) and np.allclose(column(out, "page-kept"), 0.0)


def test_no_blocks_no_rows() -> None:
    out = context_features(np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32), np.zeros(0), 0.5)
    assert out.shape == (0, len(FEATURE_NAMES) + len(CONTEXT_NAMES))


@settings(derandomize=True, database=None, max_examples=60)
@given(
    rows=st.lists(st.tuples(st.integers(0, 300), st.floats(0.0, 1.0)), min_size=1, max_size=40),
    cutoff=st.floats(0.05, 0.95),
)
def test_context_columns_are_finite_and_shares_stay_in_range(rows: list[tuple[int, float]], cutoff: float) -> None:
    words, scores = zip(*rows, strict=True)
    out = context_features(page(list(words)), np.array(scores), cutoff)
    assert np.isfinite(out).all()
    for name in ("kept-before", "kept-after", "page-kept", "score-rank", "in-core"):
        values = column(out, name)
        assert ((values >= -1e-6) & (values <= 1 + 1e-6)).all(), name
