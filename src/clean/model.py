"""Placeholder until the learned model lands: keep lines that read like prose."""

from __future__ import annotations

from .document import Document

__all__ = ["classify_lines"]


def classify_lines(doc: Document) -> Document:
    blocks = list(doc.blocks)
    for i, b in enumerate(blocks):
        if b.kept and len(b.text.split()) < 3 and not b.text.endswith((".", "!", "?")):
            blocks[i] = b.drop("boilerplate")
    return doc.with_blocks(blocks)
