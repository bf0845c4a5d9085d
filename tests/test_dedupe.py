"""dedupe.py: paragraphs the page says twice are dropped once; short lines may repeat."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean.dedupe import drop_duplicates
from clean.document import Block, Document

A = "The council voted on Tuesday to approve a new footbridge over the river."
B = "The bridge will cost 4.2 million euros and should open in the spring of 2026."
C = "Residents on both banks had campaigned for the crossing since the ferry stopped."
D = "The mayor said the vote showed that the city could still make big decisions."
E = "Work on the foundations is due to start in October, weather permitting, she said."
P = {"A": A, "B": B, "C": C, "D": D, "E": E}


def run(texts: list[str], dropped_rules: dict[int, str] | None = None) -> str:
    """Letters for the kept paragraphs, lower-case for the dropped ones: "Ab" keeps A, drops B."""
    rules = dropped_rules or {}
    doc = Document(blocks=tuple(Block(text=t, line=i, rule=rules.get(i)) for i, t in enumerate(texts)))
    out = drop_duplicates(doc)
    assert [b.text for b in out.blocks] == texts  # nothing is deleted or reordered
    letters = {t: k for k, t in P.items()}
    result = ""
    for before, after in zip(doc.blocks, out.blocks, strict=True):
        letter = letters.get(after.text, "?")
        if before.rule is not None:
            assert after.rule == before.rule  # a block dropped earlier keeps its reason
            result += "_"
        elif after.rule == "duplicate":
            result += letter.lower()
        else:
            assert after.rule is None
            result += letter
    return result


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("ABCD", "ABCD"),  # nothing repeated
        ("AA", "Aa"),
        ("AAA", "Aaa"),
        ("AABC", "aABC"),  # a copy before the lede goes: the one in the flow of the text stays
        ("AAB", "AaB"),  # a tie: the first stays
        ("ABAC", "aBAC"),  # the copy among article paragraphs stays
        ("BACDA", "BACDa"),
        # a run rendered twice (desktop and mobile markup): the first run stays, in order
        ("ABCABC", "ABCabc"),
        ("DABCDABC", "DABCdabc"),
        ("ABCDAB", "ABCDab"),
        ("ABAB", "ABab"),
    ],
)
def test_exact_repeats(page: str, expected: str) -> None:
    assert run([P[k] for k in page]) == expected


def test_repeats_differ_only_in_case() -> None:
    doc = Document(blocks=(Block(A, 0), Block(A.upper(), 1)))
    assert [b.rule for b in drop_duplicates(doc).blocks] == [None, "duplicate"]


@pytest.mark.parametrize(
    "short",
    [
        "Yes",
        "Share",
        "Read more",
        "Photo: Jane Doe",
        "Short one two three four",  # five words: below the six-word floor
    ],
)
def test_short_lines_may_repeat(short: str) -> None:
    doc = Document(blocks=(Block(short, 0), Block(A, 1), Block(short, 2), Block(B, 3)))
    assert all(b.rule is None for b in drop_duplicates(doc).blocks)


def test_six_words_is_a_paragraph() -> None:
    six = "Short one two three four five"
    doc = Document(blocks=(Block(six, 0), Block(six, 1)))
    assert [b.rule for b in drop_duplicates(doc).blocks] == [None, "duplicate"]


@pytest.mark.parametrize(
    ("short", "long"),
    [
        # a standfirst that is the lede cut short
        (
            "council voted on Tuesday to approve a new footbridge",
            A,
        ),
        # a paragraph inside a longer one
        (
            A,
            A[:-1] + " and ended a decade of debate about how to link the two halves of the town.",
        ),
        # a caption that repeats part of the next paragraph, with different punctuation
        (
            "The bridge will cost 4.2 million euros, and should open in the spring",
            B,
        ),
        # de, fr, es
        (
            "Der Stadtrat hat am Dienstag den Bau einer neuen Brücke beschlossen",
            "Der Stadtrat hat am Dienstag den Bau einer neuen Brücke beschlossen, die im Frühjahr "
            "2026 fertig sein soll.",
        ),
        (
            "Le conseil municipal a approuvé mardi la construction d'un nouveau pont",
            "Après dix ans de débats, le conseil municipal a approuvé mardi la construction d'un "
            "nouveau pont sur la rivière.",
        ),
        (
            "El ayuntamiento aprobó el martes la construcción de un nuevo puente",
            "El ayuntamiento aprobó el martes la construcción de un nuevo puente sobre el río, informó la alcaldía.",
        ),
    ],
)
def test_near_duplicate_inside_a_longer_paragraph(short: str, long: str) -> None:
    for blocks in ((short, long, C), (long, C, short)):
        doc = Document(blocks=tuple(Block(t, i) for i, t in enumerate(blocks)))
        out = drop_duplicates(doc)
        rules = {b.text: b.rule for b in out.blocks}
        assert rules[short] == "duplicate"
        assert rules[long] is None
        assert rules[C] is None


@pytest.mark.parametrize(
    "code",
    [
        '{ "id": "ch_3Mml", "object": "charge", "amount": 1099, "amount_captured": 1099, "currency": "usd" }',
        ">>> s = requests.Session() >>> s.get('https://httpbin.org/') <Response [200]>",
    ],
)
def test_code_may_repeat(code: str) -> None:
    # documentation shows the same response under each endpoint, the same snippet in two tabs
    doc = Document(blocks=tuple(Block(t, i) for i, t in enumerate([A, code, B, code, C, code[:-10]])))
    assert all(b.rule is None for b in drop_duplicates(doc).blocks)


def test_similar_but_different_paragraphs_stay() -> None:
    changed = A.replace("Tuesday", "Monday").replace("footbridge", "road bridge")
    assert run([A, changed]) == "A?"  # "?": kept, and not one of the named paragraphs


def test_the_same_terms_at_another_figure_are_not_a_copy() -> None:
    # terms repeated for each region, at its own price: each states a figure the others do not
    terms = (
        "Receive 20% off three qualifying skincare products and a free cleanser with your purchase of {} "
        "or more, after discounts and excluding taxes, shipping and delivery charges, from January 16 "
        "to January 20 at our retail locations and on our website, while stocks last and on no gift cards."
    )

    def rules(texts: list[str]) -> list[str | None]:
        doc = Document(blocks=tuple(Block(t, i) for i, t in enumerate(texts)))
        return [b.rule for b in drop_duplicates(doc).blocks]

    assert rules([terms.format("$40"), terms.format("£40 GBP"), terms.format("$55 CAD")]) == [None, None, None]
    # a copy cut short, with no figure of its own, still goes
    whole = terms.format("$40")
    assert rules([whole, whole.removesuffix(", while stocks last and on no gift cards.") + "."]) == [None, "duplicate"]


def test_dropped_blocks_do_not_count() -> None:
    # a copy that an earlier stage dropped is not a copy any more
    assert run([A, B, A], dropped_rules={2: "menu"}) == "AB_"
    assert run([A, A, B], dropped_rules={0: "caption"}) == "_AB"


def test_empty_and_single() -> None:
    empty = Document(blocks=())
    assert drop_duplicates(empty) == empty
    one = Document(blocks=(Block(A, 0),))
    assert drop_duplicates(one) == one


def test_deterministic() -> None:
    page = [P[k] for k in "ABCABDEAC"]
    doc = Document(blocks=tuple(Block(t, i) for i, t in enumerate(page)))
    assert drop_duplicates(doc) == drop_duplicates(doc)


# `Settled`: a later settle pass runs the stage on part of what it left, in order, and
# the stage then drops nothing; the memo's shortcut must give that same answer.
_WORDS = st.sampled_from("the council voted bridge river city mayor Bridge, river. a".split())
_PARAGRAPH = st.lists(_WORDS, min_size=3, max_size=14).map(" ".join)


@st.composite
def _pages(draw: st.DrawFn) -> list[str]:
    """Paragraphs from a small vocabulary, with whole and partial copies of each other."""
    texts = draw(st.lists(_PARAGRAPH, min_size=1, max_size=10))
    for _ in range(draw(st.integers(0, 6))):
        source = draw(st.sampled_from(texts)).split()
        start = draw(st.integers(0, len(source)))
        end = draw(st.integers(start, len(source)))
        texts.insert(draw(st.integers(0, len(texts))), " ".join(source[start:end]) or "x")
    return texts


@settings(derandomize=True, max_examples=600, database=None)
@given(texts=_pages(), keep=st.lists(st.booleans(), min_size=40, max_size=40))
def test_what_the_stage_left_has_no_copies_in_any_part(texts: list[str], keep: list[bool]) -> None:
    first = drop_duplicates(Document(blocks=tuple(Block(text=t, line=i) for i, t in enumerate(texts))))
    left = [b.text for b in first.blocks if b.rule is None]
    part = [t for t, k in zip(left, keep, strict=False) if k]
    plain = drop_duplicates(Document(blocks=tuple(Block(text=t, line=i) for i, t in enumerate(part))))
    assert all(b.rule is None for b in plain.blocks)
    again = drop_duplicates(Document(blocks=plain.blocks, memo=first.memo))  # the page's memo: the shortcut
    assert again.blocks == plain.blocks


@settings(derandomize=True, max_examples=300, database=None)
@given(texts=_pages(), other=_pages())
def test_the_shortcut_is_only_taken_for_a_part_of_what_was_left(texts: list[str], other: list[str]) -> None:
    memo = drop_duplicates(Document(blocks=tuple(Block(text=t, line=i) for i, t in enumerate(texts)))).memo
    blocks = tuple(Block(text=t, line=i) for i, t in enumerate(other))
    assert drop_duplicates(Document(blocks=blocks, memo=memo)).blocks == drop_duplicates(Document(blocks=blocks)).blocks
