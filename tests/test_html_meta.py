"""Metadata from the markup: the first plausible value per field, and where it came from."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from clean import html_meta
from clean.dom import parse_html
from clean.html_meta import HtmlMeta, html_metadata


def meta_of(head: str, body: str = "", url: str | None = "https://example.com/news/a") -> HtmlMeta:
    root = parse_html(f"<html lang='en'><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return html_metadata(root, url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_graph_gives_author_dates_publisher() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Daily Wend"},
            {
                "@type": "NewsArticle",
                "headline": "Bridge approved",
                "author": [{"@type": "Person", "name": "Maria Lopez"}, {"@type": "Organization", "name": "Desk"}],
                "datePublished": "2024-02-21T08:00:00Z",
                "dateModified": "2024-02-22",
                "publisher": {"@type": "Organization", "name": "Daily Wend"},
                "keywords": "bridge, council",
            },
        ],
    }
    meta = meta_of(ld(graph))
    assert meta.authors == ("Maria Lopez", "Desk")  # an organisation the page names as author counts
    assert (meta.published, meta.modified) == ("2024-02-21", "2024-02-22")
    assert meta.publisher == "Daily Wend"
    assert meta.tags == ("bridge", "council")
    assert meta.sources["authors"] == meta.sources["published"] == "json-ld"


def test_opengraph_and_meta_fill_what_json_ld_lacks() -> None:
    head = (
        '<meta property="og:site_name" content="Wend Times">'
        '<meta property="article:published_time" content="2023-05-01T10:00:00+02:00">'
        '<meta name="author" content="Jon Berg">'
        '<meta name="description" content="A short summary.">'
        '<meta property="og:image" content="/img/a.jpg">'
        '<link rel="canonical" href="https://example.com/news/a-canonical">'
    )
    meta = meta_of(head)
    assert meta.publisher == "Wend Times" and meta.sources["publisher"] == "opengraph"
    assert meta.published == "2023-05-01" and meta.sources["published"] == "opengraph"
    assert meta.authors == ("Jon Berg",) and meta.sources["authors"] == "meta"
    assert meta.image == "https://example.com/img/a.jpg"
    assert meta.url == "https://example.com/news/a-canonical"
    assert meta.description == "A short summary."
    assert meta.language == "en"


@pytest.mark.parametrize(
    "name",
    [
        "Email The Author",
        "https://twitter.com/jb",
        "admin",
        "Wend Times",
        "jb@example.com",
        "Follow us",
        "View more posts",  # the rel="author" link of WordPress's author boxes (Twenty Nineteen)
    ],
)
def test_implausible_authors_are_refused(name: str) -> None:
    head = f'<meta property="og:site_name" content="Wend Times"><meta name="author" content="{name}">'
    assert meta_of(head).authors == ()


def test_dates_in_comments_and_sidebars_are_not_the_article_date() -> None:
    body = (
        '<aside><time datetime="2025-01-01">Jan 1</time></aside>'
        '<div class="comments"><time datetime="2025-02-02">Feb 2</time></div>'
        '<article><time datetime="2024-03-03">March 3, 2024</time></article>'
    )
    meta = meta_of("", body, url=None)
    assert meta.published == "2024-03-03" and meta.sources["published"] == "byline"


def test_a_responsive_page_is_not_a_comment_section() -> None:
    # "respon" is there for #respond and responses, not for WordPress's wp-embed-responsive
    # body class or Bootstrap's table-responsive, which sit above the article itself
    root = parse_html(
        '<html><body class="single wp-embed-responsive"><article><p class="byline">By Ana Ruiz</p>'
        '<time datetime="2024-03-03">March 3, 2024</time></article>'
        '<div id="respond"><time datetime="2025-02-02">Feb 2</time></div></body></html>'
    )
    assert root is not None
    meta = html_metadata(root, None)
    assert meta.authors == ("Ana Ruiz",) and meta.published == "2024-03-03"


def test_published_after_modified_is_dropped() -> None:
    meta = meta_of(ld({"@type": "Article", "datePublished": "2030-01-01", "dateModified": "2024-01-01"}), url=None)
    assert meta.published is None and meta.modified == "2024-01-01"


def test_date_from_url_is_the_last_resort() -> None:
    meta = meta_of("", url="https://example.com/2022/07/14/story")
    assert meta.published == "2022-07-14" and meta.sources["published"] == "url"


def test_title_prefers_the_visible_headline_that_the_metadata_confirms() -> None:
    head = "<title>Bridge approved after decade of debate | Wend Times</title>"
    body = "<h1>Bridge approved after decade of debate</h1>"
    meta = meta_of(head, body)
    assert meta.title == "Bridge approved after decade of debate"


def test_page_title_loses_its_site_name() -> None:
    meta = meta_of('<meta property="og:site_name" content="Wend Times"><title>Bridge approved | Wend Times</title>')
    assert meta.title == "Bridge approved"


def test_broken_json_ld_is_ignored() -> None:
    meta = meta_of('<script type="application/ld+json">{"@type": "Article", "headline": </script>')
    assert meta.title is None and "title" not in meta.sources


def _plain_visible_byline(root: etree._Element, publisher: str | None) -> tuple[str, ...] | None:
    """`_visible_byline` as it was first written: every candidate's whole text read (the reference)."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link", "head", "img"):
            continue
        tokens = f"{el.get('class') or ''} {el.get('id') or ''}"
        by_class = bool(html_meta._BYLINE_CLASS.search(tokens)) and not html_meta._NOT_BYLINE_CLASS.search(tokens)
        if not by_class and el.tag not in ("p", "span", "div", "address"):
            continue
        text = html_meta._text(el)
        if not text or len(text) > 120:
            continue
        m = html_meta._BYLINE_TEXT.match(text)
        name = m.group("name") if m else (text if by_class and len(text) <= 60 and html_meta._one_piece(el) else None)
        if name is None or html_meta._elsewhere(el):
            continue
        person = html_meta._person(name, publisher)
        if person:
            return (person,)
    return None


# Pieces that reach every branch: byline words split over elements, entities before and
# inside them, blank pieces, long runs of text around the 120- and 60-character limits.
_PIECES = st.sampled_from(
    [
        "By",
        "by:",
        " by ",
        "B",
        "y Jo",
        "Written",
        " by Ann Lee",
        "von",
        "Posted",
        "&#66;y Max Roe",
        "b&#121; Max Roe",
        "&amp;",
        "&nbsp;",
        " ",
        "\n\t",
        "\u00a0",
        "Jane Doe",
        "on 2 May",
        "Tom | Staff",
        "x" * 55,
        "word " * 13,
        "é" * 30,
    ]
)


@st.composite
def _byline_pages(draw: st.DrawFn) -> str:
    def element(depth: int) -> str:
        tag = draw(st.sampled_from(["p", "span", "div", "address", "b", "a", "li", "section"]))
        cls = draw(st.sampled_from(["", "author", "byline", "author-bio", "post-meta", "comments", "sidebar"]))
        parts = [draw(_PIECES) for _ in range(draw(st.integers(0, 2)))]
        if depth < 3:
            parts += [element(depth + 1) for _ in range(draw(st.integers(0, 2)))]
        parts = draw(st.permutations(parts))
        attr = f' class="{cls}"' if cls else ""
        return f"<{tag}{attr}>{''.join(parts)}</{tag}>"

    return "<html><body>" + "".join(element(0) for _ in range(draw(st.integers(1, 3)))) + "</body></html>"


@settings(derandomize=True, database=None, max_examples=400)
@given(page=_byline_pages(), publisher=st.sampled_from([None, "Jane Doe"]))
def test_visible_byline_reads_as_the_plain_search(page: str, publisher: str | None) -> None:
    root = parse_html(page)
    assert root is not None
    assert html_meta._visible_byline(root, publisher) == _plain_visible_byline(root, publisher)


def test_htmldate_leaves_the_tree_it_is_given_as_it_was() -> None:
    """`_visible_date` hands htmldate our tree, which the DOM walk reads afterwards."""
    body = (
        "<div class='footer'>Copyright 2019</div><script>var d = '2020-01-02';</script>"
        "<p>Some text written on March 3, 2021 about things, long enough to be read.</p>"
        "<footer>Site footer</footer><label>Date</label><math>x</math><style>p {}</style>"
    )
    root = parse_html(f"<html><head><title>A page</title></head><body>{body}</body></html>")
    assert root is not None
    before = etree.tostring(root)
    assert html_meta._visible_date(root) is not None
    assert etree.tostring(root) == before
