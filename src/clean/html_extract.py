"""HTML mode: the page's main content as kept blocks, each dropped block with its reason.

    HTML -> DOM blocks (dom.py) -> features (block_features.py) -> block model, first
    look -> second look beside the first look's verdicts (block_context.py) -> named
    rules -> blocks

The block model (`data/blocks-model.npz` and `data/blocks-context-model.npz`, trained by
`training/train_blocks.py` on the WCXB dev pages, Foley 2026, CC-BY-4.0) decides what is
main content; the named rules of `rules.py` still drop what they are sure of, so a
"Share this" the model would keep goes with its name, and a block the markup puts
beside or around the article needs a higher score to stay. A dropped block is reported under
the named rule that knows its text, else under what its markup says it is (`menu`,
`share`, `comments`, ... or `hidden`), else `boilerplate`.

Earlier versions read trafilatura's extraction of the page as a second opinion. The
second look does better without it (WCXB held-out pages, block level: 0.833 with
trafilatura's opinion, 0.850 without it and with the second look; through the whole
pipeline 0.836 -> 0.848) and HTML mode runs faster than trafilatura instead of at half
its speed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt
from lxml import etree  # type: ignore[import-untyped]

from .block_context import CONTEXT_NAMES, context_features
from .block_features import FEATURE_NAMES, block_features, block_rules, ends_sentence
from .dom import DomBlock, dom_blocks
from .memo import Memo
from .rules import LineRule
from .trees import TreeModel, load_trees

__all__ = [
    "BARS_FILE",
    "CONTEXT_MODEL_FILE",
    "MODEL_FILE",
    "Bars",
    "Judged",
    "block_scores",
    "extract_blocks",
    "judge_blocks",
    "judge_scored",
    "load_bars",
    "load_block_model",
]

MODEL_FILE = "blocks-model.npz"
CONTEXT_MODEL_FILE = "blocks-context-model.npz"
BARS_FILE = "blocks-bars.json"

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
_ARTICLE_LANDMARKS = frozenset({"main", "article"})
_FRAME_LANDMARKS = frozenset({"header", "footer"})
_SENTENCE_WORDS = 3
_CHROME_GROUPS = frozenset({"newsletter", "share", "ad", "cookie"})
# A class group on the ancestors of most of the page's words names the page's layout
# ("has-sidebar" on the wrapper of everything), not a box beside the article.
_LAYOUT_SHARE = 0.5
_LANDMARK_RULES = (("nav", "menu"), ("footer", "footer"), ("aside", "sidebar"), ("header", "header"), ("form", "form"))


@dataclass(frozen=True, slots=True)
class Judged:
    """A DOM block and the reason it is not in the article (None: it is)."""

    block: DomBlock
    rule: str | None


@dataclass(frozen=True, slots=True)
class Bars:
    """The score a block needs to stay, by where the markup puts it.

    On short pages little else outweighs a sidebar, a newsletter box or a teaser, and the
    model alone kept them (our golden cases); a page that frames its article in `<main>` or
    `<article>` says where the article is. The values are chosen with the model, by
    `training/train_blocks.py`, on out-of-fold scores of the WCXB tune split: chosen by
    hand they fitted the model they were chosen with and cost the next one (held out
    0.856 -> 0.852 after a retrain).
    """

    cutoff: float  # any block
    article: float  # any block on a page whose metadata declares it an article
    beside: float  # in an <aside>, the navigation, a sidebar; a long author box
    chrome: float  # its own markup names it a newsletter box, a share bar, an advert, a cookie notice
    frame_share: float  # the share of the kept words in <main>/<article> that makes the page framed
    outside: float  # outside the frame of a framed page


@lru_cache(maxsize=1)
def load_bars() -> Bars:
    """The shipped bars (`data/blocks-bars.json`, written by `make train-html`)."""
    text = resources.files("clean").joinpath(f"data/{BARS_FILE}").read_text(encoding="utf-8")
    return Bars(**{k: float(v) for k, v in json.loads(text).items()})


def load_block_model() -> tuple[TreeModel, TreeModel]:
    """The shipped block model: the first look and the second (gradient-boosted trees, see trees.py)."""
    first, second = load_trees(MODEL_FILE), load_trees(CONTEXT_MODEL_FILE)
    if first.n_features != len(FEATURE_NAMES) or second.n_features != len(FEATURE_NAMES) + len(CONTEXT_NAMES):
        raise RuntimeError("the shipped block model does not match the features: retrain (make train-html)")
    return first, second


def block_scores(features: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """Each block's probability of being article text."""
    first, second = load_block_model()
    return second.scores(context_features(features, first.scores(features), first.cutoff))


def _markup_rule(block: DomBlock, layout: frozenset[str]) -> str:
    if "author" in block.own_groups and len(block.text.split()) <= _BYLINE_WORDS:
        return "byline"  # a short author line is the byline, a long one the bio
    for group, rule in _GROUP_RULES:
        if group in block.own_groups:
            return rule
    for landmark, rule in _LANDMARK_RULES:
        if landmark in block.landmarks:
            return rule
    for group, rule in _GROUP_RULES:
        if group in block.groups and group not in layout:
            return rule
    return "boilerplate"


def _layout_groups(blocks: Sequence[DomBlock], words: list[int]) -> frozenset[str]:
    """The class groups on the ancestors of more than half the page's words: its layout.
    A theme that marks the wrapper of the whole page "with-sidebar" put the article itself
    beside the article, and on a framed page dropped it whatever its score (WCXB tune
    split, out-of-fold block scores: page F1 0.8530 -> 0.8539; held out 0.8514 -> 0.8529)."""
    total = sum(words)
    if not total:
        return frozenset()
    counts: dict[str, int] = {}
    for block, n in zip(blocks, words, strict=True):
        for group in block.groups:
            counts[group] = counts.get(group, 0) + n
    return frozenset(g for g, n in counts.items() if n > _LAYOUT_SHARE * total)


def _beside(block: DomBlock, layout: frozenset[str]) -> bool:
    """The markup puts the block beside the article, not in it (`layout`: the page's
    layout groups, see `_layout_groups`)."""
    if block.landmarks & _BESIDE_LANDMARKS or ("sidebar" in block.groups and "sidebar" not in layout):
        return True
    return "author" in block.own_groups and len(block.text.split()) > _BYLINE_WORDS  # a bio, not a byline


def _around(block: DomBlock, layout: frozenset[str]) -> bool:
    """The markup puts the block around the article: beside it, in the page's header or
    footer, or in a box of related links."""
    return (
        _beside(block, layout)
        or bool(block.landmarks & _FRAME_LANDMARKS)
        or ("related" in block.groups and "related" not in layout)
    )


def _sentence(block: DomBlock, layout: frozenset[str]) -> bool:
    """A block a reader would call a sentence (the C4 rule: three words or more, ending
    as a sentence ends), outside the page's header, footer and side boxes."""
    return len(block.text.split()) >= _SENTENCE_WORDS and ends_sentence(block.text) and not _around(block, layout)


def _bar(block: DomBlock, bars: Bars, cutoff: float, frame_share: float, layout: frozenset[str]) -> float:
    """The score a block needs to stay (`cutoff`: the page's; `frame_share`: the share of
    the kept words that the page's `<main>` or `<article>` holds; `layout`: see
    `_layout_groups`)."""
    bar = cutoff
    if not block.landmarks & _ARTICLE_LANDMARKS:
        if frame_share > 0 and _around(block, layout):
            return math.inf
        if frame_share >= bars.frame_share:
            bar = max(bar, bars.outside)
    if _beside(block, layout):
        bar = max(bar, bars.beside)
    if block.own_groups & _CHROME_GROUPS:
        bar = max(bar, bars.chrome)
    return bar


def judge_blocks(blocks: list[DomBlock], memo: Memo | None = None, *, article: bool = False) -> list[Judged]:
    """Keep or drop every block, with the name of the reason for each drop. `memo` is the
    page's, for the text stages that settle the kept blocks after (`settle_as_text`);
    `article`: the page's metadata declares it an article (`HtmlMeta.declares_article`)."""
    if not blocks:
        return []
    rules = block_rules(blocks, memo)
    scores = block_scores(block_features(blocks, "", rules, memo))
    return judge_scored(blocks, rules, scores, load_bars(), article=article)


def judge_scored(
    blocks: Sequence[DomBlock],
    rules: Sequence[LineRule | None],
    scores: npt.NDArray[np.float64],
    bars: Bars,
    *,
    article: bool = False,
) -> list[Judged]:
    """`judge_blocks` once the blocks have their named rules and their model scores: apart,
    so that training can choose the `bars` on scores the model gives pages it never saw."""
    # An article is one run of prose; what the model half-trusts around it is mostly
    # teasers, bios and boxes.
    cutoff = max(bars.cutoff, bars.article) if article else bars.cutoff
    # Pages that hide their whole body until a script runs (or behind an open modal's
    # aria-hidden) are read as shown without scripts: hiding most of the page is not
    # evidence against any one block, so then `hidden` is left to the model. So is a
    # block hidden in a tab panel, an accordion or a collapsed section (`collapsed`): FAQ
    # answers and the other tabs are the page's content as often as not.
    words = [len(b.text.split()) for b in blocks]
    hidden_words = sum(n for b, n in zip(blocks, words, strict=True) if b.hidden)
    trust_hidden = hidden_words <= _HIDDEN_SHARE * sum(words)
    layout = _layout_groups(blocks, words)
    # A block in a sidebar, an aside or the site's navigation, a long author box, and one
    # whose own markup names it a newsletter box, a share bar, an advert or a cookie notice
    # needs a higher score to stay (`Bars`). When the page frames its article in a <main>
    # or <article> that holds kept text, such a block outside the frame goes whatever its
    # score, and so does one in the page's header or footer or in a box of related links
    # (WCXB tune split, out-of-fold scores: page F1 0.8508 -> 0.8530). When the frame holds
    # most of the kept words, any block outside it needs a higher score.
    # (hidden blocks count as kept when the page hides most of itself: `hidden` is then
    # the model's to weigh, and a body hidden whole must not make its frame look full)
    hides = [b.hidden and trust_hidden and not b.collapsed for b in blocks]
    kept_words = [
        n if score >= cutoff and not hidden else 0 for score, hidden, n in zip(scores, hides, words, strict=True)
    ]
    framed_words = sum(n for b, n in zip(blocks, kept_words, strict=True) if b.landmarks & _ARTICLE_LANDMARKS)
    frame_share = framed_words / max(sum(kept_words), 1)
    out: list[Judged] = []
    doubted: list[int] = []  # blocks only the score dropped, their markup silent
    for i, (block, score, rule, hidden) in enumerate(zip(blocks, scores, rules, hides, strict=True)):
        if hidden:
            out.append(Judged(block, "hidden"))
        elif rule is not None and rule.sure and not rule.tail:
            out.append(Judged(block, rule.name))
        elif score < (bar := _bar(block, bars, cutoff, frame_share, layout)):
            out.append(Judged(block, rule.name if rule is not None else _markup_rule(block, layout)))
            if bar == cutoff and _sentence(block, layout):
                doubted.append(i)
        else:
            out.append(Judged(block, None))
    # A page the model keeps nothing of keeps its likeliest sentence: the model reads a
    # block against the others, and a page of one short paragraph has no others to outweigh.
    if doubted and all(j.rule is not None for j in out):
        best = max(doubted, key=lambda i: scores[i])
        out[best] = Judged(blocks[best], None)
    return out


def extract_blocks(root: etree._Element, memo: Memo | None = None, *, article: bool = False) -> list[Judged]:
    """All blocks of a parsed page, judged (`memo`, `article`: see `judge_blocks`)."""
    return judge_blocks(dom_blocks(root), memo, article=article)
