"""memo.py: a page's answers about its line texts, worked out once and kept with its Document."""

from __future__ import annotations

from clean.document import Block, Document
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


def test_a_document_hands_its_memo_on_and_pages_do_not_share_one() -> None:
    doc = Document(blocks=(Block("A line.", 0),))
    assert doc.with_blocks([Block("B line.", 0)]).memo is doc.memo
    assert Document(blocks=()).memo is not doc.memo


def test_the_memo_is_not_part_of_what_a_document_is() -> None:
    doc = Document(blocks=(Block("A line.", 0),))
    doc.memo.of(len)["A line."]
    assert doc == Document(blocks=(Block("A line.", 0),))
    assert "memo" not in repr(doc)
