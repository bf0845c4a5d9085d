"""metadata.py: which lines read as article paragraphs (the model's mending and the
empty-page rescue lean on it), and the headline's "repeated in the head" test, whose binary
search must answer as the scan it replaced."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from clean.document import Block
from clean.metadata import _Repeats, is_body


def test_a_paragraph_ending_in_spaced_guillemets_is_body() -> None:
    french = (
        "Du côté des parents, l’accueil est mitigé. « Mais les clubs de sport vont devoir tout "
        "réorganiser pour la rentrée de janvier. »"
    )
    assert is_body(Block(french, 0))
    assert not is_body(Block(french.removesuffix(". »") + " »", 0))
    assert not is_body(Block("Too short to be a paragraph. »", 0))


_WORDS = st.sampled_from(["council", "votes", "bridge", "|", "news", "council votes", ""])


@settings(derandomize=True, max_examples=1500, database=None)
@given(lines=st.lists(st.lists(_WORDS, max_size=4).map(" ".join), min_size=1, max_size=12), pad=st.integers(0, 60))
def test_repeats_by_binary_search_equal_the_scan(lines: list[str], pad: int) -> None:
    blocks = [Block(line + " " * (pad if k % 2 else 0), k) for k, line in enumerate(lines)]
    lows = [b.text.lower() for b in blocks]
    repeated = _Repeats(lows, blocks)
    for i, key in enumerate(lows):
        scan = any(
            j != i
            and key in low
            and (low == key or (low.startswith(key + " ") and len(blocks[j].text) < 2 * len(key) + 40))
            for j, low in enumerate(lows)
        )
        assert repeated(i) == scan
