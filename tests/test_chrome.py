"""chrome.py: named rules drop chrome lines, link bars are known by shape, and the tail is cut."""

from __future__ import annotations

import pytest

from clean.chrome import apply_rules, cut_tail, rule_for, shape_rule
from clean.document import Block, Document

BODY = (
    "The city council voted on Tuesday to approve a new footbridge over the river, ending a "
    "decade of debate about how to link the two halves of the old town."
)


def body(n: int) -> str:
    return BODY.replace("river", f"river {n}")


def doc(*lines: str) -> Document:
    return Document(blocks=tuple(Block(text=t, line=i) for i, t in enumerate(lines)))


def rules(d: Document) -> list[str | None]:
    return [b.rule for b in d.blocks]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Home » World » Europe", "breadcrumb"),
        ("World » Europe » France » Paris", "breadcrumb"),
        ("Startseite > Politik > Ausland", "breadcrumb"),
        ("Accueil / Monde / Europe", "breadcrumb"),
        ("Inicio › Internacional › Europa", "breadcrumb"),
        ("Home | News", "breadcrumb"),  # a bar that starts at home
        ("Conflicts - TensionsNortheast AsiaPartnerships", "breadcrumb"),  # lost separators
        ("Sport: FußballBundesligaChampions League", "breadcrumb"),
        ("Privacy | Terms | Contact", "menu"),
        ("News • Sport • Weather • Culture", "menu"),
        ("Politik · Wirtschaft · Kultur", "menu"),
        ("Actualités | Sport | Culture | Météo", "menu"),
        ("Noticias | Deportes | Cultura", "menu"),
    ],
)
def test_shape_rule_knows_bars(line: str, expected: str) -> None:
    assert shape_rule(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Tuesday. It voted yes.",
        BODY,
        "Read the report at example.com/a/b/c for details on the 2024/25 season.",
        "Politics | Economy | A very long segment here with many words in it",
        "News | Sport",  # two segments are not a bar
        "McDonald and MacArthur met DeVito",  # inner capitals, but not glued links
        "iPhone iPad MacBook",
        "The ratio was 3/4 or 75 percent, she said.",
        "Er sagte: »Wir machen weiter.«",
        # code: its `>` and `/` separate no links
        ">>> r = requests.get('https://en.wikipedia.org/wiki/Monty_Python')",
        "$ export REQUESTS_CA_BUNDLE=/usr/local/myproxy_info/cacert.pem",
        "createAudioFileAsync(audioSettings).then(successCallback, failureCallback);",  # camelCase
    ],
)
def test_shape_rule_leaves_prose(line: str) -> None:
    assert shape_rule(line) is None


def test_rule_for() -> None:
    assert rule_for(Block("Share", 0)) is not None
    assert rule_for(Block("Home » World » Europe", 0)) == "breadcrumb"
    assert rule_for(Block(BODY, 0)) is None
    # a bar shape is only looked for in short lines
    assert rule_for(Block(" | ".join(["word"] * 41), 0)) is None


def test_apply_rules_drops_sure_rules_and_marks_the_rest() -> None:
    d = apply_rules(
        doc(
            "Share",
            "Menu",
            body(1),
            "Related articles",
            body(2),
            "Comments (3)",
            "Cookies",
            "Home » World » Europe",
            "Privacy | Terms | Contact",
        )
    )
    # a line no rule knows has an empty hint ("" or None: it was looked at, nothing knew it)
    assert [(b.rule, b.hint or None) for b in d.blocks] == [
        ("share", "share"),
        ("menu", "menu"),
        (None, None),
        # tail labels stay for cut_tail and the model to judge, with their name as a hint
        (None, "read-also"),
        (None, None),
        (None, "comments"),
        ("legal-links", "legal-links"),
        ("breadcrumb", "breadcrumb"),
        ("menu", "menu"),
    ]


def test_apply_rules_keeps_text_and_order() -> None:
    before = doc("Share", body(1), "Anzeige", body(2))
    after = apply_rules(before)
    assert [b.text for b in after.blocks] == [b.text for b in before.blocks]
    assert [b.line for b in after.blocks] == [0, 1, 2, 3]
    assert rules(after) == ["share", None, "advertisement", None]


def test_apply_rules_leaves_dropped_blocks_alone() -> None:
    block = Block("Share", 0, rule="duplicate")
    assert apply_rules(Document(blocks=(block,))).blocks == (block,)


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("Read also", "read-also"),
        ("Lesen Sie auch", "read-also"),
        ("À lire aussi", "read-also"),
        ("Noticias relacionadas", "read-also"),
        ("Leave a Reply", "comments"),
        ("Kommentare", "comments"),
        ("Laisser un commentaire", "comments"),
        ("Deja un comentario", "comments"),
    ],
)
def test_cut_tail_after_the_article(label: str, name: str) -> None:
    d = apply_rules(doc(*(body(i) for i in range(5)), label, "Teaser one", "Teaser two", "Your name"))
    assert rules(cut_tail(d)) == [None] * 5 + [name] * 4


def test_cut_tail_keeps_what_is_already_dropped() -> None:
    d = apply_rules(doc(*(body(i) for i in range(5)), "Read also", "Teaser", "Share"))
    assert rules(cut_tail(d)) == [None] * 5 + ["read-also", "read-also", "share"]


@pytest.mark.parametrize(
    "teaser", ["Related: Port expansion approved despite protests", "Lesen Sie auch: Bierabsatz sinkt"]
)
def test_no_cut_after_a_one_line_teaser(teaser: str) -> None:
    # "Related: <headline>" is one teaser of the "read-also" kind, not the label of a
    # tail: the article goes on after it
    d = apply_rules(doc(*(body(i) for i in range(5)), teaser, body(5)))
    assert rules(cut_tail(d)) == [None] * 5 + ["read-also", None]
    assert [b.hint for b in d.blocks][5] == "read-also"


def test_no_cut_before_the_article() -> None:
    # a "Related" box above the article is not a tail
    d = apply_rules(doc("Related articles", "Teaser", *(body(i) for i in range(5))))
    assert rules(cut_tail(d)) == [None] * 7


def test_no_cut_with_much_article_after_the_label() -> None:
    # a label two thirds down, with a third of the article after it: a heading, not a tail
    d = apply_rules(doc(*(body(i) for i in range(4)), "Read also", *(body(i) for i in range(4, 6))))
    assert rules(cut_tail(d)) == [None] * 7


def test_no_cut_without_article_text() -> None:
    d = apply_rules(doc("Read also", "Teaser", "foo"))
    assert cut_tail(d) == d
    empty = Document(blocks=())
    assert cut_tail(empty) == empty


def test_a_line_of_spaced_items_is_a_menu_but_rows_of_a_table_are_left_to_the_model() -> None:
    def line(text: str, i: int) -> Block:
        return Block(text, i, cells=text.count("   "))

    links = [line("Home   News   Sport", 0), line("A paragraph under the links, as plain as it gets.", 1)]
    assert rules(apply_rules(Document(blocks=tuple(links)))) == ["menu", None]
    table = ["State   Rank   Share", "Idaho   22   58.8", "Wyoming   28   56.4", "Utah   31   55.0"]
    rows = [line(t, i) for i, t in enumerate([*table, "Two rows are no table:", *table[:2]])]
    assert rules(apply_rules(Document(blocks=tuple(rows)))) == [None] * 5 + ["menu", "menu"]


def test_a_table_keeps_its_rows_across_empty_cells_and_sub_headings() -> None:
    def line(text: str, i: int) -> Block:
        return Block(text, i, cells=text.count("   "))

    table = [
        "Food   Per person   For two   For four",
        "Vegetables",
        "Onions   1   3   6",
        "Celery   80g   320g",  # an empty cell leaves no gap
        "Fruit",
        "Pears   5   10   20",
    ]
    assert rules(apply_rules(Document(blocks=tuple(line(t, i) for i, t in enumerate(table))))) == [None] * 6
    # two lines between rows part them: no run of three rows is left, and each is
    # judged alone, as a row of links
    apart = [table[0], table[2], "Fruit", "More fruit", table[5]]
    got = rules(apply_rules(Document(blocks=tuple(line(t, i) for i, t in enumerate(apart)))))
    assert got == ["menu", "menu", None, None, "menu"]
