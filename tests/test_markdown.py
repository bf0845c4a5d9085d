"""markdown.py: a Markdown dump reads as the plain text it stands for; other text is left alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clean import clean_page
from clean.document import Block, Document, Meta
from clean.markdown import from_markdown, headline, looks_like_markdown
from clean.metadata import extract_metadata

LINKS = '* [Home](/)\n* [News](/news)\n* [Sport](https://example.org/sport "Sport")\n* [Arts](/arts)\n* [Games](/g)\n'
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "_a_" holds the word "a"
PLAIN_LINKS = "* Home\n* News\n* Sport\n* Arts\n* Games\n"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        (LINKS, True),
        ("* [Home](/)\n* [News](/news)\n* [Sport](/sport)\n\n## Headline\n**Breaking**", True),
        ("* [Home](/)\n* [News](/news)\n\n## Headline\n**Breaking** **news**", False),
        ("[a](/a) [b](/b) [c](/c) [d](/d) [e](/e)", True),
        ("[1]: https://a.org/x\n[2]: https://a.org/y\n[3]: https://a.org/z\n# One\n## Two\n", True),
        # plain dumps with a stray mark or two
        ("# install it\npip install clean\n# run it\nclean run pages -o out\n## done\n", False),
        ("Password: ******\nUser: ******\n**Note:** keep it safe. **Really.** **Now.**\n", False),
        ("See [1](2) and [3](4).\n# A\n# B\n# C\n", False),
        ("", False),
    ],
)
def test_looks_like_markdown(text: str, markdown: bool) -> None:
    assert looks_like_markdown(text) is markdown


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("## Headline ##", "Headline"),
        ("#  [ A teaser ](/news/1)", "A teaser"),
        ("Some **bold**, __strong__, *em* and _em_ text.", "Some bold, strong, em and em text."),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("A [link](https://en.wikipedia.org/wiki/Python_(language)) here", "A link here"),
        ("An image ![a cat](cat.png) goes, its link too [![x](y.png)](/z)", "An image  goes, its link too "),
        ("A [reference][1] link", "A reference link"),
        ("Mail <mailto:a@b.org> or <https://a.org/x>", "Mail mailto:a@b.org or https://a.org/x"),
        ("> quoted\n>> twice", "quoted\ntwice"),
        ("Escaped \\*stars\\* and \\[brackets\\] stay", "Escaped *stars* and [brackets] stay"),
        ("`code` and ~~old~~", "code and old"),
        ("```python\nx = 1\n```", "\nx = 1\n"),
        ("above\n\n* * *\n\nbelow", "above\n\n\n\nbelow"),
        ("Title\n=====\ntext", "Title\n\ntext"),
        (
            "| Name | Age |\n|---|---:|\n| Bob | 3 |\n| Al | 4 |\n\nAfter | that",
            "Name Age\nBob 3\nAl 4\n\nAfter | that",
        ),
        ("Name | Age\n---|---\nBob | 3", "Name Age\nBob 3"),
        ("* lists keep their bullets\n1. and numbers", "* lists keep their bullets\n1. and numbers"),
    ],
)
def test_from_markdown(body: str, expected: str) -> None:
    assert from_markdown(LINKS + body) == PLAIN_LINKS + expected


def test_plain_text_is_left_as_it_is() -> None:
    text = "A *plain* dump with [brackets] (and parentheses) and a # sign.\n\nSecond paragraph."
    assert from_markdown(text) == text


@given(st.text(alphabet=st.sampled_from("ab []()#*_`|\\>-!:\n/."), max_size=200))
def test_never_adds_words(text: str) -> None:
    """Reading the syntax away only removes marks and link targets: every word of the
    result is a word of the dump."""
    assert set(_WORD.findall(from_markdown(LINKS + text))) <= set(_WORD.findall(LINKS + text))


def test_a_markdown_dump_cleans_like_a_plain_one() -> None:
    body = (
        "The council approved the new budget on Tuesday after a long debate about school funding. "
        "Members argued for hours before the final vote, which passed by a narrow margin."
    )
    markdown = (
        f"{LINKS}\n# [Council passes budget](/news/budget)\n\n{body}\n\n"
        "A second paragraph explains what the **budget** means for the city's schools next year.\n\n"
        "## [Read more](/more)\n\n* [Privacy](/privacy)\n* [Terms](/terms)\n"
    )
    article = clean_page(markdown, kind="text")
    assert body in article.text
    assert "](" not in article.text and "**" not in article.text


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("# [![Logo](/logo.png) The Daily](/)\n\n# Ferry to run all **winter**\n\nText.", "Ferry to run all winter"),
        ("# [The Daily](https://daily.example/)\n## Section\n# [A linked headline](/news/1)", "A linked headline"),
        ("## Only a subheading\n\nText.", None),
        ("#\n# \\#1 in the charts #", "#1 in the charts"),
    ],
)
def test_headline(body: str, title: str | None) -> None:
    assert headline(LINKS + body) == title


def test_no_headline_in_a_plain_dump() -> None:
    assert headline("# not markdown\n\nA plain dump.") is None


def test_a_markdown_headline_is_the_title_and_leaves_the_text() -> None:
    body = (
        "The council approved the new budget on Tuesday after a long debate about school funding. "
        "Members argued for hours before the final vote, which passed by a narrow margin."
    )
    article = clean_page(f"{LINKS}\n# Council passes the budget\n\n{body}\n", kind="text", explain=True)
    assert article.title == "Council passes the budget"
    assert "Council passes the budget" not in article.text
    assert ("title", "Council passes the budget") in [(r.rule, r.text) for r in article.removed or ()]


def test_the_byline_and_dateline_under_a_given_headline_are_read() -> None:
    """A title that came with the page (a Markdown heading) marks where the article
    starts: a paragraph kept above it (a promotion) is not where the head ends, and the
    date and author under the heading are found."""
    promo = (
        "Request a detailed quote for larger or multi-location cleaning jobs that need a tailored plan. "
        "Our team answers within a day, and there is no charge for it."
    )
    body = (
        "Considering hiring a cleaner for your business but not sure how much you should be paying? "
        "Prices depend on the size of the space, how often it is cleaned and what is included."
    )
    title = "How much should I pay for cleaning?"
    lines = [promo, promo.replace("day", "week"), title, "January 31, 2024", "Written By", "Miguel Zabludovsky"]
    blocks = [Block(t, i, rule="title" if t == title else None) for i, t in enumerate([*lines, body, body + " Yes."])]
    doc = extract_metadata(Document(blocks=tuple(blocks), meta=Meta(title=title)))
    assert (doc.meta.authors, doc.meta.published) == (("Miguel Zabludovsky",), "2024-01-31")


def test_a_windows_markdown_dump_reads_the_same() -> None:
    page = (
        f"{LINKS}\n# Council passes the budget\n\nThe council approved the new budget on Tuesday after a long debate.\n"
    )
    unix = clean_page(page, kind="text")
    windows = clean_page(page.replace("\n", "\r\n"), kind="text")
    assert (windows.title, windows.text) == (unix.title, unix.text) == ("Council passes the budget", unix.text)
