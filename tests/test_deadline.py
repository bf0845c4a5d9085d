"""The cooperative time budget: per call, per thread, checked inside the pipeline."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from clean import Options, PageTimeoutError, clean_page
from clean.deadline import budget, check
from conftest import ARTICLE

# Many paragraphs: enough work that a tiny budget runs out inside the pipeline's loops.
BIG = "\n\n".join(ARTICLE.replace("Wend", f"Wend{i}") for i in range(300))


def test_no_budget_never_raises() -> None:
    with budget(None):
        check()
    check()


def test_over_budget_raises_with_reason_timeout() -> None:
    with budget(0.001):
        time.sleep(0.005)
        with pytest.raises(PageTimeoutError) as caught:
            check()
    assert caught.value.reason == "timeout"
    check()  # the budget ends with its block


def test_nested_budgets_keep_the_tighter_one() -> None:
    with budget(0.001), budget(60):
        time.sleep(0.005)
        with pytest.raises(PageTimeoutError):
            check()


@pytest.mark.parametrize("seconds", [0, -1])
def test_budget_must_be_positive(seconds: float) -> None:
    with pytest.raises(ValueError), budget(seconds):
        pass


@pytest.mark.parametrize("kind", ["text", "html"])
def test_clean_page_stops_a_page_over_its_budget(kind: str) -> None:
    raw = BIG if kind == "text" else "<p>" + BIG.replace("\n\n", "</p><p>") + "</p>"
    with pytest.raises(PageTimeoutError):
        clean_page(raw, kind=kind, timeout=1e-6)  # type: ignore[arg-type]
    with pytest.raises(PageTimeoutError):
        clean_page(raw, options=Options(kind=kind, timeout=1e-6))  # type: ignore[arg-type]


def test_a_generous_or_no_budget_gives_the_same_article() -> None:
    assert clean_page(ARTICLE, timeout=None) == clean_page(ARTICLE, timeout=60) == clean_page(ARTICLE)


def test_budgets_are_per_thread() -> None:
    """A thread whose page times out does not make another thread's page time out."""

    def run(n: int) -> str:
        try:
            return clean_page(BIG if n % 2 else ARTICLE, timeout=1e-6 if n % 2 else 60).text
        except PageTimeoutError:
            return "timeout"

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(8)))
    assert results[1::2] == ["timeout"] * 4
    assert results[0::2] == [clean_page(ARTICLE).text] * 4
