"""Turn WCXB dev pages into labelled lines for the line model.

Each text dump is run through the pipeline up to the line model (segment, unglue,
rules, tail, metadata), exactly as `clean_page` does, and every block still
undecided gets the features the model will see and a label: is this line part of
the page's ground-truth main content?

Labelling: the ground truth is plain text, so a line is content when its words
occur there in order. Long lines must be found as a word sequence (or mostly, by
word 3-grams); short lines ("Home", "Share") must match a whole ground-truth line,
or else every menu word that happens to occur in the article would count as content.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from wcxb import Page

from clean.document import Block, Document
from clean.features import page_features
from clean.pipeline import STAGES, classify_lines
from clean.segment import segment

_WORD = re.compile(r"\w+")
_SHORT = 4


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@dataclass
class Truth:
    flat: str
    lines: set[str]
    long_lines: list[str]
    grams: set[tuple[str, ...]]

    @classmethod
    def of(cls, main_content: str) -> Truth:
        lines = [_norm(x) for x in main_content.splitlines() if x.strip()]
        words = " ".join(lines).split()
        return cls(
            flat=" " + " ".join(lines) + " ",
            lines=set(lines),
            long_lines=[x for x in lines if x],
            grams=set(zip(words, words[1:], words[2:], strict=False)),
        )

    def label(self, text: str) -> bool:
        norm = _norm(text)
        if not norm:
            return False
        words = norm.split()
        if len(words) <= _SHORT:
            if norm in self.lines:
                return True
            return any(norm in x and len(x) <= 2 * len(norm) + 8 for x in self.long_lines)
        if f" {norm} " in self.flat:
            return True
        grams = list(zip(words, words[1:], words[2:], strict=False))
        return sum(g in self.grams for g in grams) >= 0.5 * len(grams)


def prepare(doc_text: str) -> Document:
    """The pipeline's stages before the line model, as `clean_page` runs them."""
    doc = Document(blocks=tuple(segment(doc_text)))
    for stage in STAGES:
        if stage is classify_lines:
            break
        doc = stage(doc)
    return doc


@dataclass
class PageLines:
    file_id: str
    converter: str
    page_type: str
    split: str
    features: npt.NDArray[np.float32]
    labels: npt.NDArray[np.bool_]
    words: npt.NDArray[np.float32]
    open_: npt.NDArray[np.bool_]  # blocks the model decides (no rule took them)
    texts: list[str]
    main_content: str


def page_lines(page: Page, converter: str) -> PageLines:
    return _lines(page, converter, page.dump(converter))


def clean_page_lines(page: Page, converter: str) -> PageLines:
    """The same page as `clean` will print it once it is clean: its content lines only,
    one paragraph each. Training on these teaches the model that a page of prose with
    no chrome around it is all article, which is what makes cleaning idempotent
    (cleaning the output again removes nothing) without a special case."""
    raw = page_lines(page, converter)
    text = "\n\n".join(t for t, y in zip(raw.texts, raw.labels, strict=True) if y)
    return _lines(page, converter + "/clean", text)


def _lines(page: Page, converter: str, text: str) -> PageLines:
    doc = prepare(text)
    blocks: tuple[Block, ...] = doc.blocks
    truth = Truth.of(page.main_content)
    return PageLines(
        file_id=page.file_id,
        converter=converter,
        page_type=page.page_type,
        split=page.split,
        features=page_features(blocks),
        labels=np.array([truth.label(b.text) for b in blocks], dtype=bool),
        words=np.array([len(b.text.split()) for b in blocks], dtype=np.float32),
        open_=np.array([b.kept for b in blocks], dtype=bool),
        texts=[b.text for b in blocks],
        main_content=page.main_content,
    )
