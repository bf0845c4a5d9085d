"""How a line ends: like a sentence ("... the river." / "... she said.”"), or like a clause.

Every stage asks it of every line (is it prose? a heading? a label?). The definitions are
the two regexes below; `ends_sentence` and `ends_clause` give their answers by reading the
last few characters, where `re.search` tries every position of the line first (a
paragraph is hundreds of them). Property-tested to agree on any text.
"""

from __future__ import annotations

import re

__all__ = ["CLOSERS", "ENDS_CLAUSE", "ENDS_SENTENCE", "ends_clause", "ends_sentence"]

# What may close a sentence after its stop: quotes and brackets, in the typography of
# each language: ” ’ in English, » › in French, “ ‘ in German („So ist es.“, ‚ja.‘) and
# « ‹ for German guillemets (»So ist es.«, ›ja.‹).
CLOSERS = "'\"”’»)]“‘«›‹"
_CLOSE = "[" + re.escape(CLOSERS) + "]"
ENDS_SENTENCE = re.compile(rf"[.!?…]{_CLOSE}*$")  # a stop, then closing quotes and brackets
# also ":" and ";", and a closer may follow a space: French sets guillemets off ("… dit-il. »"),
# and a paragraph-like line is what the model's mending and the empty-page rescue look for
ENDS_CLAUSE = re.compile(rf"[.!?…:;](?:\s?{_CLOSE})*$")


def _ends(text: str, stops: str) -> bool:
    # `$` also matches before a final newline; a closer is never a stop, so the last
    # character before the closing run decides
    if text.endswith("\n"):
        text = text[:-1]
    body = text.rstrip(CLOSERS)
    return bool(body) and body[-1] in stops


def ends_sentence(text: str) -> bool:
    """`ENDS_SENTENCE.search(text) is not None`."""
    return _ends(text, ".!?…")


def ends_clause(text: str) -> bool:
    """`ENDS_CLAUSE.search(text) is not None`."""
    if text.endswith("\n"):
        text = text[:-1]
    i = len(text)
    while i and text[i - 1] in CLOSERS:
        i -= 1
        if i and text[i - 1].isspace():  # the one space a closer may have before it
            i -= 1
    return bool(i) and text[i - 1] in ".!?…:;"
