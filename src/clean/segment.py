"""Cut a text page into blocks: one per line, remembering its layout.

Text dumps of web pages put each block element on its own line; converters differ in
whether they add blank lines, indentation or bullets. That layout is evidence
(a bulleted, indented run of short lines is a menu), so we keep it on the block and
strip it from the text.
"""

from __future__ import annotations

import re

from .document import Block
from .normalize import normalize_line

__all__ = ["segment"]

_BULLET = re.compile(r"^(?:[*+•·▪◦‣○●■□-]|\d{1,3}[.)])\s+")
_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")


def segment(text: str) -> list[Block]:
    """Lines to blocks; blank lines become `gap_before` on the next block."""
    blocks: list[Block] = []
    gap = False
    for number, raw in enumerate(_BREAKS.sub("\n", text).split("\n")):
        stripped = raw.lstrip(" \t\u00a0")
        indent = len(raw) - len(stripped)
        line = normalize_line(stripped)
        if not line:
            gap = True
            continue
        bullet = False
        match = _BULLET.match(line)
        if match and line[0] in "*+•·▪◦‣○●■□-":
            bullet = True
            line = line[match.end() :]
            if not line:
                gap = True
                continue
        blocks.append(Block(text=line, line=number, gap_before=gap, indent=indent, bullet=bullet))
        gap = False
    return blocks
