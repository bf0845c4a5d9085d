"""Block features: one row per block, named columns, overlap with a reference text."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean import block_features as bf
from clean import chrome
from clean.block_features import (
    FEATURE_NAMES,
    block_features,
    block_rules,
    digit_count,
    ends_sentence,
    has_phrase,
    overlap,
    shingles,
)
from clean.chrome import line_judgements, shape_rule
from clean.dom import CLASS_GROUPS, LANDMARKS, DomBlock, dom_blocks, parse_html
from clean.memo import Memo
from clean.rules import LineRule

PAGE = (
    "<body><nav><a href='/'>Home</a></nav><article><p>The council voted on Tuesday to build a bridge.</p>"
    "<p>Share this</p></article></body>"
)


def features(reference: str) -> dict[str, list[float]]:
    root = parse_html(PAGE)
    assert root is not None
    x = block_features(dom_blocks(root), reference)
    assert x.shape[1] == len(FEATURE_NAMES)
    return {name: x[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}


def test_markup_and_rules_show_in_the_columns() -> None:
    f = features("")
    assert f["in-nav"] == [1.0, 0.0, 0.0]
    assert f["link-density"][0] == 1.0
    assert f["rule-sure"][2] == 1.0  # "Share this"
    assert f["ends-sentence"][1] == 1.0


def test_reference_overlap_marks_what_trafilatura_kept() -> None:
    f = features("The council voted on Tuesday to build a bridge.")
    assert f["reference"] == [0.0, 1.0, 0.0]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("one two three four", "zero one two three four five", 1.0),
        ("one two three four", "one two nine four", 0.0),
        ("Home", "welcome home again", 1.0),
        ("Home", "homeward", 0.0),
        ("", "anything", 0.0),
    ],
)
def test_overlap(text: str, reference: str, expected: float) -> None:
    assert overlap(text, shingles(reference), " ".join(reference.lower().split())) == expected


@given(st.text(alphabet="ab _-é1.", max_size=6), st.text(alphabet="ab _-é1.\n", max_size=40))
def test_has_phrase_is_the_word_bounded_regex(phrase: str, text: str) -> None:
    expected = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
    assert has_phrase(phrase, text) == expected


_TEXTS = st.text(alphabet=st.sampled_from([*"ab 1٣²⑤\t\n.!?:;\"'”’),x", "\u00a0", "\u2003"]), max_size=40)


@settings(derandomize=True, database=None, max_examples=300)
@given(text=_TEXTS)
def test_digit_count_is_the_plain_count(text: str) -> None:
    assert digit_count(text) == sum(c.isdigit() for c in text)


@settings(derandomize=True, database=None, max_examples=300)
@given(text=_TEXTS)
def test_ends_sentence_is_the_pattern(text: str) -> None:
    assert ends_sentence(text) == bool(re.search(r"[.!?:;\"'”’)]\s*$", text))


def test_math_log1p_is_numpys_as_a_float32_feature() -> None:
    # not bit for bit in float64 (numpy 2.4's log1p is 1 ulp off libm's for some counts),
    # but the features are float32, where every count a block can have agrees
    counts = np.arange(1 << 20)
    ours = np.array([math.log1p(n) for n in range(1 << 20)]).astype(np.float32)
    assert np.array_equal(ours, np.log1p(counts.astype(np.float64)).astype(np.float32))


@pytest.mark.parametrize("reference", ["", "The council voted on Tuesday to build a bridge.", "Home"])
def test_rules_given_or_not_give_the_same_rows(reference: str) -> None:
    root = parse_html(PAGE)
    assert root is not None
    blocks = dom_blocks(root)
    assert (block_features(blocks, reference) == block_features(blocks, reference, block_rules(blocks))).all()


def test_reference_line_marks_a_block_that_is_a_whole_paragraph_of_the_reference() -> None:
    # "Home" is inside the reference's sentence, not a paragraph of it: overlap yes, line no
    f = features("Going home now.\nThe council voted on Tuesday to build a bridge.")
    assert f["reference"][0] == 1.0 and f["reference-line"][0] == 0.0
    assert f["reference-line"][1] == 1.0
    assert features("Home\nThe council voted.")["reference-line"][0] == 1.0


_WORDS = st.lists(st.sampled_from(["a", "b", "the", "bridge", "é", "x1"]), max_size=12)


@settings(derandomize=True, database=None, max_examples=300)
@given(words=_WORDS, n=st.integers(1, 4))
def test_shingles_are_the_plain_windows(words: list[str], n: int) -> None:
    if len(words) < n:
        plain = {tuple(words)} if words else set()
    else:
        plain = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    assert shingles(" ".join(words), n) == plain


@settings(derandomize=True, database=None, max_examples=300)
@given(text=_WORDS.map(" ".join), reference=_WORDS.map(" ".join))
def test_overlap_is_the_plain_count(text: str, reference: str) -> None:
    mine, ref = shingles(text), shingles(reference)
    flat = " ".join(reference.lower().split())
    if not mine or (len(mine) == 1 and len(next(iter(mine))) < 3):
        return  # the phrase test: has_phrase, tested above
    assert overlap(text, ref, flat) == sum(1 for s in mine if s in ref) / len(mine)


@settings(derandomize=True, database=None, max_examples=300)
@given(text=st.text(alphabet="aBÉǅß1. \t", max_size=30))
def test_upper_share_counts_words_starting_upper_case(text: str) -> None:
    root = parse_html(f"<p>{text or 'x'}</p>")
    assert root is not None
    blocks = dom_blocks(root)
    if blocks:
        words = blocks[0].text.split()
        plain = sum(w[0].isupper() for w in words) / max(len(words), 1)
        column = FEATURE_NAMES.index("upper-share")
        assert block_features(blocks, "")[0, column] == np.float32(plain)


def _plain_own_row(block: DomBlock, reference: float, ref_line: bool, rule: LineRule | None) -> list[float]:
    """One block's own columns, every one written into a list (as `_own_columns` was first)."""
    row = [0.0] * len(bf._OWN)
    row[bf._TAG_COL.get(block.tag, bf._OTHER_TAG_COL)] = 1.0
    if block.heading:
        row[bf._HEADING_COL[block.heading]] = 1.0
    for m in block.landmarks:
        row[bf._LANDMARK_COL[m]] = 1.0
    for g in block.groups:
        row[bf._GROUP_COL[g]] = 1.0
    for g in block.own_groups:
        row[bf._OWN_GROUP_COL[g]] = 1.0
    text = block.text
    words = text.split()
    n = len(words)
    chars = len(text)
    row[bf._HIDDEN] = float(block.hidden)
    row[bf._COLLAPSED] = float(block.collapsed)
    row[bf._ROW] = float(block.row)
    row[bf._LOG_WORDS] = float(np.log1p(n))
    row[bf._LOG_CHARS] = float(np.log1p(chars))
    row[bf._LINKS] = block.link_chars / max(chars, 1)
    row[bf._ENDS_SENTENCE] = float(bool(re.search(r"[.!?:;\"'”’)]\s*$", text)))
    row[bf._COMMAS] = text.count(",") / max(n, 1)
    row[bf._DIGITS] = sum(c.isdigit() for c in text) / max(chars, 1)
    row[bf._UPPER] = sum(w[0].isupper() for w in words) / max(n, 1)
    row[bf._DEPTH] = min(block.depth, 40) / 40.0
    if rule is not None:
        row[bf._RULE_ANY] = 1.0
        row[bf._RULE_SURE] = float(rule.sure)
        row[bf._RULE_TAIL] = float(rule.tail)
    elif n <= 40 and shape_rule(text):
        row[bf._RULE_SHAPE] = 1.0
    row[bf._REFERENCE] = reference
    row[bf._REFERENCE_ANY] = float(reference > 0.0)
    row[bf._REFERENCE_LINE] = float(ref_line)
    return row


_BLOCK_TEXTS = st.lists(
    st.sampled_from(["Share this", "Home", "The council voted.", "a, b", "Ünïcode", "2024", " ", "| About |", "x" * 9]),
    min_size=1,
    max_size=6,
).map(" ".join)
_BLOCKS = st.builds(
    DomBlock,
    text=_BLOCK_TEXTS,
    tag=st.sampled_from(["p", "div", "li", "tr", "h2", "span", "section", "font"]),
    depth=st.integers(0, 60),
    link_chars=st.integers(0, 30),
    landmarks=st.frozensets(st.sampled_from(LANDMARKS)),
    groups=st.frozensets(st.sampled_from(list(CLASS_GROUPS))),
    own_groups=st.frozensets(st.sampled_from(list(CLASS_GROUPS))),
    hidden=st.booleans(),
    collapsed=st.booleans(),
    heading=st.integers(0, 6),
    in_list=st.booleans(),
    in_pre=st.booleans(),
    in_quote=st.booleans(),
    row=st.booleans(),
)


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(st.lists(st.tuples(_BLOCKS, st.sampled_from([0.0, 0.25, 1 / 3, 1.0]), st.booleans()), max_size=8))
def test_own_columns_are_the_plain_rows(cases: list[tuple[DomBlock, float, bool]]) -> None:
    blocks = [b for b, _, _ in cases]
    refs = [r for _, r, _ in cases]
    lines = [k for _, _, k in cases]
    rules = block_rules(blocks)
    plain = [_plain_own_row(b, r, k, m) for b, r, k, m in zip(blocks, refs, lines, rules, strict=True)]
    expected = np.array(plain, dtype=np.float32).reshape(len(blocks), len(bf._OWN))
    assert bf._own_columns(blocks, refs, lines, rules).tobytes() == expected.tobytes()


@settings(derandomize=True, database=None, max_examples=100, deadline=None)
@given(st.lists(_BLOCKS, max_size=8), st.sampled_from(["", "Home", "The council voted.\nShare this"]))
def test_the_page_memo_gives_the_same_rules_and_features(blocks: list[DomBlock], reference: str) -> None:
    """HTML mode judges the blocks through the page's memo (`line_judgements`), which the
    text stages read again: the rules and the shapes are the ones asked directly."""
    memo = Memo()
    assert block_rules(blocks, memo) == block_rules(blocks)
    with_memo = block_features(blocks, reference, memo=memo)
    assert with_memo.tobytes() == block_features(blocks, reference).tobytes()
    assert all(line_judgements(memo)[b.text] == chrome._by_text(b.text) for b in blocks)
