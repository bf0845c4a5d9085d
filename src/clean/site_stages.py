"""Pipeline stages that apply a user's rules file (`siterules.py`) to one page's blocks.

They run before the built-in stages, so a line the user named is removed under the
user's rule name, and a known author's byline is lifted before the generic byline
heuristics (which only trust "By ..." shapes) get to guess.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .document import Document
from .rules import RuleBook

__all__ = ["drop_user_lines", "known_bylines"]

_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|text|texte|written by|author|autor|auteur)\s*:?\s+", re.I)
_NAME_SEP = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|/|\||·|•|-|–|—)\s*", re.I)
_BYLINE_MAX_WORDS = 16


def drop_user_lines(doc: Document, book: RuleBook) -> Document:
    """Drop every kept line one of the user's rules matches, under that rule's name."""
    blocks = list(doc.blocks)
    changed = False
    for i, block in enumerate(blocks):
        if not block.kept:
            continue
        rule = book.match(block.text, len(block.text.split()))
        if rule is not None:
            blocks[i] = block.but(rule=rule.name, hint="")
            changed = True
    return doc.with_blocks(blocks) if changed else doc


def known_bylines(doc: Document, names: tuple[str, ...]) -> Document:
    """Lift lines that credit only known authors ("By Jane Doe and John Roe", "Jane Doe")
    as `byline`, and make those names the authors when none were found yet.

    A line qualifies when, after an optional "By"-style label, every piece between name
    separators is one of the known names (case-insensitive): a sentence that mentions
    an author has other words in it and stays article text.
    """
    if not names:
        return doc
    known = {n.casefold(): n for n in names}
    blocks = list(doc.blocks)
    found: list[str] = []
    for i, block in enumerate(blocks):
        text = block.text.strip()
        # like metadata.py, also look at lines only the line model dropped: bylines look like chrome to it
        if block.rule not in (None, "boilerplate") or len(text.split()) > _BYLINE_MAX_WORDS:
            continue
        parts = [p.strip(" .") for p in _NAME_SEP.split(_BY_PREFIX.sub("", text)) if p.strip(" .")]
        if parts and all(p.casefold() in known for p in parts):
            blocks[i] = block.drop("byline")
            found += [known[p.casefold()] for p in parts]
    if not found:
        return doc
    meta = doc.meta if doc.meta.authors else replace(doc.meta, authors=tuple(dict.fromkeys(found)))
    return replace(doc.with_blocks(blocks), meta=meta)
