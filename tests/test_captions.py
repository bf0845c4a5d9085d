"""captions.py: photo captions and credits glued to a paragraph are cut off it."""

from __future__ import annotations

import pytest

from clean.captions import unglue
from clean.document import Block, Document

Piece = tuple[str, str | None]  # text, rule


def pieces(text: str) -> list[Piece]:
    doc = unglue(Document(blocks=(Block(text=text, line=7, gap_before=True),)))
    return [(b.text, b.rule) for b in doc.blocks]


SPLITS = [
    # the example from the docstring: caption / credit / text, the text glued to the name
    (
        "The navy sent two ships. Photo credits: Ryre ArciagaCalling Japan a close partner, the minister said.",
        [
            ("The navy sent two ships.", "caption"),
            ("Photo credits: Ryre Arciaga", "photo-credit"),
            ("Calling Japan a close partner, the minister said.", None),
        ],
    ),
    (
        "ships. Photo credits: Ryre ArciagaCalling Japan a partner is what he said.",
        [
            ("ships.", "caption"),
            ("Photo credits: Ryre Arciaga", "photo-credit"),
            ("Calling Japan a partner is what he said.", None),
        ],
    ),
    # a name followed by a space and a word that starts sentences: cut before that word
    (
        "Soldiers at the border. Photo: Maria Navarro The European Union said on Monday it would send aid.",
        [
            ("Soldiers at the border.", "caption"),
            ("Photo: Maria Navarro", "photo-credit"),
            ("The European Union said on Monday it would send aid.", None),
        ],
    ),
    (
        "Photo: Ronald McDonald The company said on Monday that profits rose.",
        [
            ("Photo: Ronald McDonald", "photo-credit"),
            ("The company said on Monday that profits rose.", None),
        ],
    ),
    (
        "Image: NASA/JPL-Caltech The probe reached Jupiter in 2016.",
        [("Image: NASA/JPL-Caltech", "photo-credit"), ("The probe reached Jupiter in 2016.", None)],
    ),
    (
        "Photos: Jane Doe, John Smith The storm hit on Monday.",
        [("Photos: Jane Doe, John Smith", "photo-credit"), ("The storm hit on Monday.", None)],
    ),
    (
        "Photo credit: Getty ImagesThe minister spoke on Monday.",
        [("Photo credit: Getty Images", "photo-credit"), ("The minister spoke on Monday.", None)],
    ),
    (
        "Photo: AP Photo/Evan VucciPresident Biden spoke on Monday.",
        [("Photo: AP Photo/Evan Vucci", "photo-credit"), ("President Biden spoke on Monday.", None)],
    ),
    (
        "Photo: ANDREW HARNIK The president spoke.",
        [("Photo: ANDREW HARNIK", "photo-credit"), ("The president spoke.", None)],
    ),
    (
        "Image courtesy: NASA The rocket launched.",
        [("Image courtesy: NASA", "photo-credit"), ("The rocket launched.", None)],
    ),
    # de
    (
        "Foto: Hans Müller Die Regierung hat am Montag beschlossen, die Steuern zu senken.",
        [
            ("Foto: Hans Müller", "photo-credit"),
            ("Die Regierung hat am Montag beschlossen, die Steuern zu senken.", None),
        ],
    ),
    (
        "Bild: Anna SchmidtDer Bundestag hat am Freitag das Gesetz beschlossen.",
        [
            ("Bild: Anna Schmidt", "photo-credit"),
            ("Der Bundestag hat am Freitag das Gesetz beschlossen.", None),
        ],
    ),
    (
        "A crowd outside the court. Bildquelle: dpa/Picture Alliance Der Prozess beginnt am Montag.",
        [
            ("A crowd outside the court.", "caption"),
            ("Bildquelle: dpa/Picture Alliance", "photo-credit"),
            ("Der Prozess beginnt am Montag.", None),
        ],
    ),
    # fr
    (
        "Crédit photo : Marie Dupont Le gouvernement a annoncé lundi une hausse des impôts.",
        [
            ("Crédit photo : Marie Dupont", "photo-credit"),
            ("Le gouvernement a annoncé lundi une hausse des impôts.", None),
        ],
    ),
    (
        "Photo : AFP Le président a annoncé lundi sa démission.",
        [("Photo : AFP", "photo-credit"), ("Le président a annoncé lundi sa démission.", None)],
    ),
    # es
    (
        "Foto: EFE El Gobierno aprobó el martes la reforma de las pensiones.",
        [
            ("Foto: EFE", "photo-credit"),
            ("El Gobierno aprobó el martes la reforma de las pensiones.", None),
        ],
    ),
    (
        "Fotografía: Juan PérezEl Gobierno aprobó el martes la reforma.",
        [
            ("Fotografía: Juan Pérez", "photo-credit"),
            ("El Gobierno aprobó el martes la reforma.", None),
        ],
    ),
    # a date leading the caption is its own piece, left for the metadata stage
    (
        "21 February, 2024 Photo: Reuters The talks resumed on Wednesday.",
        [
            ("21 February, 2024", None),
            ("Photo: Reuters", "photo-credit"),
            ("The talks resumed on Wednesday.", None),
        ],
    ),
    (
        "21.02.2024 Foto: EFE Los manifestantes marcharon.",
        [("21.02.2024", None), ("Foto: EFE", "photo-credit"), ("Los manifestantes marcharon.", None)],
    ),
    # a long paragraph (over 40 words) before the credit: only its last sentence is the caption
    (
        "The talks lasted all night and ended without a deal, according to both delegations, who "
        "said they would meet again next week in Geneva to try once more to settle the long "
        "dispute over the border between the two countries. Delegates leave the hotel. "
        "Photo: Ana Ruiz The talks resume next week.",
        [
            (
                "The talks lasted all night and ended without a deal, according to both "
                "delegations, who said they would meet again next week in Geneva to try once more "
                "to settle the long dispute over the border between the two countries.",
                None,
            ),
            ("Delegates leave the hotel.", "caption"),
            ("Photo: Ana Ruiz", "photo-credit"),
            ("The talks resume next week.", None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_unglue_splits(text: str, expected: list[Piece]) -> None:
    assert pieces(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # names whose capitals inside are not a glued sentence start
        "Photo: John McDonald",
        "Photo: Ronald McDonald",
        "Photo: John MacKenzie",
        "Photo: LeBron James",
        "Photo: DeShawn Jones",
        "Photo: Mary MacArthur",
        "Foto: dpa",
        "Credit: Getty Images",
        "Photo: courtesy of the family",
        "Image: Jane Doe for Example News",
    ],
)
def test_credit_alone_stays_whole(text: str) -> None:
    assert pieces(text) == [(text, "photo-credit")]


@pytest.mark.parametrize(
    "text",
    [
        "The photo shows a cat. Nothing else here.",
        "The museum shows a picture of a famous painting by Monet that was stolen in 1985.",
        "Photographers gathered outside the court on Monday morning.",
        "Der Fotograf hat das Bild am Montag aufgenommen.",
        "Le crédit immobilier a augmenté de deux pour cent en mai.",
        "La fotografía ganó el premio nacional el año pasado.",
        # code whose keys look like markers: a Compose file's `image:`, a JSON "image":
        'services: web: build: . ports: - "8000:8000" db: image: postgres:18 ports: - "8001:5432"',
        '{ "title": "Bridge", "image": "bridge.jpg", "credit": "Jane Doe", "width": 800 }',
    ],
)
def test_prose_without_a_marker_is_not_touched(text: str) -> None:
    assert pieces(text) == [(text, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "We looked at the photo: it shows the mayor at the opening of the bridge.",
            [("We looked at the photo: it shows the mayor at the opening of the bridge.", None)],
            marks=pytest.mark.xfail(
                strict=True,
                reason="a lower-case 'photo:' inside a sentence is taken as a credit marker: "
                "the sentence becomes caption 'We looked at the' + credit 'photo: it shows ...'",
            ),
            id="marker-inside-a-sentence",
        ),
        pytest.param(
            "Photo: Ella FitzGerald The singer performed in Berlin in 1960.",
            [
                ("Photo: Ella FitzGerald", "photo-credit"),
                ("The singer performed in Berlin in 1960.", None),
            ],
            marks=pytest.mark.xfail(
                strict=True,
                reason="a name with an inner capital after 3+ lower-case letters (FitzGerald) "
                "is cut as glued text: 'Photo: Ella Fitz' + 'Gerald The singer ...'",
            ),
            id="FitzGerald",
        ),
        pytest.param(
            "Photo: Reuters Protesters gathered outside parliament on Monday to demand new elections.",
            [
                ("Photo: Reuters", "photo-credit"),
                ("Protesters gathered outside parliament on Monday to demand new elections.", None),
            ],
            marks=pytest.mark.xfail(
                strict=True,
                reason="the article resumes with a capitalised word that is not a known sentence "
                "starter: the whole sentence is dropped as part of the credit",
            ),
            id="sentence-after-agency",
        ),
    ],
)
def test_unglue_gaps(text: str, expected: list[Piece]) -> None:
    assert pieces(text) == expected


def test_pieces_keep_the_line_and_only_the_first_keeps_the_gap() -> None:
    doc = unglue(
        Document(
            blocks=(
                Block(
                    text="Soldiers at the border. Photo: Maria Navarro The EU sent aid.",
                    line=7,
                    gap_before=True,
                    indent=2,
                ),
            )
        )
    )
    assert [b.line for b in doc.blocks] == [7, 7, 7]
    assert [b.indent for b in doc.blocks] == [2, 2, 2]
    assert doc.blocks[0].gap_before is True
    assert doc.blocks[-1].gap_before is False


def test_dropped_blocks_are_left_alone() -> None:
    block = Block(text="ships. Photo: Maria Navarro The EU sent aid.", line=0, rule="menu")
    doc = Document(blocks=(block,))
    assert unglue(doc).blocks == (block,)


def test_page_without_markers_is_returned_as_is() -> None:
    doc = Document(blocks=(Block("The council voted.", 0), Block("It met on Tuesday.", 1)))
    assert unglue(doc) == doc


def test_several_blocks() -> None:
    doc = Document(
        blocks=(
            Block("Headline", 0),
            Block("Photo: Jane Doe The council voted on Tuesday.", 1),
            Block("Nothing to see.", 2),
        )
    )
    assert [(b.text, b.rule) for b in unglue(doc).blocks] == [
        ("Headline", None),
        ("Photo: Jane Doe", "photo-credit"),
        ("The council voted on Tuesday.", None),
        ("Nothing to see.", None),
    ]
