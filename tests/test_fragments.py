"""fragments.py: a dump that broke its paragraphs at every link gets them back; others stay."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clean import clean_page
from clean.fragments import join_fragments, unwrap, wrap_width

# BeautifulSoup's get_text("\n") of a page: every text node a line, no blank lines
BROKEN = """Home
News
Sport
The study by
Harvard University
, published by
The Lancet
, found that most readers skim the first paragraph of
the article
and stop there.
Price:
$969.00
Researchers (
pdf
) say the effect is strong.
Posted by
Jane Doe
Ends here."""

JOINED = """Home
News
Sport
{}
Price:
$969.00
Researchers (pdf) say the effect is strong.
Posted by Jane Doe
Ends here.""".format(
    "The study by Harvard University, published by The Lancet, found that most readers skim the first paragraph"
    " of the article and stop there."
)


def test_a_broken_dump_is_joined() -> None:
    assert join_fragments(BROKEN) == JOINED


@pytest.mark.parametrize(
    "text",
    [
        # blank lines between blocks: the converter kept paragraphs whole
        BROKEN.replace("\nNews", "\n\nNews").replace("\nSport", "\n\nSport").replace("\nPrice", "\n\nPrice"),
        # one paragraph a line, no blank lines (the seeds' shape): nothing opens with a comma
        "Headline of the story\nFirst paragraph ends here.\nSecond one starts the same way.\nsearch\nmenu",
        # fewer than three lines that open with a closing comma or stop
        "Search\nopen search\nAuthors: Roy, Das\nView a PDF\n, one\n. two",
        "",
    ],
)
def test_other_dumps_are_left_alone(text: str) -> None:
    assert join_fragments(text) == text


def test_glue_words_only_join_open_phrases() -> None:
    """A line that ends a sentence or a label is never joined to the next, whatever
    the next line starts with."""
    text = "a\n, b\n, c\n, d\nThe end.\nand more\nPrice:\nlow"
    assert join_fragments(text) == "a, b, c, d\nThe end.\nand more\nPrice:\nlow"


@given(st.lists(st.sampled_from(["Home", "the", ", and", ".", "of", "Text.", "x", "", "  "]), max_size=40))
def test_only_line_breaks_change(parts: list[str]) -> None:
    """Joining puts lines together and nothing else: every other character stays, in order."""
    text = "\n".join(parts)
    assert "".join(join_fragments(text).split()) == "".join(text.split())


def test_a_broken_dump_cleans_to_whole_paragraphs() -> None:
    article = clean_page(BROKEN, kind="text")
    assert "The study by Harvard University, published by The Lancet, found that" in article.text


PARAGRAPHS = [
    "The harbour board met on Tuesday to discuss the plan for a new ferry terminal, which has been debated"
    " for more than a decade by residents, shipping companies and the regional council alike.",
    "Construction could begin next spring if the funding is approved, the chair said, adding that the well-known"
    " problems with the old pier would be fixed first and that a public hearing would follow in the autumn.",
    "Residents who live near the quay said they welcomed the decision but worried about traffic on the narrow"
    " coastal road during the two years of building work that the project is expected to take.",
]


def _wrapped(width: int) -> str:
    import textwrap

    menu = ["Home", "News", "Sport", "Weather"]
    body = [line for p in PARAGRAPHS for line in [*textwrap.wrap(p, width), ""]]
    return "\n".join(menu + [""] + body * 3)


@pytest.mark.parametrize("width", [72, 78, 80, 100])
def test_a_hard_wrapped_dump_is_unwrapped(width: int) -> None:
    text = _wrapped(width)
    assert wrap_width(text.split("\n")) == width
    unwrapped = unwrap(text)
    for paragraph in PARAGRAPHS:
        assert paragraph in unwrapped.split("\n")
    assert unwrapped.startswith("Home\nNews\nSport\nWeather\n")


def test_unwrapping_keeps_list_items_and_unbroken_lines_apart() -> None:
    text = _wrapped(78) + "\n" + "\n".join(["  1. " + "x" * 90, "  2. second item", "* third"])
    out = unwrap(text).split("\n")
    assert out[-3:] == ["  1. " + "x" * 90, "  2. second item", "* third"]


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(PARAGRAPHS * 4),  # a paragraph a line: longer than any width
        "Home\nNews\n" + "\n".join(f"Short line number {i}" for i in range(40)),
        "",
    ],
)
def test_unwrapped_dumps_are_left_alone(text: str) -> None:
    assert wrap_width(text.split("\n")) is None
    assert unwrap(text) == text


def test_a_byline_is_never_joined_to_the_line_before() -> None:
    text = BROKEN.replace(
        "Ends here.", "Top photography trends in 2025\nby Taya Iv\n12 Jul 2024\nwritten by Darya Efimova"
    )
    assert join_fragments(text).split("\n")[-4:] == [
        "Top photography trends in 2025",
        "by Taya Iv",
        "12 Jul 2024",
        "written by Darya Efimova",
    ]
