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


def test_chunked_products_are_the_stacked_chunk_products() -> None:
    import numpy as np

    from clean.model import _SINGLE_THREAD_WORK, _matmul

    rng = np.random.default_rng(7)
    for rows, width, out in [(1, 107, 48), (37, 107, 48), (300, 107, 48), (301, 48, 24), (500, 29, 48)]:
        x = rng.standard_normal((rows, width)).astype(np.float32)
        w = rng.standard_normal((width, out)).astype(np.float32)
        step = max(1, _SINGLE_THREAD_WORK // (width * out))
        stacked = np.vstack([x[i : i + step] @ w for i in range(0, rows, step)])
        assert _matmul(x, w).tobytes() == stacked.tobytes()
