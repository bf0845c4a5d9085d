"""`page_date` gives htmldate's answers: its patterns find the same on the windows as on
the whole text, and `find_original_date` equals `htmldate.find_date` on pages that reach
each of its steps, on the HTML fixtures and on generated pages."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import htmldate
import pytest
from htmldate import core, find_date
from htmldate.extractors import LONG_TEXT_PATTERN, regex_parse
from htmldate.utils import Extractor
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from clean import page_date
from clean.dom import parse_html
from clean.page_date import date_windows, find_original_date

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# every pattern htmldate's search_page runs on the text it is given
SEARCH_PAGE_PATTERNS = (
    core.COPYRIGHT_PATTERN,
    core.THREE_PATTERN,
    core.THREE_LOOSE_PATTERN,
    core.SELECT_YMD_PATTERN,
    core.DATESTRINGS_PATTERN,
    core.SLASHES_PATTERN,
    core.YYYYMM_PATTERN,
    core.MMYYYY_PATTERN,
    core.SIMPLE_PATTERN,
)
OPTIONS = Extractor(True, datetime(2030, 1, 1), datetime(1995, 1, 1), True, "%Y-%m-%d")

# text made of what the patterns read: digits, separators, month names and whole dates,
# copyright signs, words and markup of any length between them
PIECES = st.sampled_from(
    [
        "0", "1", "2", "3", "9", "19", "20", "2020", "1999", "2031", "05", "12", "31",
        "/", ".", "-", " ", ",", "\n", "\t", "_", "\x00", "©", "&copy;", "Copyright", "(c)", "© ",
        "May", "march", "Mär", "of", "st", "th", "nd", "January", "ocak", "Şubat", "x", "ab",
        "w3.org", "<p>", "</p>", "<a href='/2021/03/04/x'>", "2021-03-04", "4/3/21", "04.03.2021",
        "²", "٣", "datePublished", "Stand", " 2019-2020 ", "Smith", "abcdefghijklmnop",
        "5 of May 2020", "12th of March, 2021", "May 12th, 2021", "march\t3rd, 1999", "3. Mai 2020",
        "SmithMarch 4 2020", "Tuesday, 2 June 2020", "31 of 2020", " 2020", " 1998 ",
        "<a class='nav-link' href='#top'>Back to the top of the page</a>", "Copyright Example Media ",
        "<nav class='site-navigation main-menu'><a href='/news'>News</a> <a href='/about'>About us</a></nav>",
        "http://www.w3.org/2000/svg", "w3.org/1999/xhtml",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES, max_size=80).map("".join)


@pytest.fixture(autouse=True)
def _quiet() -> None:
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@settings(derandomize=True, database=None, max_examples=1500, deadline=None)
@given(TEXT)
@example("Copyright " + "x" * 89 + " 2019-2020 ")  # the longest gap the pattern allows
@example("Copyright " + "x" * 90 + " 2020 ")  # one too long: no match
@example("Copyright" + "x" * 101 + "2020 ")  # too far from its sign, but not from the cut
@example("(c)" + "x" * 114 + "© 2020 ")  # the next sign's window must not bring a year close
@example("(c)" + "<p>" * 40 + "1999 and 2020 " * 3)
@example("ns http://www.w3.org/2000/svg and 2001 ")
@example("x 12th of March 2020 y")  # the day 8 characters before the month
@example("SmithMarch\t12th, 2020")  # the month 8 characters before the year
def test_each_search_page_pattern_finds_the_same_on_the_windows(text: str) -> None:
    windows = date_windows(text)
    for pattern in SEARCH_PAGE_PATTERNS:
        assert pattern.findall(windows) == pattern.findall(text), pattern.pattern
    assert [m.groupdict() for m in LONG_TEXT_PATTERN.finditer(windows)] == [
        m.groupdict() for m in LONG_TEXT_PATTERN.finditer(text)
    ]
    assert regex_parse(windows) == regex_parse(text)
    assert core.search_page(windows, OPTIONS) == core.search_page(text, OPTIONS)


def test_windows_are_a_small_part_of_a_page_and_empty_without_dates() -> None:
    text = "<div class='nav'>" + "<a href='/about'>About us</a> " * 200 + "Posted May 5, 2021</div>"
    windows = date_windows(text)
    assert "May 5, 2021" in windows
    assert len(windows) < 40
    assert date_windows("<p>No numbers here at all.</p>") == ""


def test_a_long_word_before_a_year_is_kept_whole() -> None:
    text = "x" * 50 + " Mayflowerlike 5, 2021 and Supercalifragilistic 3 2020"
    assert LONG_TEXT_PATTERN.findall(date_windows(text)) == LONG_TEXT_PATTERN.findall(text)


PAGES = {
    "url in canonical link": '<link rel="canonical" href="https://x.org/2021/03/04/story">',
    "meta header": '<meta property="article:published_time" content="2020-05-06">',
    "json-ld": '<script type="application/ld+json">{"datePublished": "2019-07-08"}</script>',
    "abbr": '<abbr class="published" title="2018-09-10">Sept 10</abbr>',
    "date class": '<span class="date">12 March 2017</span>',
    "title": "<h1>Report of 2016-04-05</h1>",
    "time element": '<p><time datetime="2015-06-07">June</time></p>',
    "timestamp": "<div data-x='2014-08-09T10:11:12'>x</div>",
    "og image": '<meta property="og:image" content="https://x.org/img/2013/10/11/a.jpg">',
    "idiosyncrasy": "<p>Last updated: 12.11.2022 by the team</p>",
    "free text": "<p>The 3rd of May 2021 the council voted again.</p>",
    "numeric in text": "<p>Ref 2021/03/04 and 2021/03/04 again</p>",
    "day first": "<p>x 04-03-2021 y</p>",
    "month name": "<p>It happened on March 4th, 2021 in town, said the mayor.</p>",
    "copyright only": "<footer>Copyright 2019-2021 Example</footer>",
    "year only": "<p>Since 2008 we have been open.</p>",
    "nothing": "<p>No date at all on this page.</p>",
}


@pytest.mark.parametrize("body", PAGES.values(), ids=PAGES.keys())
def test_equals_htmldate_on_a_page_for_each_step(body: str) -> None:
    root = parse_html(f"<html><head><title>A page</title></head><body>{body}<p>Some text.</p></body></html>")
    assert find_original_date(root) == find_date(root, original_date=True, extensive_search=True)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/input.html")), ids=lambda p: p.parent.name)
def test_equals_htmldate_on_the_html_fixtures(path: Path) -> None:
    root = parse_html(path.read_text(encoding="utf-8", errors="replace"))
    if root is not None:
        assert find_original_date(root) == find_date(root, original_date=True, extensive_search=True)


TAGS = st.sampled_from(["p", "div", "span", "footer", "h1", "li", "time", "abbr", "script"])


@settings(
    derandomize=True, database=None, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.tuples(TAGS, TEXT), max_size=12))
def test_equals_htmldate_on_generated_pages(parts: list[tuple[str, str]]) -> None:
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in parts)
    root = parse_html(f"<html><body>{body}<p>x</p></body></html>")
    if root is not None:
        assert find_original_date(root) == find_date(root, original_date=True, extensive_search=True)


def test_leaves_the_tree_as_it_was() -> None:
    root = parse_html("<html><body><script>1</script><footer>Copyright 2019</footer><p>5/1/2021</p></body></html>")
    assert root is not None
    before = etree.tostring(root)
    find_original_date(root)
    assert etree.tostring(root) == before


def test_another_htmldate_version_is_asked_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(htmldate, "__version__", "0.0.0")
    monkeypatch.setattr(page_date, "find_date", lambda root, **kw: calls.append(kw) or "2001-02-03")
    root = parse_html("<html><body><p>x</p></body></html>")
    assert find_original_date(root) == "2001-02-03"
    assert calls == [{"original_date": True, "extensive_search": True}]
