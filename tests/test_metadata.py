"""metadata.py: which lines read as article paragraphs (the model's mending and the
empty-page rescue lean on it)."""

from __future__ import annotations

from clean.document import Block
from clean.metadata import is_body


def test_a_paragraph_ending_in_spaced_guillemets_is_body() -> None:
    french = (
        "Du côté des parents, l’accueil est mitigé. « Mais les clubs de sport vont devoir tout "
        "réorganiser pour la rentrée de janvier. »"
    )
    assert is_body(Block(french, 0))
    assert not is_body(Block(french.removesuffix(". »") + " »", 0))
    assert not is_body(Block("Too short to be a paragraph. »", 0))
