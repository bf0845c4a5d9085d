"""How a line ends: like a sentence ("... the river." / "... she said.”"), or like a clause.

Every stage asks it of every line (is it prose? a heading? a label?). The definitions are
the two regexes below; `ends_sentence` and `ends_clause` give their answers by reading the
last few characters, where `re.search` tries every position of the line first (a
paragraph is hundreds of them). Property-tested to agree on any text.
"""

from __future__ import annotations

import re

__all__ = ["ENDS_CLAUSE", "ENDS_SENTENCE", "ends_clause", "ends_sentence"]

ENDS_SENTENCE = re.compile(r"[.!?…]['\"”’»)\]]*$")  # a stop, then closing quotes and brackets
# also ":" and ";", and a closer may follow a space: French sets guillemets off ("… dit-il. »"),
# and a paragraph-like line is what the model's mending and the empty-page rescue look for
ENDS_CLAUSE = re.compile(r"[.!?…:;](?:\s?['\"”’»)\]])*$")

_CLOSERS = "'\"”’»)]"


def _ends(text: str, stops: str) -> bool:
    # `$` also matches before a final newline; a closer is never a stop, so the last
    # character before the closing run decides
    if text.endswith("\n"):
        text = text[:-1]
    body = text.rstrip(_CLOSERS)
    return bool(body) and body[-1] in stops


def ends_sentence(text: str) -> bool:
    """`ENDS_SENTENCE.search(text) is not None`."""
    return _ends(text, ".!?…")


def ends_clause(text: str) -> bool:
    """`ENDS_CLAUSE.search(text) is not None`."""
    if text.endswith("\n"):
        text = text[:-1]
    i = len(text)
    while i and text[i - 1] in _CLOSERS:
        i -= 1
        if i and text[i - 1].isspace():  # the one space a closer may have before it
            i -= 1
    return bool(i) and text[i - 1] in ".!?…:;"
