"""pipeline.py: settle's loop, with stand-in stages that act only on a later pass."""

from __future__ import annotations

from clean import clean_page
from clean.document import Block, Document
from clean.pipeline import settle


def _split_on_later_pass(doc: Document) -> Document:
    """Splits 'a | b' lines in two and drops the first half, but only once the text is
    re-read as cleaned output (every line after the first has a gap before it)."""
    out: list[Block] = []
    for b in doc.blocks:
        if b.gap_before and " | " in b.text:
            first, second = b.text.split(" | ", 1)
            out += [Block(first, b.line, gap_before=True).drop("caption"), Block(second, b.line, gap_before=True)]
        else:
            out.append(b)
    return doc.with_blocks(out)


def _drop_on_later_pass(doc: Document) -> Document:
    return doc.with_blocks([b.drop("late") if b.gap_before and b.text == "drop me" else b for b in doc.blocks])


def test_a_later_pass_that_splits_a_line_stops_the_loop_instead_of_failing() -> None:
    doc = Document(blocks=(Block("first", 0), Block("photo | text", 1)))
    settled = settle(doc, stages=(_split_on_later_pass,))
    assert [b.text for b in settled.blocks] == ["first", "photo | text"]
    assert all(b.kept for b in settled.blocks)


def test_a_later_pass_that_drops_a_line_drops_it_in_the_document() -> None:
    doc = Document(blocks=(Block("first", 0), Block("drop me", 1), Block("last", 2)))
    settled = settle(doc, stages=(_drop_on_later_pass,))
    assert [(b.text, b.rule) for b in settled.blocks] == [("first", None), ("drop me", "late"), ("last", None)]


def test_a_text_page_without_a_dateline_is_dated_by_its_url_and_says_so() -> None:
    body = "The council voted on Tuesday to rebuild the old bridge over the river by next spring."
    url = "https://example.com/2024/05/02/council-votes/"
    art = clean_page(body, kind="text", url=url)
    assert (art.published, dict(art.meta_sources)["published"]) == ("2024-05-02", "url")
    # a date on the page wins: the URL may file a post under the day it was drafted
    art = clean_page(
        f"Council votes\n\nMay 3, 2024\n\n{body}\n\n{body.replace('Tuesday', 'Monday')}", kind="text", url=url
    )
    assert (art.published, dict(art.meta_sources)["published"]) == ("2024-05-03", "byline")
