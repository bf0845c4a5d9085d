"""language.py: the article's language as an ISO 639-1 code, or None when unsure."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clean.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The city council voted on Tuesday to approve a new footbridge over the river.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke über den Fluss zu bauen.", "de"),
        (
            "Le conseil municipal a approuvé mardi la construction d'un nouveau pont sur la rivière.",
            "fr",
        ),
        ("El ayuntamiento aprobó el martes la construcción de un nuevo puente sobre el río.", "es"),
        (
            "Il consiglio comunale ha approvato martedì la costruzione di un nuovo ponte sul fiume.",
            "it",
        ),
        (
            "A câmara municipal aprovou na terça-feira a construção de uma nova ponte sobre o rio.",
            "pt",
        ),
        ("De gemeenteraad heeft dinsdag besloten een nieuwe brug over de rivier te bouwen.", "nl"),
    ],
)
def test_detects_the_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
    # paragraphs as the pipeline joins them
    assert detect_language(f"{text}\n\n{text}") == lang


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hi",
        "Share",
        "12345 67890 !!! ??? ... 2024-02-21",
        "abc def ghi",  # too few letters to tell
        "- - - | | | » » »",
    ],
)
def test_too_little_text_is_none(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # no linguistic content: py3langid answers "zxx", which is not an ISO 639-1 code
        "qwrtzp xkcdv bnmlk jhgfd qwrtzp xkcdv bnmlk",
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "xxxxx yyyyy zzzzz xxxxx yyyyy zzzzz",
    ],
)
def test_never_a_code_outside_iso_639_1(text: str) -> None:
    lang = detect_language(text)
    assert lang is None or re.fullmatch(r"[a-z]{2}", lang)


def test_only_a_bounded_sample_is_read() -> None:
    english = "The city council voted on Tuesday to approve a new footbridge over the river. " * 20
    german = "Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke zu bauen. " * 200
    assert detect_language(english + german) == "en"


def test_deterministic() -> None:
    text = "Le conseil municipal a approuvé mardi la construction d'un nouveau pont."
    assert len({detect_language(text) for _ in range(5)}) == 1


@settings(derandomize=True, max_examples=500, database=None)
@given(sample=st.text(alphabet=st.sampled_from(list("ab1 .é²½_\u0301中")), max_size=40), enough=st.integers(0, 25))
def test_has_letters_is_the_count(sample: str, enough: int) -> None:
    from clean.language import _has_letters

    assert _has_letters(sample, enough) == (sum(ch.isalpha() for ch in sample) >= enough)
