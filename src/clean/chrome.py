"""Drop the lines named rules know as chrome, and the tail of teasers after the article.

The phrases live in `rules.py`; this module applies them. A `sure` rule drops its
line outright; the others only leave their mark for the line model. Breadcrumbs and
link bars are recognised by shape rather than by phrase: several short segments
joined by separators ("Home » World", "Privacy | Terms | Contact"), unless the line
reads as code (`codelike.py`), whose `>` and `/` separate no links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .codelike import looks_like_code
from .deadline import check
from .document import Block, Document, words
from .endings import ends_sentence
from .memo import Memo, Table
from .metadata import is_body_text, is_body_words
from .rules import RULEBOOK, LineRule

__all__ = ["apply_rules", "cut_tail", "is_tail_label", "line_judgements", "rule_for", "shape_rule"]

_CRUMB_SEP = re.compile(r"\s*[»›>→/]\s*|\s+[|•·]\s+|\s*\|\s*")
_SEPARATOR = re.compile(r"[»›>→/|•·]")
_CRUMB_HOME = re.compile(r"^(?:home|startseite|accueil|inicio|portada|home ?page)\s*[»›>→/|]", re.IGNORECASE)
_TAIL_SHARE = 0.6  # share of the page's body words that must precede a tail label to cut there


_GLUED_LINKS = re.compile(r"[a-zà-ÿ]{3}[A-ZÀ-Þ][a-zà-ÿ]")


def shape_rule(text: str) -> str | None:
    """`breadcrumb` or `menu` for a line that is a bar of short segments, else None.

    Link bars whose separators the dump lost show as words glued at a case change
    ("Conflicts - TensionsNortheast AsiaPartnerships"): two such joins in a short line
    without a sentence end are a bar, not prose.
    """
    return _shape(text, len(text.split()))


def _shape(text: str, n_words: int) -> str | None:
    terminal = ends_sentence(text)
    if n_words <= 10 and not terminal and len(_GLUED_LINKS.findall(text)) >= 2:
        # camelCase names glue words the same way: `createAudioFileAsync(settings)`
        return None if looks_like_code(text) else "breadcrumb"
    home = _CRUMB_HOME.match(text) is not None
    if terminal and not home:
        return None
    if home:
        return "breadcrumb"
    if _SEPARATOR.search(text) is None:
        return None  # every separator below holds one of these: the line is one part
    parts = [p for p in _CRUMB_SEP.split(text) if p.strip()]
    if len(parts) < 3 or any(len(p.split()) > 4 for p in parts):
        return None
    if looks_like_code(text):
        return None  # `>>> get('https://a.org/b')`: its `>` and `/` are code's, not a bar's
    if re.search(r"[»›>→]", text):
        return "breadcrumb"
    if re.search(r"\s[|•·]\s|\|", text):
        return "menu"
    return None


def rule_for(block: Block) -> LineRule | str | None:
    """The named rule, or the shape, that knows this line."""
    return _rule_for(block, Table(_by_text))


def _rule_for(block: Block, by_text: Mapping[str, tuple[LineRule | None, str | None]]) -> LineRule | str | None:
    """`rule_for`, with `_by_text` from the page's memo."""
    return _rule_of(block, by_text[block.text])


def _rule_of(block: Block, judged: tuple[LineRule | None, str | None]) -> LineRule | str | None:
    """`rule_for`, given what `_by_text` says of the block's text."""
    rule, shape = judged
    if rule is not None:
        return rule
    if block.cells >= 2 and len(block.text.split()) <= 4 * (block.cells + 1) and not ends_sentence(block.text):
        return "menu"  # short items spaced out on one line: a row of links
    return shape


def line_judgements(memo: Memo) -> Table[tuple[LineRule | None, str | None]]:
    """The page memo's table of what a line's text alone says: (the named rule that knows
    it, else None; and then its shape's rule for a line of 40 words or fewer, else None).
    `apply_rules` reads it; HTML mode fills it as it judges the DOM blocks, whose texts
    are most of the lines the text stages then judge again."""
    return memo.of(_by_text)


def _by_text(text: str) -> tuple[LineRule | None, str | None]:
    """What the text alone says: the named rule that knows it, else its shape's rule."""
    return _judge(text, len(text.split()))


def _judge(text: str, n: int) -> tuple[LineRule | None, str | None]:
    """`_by_text(text)`, given the text's `words` (every stage counts them: one split per line)."""
    rule = RULEBOOK.match(text, n)
    if rule is not None:
        return rule, None
    return None, _shape(text, n) if n <= 40 else None


def apply_rules(doc: Document) -> Document:
    """Give each block that a rule knows its `hint` (the rule's name); drop the sure ones.

    A block that already has a hint was judged in an earlier pass (see `settle`) and
    is not matched again: the rules depend on the line alone. A block no rule knows
    keeps no hint (most lines: a copy of each to say so cost more than asking the
    page's memo again in a later pass). Rows of a table (`_table_rows`) are left to the
    line model: their spaced cells look like a row of links to the rules.
    """
    blocks = list(doc.blocks)
    by_text, n_words = doc.memo.of(_by_text), doc.memo.of(words)
    changed = False
    rows = _table_rows(blocks)
    for i, block in enumerate(blocks):
        if i % 256 == 0:
            check()
        if block.rule is not None or block.hint or i in rows:
            continue
        judged = by_text.get(block.text)
        if judged is None:  # the table's own answer, with the word count the page's stages share
            judged = by_text[block.text] = _judge(block.text, n_words[block.text])
        named, shape = judged  # `_rule_of`, its call saved where the text alone decides (most lines)
        rule = named if named is not None else shape if block.cells < 2 else _rule_of(block, judged)
        if rule is None:
            continue
        changed = True
        if isinstance(rule, str):
            blocks[i] = block.but(rule=rule, hint=rule)
        elif rule is not None:
            sure = rule.sure and not rule.tail
            blocks[i] = block.but(rule=rule.name if sure else None, hint=rule.name)
    return doc.with_blocks(blocks) if changed else doc


_TABLE_ROWS = 3
_SUBHEAD_WORDS = 4


def _table_rows(blocks: list[Block]) -> set[int]:
    """The blocks that are rows of a table: runs of 3+ lines with 2+ wide gaps, as a
    converter lays out a table's cells. The rows need not have as many cells (an empty
    cell leaves no gap), and one short line with no gaps may stand between two rows
    (a sub-heading such as "Fruit")."""
    tables: set[int] = set()
    rows: list[int] = []
    between = False
    for i, block in enumerate([*blocks, None]):
        if block is not None and block.cells >= 2:
            rows.append(i)
            between = False
            continue
        short = block is not None and len(block.text.split()) <= _SUBHEAD_WORDS and not ends_sentence(block.text)
        if rows and short and not between:
            between = True
            continue
        if len(rows) >= _TABLE_ROWS:
            tables.update(rows)
        rows, between = [], False
    return tables


def _is_tail_label(block: Block, by_text: Mapping[str, tuple[LineRule | None, str | None]]) -> bool:
    return is_tail_label(_rule_for(block, by_text), block.hint)


def is_tail_label(rule: LineRule | str | None, name: str | None) -> bool:
    """Whether `rule`, the rule that knows a line, makes the line named `name` a tail
    label ("Related Articles"), not a one-line teaser of the same name ("Related:
    <headline>", which is followed by more of the article as often as not)."""
    return isinstance(rule, LineRule) and rule.tail and rule.name == name


def _prose(text: str, prose: dict[str, bool], n_words: Mapping[str, int]) -> bool:
    """`prose[text]` (`is_body_text`), given the text's `words` if the table lacks it."""
    found = prose.get(text)
    if found is None:
        found = prose[text] = is_body_words(text, n_words[text])
    return found


def cut_tail(doc: Document) -> Document:
    """From a read-also or comments label that follows the article body, drop the rest.

    The label counts only once most of the page's body text is behind it: a "Related"
    box above the article, or a forum whose posts are the content, is not a tail.
    """
    blocks = list(doc.blocks)
    prose, n_words = doc.memo.of(is_body_text), doc.memo.of(words)  # the tables the other stages fill
    by_text = doc.memo.of(_by_text)
    body_words = [n_words[b.text] if b.rule is None and _prose(b.text, prose, n_words) else 0 for b in blocks]
    total = sum(body_words)
    if total == 0:
        return doc
    seen = 0
    for i, block in enumerate(blocks):
        seen += body_words[i]
        if not block.hint or block.rule not in (None, block.hint) or not _is_tail_label(block, by_text):
            continue
        if seen < _TAIL_SHARE * total:
            continue
        after = sum(body_words[i + 1 :])
        if after > 0.25 * total:
            continue
        for j in range(i, len(blocks)):
            if blocks[j].rule is None:
                blocks[j] = blocks[j].drop(block.hint)
        break
    return doc.with_blocks(blocks)
