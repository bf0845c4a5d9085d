"""The stages that apply a user's rules to a page's blocks."""

from __future__ import annotations

import pytest

from clean.document import Document
from clean.segment import segment
from clean.site_stages import drop_user_lines, known_bylines
from clean.siterules import LineSpec, _rulebook

NAMES = ("Jane Doe", "John Roe")


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("jane doe", ("Jane Doe",)),
        ("Von Jane Doe und John Roe", ("Jane Doe", "John Roe")),
        ("Text: John Roe, Jane Doe", ("John Roe", "Jane Doe")),
        ("Jane Doe said the plan would work.", ()),
        ("By Jane Doe and Max Mustermann", ()),
    ],
)
def test_known_bylines(line: str, authors: tuple[str, ...]) -> None:
    doc = known_bylines(Document(blocks=tuple(segment(line + "\n\nSome body text here."))), NAMES)
    assert doc.meta.authors == authors
    assert (doc.blocks[0].rule == "byline") == bool(authors)
    assert doc.blocks[-1].kept


def test_known_bylines_keeps_authors_found_earlier() -> None:
    doc = Document(blocks=tuple(segment("By John Roe")))
    first = known_bylines(doc, ("John Roe",))
    again = known_bylines(Document(blocks=tuple(segment("Jane Doe")), meta=first.meta), NAMES)
    assert again.meta.authors == ("John Roe",)


@pytest.mark.parametrize(
    ("spec", "line", "hit"),
    [
        (LineSpec("promo", phrases=("Subscribe now",)), "Subscribe now!", True),
        (LineSpec("promo", phrases=("Subscribe now",)), "Please subscribe now to read", False),
        (LineSpec("promo", phrases=("subscribe now",), match="anywhere"), "Please Subscribe now to read", True),
        (
            LineSpec("promo", phrases=("subscribe now",), match="anywhere", max_words=3),
            "Please subscribe now to read",
            False,
        ),
        (LineSpec("ad", patterns=(r"anzeige\s*\d*",)), "ANZEIGE 12", True),
        (LineSpec("ad", patterns=(r"[Ss]ponsored by \w+",), match="anywhere"), "This post is sponsored by Acme", True),
        (LineSpec("a.b", phrases=("a.b",)), "axb", False),
    ],
)
def test_drop_user_lines(spec: LineSpec, line: str, hit: bool) -> None:
    doc = drop_user_lines(Document(blocks=tuple(segment(line))), _rulebook((spec,)))
    assert doc.blocks[0].rule == (spec.rule if hit else None)


def test_known_bylines_reclaims_a_line_only_the_model_dropped() -> None:
    doc = Document(blocks=tuple(b.drop("boilerplate") for b in segment("Jane Doe and John Roe")))
    assert known_bylines(doc, NAMES).blocks[0].rule == "byline"
    menu = Document(blocks=tuple(b.drop("menu") for b in segment("Jane Doe")))
    assert known_bylines(menu, NAMES).blocks[0].rule == "menu"
