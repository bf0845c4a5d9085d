"""features.py and model.py: the line model's inputs and the shipped model that reads them."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clean import features as F
from clean.document import Block, Document
from clean.features import CONTEXT_NAMES, FEATURE_NAMES, HINTS, context_features, line_features, page_features
from clean.memo import Memo
from clean.model import classify_lines, load_models
from clean.rules import RULEBOOK
from clean.segment import segment

PAGE = """Home | News | Sport | Weather

Council approves new bridge over the Wend

By Maria Lopez

The city council voted on Tuesday to approve a new footbridge over the river Wend, ending a \
decade of debate about how to link the two halves of the old town.

- The bridge will cost 4.2 million euros.
- It should open in the spring of 2026.

    Residents on both banks had campaigned for the crossing since the old ferry stopped.

Share
© 2024 Example News. All rights reserved. https://example.com @example #bridge
"""


def blocks() -> list[Block]:
    return segment(PAGE)


def test_feature_names_are_unique_and_match_the_matrix() -> None:
    assert len(FEATURE_NAMES) == len(set(FEATURE_NAMES))
    x = page_features(blocks())
    assert x.shape == (len(blocks()), len(FEATURE_NAMES))
    assert x.dtype == np.float32


def test_every_hint_has_a_column() -> None:
    assert set(RULEBOOK.names) <= set(HINTS)
    assert {"breadcrumb", "menu"} <= set(HINTS)
    for hint in HINTS:
        assert f"hint:{hint}" in FEATURE_NAMES


@pytest.mark.parametrize("page", [[], [Block("", 0)], [Block("x", 0)]], ids=["none", "blank", "one"])
def test_small_pages(page: list[Block]) -> None:
    x = page_features(page)
    assert x.shape == (len(page), len(FEATURE_NAMES))
    assert np.isfinite(x).all()
    assert line_features(page).shape[0] == len(page)


def test_values_are_finite() -> None:
    odd = [
        Block("x" * 100_000, 0),
        Block("😀 emoji ✓ and 漢字 and Ελληνικά", 1, gap_before=True, indent=12, bullet=True),
        Block("\ufffd", 2),
        Block("!!!", 3, rule="menu", hint="menu"),
    ]
    for page in (blocks(), odd):
        x = page_features(page)
        assert np.isfinite(x).all()


def test_deterministic() -> None:
    a = page_features(blocks())
    b = page_features(blocks())
    assert np.array_equal(a, b)


def test_a_lines_shape_does_not_depend_on_where_it_stands() -> None:
    base = blocks()
    x = page_features(base)
    moved = page_features([base[3], *base[:3]])
    shape = [_col(n) for n in ("log_words", "log_chars", "terminal", "colon_end", "sentences")]
    assert np.array_equal(x[3, shape], moved[0, shape])
    assert x[3, _col("position")] != moved[0, _col("position")]


def _col(name: str) -> int:
    return FEATURE_NAMES.index(name)


def test_named_columns_mean_what_they_say() -> None:
    page = [
        Block("Share", 0, hint="share"),
        Block("A sentence of prose that ends as sentences do, with many words in it to count.", 1),
        Block("item", 2, bullet=True, gap_before=True, indent=4),
        Block("MENU", 3),
        Block("a | b", 4, rule="menu"),
    ]
    x = page_features(page)
    assert x[0, _col("hint:share")] == 1
    assert x[1, _col("hint:share")] == 0
    assert x[1, _col("terminal")] == 1
    assert x[1, _col("body")] == 1  # 15+ words ending like a sentence
    assert x[0, _col("body")] == 0
    assert x[2, _col("bullet")] == 1
    assert x[2, _col("gap_before")] == 1
    assert x[2, _col("log_indent")] == pytest.approx(np.log1p(4))
    assert x[3, _col("all_caps")] == 1
    assert x[4, _col("pipe")] == 1
    assert x[4, _col("dropped")] == 1
    assert x[0, _col("position")] == 0
    assert x[4, _col("position")] == 1
    assert x[0, _col("log_words")] == pytest.approx(np.log1p(1))
    assert x[1, _col("ctx-1:body")] == 0  # the line before it is not body
    assert x[0, _col("ctx+1:body")] == 1  # the line after "Share" is


# --- the second stage's view: first-stage scores around each line -----------------------


def _ctx_col(name: str) -> int:
    return CONTEXT_NAMES.index(name)


def test_context_features_read_the_scores_around_each_line() -> None:
    n = 7
    features = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], dtype=np.float32)
    open_ = np.array([True, True, True, False, True, True, True])
    counts = np.array([1, 1, 1, 1, 1, 1, 10], dtype=np.float32)
    x = context_features(features, scores, open_, counts)
    assert x.shape == (n, len(CONTEXT_NAMES))
    assert x[2, _ctx_col("score")] == pytest.approx(0.3)
    # a line a rule took counts as 0, whatever the first stage said of it
    assert x[2, _ctx_col("score+1")] == 0.0
    assert x[4, _ctx_col("score-1")] == 0.0
    assert x[4, _ctx_col("score-2")] == pytest.approx(0.3)
    # past the page's ends: 0
    assert x[0, _ctx_col("score-1")] == 0.0 and x[6, _ctx_col("score+3")] == 0.0
    assert x[1, _ctx_col("score-around1")] == pytest.approx((0.1 + 0.3) / 2)
    assert x[1, _ctx_col("score-before2")] == pytest.approx(0.1 / 2)
    assert x[1, _ctx_col("score-after2")] == pytest.approx(0.3 / 2)
    # page level: word-weighted mean over open lines, the same on every row
    page = (0.1 + 0.2 + 0.3 + 0.5 + 0.6 + 7.0) / 15
    assert np.allclose(x[:, _ctx_col("page-score")], page)
    assert np.allclose(x[:, _ctx_col("page-kept-share")], 3 / 6)
    assert x[0, _ctx_col("score-rank")] == 0.0 and x[6, _ctx_col("score-rank")] == pytest.approx(5 / 6)
    assert x[6, _ctx_col("position")] == 1.0


def test_context_features_of_an_empty_page() -> None:
    empty = np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    none = np.zeros(0, dtype=np.float32)
    assert context_features(empty, none, np.zeros(0, dtype=bool), none).shape == (0, len(CONTEXT_NAMES))


@settings(derandomize=True, max_examples=200, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1, width=32), st.booleans(), st.integers(0, 40)), min_size=1, max_size=40))
def test_context_features_are_finite_and_bounded(rows: list[tuple[float, bool, int]]) -> None:
    scores = np.array([r[0] for r in rows], dtype=np.float32)
    open_ = np.array([r[1] for r in rows])
    counts = np.array([r[2] for r in rows], dtype=np.float32)
    x = context_features(np.zeros((len(rows), len(FEATURE_NAMES)), dtype=np.float32), scores, open_, counts)
    assert np.isfinite(x).all()
    assert (x[:, _ctx_col("score") :] >= -1e-6).all() and (x[:, _ctx_col("score") :] <= 1 + 1e-6).all()


def test_second_stages_match_the_context_features() -> None:
    models = load_models()
    for _, second in models.pairs:
        assert second.mean.shape == (len(CONTEXT_NAMES),)
        assert second.threshold == models.threshold


def test_second_stage_keeps_a_list_whose_first_lines_are_kept() -> None:
    """The directory page the second stage was built for: short entries between
    paragraphs are judged as one list, not line by line."""
    intro = (
        "Please note that the city offers this list as an informational resource. Inclusion does "
        "not constitute endorsement of the listed providers, and fees may change without notice."
    )
    entries = []
    for k in range(6):
        entries += [f"Riverside Counselling Centre {k}", f"{100 + k} Harbour Street, Suite {k + 3}", "Psychotherapy"]
    outro = (
        "If you cannot find a provider that suits you, the student health office can help you to "
        "look further, and it will keep your questions confidential."
    )
    page = [Block(t, i, gap_before=True) for i, t in enumerate([intro, *entries, outro])]
    out = classify_lines(Document(blocks=tuple(page)))
    kept = [b.text for b in out.blocks if b.kept]
    assert intro in kept and outro in kept
    assert sum(t in kept for t in entries) >= 0.8 * len(entries)


# --- the shipped model ----------------------------------------------------------------


def test_models_load_and_match_the_features() -> None:
    models = load_models()
    assert len(models.pairs) >= 1
    for first, _ in models.pairs:
        assert first.mean.shape == (len(FEATURE_NAMES),)
        assert first.scale.shape == (len(FEATURE_NAMES),)
        assert (first.scale != 0).all()
    assert 0.0 < models.threshold < 1.0
    assert load_models() is models  # read once per process


def _page_scores(page: list[Block]) -> np.ndarray:
    counts = np.array([len(b.text.split()) for b in page], dtype=np.float32)
    return load_models().scores(page_features(page), np.ones(len(page), dtype=bool), counts)


def test_scores_are_probabilities() -> None:
    scores = _page_scores(blocks())
    assert scores.shape == (len(blocks()),)
    assert np.isfinite(scores).all()
    assert ((scores >= 0) & (scores <= 1)).all()
    assert np.array_equal(scores, _page_scores(blocks()))


def test_scores_are_the_mean_of_the_pairs() -> None:
    page = blocks()
    x, is_open = page_features(page), np.ones(len(page), dtype=bool)
    counts = np.array([len(b.text.split()) for b in page], dtype=np.float32)
    pairs = load_models().pairs
    each = [second.scores(context_features(x, first.scores(x), is_open, counts)) for first, second in pairs]
    assert np.allclose(_page_scores(page), np.mean(each, axis=0), atol=1e-6)


def test_scores_of_an_empty_page() -> None:
    assert _page_scores([]).shape == (0,)
    for first, _ in load_models().pairs:
        assert first.scores(page_features([])).shape == (0,)


def test_first_stages_prefer_prose_to_chrome() -> None:
    page = blocks()
    prose = (
        "The city council voted on Tuesday to approve a new footbridge over the river Wend, "
        "ending a decade of debate about how to link the two halves of the old town."
    )
    credit = "© 2024 Example News. All rights reserved. https://example.com @example #bridge"
    for model, _ in load_models().pairs:
        by_text = dict(zip((b.text for b in page), model.scores(page_features(page)), strict=True))
        # Before the rules have run every line of so small a page looks like content to the
        # model (a short page is mostly article); a credit line full of links still looks less so.
        assert by_text[prose] > by_text[credit]
        assert by_text[prose] > model.threshold


def test_classify_lines_only_drops_kept_blocks() -> None:
    page = [*blocks(), Block("Already gone", 99, rule="duplicate")]
    out = classify_lines(Document(blocks=tuple(page)))
    assert len(out.blocks) == len(page)
    assert [b.text for b in out.blocks] == [b.text for b in page]
    assert out.blocks[-1].rule == "duplicate"
    for before, after in zip(page, out.blocks, strict=True):
        if before.rule is None and after.rule is not None:
            assert after.rule == (before.hint or "boilerplate")


def test_classify_lines_on_an_empty_page() -> None:
    empty = Document(blocks=())
    assert classify_lines(empty) == empty


def test_every_rule_name_has_a_model_column() -> None:
    """A new rule needs its column in features.HINTS (and a retrain), or the model never sees it."""
    from clean.features import HINTS
    from clean.rules import RULEBOOK

    assert set(RULEBOOK.names) | {"breadcrumb", "menu"} <= set(HINTS)


def test_a_page_the_model_rejects_whole_keeps_its_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    import clean.model

    monkeypatch.setattr(clean.model.LineModel, "scores", lambda self, x: np.zeros(len(x), dtype=np.float32))
    prose = (
        "Refresh every room in your home with furniture that is easy to move, easy to clean and made "
        "to last, from sofas and armchairs to shelves, desks and beds."
    )
    # a post of several sentences that ends in hashtags is prose too; a long line of one
    # sentence that does not end as one (a list of links run together) is not
    post = (
        "I bought my first cast iron pan years ago and it still cooks better than anything else in the "
        "kitchen. It holds heat evenly and sears well. Season it after every wash and it will outlive "
        "you! Ask me anything about it below #castiron #cooking #kitchen"
    )
    links = " ".join(f"Category {i} Deals" for i in range(15))
    menu = [Block(f"Section {i}", 0) for i in range(20)]
    hinted = Block(prose.replace("Refresh", "Renew"), 0, hint="cookie")
    out = classify_lines(Document(blocks=(*menu, Block(prose, 0), hinted, Block(post, 0), Block(links, 0))))
    assert [b.text for b in out.blocks if b.kept] == [prose, post]
    only_chrome = classify_lines(Document(blocks=tuple(menu)))
    assert not any(b.kept for b in only_chrome.blocks)


# --- the memoised features are the features ---------------------------------------------
#
# `line_features` counts what depends on a line's text once per page (`Memo`) and takes
# it from there in later settle passes. The reference below is the plain computation,
# every column from the blocks at hand: the two must agree to the bit, on any page and
# whatever the memo already holds.


def _reference_line_features(blocks: list[Block]) -> np.ndarray:
    n = len(blocks)
    texts = [b.text for b in blocks]
    lowers = [t.lower() for t in texts]
    split = [t.split() for t in lowers]
    nw = np.array([len(w) for w in split], dtype=np.float32)
    nc = np.array([len(t) for t in texts], dtype=np.float32)
    nw1 = np.maximum(nw, 1.0)
    nc1 = np.maximum(nc, 1.0)
    terminal = np.array([F._TERMINAL.search(t) is not None for t in texts], dtype=np.float32)
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    fw = F._FUNCTION_WORDS.__contains__
    chars = F._char_counts(texts, nc.astype(np.int64))
    cols = [
        np.log1p(nw),
        np.log1p(nc),
        terminal,
        np.array([t.endswith(":") for t in texts], dtype=np.float32),
        np.log1p(chars["sentences"]),
        np.array([t.count(",") for t in texts], dtype=np.float32) / nw1,
        chars["capitals"] / nw1,
        chars["digits"] / nc1,
        chars["punct"] / nc1,
        np.array([b.bullet for b in blocks], dtype=np.float32),
        np.log1p(np.array([b.indent for b in blocks], dtype=np.float32)),
        np.array([b.gap_before for b in blocks], dtype=np.float32),
        np.array([sum(map(fw, w)) for w in split], dtype=np.float32) / nw1,
        np.array([F._URLISH.search(t) is not None for t in lowers], dtype=np.float32),
        np.log1p(np.array([counts[t] - 1 for t in texts], dtype=np.float32)),
        np.array([t.isupper() and len(t) > 3 for t in texts], dtype=np.float32),
        np.array(["|" in t for t in texts], dtype=np.float32),
        (nc - nw + 1) / nw1,
        ((nw >= 15) & (terminal > 0)).astype(np.float32),
        np.array([b.rule is not None for b in blocks], dtype=np.float32),
        np.arange(n, dtype=np.float32) / max(n - 1, 1),
    ]
    own = np.stack(cols, axis=1) if n else np.zeros((0, len(F._OWN)), dtype=np.float32)
    hints = np.zeros((n, len(HINTS)), dtype=np.float32)
    for i, b in enumerate(blocks):
        if b.hint and b.hint in F._HINT_INDEX:
            hints[i, F._HINT_INDEX[b.hint]] = 1.0
    return np.hstack([own, hints]).astype(np.float32)


def _reference_page_features(blocks: list[Block]) -> np.ndarray:
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)

    def shift(col: np.ndarray, offset: int) -> np.ndarray:
        out = np.zeros_like(col)
        if offset > 0:
            out[:-offset] = col[offset:]
        else:
            out[-offset:] = col[: len(col) + offset]
        return out

    def window_mean(col: np.ndarray, w: int) -> np.ndarray:
        c = np.concatenate([[0.0], np.cumsum(col, dtype=np.float64)])
        idx = np.arange(n)
        lo = np.clip(idx - w, 0, n)
        hi = np.clip(idx + w + 1, 0, n)
        return ((c[hi] - c[lo]) / (hi - lo)).astype(np.float32)

    base = _reference_line_features(blocks)
    parts = [base]
    for o in F._OFFSETS:
        parts.append(np.stack([shift(base[:, F._COL[f]], o) for f in F._CONTEXT_OWN], axis=1))
    for w in F._WINDOWS:
        cols = ("body", "log_words", "function_rate", "dropped")
        parts.append(np.stack([window_mean(base[:, F._COL[f]], w) for f in cols], axis=1))
    words = np.expm1(base[:, F._COL["log_words"]])
    body_words = words * base[:, F._COL["body"]]
    total = max(float(body_words.sum()), 1.0)
    before = (np.cumsum(body_words) - body_words) / total
    after = 1.0 - before - body_words / total
    tail_cols = [F._HINT_INDEX[h] + len(F._OWN) for h in ("read-also", "comments")]
    tail_before = np.maximum.accumulate(base[:, tail_cols].max(axis=1) * before)
    body_idx = np.flatnonzero(base[:, F._COL["body"]])
    idx = np.arange(n)
    if len(body_idx):
        pos = np.searchsorted(body_idx, idx)
        left = body_idx[np.clip(pos - 1, 0, len(body_idx) - 1)]
        right = body_idx[np.clip(pos, 0, len(body_idx) - 1)]
        dist = np.minimum(np.abs(idx - left), np.abs(right - idx)).astype(np.float32)
        first, last = body_idx[0], body_idx[-1]
    else:
        dist = np.full(n, float(n), dtype=np.float32)
        first, last = n, -1
    extra = [
        before,
        after,
        tail_before,
        np.full(n, np.log1p(n), dtype=np.float32),
        np.log1p(dist),
        (idx < first).astype(np.float32),
        (idx > last).astype(np.float32),
    ]
    parts.append(np.stack(extra, axis=1).astype(np.float32))
    return np.hstack(parts).astype(np.float32)


_LINES = [
    "Home | News | Sport",
    "The council voted on Tuesday to approve a new footbridge over the river, she said.",
    "SHARE",
    "Lesen Sie auch: Die Brücke über den Fluss",
    "Élections 2024 : « Le maire a dit non. » Puis il est parti !",
    "See www.example.com or @example #bridge",
    "4.2 million euros, 12% more…",
    "Related:",
    "ÇA VA ?",
    "x",
]
_TEXT = st.one_of(st.sampled_from(_LINES), st.text(min_size=1, max_size=80).filter(lambda t: t.strip() == t != ""))


@st.composite
def _page(draw: st.DrawFn) -> list[Block]:
    texts = draw(st.lists(_TEXT, min_size=1, max_size=30))
    hints = [None, "", *HINTS[:4]]
    return [
        Block(
            re.sub(r"\s+", " ", t),
            i,
            gap_before=draw(st.booleans()),
            indent=draw(st.sampled_from([0, 0, 2, 8])),
            bullet=draw(st.booleans()),
            rule=draw(st.sampled_from([None, None, "menu", "boilerplate"])),
            hint=draw(st.sampled_from(hints)),
        )
        for i, t in enumerate(texts)
    ]


@settings(
    derandomize=True, deadline=None, max_examples=300, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(page=_page(), seen=st.lists(_TEXT, max_size=10))
def test_memoised_features_equal_the_plain_computation(page: list[Block], seen: list[str]) -> None:
    memo = Memo()
    F.line_features([Block(t, 0) for t in seen], memo)  # a page memo that already knows some lines
    expected = _reference_line_features(page)
    assert F.line_features(page, memo).tobytes() == expected.tobytes()
    assert F.line_features(page, memo).tobytes() == expected.tobytes()  # all known now
    assert F.line_features(page).tobytes() == expected.tobytes()  # no memo
    assert F.page_features(page, memo).tobytes() == _reference_page_features(page).tobytes()


@settings(derandomize=True, max_examples=500, database=None)
@given(flags=st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=25))
def test_mending_runs_in_one_pass_is_the_pairwise_fixpoint(flags: list[tuple[bool, bool, bool]]) -> None:
    from clean.model import _mend_runs

    open_ = [i for i, (is_open, _, _) in enumerate(flags) if is_open]
    body = {i: flags[i][1] for i in open_}
    keep = [k for _, _, k in flags]
    reference = {i: keep[i] for i in open_}
    changed = True
    while changed:  # the pairwise form `classify_lines` had
        changed = False
        for a, b in itertools.pairwise(open_):
            if body[a] and body[b] and reference[a] != reference[b]:
                reference[a] = reference[b] = True
                changed = True
    _mend_runs(open_, [body[i] for i in open_], keep)
    assert {i: keep[i] for i in open_} == reference


def _reference_char_counts(texts: list[str]) -> dict[str, np.ndarray]:
    """Character classes per line, the way the model was trained: a mask per class and a
    count per line."""
    n = len(texts)
    cp = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    line = np.repeat(np.arange(n), np.array([len(t) for t in texts]) + 1)[: len(cp)]
    punct_table = np.zeros(0x3000, dtype=bool)
    for ch in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡«»¿–—‘’‚“”„•…‹›€©®°·":
        punct_table[ord(ch)] = True
    digit = (cp >= 48) & (cp <= 57)
    punct = punct_table[np.minimum(cp, 0x2FFF)] & (cp < 0x3000)
    upper = ((cp >= 65) & (cp <= 90)) | ((cp >= 0xC0) & (cp <= 0xDE) & (cp != 0xD7))
    space_before = np.concatenate([[True], (cp[:-1] == 32) | (cp[:-1] == 10)])
    stop = (cp == 46) | (cp == 33) | (cp == 63) | (cp == 0x2026)
    sentence = np.zeros(len(cp), dtype=bool)
    if len(cp) > 2:
        sentence[:-2] = stop[:-2] & (cp[1:-1] == 32) & upper[2:]
    masks = {"digits": digit, "punct": punct, "capitals": upper & space_before, "sentences": sentence}
    return {k: np.bincount(line, weights=m, minlength=n).astype(np.float32) for k, m in masks.items()}


_CHARS = st.text(alphabet=st.sampled_from(list("aZ .!?…\n0123,;:«»ÀÞ×ßé€\u3000\u2fffx")), max_size=12)
_ENDINGS = st.text(alphabet=st.sampled_from(list("a .!?…:,|\n'\"”’»)]«“‘›‹(\u3000é")), max_size=8)


@settings(derandomize=True, max_examples=1500, database=None)
@given(texts=st.lists(_CHARS | _ENDINGS | st.text(max_size=12), min_size=1))
def test_character_counts_by_flags_equal_the_masks(texts: list[str]) -> None:
    """The class counts against their masks, and what a line's last characters say
    against the string methods and `ends_sentence`."""
    from clean.endings import ends_sentence

    texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]  # utf-32 needs no lone surrogates
    got = F._char_counts(texts, np.array([len(t) for t in texts], dtype=np.int64))
    for name, expected in _reference_char_counts(texts).items():
        assert got[name].tobytes() == expected.tobytes(), name
    ends = {
        "commas": [t.count(",") for t in texts],
        "pipe": ["|" in t for t in texts],
        "colon_end": [t.endswith(":") for t in texts],
        "terminal": [ends_sentence(t) for t in texts],
    }
    for name, values in ends.items():
        assert got[name].tobytes() == np.array(values, dtype=np.float32).tobytes(), name


def _reference_context_features(
    features: np.ndarray, scores: np.ndarray, open_: np.ndarray, words: np.ndarray
) -> np.ndarray:
    """`context_features` column by column, as the model was trained on it."""
    n = len(scores)
    pad = max(F._CONTEXT_WINDOWS)
    e = np.where(open_, scores, 0.0).astype(np.float64)
    padded = np.zeros(n + 2 * pad)
    padded[pad : pad + n] = e
    cols = []
    for k in F._CONTEXT_SHIFTS:
        cols += [padded[pad - k : pad - k + n], padded[pad + k : pad + k + n]]
    run = np.concatenate([[0.0], np.cumsum(padded)])
    idx = np.arange(n) + pad
    for w in F._CONTEXT_WINDOWS:
        low, high = run[idx - w], run[idx + w + 1]
        cols += [(high - low - e) / (2 * w), (run[idx] - low) / w, (high - run[idx + 1]) / w]
    weights = words * open_
    cols.append(np.full(n, float((e * weights).sum()) / max(float(weights.sum()), 1.0)))
    opened = e[open_]
    cols.append(np.full(n, float((opened >= 0.5).mean()) if len(opened) else 0.0))
    cols.append(np.searchsorted(np.sort(opened), e) / len(opened) if len(opened) else np.zeros(n))
    cols.append(np.arange(n) / max(n - 1, 1))
    base = features[:, F._CONTEXT_BASE_COLS]
    return np.hstack([base, scores[:, None], np.stack(cols, axis=1).astype(np.float32)]).astype(np.float32)


@settings(derandomize=True, max_examples=500, database=None)
@given(
    rows=st.lists(
        st.tuples(st.floats(0, 1, width=32), st.booleans(), st.integers(0, 300), st.floats(-5, 5, width=32)),
        min_size=1,
        max_size=40,
    )
)
def test_context_features_equal_the_column_by_column_computation(rows: list[tuple[float, bool, int, float]]) -> None:
    scores = np.array([r[0] for r in rows], dtype=np.float32)
    open_ = np.array([r[1] for r in rows])
    words = np.array([r[2] for r in rows], dtype=np.float32)
    features = np.tile(np.array([r[3] for r in rows], dtype=np.float32)[:, None], (1, len(FEATURE_NAMES)))
    features *= np.arange(1, len(FEATURE_NAMES) + 1, dtype=np.float32)
    got = F.context_features(features, scores, open_, words)
    assert got.tobytes() == _reference_context_features(features, scores, open_, words).tobytes()


def test_a_line_longer_than_float32_counts_exactly() -> None:
    # 2^24 + 3 characters: float32 has no such whole number, and the length rounded up
    # pointed past the page's last code point (a 20 MB one-line page crashed)
    n = (1 << 24) + 3
    x = F.text_counts(["a" * (n - 1) + "."])
    assert x.shape == (1, 13)
    assert x[0, 2] == 1.0  # ends like a sentence: its last character was read
