"""HTML mode: the page's main content as kept blocks, each dropped block with its reason.

    HTML -> DOM blocks (dom.py) -> features (block_features.py, with trafilatura's
    extraction as a second opinion) -> learned block model -> named rules -> blocks

Without trafilatura's opinion (`training/train_blocks.py --no-reference`) the model scores
as well on WCXB held-out pages and HTML mode runs twice as fast, but it keeps sidebars,
newsletter boxes and teasers on short chrome-heavy pages and drops the only paragraph of
a one-paragraph page (our golden cases and tests): the call stays.

The block model (`data/blocks-model.npz`, trained by `training/train_blocks.py` on the
WCXB dev pages, Foley 2026, CC-BY-4.0) decides what is main content; the named rules of
`rules.py` still drop what they are sure of, so a "Share this" the model would keep goes
with its name, and a block the markup puts beside the article (aside, nav, sidebar, a
long author box) goes when trafilatura kept none of it either. A dropped block is
reported under the named rule that knows its text, else
under what its markup says it is (`menu`, `share`, `comments`, ... or `hidden`), else
`boilerplate`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]

from .block_features import FEATURE_NAMES, block_features, block_rules
from .dom import DomBlock, dom_blocks
from .memo import Memo
from .trees import TreeModel, load_trees

__all__ = ["MODEL_FILE", "Judged", "extract_blocks", "judge_blocks", "load_block_model", "reference_text"]

MODEL_FILE = "blocks-model.npz"

# What a block's markup says it is, as the rule name a removal reports (first match wins).
_GROUP_RULES = (
    ("cookie", "cookie"),
    ("newsletter", "newsletter"),
    ("share", "share"),
    ("ad", "advertisement"),
    ("comment", "comments"),
    ("related", "read-also"),
    ("author", "author-bio"),
    ("nav", "menu"),
    ("caption", "caption"),
    ("footer", "footer"),
    ("sidebar", "sidebar"),
    ("header", "header"),
)
_BYLINE_WORDS = 15
_HIDDEN_SHARE = 0.5  # hidden blocks above this share of the page's words: the page hides itself
_BESIDE_LANDMARKS = frozenset({"aside", "nav"})
_REFERENCE_COL = FEATURE_NAMES.index("reference")
_LANDMARK_RULES = (("nav", "menu"), ("footer", "footer"), ("aside", "sidebar"), ("header", "header"), ("form", "form"))


@dataclass(frozen=True, slots=True)
class Judged:
    """A DOM block and the reason it is not in the article (None: it is)."""

    block: DomBlock
    rule: str | None


def load_block_model() -> TreeModel:
    """The shipped block model (gradient-boosted trees, see trees.py)."""
    model = load_trees(MODEL_FILE)
    if model.n_features != len(FEATURE_NAMES):
        raise RuntimeError("the shipped block model does not match the features: retrain (make train-html)")
    return model


def reference_text(html: str, url: str | None) -> str:
    """trafilatura's extraction of the page (default settings), the classifier's second opinion.

    Any failure inside trafilatura costs only the feature: the page is still cleaned.
    """
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        return trafilatura.extract(html, url=url) or ""
    except Exception:  # a third-party parser on hostile input: the feature is optional
        return ""


def _markup_rule(block: DomBlock) -> str:
    if "author" in block.own_groups and len(block.text.split()) <= _BYLINE_WORDS:
        return "byline"  # a short author line is the byline, a long one the bio
    for group, rule in _GROUP_RULES:
        if group in block.own_groups:
            return rule
    for landmark, rule in _LANDMARK_RULES:
        if landmark in block.landmarks:
            return rule
    for group, rule in _GROUP_RULES:
        if group in block.groups:
            return rule
    return "boilerplate"


def _beside(block: DomBlock) -> bool:
    """The markup puts the block beside the article, not in it."""
    if block.landmarks & _BESIDE_LANDMARKS or "sidebar" in block.groups:
        return True
    return "author" in block.own_groups and len(block.text.split()) > _BYLINE_WORDS  # a bio, not a byline


def judge_blocks(blocks: list[DomBlock], reference: str, memo: Memo | None = None) -> list[Judged]:
    """Keep or drop every block, with the name of the reason for each drop. `memo` is the
    page's, for the text stages that settle the kept blocks after (`settle_as_text`)."""
    if not blocks:
        return []
    model = load_block_model()
    rules = block_rules(blocks, memo)
    features = block_features(blocks, reference, rules, memo)
    scores = model.scores(features)
    seconded = (features[:, _REFERENCE_COL] > 0.0).tolist()
    # Pages that hide their whole body until a script runs (or behind an open modal's
    # aria-hidden) are read as shown without scripts: hiding most of the page is not
    # evidence against any one block, so then `hidden` is left to the model. So is a
    # block hidden in a tab panel, an accordion or a collapsed section (`collapsed`): FAQ
    # answers and the other tabs are the page's content as often as not.
    words = [len(b.text.split()) for b in blocks]
    hidden_words = sum(n for b, n in zip(blocks, words, strict=True) if b.hidden)
    trust_hidden = hidden_words <= _HIDDEN_SHARE * sum(words)
    # A block the page's markup puts beside the article (a sidebar, an aside, the site's
    # navigation, a long author box) goes when trafilatura did not keep a word of it
    # either: the model, trained to keep more on unseen sites, kept such blocks on
    # short pages where nothing else outweighs them.
    reference_kept = bool(reference)
    out: list[Judged] = []
    for block, score, rule, second in zip(blocks, scores, rules, seconded, strict=True):
        if block.hidden and trust_hidden and not block.collapsed:
            out.append(Judged(block, "hidden"))
        elif reference_kept and not second and _beside(block):
            out.append(Judged(block, rule.name if rule is not None else _markup_rule(block)))
        elif rule is not None and rule.sure and not rule.tail:
            out.append(Judged(block, rule.name))
        elif score < model.cutoff:
            out.append(Judged(block, rule.name if rule is not None else _markup_rule(block)))
        else:
            out.append(Judged(block, None))
    return out


def extract_blocks(html: str, root: etree._Element, url: str | None, memo: Memo | None = None) -> list[Judged]:
    """All blocks of a parsed page, judged (`memo`: see `judge_blocks`)."""
    return judge_blocks(dom_blocks(root), reference_text(html, url), memo)
