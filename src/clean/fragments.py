"""Paragraphs that a dump broke at every link put back together.

The scraper's one-liner, BeautifulSoup's `get_text("\\n")`, ends a line at every text
node: a paragraph with two links in it becomes five lines ("The study by", "Harvard
University", ", published on", "Monday", ", found that …"), and "Price:" / "$969.00"
/ "Where to buy:" / "Buy on Amazon" stand where the page showed one line. Such lines
look like menu items to the line model. Dumps of that kind have no blank lines at all
(the one-liner strips them) and show lines that open with the comma or stop of the
phrase a link broke. In such a dump, a line is joined to the one before it when:

- the line before does not end a sentence or a label (`.`, `!`, `?`, `…`, `:`, `;`), and
- the line starts as a continuation does (a comma, a closing bracket, a lower-case
  letter), or the line before ends with one (a comma, an opening bracket, a word that
  cannot end a phrase: "the", "of", "und", "de", …).

Dumps with blank lines between their blocks (html-text, inscriptis, Markdown) and
one-paragraph-a-line dumps (whose lines end their sentences) are left as they are.
On WCXB dev pages rendered that way (`bench/unseen_converters.py`, converter `bs4`):
word F1 0.768 -> 0.805 tune, 0.772 -> 0.803 held out (300 pages).
"""

from __future__ import annotations

import re

__all__ = ["join_fragments"]

# Words that cannot end a phrase, per language: a line ending with one goes on. Only
# words that end no line of chrome either, in any of the languages: "in" ("Sign in"),
# "on", "am" ("11:15 AM"), "die", "a", "de", "en" are left out.
GLUE_WORDS = {
    "en": "the of and or by to with from for that than",
    "de": "der das den dem des ein eine einen einem einer und oder von vom mit zum zur für aus bei",
    "fr": "le les une du et au aux par pour avec dans que qui",
    "es": "los las una unos unas del al por para con que",
}
_GLUE = frozenset(w for words in GLUE_WORDS.values() for w in words.split())
_ENDS = re.compile(r"[.!?…:;][\"'”’»)\]]*$")  # a sentence or a label ends here
_GOES_ON = ",(["  # the line stops mid-phrase when it ends with one of these
_OPENS = "(["  # the line after one of these takes no space
_TIGHT = ",.;:!?)]»”’%"  # a continuation that starts with one of these takes no space
_CLOSES = ",.;:)"  # a line that opens with one of these closed the phrase before it
_MIN_BROKEN = 3  # such lines in a dump that breaks its paragraphs
_MOST_BLANK = 0.05  # a dump with blank lines between at least this share of its lines keeps them
_LAST_WORD = re.compile(r"(\w+)$")


def join_fragments(text: str) -> str:
    """`text` with the lines a fragmenting dump broke out of one paragraph joined again;
    a dump with blank lines between its blocks, as it is."""
    lines = text.split("\n")
    if not _fragmenting(lines):
        return text
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and stripped and _fragment(out[-1], stripped):
            before = out[-1].rstrip()
            tight = stripped[0] in _TIGHT or before[-1] in _OPENS
            out[-1] = before + ("" if tight else " ") + stripped
        else:
            out.append(line)
    return "\n".join(out)


def _fragmenting(lines: list[str]) -> bool:
    """Whether the dump breaks lines inside paragraphs: no blank lines between its
    blocks, and lines that open with the comma or stop that closed a link's phrase
    ("Harvard University" / ", published on"), which no converter that keeps
    paragraphs whole writes (on the WCXB dev pages: 65% of BeautifulSoup dumps show
    three or more, 1-3% of html-text, inscriptis and html2text dumps)."""
    blank = sum(1 for line in lines if not line.strip())
    if blank >= _MOST_BLANK * len(lines):
        return False
    found = 0
    before = ""
    for line in lines:
        stripped = line.strip()
        if stripped and stripped[0] in _CLOSES and before and not _ENDS.search(before):
            found += 1
            if found >= _MIN_BROKEN:
                return True
        before = stripped or before
    return False


def _fragment(before: str, line: str) -> bool:
    """Whether `line` carries on the phrase that `before` left open."""
    before = before.rstrip()
    if not before or _ENDS.search(before):
        return False
    if line[0] in _TIGHT or line[0].islower() or before[-1] in _GOES_ON:
        return True
    last = _LAST_WORD.search(before)
    return last is not None and last.group(1).lower() in _GLUE
