"""Paragraphs that a dump broke into lines put back together: at every link, or at a width.

The scraper's one-liner, BeautifulSoup's `get_text("\\n")`, ends a line at every text
node: a paragraph with two links in it becomes five lines ("The study by", "Harvard
University", ", published by", "The Lancet", ", found that …"). Such lines look like
menu items to the line model. Dumps of that kind have no blank lines at all (the
one-liner strips them) and show lines that open with the comma or stop of the phrase
a link broke. In such a dump, a line is joined to the one before it when:

- the line before does not end a sentence or a label (`.`, `!`, `?`, `…`, `:`, `;`), and
- the line starts as a continuation does (a comma, a closing bracket, a lower-case
  letter), or the line before ends with one (a comma, an opening bracket, a word that
  cannot end a phrase: "the", "of", "und", "pour", …).

A label and its value ("Price:" / "$969.00") stay two lines, as do the blocks of dumps
with blank lines between them (html-text, inscriptis, Markdown) and one-paragraph-a-line
dumps (whose lines end their sentences). On the WCXB dev pages rendered that way
(`bench/unseen_converters.py`, converter `bs4`, overall / articles): tune 0.771 / 0.897
-> 0.808 / 0.921, held out 0.779 / 0.915 -> 0.806 / 0.931.

Hard-wrapped dumps (`lynx -dump`, html2text's default of 78 columns, `fmt`) break every
paragraph at a width; `unwrap` finds the width (most lines fill up to it, almost none
go past it) and joins a line to the next when the next one's first word would not
have fitted. WCXB dev pages, 300 (overall / articles, tune then held out): html2text
at 78 columns 0.747 / 0.852 and 0.767 / 0.890 -> 0.783 / 0.897 and 0.794 / 0.930;
html-text dumps wrapped at 78, 0.782 / 0.884 and 0.794 / 0.887 -> 0.806 / 0.912 and
0.829 / 0.941 (unwrapped: 0.828 / 0.931, 0.821 / 0.948). All 1,497 pages, html2text at
78 columns, now: tune 0.814 / 0.911, held out 0.797 / 0.906.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .endings import ends_clause

__all__ = ["join_fragments", "unwrap", "wrap_width"]

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
_GOES_ON = ",(["  # the line stops mid-phrase when it ends with one of these
_OPENS = "(["  # the line after one of these takes no space
_TIGHT = ",.;:!?)]»”’%"  # a continuation that starts with one of these takes no space
_CLOSES = ",.;:)"  # a line that opens with one of these closed the phrase before it
_MIN_BROKEN = 3  # such lines in a dump that breaks its paragraphs
_MOST_BLANK = 0.05  # a dump with blank lines between at least this share of its lines keeps them
_LAST_WORD = re.compile(r"(\w+)$")
# a byline, however it starts: never the rest of the line before
_BYLINE_START = re.compile(r"(?:(?:written|posted|reviewed|edited|words|story|photos?) )?(?:by|von|par|por)\s+\S")


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
        if stripped and stripped[0] in _CLOSES and before and not ends_clause(before):
            found += 1
            if found >= _MIN_BROKEN:
                return True
        before = stripped or before
    return False


def _fragment(before: str, line: str) -> bool:
    """Whether `line` carries on the phrase that `before` left open."""
    before = before.rstrip()
    if not before or ends_clause(before):  # a sentence or a label ends there
        return False
    if _BYLINE_START.match(line):
        return False  # "34 Top Photography Trends" / "by Taya Iv": a headline and its byline
    if line[0] in _TIGHT or line[0].islower() or before[-1] in _GOES_ON:
        return True
    last = _LAST_WORD.search(before)
    return last is not None and last.group(1).lower() in _GLUE


# --- hard-wrapped dumps ------------------------------------------------------------------

_MIN_WRAPPED_LINES = 10  # lines filled up to the width before a dump counts as wrapped
# of the dump's lines, filled up to within `_BAND` of the width: a page's menus are many
# short lines, so a wrapped article may fill no more than a tenth of them. Found on
# 85% of html2text-78 dumps, 0.3-1% of the others (a page with text wrapped in it)
_FILLED_SHARE = 0.1
_OVER_SHARE = 0.1  # lines longer than the width (html2text leaves list items whole)
_BAND = 10  # a wrapped line ends within this many characters of the width
_PEAK = 2  # and such lines outnumber those in the band below by this factor at least
_WIDTHS = range(60, 161)  # the widths wrappers use: 72, 76, 78, 79, 80, 100, ...
_ITEM = re.compile(r"\s*(?:[*+•-]|\d{1,3}[.)]|#{1,6}|>)(?:\s|$)")  # a new list item, heading or quote
_UNBREAKABLE = re.compile(r"\]\(|\S{40}")
# a line's first word; a Markdown link is one word to a wrapper
_FIRST_WORD = re.compile(r"\s*(\[[^\[\]\n]*\]\([^()\s]*\)\S*|\S+)")


def wrap_width(lines: list[str]) -> int | None:
    """The width a dump was hard-wrapped at (`lynx -dump`, html2text's default 78,
    `fmt`), or None: the width that most lines fill up to, with (almost) none longer.
    A dump that keeps a paragraph on one line has lines far longer than any width."""
    # a line holding a Markdown link or a long URL may run past the width: wrappers
    # do not break those
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip() and not _UNBREAKABLE.search(line))
    if len(lengths) < _MIN_WRAPPED_LINES:
        return None
    best, best_filled = None, 0
    for width in _WIDTHS:
        over = len(lengths) - _count_upto(lengths, width)
        if over > _OVER_SHARE * len(lengths):
            continue
        filled = _count_upto(lengths, width) - _count_upto(lengths, width - _BAND)
        below = _count_upto(lengths, width - _BAND) - _count_upto(lengths, width - 2 * _BAND)
        if filled > best_filled and filled >= _PEAK * below:
            best, best_filled = width, filled
    if best is None or best_filled < max(_MIN_WRAPPED_LINES, _FILLED_SHARE * len(lengths)):
        return None
    return best


def _count_upto(lengths: list[int], limit: int) -> int:
    """How many of the sorted `lengths` are at most `limit`."""
    return bisect_right(lengths, limit)


def unwrap(text: str) -> str:
    """A hard-wrapped dump with each paragraph on one line again; any other text as it is.

    A wrapper ends a line only when the next word would not fit: a line is joined to
    the next when it fills at least half the width and the next line's first word
    would have taken it past the width."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out: list[str] = []
    wrapped = False  # the line before was broken by the wrapper: this one goes on it
    for n, line in enumerate(lines):
        stripped = line.strip()
        if wrapped:
            before = out[-1].rstrip()
            # a wrapper breaks after a hyphen too ("well-" / "known", a URL's "lean-")
            out[-1] = before + ("" if before.endswith("-") else " ") + stripped
        else:
            out.append(line)
        body = line.rstrip()
        wrapped = False
        if n + 1 < len(lines) and width // 2 <= len(body) <= width and not _ITEM.match(lines[n + 1]):
            after = _FIRST_WORD.match(lines[n + 1])
            wrapped = after is not None and len(body) + 1 + len(after.group(1)) > width
    return "\n".join(out)
