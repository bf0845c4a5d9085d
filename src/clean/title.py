"""Choose a text dump's headline among the lines over the article.

A dump has no `<title>` or `<h1>`: the headline is one line of the head, among menu
items, promotions, breadcrumbs and the labels of widgets, all of them short lines that
end without a stop. The metadata stage finds the candidates and what it knows of each
(a dateline or byline under it); this module reads each candidate's evidence (is it shown
twice, how close it stands over the first paragraph, does it share words with the
article, what was dropped around it) and gradient-boosted trees
(`data/title-model.npz`, `training/train_title.py`) score it. The best candidate is the
headline when its score clears the model's cutoff: chosen so that a wrong headline
costs as much as a missing one, so a page the trees are unsure of gets no title.

A candidate also needs the page's own evidence that it is not clean text (chrome above
it, a dateline or byline under it, the line shown twice, or a first line set apart over
the text, see `pick`). Cleaned text shows none of the first three, so cleaning it again
takes no heading out of it unless it opens with a short line set apart (as the old hand
score did too; every golden case checks that re-cleaning removes nothing).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from .document import Block
from .memo import Memo
from .trees import TreeModel, load_trees

__all__ = [
    "MODEL_FILE",
    "TITLE_FEATURES",
    "Head",
    "Repeats",
    "candidate_features",
    "choose_title",
    "in_url",
    "pick",
    "without_site",
]

MODEL_FILE = "title-model.npz"

TITLE_FEATURES = (
    "words",
    "chars",
    "lines_to_body",  # lines between it and the first paragraph
    "rank_from_body",  # candidates between it and the first paragraph
    "candidates",
    "shown_twice",  # the same line again in the head, or a longer one starting with it
    "copies",  # the same line anywhere on the page (case counts)
    "meta_under",  # a dateline or byline close under it
    "chrome_above",  # a line dropped before it
    "kept",  # kept so far (not dropped by the line model)
    "upper",
    "capitalised",  # share of its words that start with a capital
    "ends_question",
    "ends_colon",
    "separator",  # "Headline | Site", "Headline - Site"
    "digits",
    "gap_before",  # -1: the dump has no blank lines to read (BeautifulSoup's get_text)
    "gap_after",
    "in_body",  # share of its words found in the article's first paragraphs
    "body_in",  # share of the first paragraph's first words found in it
    "rule_above",  # the line over it dropped by a named rule
    "rule_below",
    "kept_above",
    "kept_below",
    "first_line",
    "position",  # its line over the page's lines
    "later",  # the same line again under the article's start
    "bullet",
    "indent",
    "url_words",  # share of its words in the page's URL path (-1: no URL)
    "url_covered",  # share of the URL's last segment's words found in it (-1: no URL)
)

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_GAP = attrgetter("gap_before")
_SEPARATOR = re.compile(r"\s[|·•–—-]\s|\s::\s")
_SPACED = 0.05  # share of lines with a blank line over them, for the blank lines to tell anything
_BODY_WORDS = 200  # of the article's first paragraphs, for the words a headline shares with them


class Repeats:
    """Whether a line of the head is repeated in it: the same line again, or a longer
    line that starts with it ("Headline" and "Headline | Site"). The lines are sorted
    once, so each question is a binary search rather than a scan of the head."""

    def __init__(self, lows: list[str], blocks: Sequence[Block]) -> None:
        self._lows = lows  # the head's lines (blocks[: len(lows)]), lower-cased
        self._blocks = blocks
        self._order = sorted(range(len(lows)), key=lows.__getitem__)
        self._sorted = [lows[j] for j in self._order]

    def _in_cards(self, copies: list[int]) -> bool:
        """Whether the same line follows every copy, or the same line comes before each."""
        for step in (1, -1):
            near = {self._blocks[j + step].text if 0 <= j + step < len(self._blocks) else None for j in copies}
            if len(near) == 1 and None not in near:
                return True
        return False

    def _in_run(self, copies: list[int]) -> bool:
        """Whether each copy has the same lines on both sides: a run of lines shown twice."""
        if any(j == 0 or j == len(self._blocks) - 1 for j in copies):
            return False
        return all(len({self._blocks[j + step].text for j in copies}) == 1 for step in (1, -1))

    def __call__(self, i: int) -> bool:
        key = self._lows[i]
        lo, hi = bisect.bisect_left(self._sorted, key), bisect.bisect_right(self._sorted, key)
        if hi - lo > 2 and self._in_cards(self._order[lo:hi]):
            # a label of a repeated card ("Monthly financing available" above "Resume
            # package" in each price box), not a headline: a headline is shown again and
            # again too (`<title>`, a breadcrumb, `<h1>`, a share link), but among other lines
            return False
        if hi - lo == 2 and self._in_run(self._order[lo:hi]):
            return False  # an item of a menu shown twice (for phones and for desktops)
        if hi - lo > 1:
            return True  # the same line again (line i is one of them)
        prefix = key + " "
        limit = 2 * len(key) + 40
        k = bisect.bisect_left(self._sorted, prefix)
        while k < len(self._sorted) and self._sorted[k].startswith(prefix):
            j = self._order[k]
            if j != i and len(self._blocks[j].text) < limit:
                return True
            k += 1
        return False


def _word_set(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.casefold()) if len(w) > 2 or w.isdigit())


_Shape = tuple[int, int, bool, float, bool, bool, bool, bool, frozenset[str]]


def _shape(text: str) -> _Shape:
    """What a candidate's text alone tells (the page's memo keeps it by text)."""
    tokens = text.split()
    letters = [w for w in tokens if w[:1].isalpha()]
    return (
        len(tokens),
        len(text),
        text.isupper(),
        sum(w[0].isupper() for w in letters) / len(letters) if letters else 0.0,
        text.endswith("?"),
        text.endswith(":"),
        _SEPARATOR.search(text) is not None,
        _DIGIT.search(text) is not None,
        _word_set(text),
    )


def _url_words(url: str | None) -> tuple[frozenset[str], frozenset[str]] | None:
    """(the words of the URL's path, the words of its last segment), None without a URL."""
    if not url:
        return None
    path = urlsplit(url).path.casefold()
    segments = [s for s in path.split("/") if s]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    return _word_set(path.replace("-", " ").replace("_", " ")), _word_set(last.replace("-", " ").replace("_", " "))


def in_url(text: str, url: str | None) -> bool:
    """Whether most of the words of `text` (two or more) are in the URL's path: the
    headline's slug ("/exploring-usb-commands"), seldom a byline's name."""
    words = _word_set(text)
    found = _url_words(url)
    return found is not None and len(words) >= 2 and len(words & found[0]) >= 0.8 * len(words)


_NOT_ALNUM = re.compile(r"[\W_]+")


def without_site(title: str, url: str | None) -> str:
    """The headline without the site's name the page put after it ("Headline | WRAL" on
    wral.com): the parts the URL's host spells out go, when one part is left."""
    host = urlsplit(url).hostname if url else None
    parts = _SEPARATOR.split(title)
    if not host or len(parts) < 2:
        return title
    squashed = _NOT_ALNUM.sub("", host.lower())
    kept = [p for p in parts if not (len(key := _NOT_ALNUM.sub("", p.lower())) >= 3 and key in squashed)]
    return kept[0] if len(kept) == 1 else title


def _named(block: Block | None) -> bool:
    return block is not None and block.rule is not None and block.rule != "boilerplate"


@dataclass(frozen=True, slots=True)
class Head:
    """What the metadata stage knows of a page's head when it asks for the headline."""

    blocks: Sequence[Block]
    cands: Sequence[int]  # the candidate lines, indices into `blocks`, in order
    head_end: int  # the first paragraph's index
    meta_under: Sequence[bool]  # a dateline or byline close under candidate k
    memo: Memo
    url: str | None = None


def candidate_features(head: Head) -> npt.NDArray[np.float32]:
    """One row of `TITLE_FEATURES` per candidate line."""
    blocks, cands, head_end, meta_under, memo = head.blocks, head.cands, head.head_end, head.meta_under, head.memo
    if not cands:
        return np.zeros((0, len(TITLE_FEATURES)), dtype=np.float32)
    lower = memo.of(str.lower)
    lows = [lower[b.text] for b in blocks[: head_end + 1]]
    repeated = Repeats(lows, blocks)
    counts = Counter(b.text for b in blocks)
    later = {b.text for b in blocks[head_end + 1 :]}
    body_words: list[str] = []
    for b in blocks[head_end:]:
        if b.rule is None:
            body_words.extend(_WORD.findall(lower[b.text]))
            if len(body_words) >= _BODY_WORDS:
                break
    body = frozenset(body_words)
    lede = _word_set(" ".join(body_words[:30]))
    first_dropped = next((j for j, b in enumerate(blocks) if b.rule is not None), len(blocks))
    n = len(blocks)
    in_url = _url_words(head.url)
    spaced = sum(map(_GAP, blocks)) >= _SPACED * n
    shape = memo.of(_shape)
    rows = []
    for k, i in enumerate(cands):
        b = blocks[i]
        text = b.text
        n_words, n_chars, upper, capitalised, question, colon, separator, digits, mine = shape[text]
        above = blocks[i - 1] if i > 0 else None
        below = blocks[i + 1] if i + 1 < n else None
        rows.append(
            (
                n_words,
                n_chars,
                max(head_end - i, 0),
                len(cands) - 1 - k,
                len(cands),
                repeated(i),
                counts[text],
                meta_under[k],
                first_dropped < i,
                b.rule is None,
                upper,
                capitalised,
                question,
                colon,
                separator,
                digits,
                b.gap_before if spaced else -1.0,
                (below is not None and below.gap_before) if spaced else -1.0,
                len(mine & body) / len(mine) if mine else 0.0,
                len(lede & mine) / len(lede) if lede else 0.0,
                _named(above),
                _named(below),
                above is not None and above.rule is None,
                below is not None and below.rule is None,
                i == 0,
                i / n,
                text in later,
                b.bullet,
                b.indent,
                -1.0 if in_url is None else (len(mine & in_url[0]) / len(mine) if mine else 0.0),
                -1.0 if in_url is None else (len(mine & in_url[1]) / len(in_url[1]) if in_url[1] else 0.0),
            )
        )
    return np.array(rows, dtype=np.float32)


def choose_title(head: Head) -> int | None:
    """The candidate that is the page's headline (its index into `head.blocks`), or None
    when the trees are not sure of any."""
    if not head.cands:
        return None
    x = candidate_features(head)
    model = title_model()
    k = pick(x, model.scores(x), model.cutoff)
    return None if k is None else head.cands[k]


def _column(x: npt.NDArray[np.float32], name: str) -> npt.NDArray[np.float32]:
    return x[:, TITLE_FEATURES.index(name)]


def pick(x: npt.NDArray[np.float32], scores: npt.NDArray[np.float64], cutoff: float) -> int | None:
    """Which candidate (row of `x`) is the headline, given the trees' `scores`.

    Only a candidate with the page's evidence that it is not clean text can be: chrome
    above it, a dateline or byline under it, the line shown twice, or a first line set
    apart over the text. Of those, the best scored one when it clears `cutoff`; else the
    nearest the text with a dateline or byline under it (or the first line set apart),
    when it has four words or more and most of them are the article's. That last rule
    is there for the textbook layouts (menu, breadcrumb, headline, standfirst, byline,
    share bar; or a headline over clean paragraphs) the trees, trained on real dumps,
    are unsure of.
    """
    first = (_column(x, "first_line") > 0) & (_column(x, "lines_to_body") == 1) & (_column(x, "gap_after") > 0)
    meta = _column(x, "meta_under") > 0
    evidence = (_column(x, "shown_twice") > 0) | (_column(x, "chrome_above") > 0) | meta | first
    scores = np.where(evidence, scores, 0.0)
    best = int(np.argmax(scores))
    if scores[best] >= cutoff:
        return best
    wordy = (_column(x, "words") >= 4) & (_column(x, "in_body") >= 0.5)
    found = np.flatnonzero((meta | first) & wordy)
    return int(found[-1]) if len(found) else None


def title_model() -> TreeModel:
    model = load_trees(MODEL_FILE)
    if model.n_features != len(TITLE_FEATURES):
        raise RuntimeError("the shipped title model does not match its features: retrain (make train-title)")
    return model
