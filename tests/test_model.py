"""The line model's guards around its own verdicts (the weights are measured in make bench)."""

from __future__ import annotations

import pytest

from clean import clean_page


@pytest.mark.parametrize(
    "page",
    [
        "The council met on Monday to vote on the budget plan.\n",
        "Der Bär läuft über die Straße und grüßt die Nachbarn.\n",
        "Breaking News\n\nBy Jane Doe\n\nThe council met on Monday to vote on the budget plan.\n",
    ],
)
def test_a_short_page_keeps_its_sentences(page: str) -> None:
    article = clean_page(page, kind="text")
    assert article.text.endswith("Nachbarn.") or article.text.endswith("budget plan.")


def test_a_short_page_of_chrome_stays_empty() -> None:
    assert clean_page("Home\nAbout\nContact\nSign in\n", kind="text").text == ""
