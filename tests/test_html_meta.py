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


@pytest.mark.parametrize(
    ("head", "declared"),
    [
        (ld({"@type": "NewsArticle", "headline": "Bridge approved"}), True),
        (ld({"@graph": [{"@type": "WebSite"}, {"@type": ["BlogPosting"]}]}), True),
        ('<meta property="og:type" content="article">', True),
        (ld({"@type": "Product", "name": "Skillet"}), False),
        ('<meta property="og:type" content="website">', False),
        ("", False),
    ],
)
def test_a_page_that_declares_itself_an_article_says_so(head: str, declared: bool) -> None:
    assert meta_of(head).declares_article is declared


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
        "undefined",  # a script's empty value
        "Relevance",  # a list's sort key
        "From Acme",  # a shop's seller line
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


def test_json_ld_author_given_as_an_id_reference_is_looked_up_in_the_graph() -> None:
    graph = {
        "@graph": [
            {"@type": "Article", "headline": "Bridge approved", "author": {"@id": "https://wend.example/#jane"}},
            {"@type": "Person", "@id": "https://wend.example/#jane", "name": "Jane Doe"},
        ]
    }
    meta = meta_of(ld(graph))
    assert meta.authors == ("Jane Doe",) and meta.sources["authors"] == "json-ld"


def test_an_author_named_like_the_site_counts_when_the_site_is_a_persons() -> None:
    head = '<meta property="og:site_name" content="Cory Dransfeldt"><meta name="author" content="Cory Dransfeldt">'
    assert meta_of(head).authors == ("Cory Dransfeldt",)


def test_twitter_written_by_label_names_the_author() -> None:
    head = (
        '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="4 minutes">'
        '<meta name="twitter:label2" content="Written by"><meta name="twitter:data2" content="Jane Doe">'
    )
    assert meta_of(head).authors == ("Jane Doe",)


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<div class="byline">By <a href="/a/jd">Jane Doe</a> <span>Senior Reporter</span></div>', "Jane Doe"),
        ('<div class="byline">Guide by <a href="/a/wj">Will Judd</a> Deputy Editor</div>', "Will Judd"),
        ("<p>By Jane Doe June 3, 2024</p>", "Jane Doe"),
        ("<p>Text by Jane Doe | 5 min read</p>", "Jane Doe"),
        ('<p class="author">Author: Jane Doe</p>', "Jane Doe"),
        ('<p class="author">Post by <a href="/u/72">galitsyn</a> » 11 Sep 2024</p>', "galitsyn"),
        ('<div class="author-name">Emily Walker <a href="/a/cm">Casey McDevitt</a></div>', "Emily Walker"),
        ("<h3>Written by Cassidy Horton</h3>", "Cassidy Horton"),  # an author box's heading
    ],
)
def test_visible_byline_gives_the_name_not_the_label_rank_or_date(byline: str, author: str) -> None:
    assert meta_of("", f"<article><h1>Bridge approved</h1>{byline}<p>Text.</p></article>").authors == (author,)


@pytest.mark.parametrize(
    "byline",
    [
        "<p>By clicking “Post Your Answer”, you agree to our terms of service.</p>",
        "<p>By submitting this form you agree to be contacted.</p>",
        '<div class="authorized-dealer">Authorized Dealer</div>',
        '<div class="byline"><span>Written By</span></div>',
        '<nav class="menu-fields"><div>By Role <a>Broker</a> <a>Appraiser</a></div></nav>',
        # a list sorted or filtered "by" something, a footer's credits: no one wrote the page
        "<div><label>Sort by</label> <select><option>Most Helpful</option><option>Newest</option></select></div>",
        "<div><span>Filter by</span> <a>Brand</a></div>",
        "<p>Trier <span>par</span> <a>Pertinence</a></p>",
        "<p>Powered by <a>Cookie Compliance</a></p>",
        "<p>Site by <a>Tassu</a></p>",
        "<ul><li>Sort by <a>year</a></li></ul>",
    ],
)
def test_sentences_labels_and_menus_are_not_bylines(byline: str) -> None:
    assert meta_of("", f"<article><h1>Bridge approved</h1>{byline}<p>Text.</p></article>").authors == ()


def test_a_responsive_layout_class_does_not_hide_the_byline() -> None:
    # "wp-embed-responsive" on <body> once read as a "respond" (comment form) section
    root = parse_html(
        '<html><body class="single wp-embed-responsive"><div class="layout withSidebar"><main>'
        '<h1>Bridge approved</h1><span class="author vcard">Trevor Jones</span><p>Text.</p></main>'
        '<aside class="sidebar"><span class="author">Sidebar Name</span></aside></div></body></html>'
    )
    assert root is not None
    assert html_metadata(root).authors == ("Trevor Jones",)


def test_the_articles_own_footer_holds_its_byline_but_the_page_footer_does_not() -> None:
    article = '<article><h1>Bridge approved</h1><p>Text.</p><footer><a rel="author">Halina Goetz</a></footer></article>'
    assert meta_of("", article).authors == ("Halina Goetz",)
    page = '<article><h1>Bridge approved</h1><p>Text.</p></article><footer><a rel="author">Site Admin</a></footer>'
    assert meta_of("", page).authors == ()


def test_the_sites_name_as_a_heading_in_its_header_is_not_the_title() -> None:
    head = (
        '<meta property="og:site_name" content="Travel With Gabby"><title>Travel insurance | Travel With Gabby</title>'
    )
    body = (
        '<header class="site-header"><h1 class="site-title">Travel With Gabby</h1></header>'
        "<article><h1>Travel insurance</h1><p>Text.</p></article>"
    )
    assert meta_of(head, body).title == "Travel insurance"


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


def test_hatom_updated_time_is_the_modified_date_not_the_published_one() -> None:
    body = (
        '<article><h1>Bridge approved</h1><p class="meta">'
        '<time class="updated" datetime="2025-03-04T10:00:00">4 March</time> '
        '<time class="entry-date published" datetime="2025-03-02T09:00:00">2 March</time></p>'
        "<p>Text.</p></article>"
    )
    meta = meta_of("", body, url=None)
    assert (meta.published, meta.modified) == ("2025-03-02", "2025-03-04")
    assert meta.sources["modified"] == "byline"


def test_rel_tag_links_are_the_tags_but_not_a_sidebars_tag_cloud() -> None:
    body = (
        "<article><h1>Bridge approved</h1><p>Text.</p>"
        '<footer class="entry-footer"><a rel="category tag" href="/c/news">News</a> '
        '<a rel="tag" href="/t/bridges">bridges</a></footer></article>'
        '<aside class="sidebar"><a rel="tag" href="/t/weather">weather</a></aside>'
    )
    meta = meta_of("", body)
    assert meta.tags == ("News", "bridges")
    assert meta.sources["tags"] == "text"


def test_an_organisation_as_json_ld_author_gives_way_to_a_visible_person() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "Bridge approved",
        "author": {"@type": "Organization", "name": "The Wend Courier"},
        "publisher": {"@type": "Organization", "name": "The Wend Courier"},
    }
    byline = '<article><h1>Bridge approved</h1><p class="byline">By Nadia Ferreira</p><p>Text.</p></article>'
    assert meta_of(ld(data), byline).authors == ("Nadia Ferreira",)
    company_blog = "<article><h1>Bridge approved</h1><p>Text.</p></article>"
    assert meta_of(ld(data), company_blog).authors == ("The Wend Courier",)


def _plain_visible_byline(
    root: etree._Element, publisher: str | None, wrappers: frozenset[etree._Element]
) -> tuple[str, ...] | None:
    """`_visible_byline` as it reads: every element's class and whole text asked in turn."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link", "head", "img"):
            continue
        tokens = f"{el.get('class') or ''} {el.get('id') or ''}"
        by_class = html_meta._byline_class(html_meta._words(el)) and not html_meta._NOT_BYLINE_CLASS.search(tokens)
        if not by_class and el.tag not in ("p", "span", "div", "address", "h3", "h4", "h5", "h6", "li"):
            continue
        text = html_meta._text(el)
        if text and len(text) > 120:  # an author box's name, over its bio
            box = html_meta._box_name(el, el.text_content()) if by_class else None
            person = html_meta._person(box, publisher) if box and not html_meta._elsewhere(el, wrappers) else None
            if person:
                return (person,)
            continue
        if not text:
            continue
        name = html_meta._byline_name(list(el.itertext()), text, by_class)
        if name is None or html_meta._elsewhere(el, wrappers):
            continue
        person = html_meta._person(name, publisher)
        if person:
            return (person,)
    return None


_BYLINE_WORDS = st.sampled_from(
    [
        "By ",
        "by",
        "B",
        "y",
        "Jane Doe",
        "von Karl Marx",
        "Author: ",
        "Écrit par Zoë",
        "&amp;",
        "&#98;y",
        "di",
        " ",
        "\n",
        "\u00a0",
        "March 3, 2024",
        "x" * 70,
        "word " * 20,
        "Post by ",
        "galitsyn",
        "| Staff",
    ]
)
_BYLINE_CLASSES = st.sampled_from(
    ["", "byline", "author", "post-author", "authorName", "author-bio", "comment", "sidebar", "posted by", "x"]
)


@st.composite
def _byline_markup(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["p", "span", "div", "a", "address", "section", "li", "img"]))
    cls = draw(_BYLINE_CLASSES)
    inner = draw(
        st.lists(_BYLINE_WORDS if depth >= 2 else st.one_of(_BYLINE_WORDS, _byline_markup(depth + 1)), max_size=4)
    )
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{''.join(inner)}</{tag}>" + draw(st.sampled_from(["", " ", "by ", "Jane Doe"]))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(_byline_markup(), min_size=1, max_size=5), st.sampled_from([None, "Jane Doe", "Daily News"]))
def test_visible_byline_is_the_plain_loop(parts: list[str], publisher: str | None) -> None:
    root = parse_html(f"<html><body><article><h1>Bridge approved</h1>{''.join(parts)}</article></body></html>")
    assert root is not None
    wrappers = html_meta._wrappers(root)
    assert html_meta._visible_byline(root, publisher, wrappers) == _plain_visible_byline(root, publisher, wrappers)


_PIECE = st.lists(st.sampled_from([*"ab &;#x1", "\n", "\t", "\u00a0", "amp;", "&lt;", "&#98;"]), max_size=60).map(
    "".join
)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(_PIECE, max_size=8), st.integers(0, 40))
def test_longer_than_is_only_said_of_longer_text(parts: list[str], limit: int) -> None:
    if html_meta._longer_than("".join(parts), limit):
        assert len(html_meta._clean(" ".join(parts)) or "") > limit


_ITEMPROP_MARKUP = st.lists(
    st.tuples(
        st.sampled_from(["span", "div", "time", "a", "nav", "aside"]),
        st.sampled_from(["", "author", "datePublished", "dateModified", "name", "author name", "Author"]),
        st.sampled_from(["", "comment", "sidebar", "post"]),
    ),
    max_size=8,
).map(lambda els: "".join(f'<{t} itemprop="{p}" class="{c}">x' for t, p, c in els))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(_ITEMPROP_MARKUP, st.sampled_from(["author", "datePublished", "dateModified", "name"]))
def test_itemprops_are_the_plain_search(markup: str, prop: str) -> None:
    root = parse_html(f"<html><body><main><h1>T</h1>{markup}</main></body></html>")
    assert root is not None
    wrappers = html_meta._wrappers(root)
    plain = [el for el in root.xpath(".//*[@itemprop=$prop]", prop=prop) if not html_meta._elsewhere(el, wrappers)]
    assert list(html_meta._itemprops(html_meta._marked(root), prop, wrappers)) == plain


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from([*"bByYdDiIvVoOnN rRpPaAtThHuU1-", "İ", "ı", "é", "\u00a0"]), max_size=12).map("".join))
def test_has_by_word_is_the_screen_pattern(text: str) -> None:
    assert html_meta._has_by_word(text) == (html_meta._BY_SCREEN.search(text) is not None)


def test_a_threads_first_poster_is_its_author() -> None:
    # forums carry no byline: the first post's user name (XenForo's and phpBB's "username",
    # vBulletin's "bigusername") is the thread's author; a reply's is not
    post = '<article class="message"><span class="{0}">{1}</span><p>{2}</p></article>'
    for name_class in ("username", "ipsUsername", "bigusername"):
        first = post.format(name_class, "paulb203", "How do I cure a cast iron pan?")
        body = first + post.format(name_class, "cook_99", "Oil and heat.")
        assert meta_of("", f"<h1>Curing cast iron</h1>{body}").authors == ("paulb203",)
    # a commenter under an article is not its author
    comments = '<div class="comments"><span class="username">cook_99</span><p>Nice.</p></div>'
    assert meta_of("", f"<article><h1>Curing cast iron</h1><p>Text.</p></article>{comments}").authors == ()


def test_an_author_box_gives_the_name_it_opens_with() -> None:
    bio = (
        "Lauren Vetter is a growth-focused marketer who writes about clinics, their software and their "
        "patients, and how the three get along."
    )
    box = f'<div class="blog_author-text"><div>Lauren Vetter</div><p>{bio}</p></div>'
    assert meta_of("", f"<article><h1>Bridge approved</h1><p>Text.</p>{box}</article>").authors == ("Lauren Vetter",)
    # a box whose first words are not said again in it is not an author's
    other = f'<div class="author-list"><div>Top Writers</div><p>{bio}</p></div>'
    assert meta_of("", f"<article><h1>Bridge approved</h1><p>Text.</p>{other}</article>").authors == ()


def test_a_stated_publication_date_after_the_stated_modification_date_stands() -> None:
    head = (
        '<meta property="article:published_time" content="2025-03-12T08:00:00+00:00">'
        '<meta property="article:modified_time" content="2025-03-03T10:00:00+00:00">'
    )
    found = meta_of(head, "<article><h1>Bridge approved</h1><p>Text.</p></article>")
    assert (found.published, found.modified) == ("2025-03-12", None)
