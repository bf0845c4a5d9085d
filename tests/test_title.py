"""title.py: the headline chooser's features, its decision rule, the shipped trees, and the
"repeated in the head" test, whose binary search must answer as the scan it replaced
(less the labels of repeated cards)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean.document import Block
from clean.memo import Memo
from clean.title import TITLE_FEATURES, Head, Repeats, candidate_features, choose_title, pick, title_model

BODY = "The council voted on Tuesday to rebuild the old bridge over the river by next spring, the mayor said."
HEADLINE = "Council votes to rebuild the old bridge"


def _row(**values: float) -> np.ndarray:
    row = np.zeros(len(TITLE_FEATURES), dtype=np.float32)
    for name, value in values.items():
        row[TITLE_FEATURES.index(name)] = value
    return row


def test_the_shipped_trees_read_these_features() -> None:
    model = title_model()
    assert model.n_features == len(TITLE_FEATURES)
    assert 0.0 < model.cutoff < 1.0


def test_features_are_one_row_per_candidate_and_read_the_url() -> None:
    blocks = [Block("Home", 0).drop("menu"), Block(HEADLINE, 1), Block(BODY, 2, gap_before=True)]
    bare = candidate_features(Head(blocks, [1], 2, [False], Memo()))
    with_url = candidate_features(
        Head(blocks, [1], 2, [False], Memo(), "https://example.com/news/council-votes-bridge")
    )
    assert bare.shape == with_url.shape == (1, len(TITLE_FEATURES))
    url = TITLE_FEATURES.index("url_words")
    assert bare[0, url] == -1.0 and with_url[0, url] == pytest.approx(3 / 6)  # council, votes, bridge of six
    assert with_url[0, TITLE_FEATURES.index("chrome_above")] == 1.0
    assert with_url[0, TITLE_FEATURES.index("in_body")] == pytest.approx(5 / 6)  # "votes" is not
    assert candidate_features(Head(blocks, [], 2, [], Memo())).shape == (0, len(TITLE_FEATURES))


def test_a_dump_without_blank_lines_says_so() -> None:
    # BeautifulSoup's get_text("\n") writes none: its gaps tell nothing, not "no gap"
    blocks = [Block("Home", 0).drop("menu"), Block(HEADLINE, 1), Block(BODY, 2)]
    x = candidate_features(Head(blocks, [1], 2, [False], Memo()))
    assert x[0, TITLE_FEATURES.index("gap_before")] == -1.0


def test_pick_needs_evidence_and_the_cutoff() -> None:
    plain = _row(words=7, in_body=1.0)
    chrome = _row(words=7, in_body=1.0, chrome_above=1)
    x = np.vstack([plain, chrome])
    assert pick(x, np.array([0.9, 0.5]), 0.3) == 1  # the better score has no evidence
    assert pick(x, np.array([0.9, 0.2]), 0.3) is None
    assert pick(np.vstack([plain]), np.array([0.99]), 0.3) is None


def test_pick_takes_the_headline_over_its_byline_when_the_trees_are_unsure() -> None:
    menu = _row(words=1, chrome_above=1)
    headline = _row(words=8, in_body=0.6, chrome_above=1, meta_under=1)
    teaser = _row(words=8, in_body=0.1, chrome_above=1, meta_under=1)  # another article's
    assert pick(np.vstack([menu, headline]), np.array([0.1, 0.1]), 0.3) == 1
    assert pick(np.vstack([menu, teaser]), np.array([0.1, 0.1]), 0.3) is None


def test_choose_title_on_a_layout_of_chrome_headline_byline() -> None:
    blocks = [
        Block("Home", 0).drop("menu"),
        Block("News", 1).drop("menu"),
        Block(HEADLINE, 2),
        Block("By Ana Ruiz", 3).drop("byline"),
        Block(BODY, 4),
    ]
    assert choose_title(Head(blocks, [2], 4, [True], Memo())) == 2
    assert choose_title(Head(blocks, [], 4, [], Memo())) is None


_WORDS = st.sampled_from(["council", "votes", "bridge", "|", "news", "council votes", ""])


@settings(derandomize=True, max_examples=1500, database=None)
@given(lines=st.lists(st.lists(_WORDS, max_size=4).map(" ".join), min_size=1, max_size=12), pad=st.integers(0, 60))
def test_repeats_by_binary_search_equal_the_scan(lines: list[str], pad: int) -> None:
    blocks = [Block(line + " " * (pad if k % 2 else 0), k) for k, line in enumerate(lines)]
    lows = [b.text.lower() for b in blocks]
    repeated = Repeats(lows, blocks)
    for i, key in enumerate(lows):
        scan = any(
            j != i
            and key in low
            and (low == key or (low.startswith(key + " ") and len(blocks[j].text) < 2 * len(key) + 40))
            for j, low in enumerate(lows)
        )
        copies = [j for j, low in enumerate(lows) if low == key]
        after = {blocks[j + 1].text if j + 1 < len(blocks) else None for j in copies}
        before = {blocks[j - 1].text if j > 0 else None for j in copies}
        same = [len(near) == 1 and None not in near for near in (after, before)]
        label = len(copies) > 2 and any(same)  # a label of repeated cards
        menu = len(copies) == 2 and all(same)  # an item of a menu shown twice
        assert repeated(i) == (scan and not label and not menu)
