"""Gradient-boosted trees in numpy: the shipped model loads and a hand-built tree scores right."""

from __future__ import annotations

import numpy as np

from clean.block_features import FEATURE_NAMES
from clean.html_extract import load_block_model
from clean.trees import TreeModel


def stump(threshold: float) -> TreeModel:
    """One tree: x[0] <= threshold -> -2, else +2."""
    return TreeModel(
        feature=np.array([0, 0, 0], dtype=np.int32),
        threshold=np.array([threshold, 0.0, 0.0]),
        left=np.array([1, 0, 0], dtype=np.int32),
        right=np.array([2, 0, 0], dtype=np.int32),
        leaf=np.array([False, True, True]),
        value=np.array([0.0, -2.0, 2.0]),
        roots=np.array([0], dtype=np.int32),
        baseline=0.0,
        depth=2,
        cutoff=0.5,
        n_features=1,
    )


def test_a_stump_splits_on_its_threshold() -> None:
    scores = stump(0.5).scores(np.array([[0.0], [0.5], [0.9]], dtype=np.float32))
    expected = 1 / (1 + np.exp(-np.array([-2.0, -2.0, 2.0])))
    assert np.allclose(scores, expected)


def test_no_rows_no_scores() -> None:
    assert stump(0.5).scores(np.zeros((0, 1), dtype=np.float32)).shape == (0,)


def test_shipped_model_matches_the_features() -> None:
    model = load_block_model()
    assert model.n_features == len(FEATURE_NAMES)
    scores = model.scores(np.zeros((3, len(FEATURE_NAMES)), dtype=np.float32))
    assert scores.shape == (3,) and ((scores >= 0) & (scores <= 1)).all()
