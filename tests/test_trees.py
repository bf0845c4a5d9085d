"""Gradient-boosted trees in numpy: the shipped model loads and a hand-built tree scores right."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from clean.block_context import CONTEXT_NAMES
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
    first, second = load_block_model()
    assert first.n_features == len(FEATURE_NAMES)
    assert second.n_features == len(FEATURE_NAMES) + len(CONTEXT_NAMES)
    for model in (first, second):
        scores = model.scores(np.zeros((3, model.n_features), dtype=np.float32))
        assert scores.shape == (3,) and ((scores >= 0) & (scores <= 1)).all()


def random_forest(seed: int, trees: int, features: int) -> TreeModel:
    """Random trees of random shapes: each inner node splits on a random feature and threshold."""
    rng = np.random.default_rng(seed)
    nodes: list[list[float]] = []  # [feature, threshold, left, right, leaf]
    roots: list[int] = []
    depth = 1

    def new_leaf() -> int:
        nodes.append([0, 0.0, 0, 0, True])
        return len(nodes) - 1

    for _ in range(trees):
        roots.append(new_leaf())
        stack = [(roots[-1], 1)]
        while stack:
            at, level = stack.pop()
            depth = max(depth, level)
            if level > 6 or rng.random() < 0.3:
                continue  # stays a leaf
            split = float(rng.choice([0.0, 0.5, 1.0, rng.normal()]))
            nodes[at] = [int(rng.integers(features)), split, new_leaf(), new_leaf(), False]
            stack += [(int(nodes[at][2]), level + 1), (int(nodes[at][3]), level + 1)]
    table = np.array(nodes, dtype=np.float64)
    return TreeModel(
        feature=table[:, 0].astype(np.int32),
        threshold=table[:, 1],
        left=table[:, 2].astype(np.int32),
        right=table[:, 3].astype(np.int32),
        leaf=table[:, 4].astype(bool),
        value=rng.normal(size=len(nodes)),
        roots=np.array(roots, dtype=np.int32),
        baseline=0.1,
        depth=depth,
        cutoff=0.5,
        n_features=features,
    )


@settings(derandomize=True, database=None, max_examples=60)
@given(seed=st.integers(0, 2**32 - 1), trees=st.integers(1, 12), features=st.integers(1, 5), rows=st.integers(1, 40))
def test_leaves_match_the_plain_walk(seed: int, trees: int, features: int, rows: int) -> None:
    model = random_forest(seed, trees, features)
    rng = np.random.default_rng(seed + 1)
    # values on the thresholds too: a tie goes left
    data = rng.choice([0.0, 0.5, 1.0, -1.0, rng.normal()], size=(rows, features))
    assert (model.leaves(data) == model.walk_all(data)).all()


@settings(derandomize=True, database=None, max_examples=30)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 60))
def test_the_shipped_model_walks_as_the_plain_walk(seed: int, rows: int) -> None:
    model = load_block_model()[0]
    rng = np.random.default_rng(seed)
    data = (rng.random((rows, model.n_features)) < 0.3) * rng.choice([1.0, rng.random()], size=(rows, model.n_features))
    assert (model.leaves(data) == model.walk_all(data)).all()
