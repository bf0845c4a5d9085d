"""Metadata from the markup: the first plausible value per field, and where it came from."""

from __future__ import annotations

import json

import pytest

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
