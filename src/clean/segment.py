"""Cut a text page into blocks: one per line, remembering its layout.

Text dumps of web pages put each block element on its own line; converters differ in
whether they add blank lines, indentation or bullets. That layout is evidence
(a bulleted, indented run of short lines is a menu), so we keep it on the block and
strip it from the text. Normalisation (`normalize.py`) runs over the whole page at
once, which is several times faster than line by line.
"""

from __future__ import annotations

import re

from .deadline import check
from .document import Block, make_block
from .normalize import normalize_text

__all__ = ["segment"]

_BULLETS = "*+•·▪◦‣○●■□-–"
_WIDE_GAP = re.compile(r"\S(?: {3,}|\t)(?=\S)")
_GAPS = re.compile(r"[ \t]{2,}|\t")
_SPACES = re.compile(
    "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)


def segment(text: str) -> list[Block]:
    """Lines to blocks; blank lines become `gap_before` on the next block."""
    blocks: list[Block] = []
    gap = False
    for number, raw in enumerate(normalize_text(text, keep_indent=True, keep_gaps=True).split("\n")):
        if number % 512 == 0:
            check()
        line = raw.lstrip(" ")
        if not line:
            gap = True
            continue
        indent = len(raw) - len(line)
        bullet = False
        if line[0] in _BULLETS and line[1:2] == " ":
            bullet = True
            line = line[2:].lstrip(" ")
            if not line:
                gap = True
                continue
        cells = 0
        if "  " in line or "\t" in line:
            cells = len(_WIDE_GAP.findall(line))
            line = _GAPS.sub(" ", line)
        blocks.append(make_block(line, number, gap, indent, bullet, cells, None, None))
        gap = False
    return blocks
