"""The learned line model: decides the lines no named rule is sure about.

Small multilayer perceptrons, trained on the WCXB dev pages (Foley 2026, CC-BY-4.0) by
`training/train_lines.py`, shipped as `data/lines-model.npz` (float32 weights),
evaluated with numpy. They come in pairs: the first scores each line from its own shape
and its neighbours' (`features.page_features`); the second judges it again through the
first one's scores around it (`features.context_features`), so that a line of a list is
judged with its list rather than alone: on a directory page the first stage alone kept
every other address. The second stage adds about 0.008 word-F1 on the held-out line
proxy.

Three pairs ship, trained alike but from three seeds, and a line's probability is the
mean of theirs. One pair's held-out figure moves by about 0.003 from seed to seed, so a
single retrain was a draw (the pair shipped before was a lucky one that `make train`
could not give back): the mean of three scores at least the best draw (0.805 on
held-out lines, against 0.801-0.804 for each pair), and `make train` rebuilds it.
A line it rejects is reported under the named rule that recognised it if one did
(`hint`), else as `boilerplate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from .document import Document, words
from .endings import CLOSERS, ends_sentence
from .features import CONTEXT_NAMES, FEATURE_NAMES, context_features, page_features
from .metadata import is_body_text

__all__ = ["LineModel", "LineModels", "classify_lines", "load_models"]


@dataclass(frozen=True)
class LineModel:
    mean: npt.NDArray[np.float32]
    scale: npt.NDArray[np.float32]
    weights: tuple[npt.NDArray[np.float32], ...]
    biases: tuple[npt.NDArray[np.float32], ...]
    threshold: float

    def scores(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Probability that each row is article text."""
        h = (x - self.mean) / self.scale
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = _matmul(h, w) + b
            if i < last:
                np.maximum(h, 0.0, out=h)
        logit = np.minimum(np.maximum(h[:, 0], -30.0), 30.0)  # np.clip, without its Python wrappers
        out: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-logit))).astype(np.float32)
        return out


_SINGLE_THREAD_WORK = 200_000  # below OpenBLAS's threading threshold (4 x 65536 multiply-adds)


def _matmul(x: npt.NDArray[np.float32], w: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """x @ w in row chunks small enough that BLAS stays on this thread.

    A page is a few hundred rows: spinning up BLAS threads for it costs more than the
    product, and on a busy machine (a crawl runs one worker per core) it cost 30x.
    """
    step = max(1, _SINGLE_THREAD_WORK // max(w.shape[0] * w.shape[1], 1))
    if len(x) <= step:
        return x @ w
    out = np.empty((len(x), w.shape[1]), dtype=np.result_type(x, w))
    for i in range(0, len(x), step):  # each chunk's product written in place (no stack of copies)
        np.matmul(x[i : i + step], w, out=out[i : i + step])
    return out


def _mend_runs(open_: list[int], body: list[bool], keep: list[bool]) -> None:
    """Prose next to kept prose stays: in each run of body paragraphs that follow one
    another among the open lines (`body[k]` for `open_[k]`), one kept paragraph keeps
    them all. The fixpoint of mending neighbours pair by pair until nothing changes,
    in one pass (values only ever turn True, so a run ends all kept or as it was)."""
    run: list[int] = []
    for i, is_body in zip([*open_, -1], [*body, False], strict=True):
        if is_body:
            run.append(i)
            continue
        if len(run) > 1 and any(keep[j] for j in run):
            for j in run:
                keep[j] = True
        run = []


def _is_sentence(text: str) -> bool:
    return len(text.split()) >= _MIN_SENTENCE_WORDS and ends_sentence(text)


_MIN_SENTENCE_WORDS = 4
_SHORT_PAGE_LINES = 12
_LONG_PROSE_WORDS = 40
_INNER_SENTENCE_END = re.compile(rf"\w[.!?…][{re.escape(CLOSERS)}]?\s+\S")  # a stop, a closer, more text


def _is_long_prose(text: str) -> bool:
    """A long paragraph of several sentences, whatever its last characters: a post that
    ends in hashtags or an emoji is prose all the same."""
    return len(text.split()) >= _LONG_PROSE_WORDS and len(_INNER_SENTENCE_END.findall(text)) >= 2


def _read(data: np.lib.npyio.NpzFile, prefix: str, width: int, threshold: float) -> LineModel:
    n = sum(1 for k in data.files if k.startswith(f"{prefix}w"))
    model = LineModel(
        mean=data[f"{prefix}mean"],
        scale=np.where(data[f"{prefix}scale"] == 0, 1.0, data[f"{prefix}scale"]).astype(np.float32),
        weights=tuple(data[f"{prefix}w{i}"] for i in range(n)),
        biases=tuple(data[f"{prefix}b{i}"] for i in range(n)),
        threshold=threshold,
    )
    if model.mean.shape[0] != width:
        raise RuntimeError("the shipped line model does not match the features: retrain (make train)")
    return model


@dataclass(frozen=True)
class LineModels:
    """The shipped pairs of stages (first, second), each pair from its own seed."""

    pairs: tuple[tuple[LineModel, LineModel], ...]
    threshold: float  # keep a line whose mean probability is at least this

    def scores(
        self, features: npt.NDArray[np.float32], is_open: npt.NDArray[np.bool_], counts: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        """Probability that each line is article text: the mean of the pairs' second
        stages. `features` are `page_features` rows, `is_open` the lines no rule took,
        `counts` their words (the second stage reads them through `context_features`)."""
        total = np.zeros(len(features), dtype=np.float32)
        for first, second in self.pairs:
            total += second.scores(context_features(features, first.scores(features), is_open, counts))
        out: npt.NDArray[np.float32] = total / np.float32(len(self.pairs))
        return out


@lru_cache(maxsize=1)
def load_models() -> LineModels:
    """The shipped pairs, read once per process (they are immutable)."""
    with resources.files("clean").joinpath("data/lines-model.npz").open("rb") as fh:
        data = np.load(fh)
        threshold = float(data["threshold"])
        pairs = tuple(
            (
                _read(data, f"m{k}_", len(FEATURE_NAMES), threshold),
                _read(data, f"m{k}_context_", len(CONTEXT_NAMES), threshold),
            )
            for k in range(int(data["members"]))
        )
    return LineModels(pairs=pairs, threshold=threshold)


def classify_lines(doc: Document) -> Document:
    """Score the lines no rule took, drop the unlikely ones, then mend broken runs of prose.

    The model knows that the first and last lines of a page are mostly chrome, and so
    now and then drops the last paragraph of an article that has no chrome after it.
    Prose next to kept prose is article text: a paragraph-like line (see
    `metadata.is_body`) that the model alone rejected is kept again when its nearest
    undecided neighbour is a kept paragraph. On the WCXB held-out split this is
    neutral to slightly positive (+0.003 word-F1), and it keeps articles whole.
    """
    open_ = [i for i, b in enumerate(doc.blocks) if b.rule is None]
    if not open_:
        return doc
    features = page_features(doc.blocks, doc.memo)
    is_open = np.zeros(len(doc.blocks), dtype=bool)
    is_open[open_] = True
    n_words = doc.memo.of(words)
    counts = np.fromiter((n_words[b.text] for b in doc.blocks), dtype=np.float32, count=len(doc.blocks))
    models = load_models()
    keep = (models.scores(features, is_open, counts) >= models.threshold).tolist()
    prose = doc.memo.of(is_body_text)
    _mend_runs(open_, [prose[doc.blocks[i].text] for i in open_], keep)
    sentence = doc.memo.of(_is_sentence)
    if len(open_) <= _SHORT_PAGE_LINES:
        # On a short page the model has little context: it takes the last line of a
        # page for chrome, so of two sentences it may keep one. Sentences (the C4 rule:
        # terminal punctuation and a few words) that follow one another stay together
        # when one of them is kept; and if the model rejects every sentence, a page
        # whose only prose is a few sentences is all article, so they all stay.
        # Lines a named rule recognised (a hint) stay with the model's verdict.
        plain = [not doc.blocks[i].hint and sentence[doc.blocks[i].text] for i in open_]
        if any(keep[i] and s for i, s in zip(open_, plain, strict=True)):
            _mend_runs(open_, plain, keep)
        else:
            for i, s in zip(open_, plain, strict=True):
                keep[i] = keep[i] or s
    if not any(keep[i] for i in open_):
        # The model has rejected the whole page. A page whose chrome the rules did not
        # name and whose prose the model did not trust is still a page of prose: its
        # paragraphs (long lines ending like sentences, or of several sentences) that no
        # rule recognised stay. Pages that are only chrome (a login wall, a 404) keep
        # nothing, as before.
        long_prose = doc.memo.of(_is_long_prose)
        for i in open_:
            text = doc.blocks[i].text
            keep[i] = not doc.blocks[i].hint and (prose[text] or long_prose[text])
    blocks = list(doc.blocks)
    for i in open_:
        if not keep[i]:
            blocks[i] = blocks[i].drop(blocks[i].hint or "boilerplate")
    return doc.with_blocks(blocks)
