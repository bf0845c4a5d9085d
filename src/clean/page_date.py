"""The page's date as htmldate finds it, for a fraction of htmldate's cost.

`html_meta` asks htmldate for the date of a page whose markup fields state none
(`find_date(tree, original_date=True, extensive_search=True)`). On about half of those
pages htmldate ends in its last resort, `search_page`: ten regular expressions run over
the whole serialized page (190 kB on average on the WCXB pages), about 50 ms a call,
and most of these calls end in a copyright year, which `html_meta` throws away. That
was a quarter of HTML mode's time.

Every one of those expressions can only match next to a run of digits (the numeric date
patterns), at a year after a word (the month-name pattern) or after a copyright sign.
`date_windows` keeps just those parts of the page, each with all the context the
patterns can read around it, joined by a character none of them can match, so every
expression finds exactly the matches it finds on the whole page, in the same order:
`search_page` gives the same answer on a text about 4% as long (3 ms for the windows,
3 ms for the search on the WCXB pages).

`find_original_date` is htmldate's `find_date` with those arguments, step by step
(htmldate's own functions, in its order), with that one change. The steps are those of
the htmldate version named in `_STEPS_OF`; with any other version it calls htmldate's
`find_date` itself. tests/test_page_date.py checks both the windows and the whole
function against htmldate.
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import datetime

import htmldate
from htmldate import find_date
from htmldate.core import (
    TIMESTAMP_PATTERN,
    compare_reference,
    date_candidates,
    examine_abbr_elements,
    examine_elements,
    examine_header,
    examine_time_elements,
    search_page,
    serialize,
)
from htmldate.extractors import (
    FREE_TEXT_EXPRESSIONS,
    discard_unwanted,
    extract_url_date,
    idiosyncrasies_search,
    img_search,
    json_search,
    pattern_search,
)
from htmldate.settings import CLEANING_LIST, MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor, clean_html, load_html
from htmldate.validators import check_extracted_reference, get_max_date, get_min_date
from lxml import etree  # type: ignore[import-untyped]

__all__ = ["date_windows", "find_original_date"]

_STEPS_OF = "1.11.0"  # the htmldate whose find_date `find_original_date` repeats

# A run of digits and date separators from its first digit, at least 4 long: every
# numeric pattern's date part (the shortest, a bare year, is 4 characters) is such a run.
_DIGIT_RUN = re.compile(r"[0-9][0-9./-]{3,}")
_DIGIT_BEFORE = 7  # the pattern's one character before the date, and 6 of look-behind ("w3.org")
# The month-name pattern ends in a space and a year, the month name a word at most 8
# characters before the year; the day and "of" stand at most 8 characters before the name.
_SPACE_YEAR = re.compile(r" (?:199[0-9]|20[0-3][0-9])")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]*")
_WORD_BEFORE = 8
# The copyright pattern: a sign, up to 99 non-digits, "2019-2020" and one more character.
_COPYRIGHT_SIGN = re.compile(r"©|&copy;|Copyright|\(c\)")
_COPYRIGHT_AFTER = 120
_JOIN = "\x00"  # a character no part of any pattern matches, bar the non-digit before a date


def date_windows(text: str) -> str:
    """The parts of `text` where htmldate's `search_page` patterns can match, joined.

    Each pattern finds, on the result, the same matches (same groups, same order) as on
    `text`, because a match and every character the pattern reads to decide it lie in
    one window, unchanged:

    - numeric dates (`\\D2020-05-01\\D`, `/2020/05/01/`, `5/1/20`, a bare year, ...): the
      date part is a run of digits and `./-` starting with a digit, at least 4 long;
      the window is that whole run with 7 characters before it (the character before
      the date, and a 6-character look-behind) and 1 after. A shorter run holds no date
      part, so one cut short at a window's edge matches nothing on either side;
    - "May 5th, 2020", "5 of May 2020": a space and a year end every match, the month
      name (a whole word, however long) ending at most 8 characters before the year,
      the day at most 8 before the name: the window runs from 8 characters before that
      word's start to the year's end. A word cut at a window's start would read as a
      word start where it was not one; but if it could then end a match, its whole
      word stands before that match's year and its window starts 8 characters earlier;
    - copyright: the sign and the 119 characters after it, all the pattern can read.

    Overlapping and touching windows merge; the windows keep their order. `_JOIN` between
    windows matches no part of any pattern but the non-digit before a numeric date, and
    none of those can follow it: no window starts with 4 digits and separators (a run
    that long is inside its own window with 7 characters before it).
    """
    spans = [(m.start() - _DIGIT_BEFORE, m.end() + 1) for m in _DIGIT_RUN.finditer(text)]
    reverse: str | None = None
    for m in _SPACE_YEAR.finditer(text):
        year = m.start() + 1
        letter = _LETTER.search(text, max(0, year - 8), year - 1)
        if letter is None:
            continue  # no word close enough before this year to be its month
        if reverse is None:
            reverse = text[::-1]
        run = _LETTERS.match(reverse, len(text) - letter.start())  # the word's letters before this one
        word_start = letter.start() - (run.end() - run.start() if run else 0)
        spans.append((word_start - _WORD_BEFORE, year + 4))
    spans.extend((m.start(), m.start() + _COPYRIGHT_AFTER) for m in _COPYRIGHT_SIGN.finditer(text))
    if not spans:
        return ""
    spans.sort()
    windows = []
    start, end = spans[0]
    for a, b in spans[1:]:
        if a > end:
            windows.append(text[max(start, 0) : end])
            start = a
        end = max(end, b)
    windows.append(text[max(start, 0) : end])
    return _JOIN.join(windows)


def find_original_date(root: etree._Element) -> str | None:
    """`htmldate.find_date(root, original_date=True, extensive_search=True)`, faster.

    Its steps, in its order, with htmldate's functions; only its last resort,
    `search_page`, reads `date_windows` of the page instead of the whole page. Like
    htmldate it prunes a copy of `root`, never `root` itself.
    """
    if htmldate.__version__ != _STEPS_OF:
        return find_date(root, original_date=True, extensive_search=True)
    tree = load_html(root)
    if tree is None:
        return None
    options = Extractor(True, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
    canonical = tree.find('.//link[@rel="canonical"]')
    found = extract_url_date(canonical.get("href") if canonical is not None else None, options)
    if found is not None:
        return found
    found = examine_header(tree, options) or json_search(tree, options)
    if found is not None:
        return found
    found = examine_abbr_elements(tree, options)
    if found is not None:
        return found
    pruned = deepcopy(tree)
    try:
        search_tree = discard_unwanted(clean_html(pruned, CLEANING_LIST))
    except ValueError:  # lxml refuses some control characters
        search_tree = pruned
    found = (
        examine_elements(date_candidates(search_tree, True), options)
        or examine_elements(search_tree.xpath(".//title|.//h1"), options)
        or examine_time_elements(search_tree, options)
    )
    if found is not None:
        return found
    page = serialize(search_tree)
    found = (
        pattern_search(page, TIMESTAMP_PATTERN, options)
        or img_search(search_tree, options)
        or idiosyncrasies_search(page, options)
    )
    if found is not None:
        return found
    reference: datetime | None = None
    for segment in FREE_TEXT_EXPRESSIONS(search_tree):
        segment = segment.strip()
        if MIN_SEGMENT_LEN < len(segment) < MAX_SEGMENT_LEN:
            reference = compare_reference(reference, segment, options)
    return check_extracted_reference(reference, options) or search_page(date_windows(page), options)
