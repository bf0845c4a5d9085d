"""Gradient-boosted decision trees, evaluated with numpy alone.

The HTML block classifier is a scikit-learn `HistGradientBoostingClassifier` at
training time (`training/train_blocks.py`); what ships is its trees flattened into a
few arrays, so the package needs numpy at run time, not scikit-learn. Trees suit the
block features: a mix of flags and skewed counts where a threshold on one feature
("link density above 0.6, inside a `<nav>`") says more than a weighted sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

__all__ = ["TreeModel", "load_trees"]


@dataclass(frozen=True)
class TreeModel:
    """All trees' nodes in flat arrays; `roots[t]` is tree t's first node, children are global indices."""

    feature: npt.NDArray[np.int32]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    leaf: npt.NDArray[np.bool_]
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.int32]
    baseline: float
    depth: int
    cutoff: float  # decision threshold on the probability, chosen at training time
    n_features: int

    def scores(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Probability that each row is article text."""
        if len(x) == 0:
            return np.zeros(0)
        if x.shape[1] != self.n_features:
            raise ValueError(f"the block model reads {self.n_features} features, got {x.shape[1]}")
        return self._probability(self.leaves(np.nan_to_num(x.astype(np.float64))))

    def leaves(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """The leaf each row reaches in each tree (rows x trees).

        Every (row, tree) pair walks down one level per step, and pairs that reached
        their leaf leave the walk: most leaves are a few levels deep while the deepest
        is 20 or more, so stepping all pairs to the deepest level (as `walk_all` does)
        did several times the work. Leaves lead to themselves (`_walk_arrays`), so the
        pairs take two steps between the checks for who is done: sorting them out after
        every step cost more than the steps it saved. A value equal to a node's
        threshold goes left, as in scikit-learn (the features have no NaN: `scores`
        zeroes them). `np.take` is numpy's indexing by an index array, a little cheaper.
        """
        take = np.take
        n, trees = len(data), len(self.roots)
        flat = data.ravel()
        children, feature, threshold, leaf = self._walk_arrays
        node = np.tile(self.roots.astype(np.intp), n)  # pair k is row k // trees, tree k % trees
        active = np.flatnonzero(~take(leaf, node))
        offset = (active // trees) * data.shape[1]  # where each active pair's row starts in `flat`
        at = take(node, active)
        while len(active):
            for _ in range(2):
                at = take(children, 2 * at + (take(flat, offset + take(feature, at)) > take(threshold, at)))
            node[active] = at
            inner = ~take(leaf, at)
            active, offset, at = active[inner], offset[inner], at[inner]
        return node.reshape(n, trees)

    @cached_property
    def _walk_arrays(
        self,
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """(children, feature, threshold, leaf) for `leaves`: node i's left child at 2i, right at
        2i + 1, indices as numpy's own index type (an int32 index is converted on every use).
        A leaf's children are itself and its feature 0, so a step from a leaf stays there."""
        children = np.stack([self.left, self.right], axis=1).astype(np.intp).ravel()
        feature = self.feature.astype(np.intp)
        leaves = np.flatnonzero(self.leaf)
        children[2 * leaves] = leaves
        children[2 * leaves + 1] = leaves
        feature[leaves] = 0
        return children, feature, self.threshold, self.leaf

    def walk_all(self, data: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """`leaves` the plain way, all pairs in step until every one is at a leaf (the reference)."""
        rows = np.arange(len(data))[:, None]
        node = np.broadcast_to(self.roots, (len(data), len(self.roots))).copy()
        for _ in range(self.depth):
            done = self.leaf[node]
            if done.all():
                break
            go_left = data[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(done, node, np.where(go_left, self.left[node], self.right[node]))
        return node.astype(np.intp)

    def _probability(self, node: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        raw = self.value[node].sum(axis=1) + self.baseline
        out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(raw, -30.0, 30.0)))
        return out


@lru_cache(maxsize=4)
def load_trees(name: str) -> TreeModel:
    """A shipped tree model from `clean/data/`, read once per process (it is immutable)."""
    with resources.files("clean").joinpath(f"data/{name}").open("rb") as fh:
        data = np.load(fh)
        return TreeModel(
            feature=data["feature"].astype(np.int32),
            threshold=data["threshold"].astype(np.float64),
            left=data["left"].astype(np.int32),
            right=data["right"].astype(np.int32),
            leaf=data["leaf"].astype(np.bool_),
            value=data["value"].astype(np.float64),
            roots=data["roots"].astype(np.int32),
            baseline=float(data["baseline"]),
            depth=int(data["depth"]),
            cutoff=float(data["cutoff"]),
            n_features=int(data["n_features"]),
        )
