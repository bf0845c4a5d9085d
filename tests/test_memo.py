"""memo.py: a page's answers about its line texts, worked out once and kept with its Document."""

from __future__ import annotations

from clean.memo import Memo


def test_a_table_works_an_answer_out_once_per_text() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    memo = Memo()
    table = memo.of(length)
    assert table["abc"] == 3
    assert table["abc"] == 3
    assert memo.of(length)["abc"] == 3
    assert table["de"] == 2
    assert calls == ["abc", "de"]


def test_each_function_has_its_own_table() -> None:
    memo = Memo()
    assert memo.of(str.upper)["ab"] == "AB"
    assert memo.of(str.lower)["AB"] == "ab"
    assert memo.of(len)["abc"] == 3
