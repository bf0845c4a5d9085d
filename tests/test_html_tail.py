"""html_tail.py: a dropped "Related articles" label takes the kept blocks of its box with
it, and nothing outside that box."""

from __future__ import annotations

from clean.dom import dom_blocks, parse_html
from clean.html_extract import Judged
from clean.html_tail import cut_labelled_boxes
from clean.memo import Memo

_PARAGRAPH = (
    "<p>The council voted on Tuesday to rebuild the old bridge over the river, a project that "
    "has been delayed for more than a decade by disputes over its cost and its design.</p>"
)


def _judged(body: str, labels: tuple[str, ...] = ("Related articles", "Te puede interesar")) -> list[Judged]:
    """The page's blocks, all kept but the labels, which the block model dropped."""
    root = parse_html(f"<html><body>{body}</body></html>")
    assert root is not None
    return [Judged(b, "read-also" if b.text in labels else None) for b in dom_blocks(root)]


def _kept(judged: list[Judged]) -> list[str]:
    return [j.block.text for j in judged if j.rule is None]


def test_the_list_under_a_heading_goes_with_it() -> None:
    body = (
        f"<article>{_PARAGRAPH * 3}<section><h2>Related articles</h2><ul>"
        "<li><a href='/a'>Ferry prices rise again this summer</a></li>"
        "<li><a href='/b'>The mayor opens a new library</a></li></ul></section></article>"
        "<footer><p>Contact us</p></footer>"
    )
    out = cut_labelled_boxes(_judged(body), Memo(), article=True)
    assert "Ferry prices rise again this summer" not in _kept(out)
    assert "The mayor opens a new library" not in _kept(out)
    assert [j.rule for j in out if j.block.text.startswith("Ferry")] == ["read-also"]
    assert "Contact us" in _kept(out)  # outside the box: the block model's to judge


def test_a_box_in_the_middle_of_the_article_takes_its_teaser_and_no_more() -> None:
    last = "<p>Residents have asked the city to keep the noise down at the stops late at night, they said.</p>"
    body = (
        f"<article><div class='body'>{_PARAGRAPH * 3}"
        "<div class='inline'><span>Te puede interesar</span><ul><li><a href='/c'>El bus nocturno estrena "
        f"dos líneas</a></li></ul></div>{last}</div></article>"
    )
    out = cut_labelled_boxes(_judged(body), Memo(), article=True)
    assert "El bus nocturno estrena dos líneas" not in _kept(out)
    assert _kept(out)[-1].startswith("Residents have asked")


def test_a_label_alone_in_its_wrapper_heads_the_box_around_it() -> None:
    body = (
        f"<article>{_PARAGRAPH * 3}</article><div class='more'><div class='title'><h3>Related articles</h3></div>"
        "<div class='cards'><p>Ferry prices rise again this summer</p><p>The mayor opens a new library</p></div>"
        "</div><div class='site'><p>About this site</p></div>"
    )
    out = cut_labelled_boxes(_judged(body), Memo(), article=True)
    assert _kept(out)[-1] == "About this site"
    assert "Ferry prices rise again this summer" not in _kept(out)


def test_a_list_that_outweighs_the_text_above_its_label_stays() -> None:
    items = "".join(f"<li><a href='/{k}'>Programming language number {k} of the list</a></li>" for k in range(40))
    body = f"<article>{_PARAGRAPH}<section><h2>Related articles</h2><ul>{items}</ul></section></article>"
    judged = _judged(body)
    assert cut_labelled_boxes(judged, Memo(), article=True) == judged


def test_only_articles_and_only_labels() -> None:
    body = (
        f"<article>{_PARAGRAPH * 3}<section><h2>Related articles</h2><ul>"
        "<li><a href='/a'>Ferry prices rise again this summer</a></li></ul></section></article>"
    )
    judged = _judged(body)
    assert cut_labelled_boxes(judged, Memo(), article=False) == judged  # a shop's "related" may be its listing
    # a one-line teaser of the same rule is no label: what follows it is not its box
    line = "Related: Ferry prices fall"
    teaser = _judged(body.replace("Related articles", line), labels=(line,))
    assert cut_labelled_boxes(teaser, Memo(), article=True) == teaser
