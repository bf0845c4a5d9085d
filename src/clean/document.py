"""The internal value that flows through the pipeline stages.

A `Document` is a sequence of `Block`s (one per line of the page, or per glued piece
of a line) plus the metadata found so far. Stages never delete a block: they give it
a `rule`, the name of the reason it is not part of the article. That is what lets
`explain=True` say why every piece of text went.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .memo import Memo

__all__ = ["Block", "Document", "Meta", "make_block", "words"]


def words(text: str) -> int:
    """Words in a line, as every stage counts them: runs of non-space."""
    return len(text.split())


@dataclass(frozen=True, slots=True)
class Block:
    text: str
    line: int
    gap_before: bool = False
    indent: int = 0
    bullet: bool = False
    cells: int = 0  # runs of 3+ spaces inside the line: a row of links or a table row
    rule: str | None = None
    hint: str | None = None  # the named rule that recognised the line (None or "": none, or not yet asked)

    @property
    def kept(self) -> bool:
        # the stages' loops test `rule is None` themselves: a property call per line per
        # stage and settle pass was about 1% of text mode
        return self.rule is None

    def drop(self, rule: str) -> Block:
        return make_block(self.text, self.line, self.gap_before, self.indent, self.bullet, self.cells, rule, self.hint)

    def as_text(self, *, gap_before: bool) -> Block:
        """This block as a line of the cleaned text (see `settle`): its own paragraph
        or not, and no indent."""
        if self.gap_before == gap_before and self.indent == 0:
            return self  # already that line
        return make_block(self.text, self.line, gap_before, 0, self.bullet, self.cells, self.rule, self.hint)

    def but(self, *, rule: str | None = None, hint: str | None = None) -> Block:
        """A copy with `rule` and/or `hint` set: dataclasses.replace costs 5x more, per line."""
        return make_block(
            self.text,
            self.line,
            self.gap_before,
            self.indent,
            self.bullet,
            self.cells,
            self.rule if rule is None else rule,
            self.hint if hint is None else hint,
        )


# the slots' descriptors, in field order (a test checks it against `fields(Block)`)
_set_text, _set_line, _set_gap_before, _set_indent, _set_bullet, _set_cells, _set_rule, _set_hint = (
    Block.__dict__[name].__set__ for name in Block.__slots__
)


def make_block(
    text: str,
    line: int,
    gap_before: bool,
    indent: int,
    bullet: bool,
    cells: int,
    rule: str | None,
    hint: str | None,
    /,
) -> Block:
    """`Block(text, line, ...)`, every field given, built twice as fast.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__` (looked
    up anew for each field), and a page makes a thousand blocks or so: this sets them
    through the slots' own descriptors. The block is the same as `__init__` makes.
    """
    block = _new(Block)
    _set_text(block, text)
    _set_line(block, line)
    _set_gap_before(block, gap_before)
    _set_indent(block, indent)
    _set_bullet(block, bullet)
    _set_cells(block, cells)
    _set_rule(block, rule)
    _set_hint(block, hint)
    return block


_new = object.__new__


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    publisher: str | None = None
    original_source: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    blocks: tuple[Block, ...]
    meta: Meta = field(default_factory=Meta)
    url: str | None = None
    # what the stages worked out from the page's line texts (see memo.py): passed on
    # with the blocks, never part of what a document is
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    def kept(self) -> list[Block]:
        return [b for b in self.blocks if b.rule is None]

    def with_blocks(self, blocks: list[Block] | tuple[Block, ...]) -> Document:
        """`replace(self, blocks=tuple(blocks))`, built like `make_block` (every stage of
        every settle pass makes one: `replace` costs five times more)."""
        doc = _new(Document)
        _set_blocks(doc, tuple(blocks))
        _set_meta(doc, self.meta)
        _set_url(doc, self.url)
        _set_memo(doc, self.memo)
        return doc


# the slots' descriptors, in field order (a test checks it against `fields(Document)`)
_set_blocks, _set_meta, _set_url, _set_memo = (Document.__dict__[name].__set__ for name in Document.__slots__)
