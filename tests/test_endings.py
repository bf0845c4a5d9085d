"""endings.py: reading a line's last characters answers what its regex answers."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from clean.endings import ENDS_CLAUSE, ENDS_SENTENCE, ends_clause, ends_sentence

# the characters that matter, plus anything at all
_SAMPLE = list(".!?…:;'\"”’»)]“‘«›‹([ \n\t\u00a0\u202fab")
_TEXT = st.text(alphabet=st.sampled_from(_SAMPLE), max_size=12) | st.text(max_size=30)


@settings(derandomize=True, max_examples=2000, database=None)
@given(text=_TEXT)
@example(text="She said.”")
@example(text="The end.\n")
@example(text="The end.\n\n")
@example(text="Menu:")
@example(text="« Mais il y aura des huîtres. »")
@example(text="Non.  »")
@example(text="")
def test_the_endings_agree_with_their_regexes(text: str) -> None:
    assert ends_sentence(text) == (ENDS_SENTENCE.search(text) is not None)
    assert ends_clause(text) == (ENDS_CLAUSE.search(text) is not None)


@pytest.mark.parametrize(
    "text",
    [
        "„Jetzt müssen wir schneller bauen, als das Wasser steigt.“",  # German „…“
        "Er sagte nur: ‚Nein.‘",  # German single quotes
        "»So ist es.«",  # German guillemets
        "Elle a dit «non.»",  # French, unspaced (a spaced closer ends a clause: see above)
        "She said, “It is done.”",  # English
        "(See the map.)",
    ],
)
def test_a_stop_before_closing_quotes_ends_a_sentence(text: str) -> None:
    assert ends_sentence(text) and ends_clause(text)


@pytest.mark.parametrize(
    "text", ["Lesen Sie auch „Die Mulde“", "Read also: “Floods”", "„Wir haben gelernt“, sagte sie"]
)
def test_closing_quotes_without_a_stop_do_not(text: str) -> None:
    assert not ends_sentence(text)
