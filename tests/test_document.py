"""document.py: blocks made fast are the blocks `__init__` makes; a document hands its memo on."""

from __future__ import annotations

from clean.document import Block, Document


def test_a_document_hands_its_memo_on_and_pages_do_not_share_one() -> None:
    doc = Document(blocks=(Block("A line.", 0),))
    assert doc.with_blocks([Block("B line.", 0)]).memo is doc.memo
    assert Document(blocks=()).memo is not doc.memo


def test_the_memo_is_not_part_of_what_a_document_is() -> None:
    doc = Document(blocks=(Block("A line.", 0),))
    doc.memo.of(len)["A line."]
    assert doc == Document(blocks=(Block("A line.", 0),))
    assert "memo" not in repr(doc)


def test_make_block_makes_the_block_init_makes() -> None:
    from dataclasses import fields

    from clean.document import make_block

    assert Block.__slots__ == tuple(f.name for f in fields(Block))  # make_block's setters are in this order
    made = make_block("A line.", 3, True, 2, True, 1, "menu", "share")
    assert made == Block("A line.", 3, gap_before=True, indent=2, bullet=True, cells=1, rule="menu", hint="share")
    assert repr(made) == repr(Block("A line.", 3, True, 2, True, 1, "menu", "share"))
    assert hash(made) == hash(Block("A line.", 3, True, 2, True, 1, "menu", "share"))
    assert made.as_text(gap_before=True) == Block("A line.", 3, True, 0, True, 1, "menu", "share")
    plain = Block("B line.", 4, gap_before=True)
    assert plain.as_text(gap_before=True) is plain
    assert plain.as_text(gap_before=False) == Block("B line.", 4)


def test_with_blocks_makes_the_document_replace_makes() -> None:
    from dataclasses import fields, replace

    from clean.document import Meta

    assert Document.__slots__ == tuple(f.name for f in fields(Document))  # with_blocks' setters are in this order
    doc = Document(blocks=(Block("A line.", 0),), meta=Meta(title="T", authors=("A",)), url="https://x.test/")
    blocks = [Block("B line.", 1, rule="menu")]
    made = doc.with_blocks(blocks)
    assert made == replace(doc, blocks=tuple(blocks))
    assert made.memo is doc.memo and made.url == doc.url and made.meta is doc.meta
    assert isinstance(made.blocks, tuple)
    assert repr(made) == repr(replace(doc, blocks=tuple(blocks)))


def test_make_removal_makes_the_removal_init_makes() -> None:
    from dataclasses import fields

    from clean.article import Removal, make_removal

    assert Removal.__slots__ == tuple(f.name for f in fields(Removal))  # make_removal's setters are in this order
    made = make_removal("menu", "Home", 3)
    assert made == Removal(rule="menu", text="Home", at=3)
    assert hash(made) == hash(Removal(rule="menu", text="Home", at=3))
    assert made.to_dict() == {"rule": "menu", "text": "Home", "at": 3}
