"""Cheap screens in front of costly tests never change an answer: a screen that says "no"
is only ever right, and where it says "maybe" the full test decides as before."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from clean import captions, chrome, metadata

_PIECES = st.sampled_from(
    "Source: Reuters|source : AFP.|*First published in: The Courier|Originally appeared on Example News|"
    "Erstmals erschienen in: Die Zeit|Publié initialement dans Le Monde|Publicado originalmente en El País|"
    "With input from agencies|(Reuters)|Reuters|AP|dpa|Photo: Jane Doe|Photo credits: Ryre Arciaga|"
    "Bildquelle: dpa|Home » World|Privacy | Terms|a • b|x / y|The council voted.|ILLUSTRATION|Crédit|"
    " |:|(|)|*|.".split("|")
)
_LINE = st.lists(_PIECES, max_size=4).map(" ".join) | st.text(max_size=60)


@settings(derandomize=True, max_examples=1500, database=None)
@given(line=_LINE)
@example(line="Source: Reuters")
@example(line="(dpa)")
def test_the_source_screen_is_every_source_pattern(line: str) -> None:
    assert (metadata._ANY_SOURCE.match(line) is not None) == any(p.match(line) for p in metadata._SOURCE)


@settings(derandomize=True, max_examples=1500, database=None)
@given(line=_LINE)
@example(line="PHOTO credit: x")
def test_the_marker_word_screen_is_any_marker_word(line: str) -> None:
    lower = line.lower()
    assert (captions._ANY_MARKER_WORD.search(lower) is not None) == any(w in lower for w in captions._MARKER_WORDS)


@settings(derandomize=True, max_examples=1500, database=None)
@given(line=_LINE)
@example(line="Home » World » Europe")
def test_a_line_without_separator_characters_is_one_part(line: str) -> None:
    if chrome._SEPARATOR.search(line) is None:
        assert len([p for p in chrome._CRUMB_SEP.split(line) if p.strip()]) <= 1


@settings(derandomize=True, max_examples=1500, database=None)
@given(line=_LINE)
@example(line="Photo © x")
@example(line="Photo credits: x")
def test_a_line_without_a_colon_or_copyright_sign_holds_no_credit_marker(line: str) -> None:
    if ":" not in line and "©" not in line:
        assert captions._MARKER.search(line) is None


@settings(derandomize=True, max_examples=1500, database=None)
@given(line=_LINE | st.text(alphabet=st.sampled_from(list("htps:/w.com@#x ")), max_size=20))
@example(line="see www.example.com")
def test_a_line_without_url_marks_is_not_urlish(line: str) -> None:
    from clean import features

    if not features._url_marked(line):
        assert features._URLISH.search(line) is None
