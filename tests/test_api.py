"""The public API: what `clean` exports, and the promises its types make."""

from __future__ import annotations

import dataclasses
import json

import pytest

import clean
from clean import Article, CleanError, DecodeError, Options, PageTooLargeError, clean_page
from conftest import ARTICLE, HTML_PAGE, UNDECODABLE

KEYS = {
    "id",
    "url",
    "source_path",
    "kind",
    "title",
    "authors",
    "published",
    "publisher",
    "original_source",
    "language",
    "text",
    "word_count",
    "clean_version",
    "modified",
    "description",
    "tags",
    "image",
    "meta_sources",
}


def test_public_names_are_pinned() -> None:
    assert clean.__all__ == [
        "Article",
        "CleanError",
        "DecodeError",
        "EmptyPageError",
        "FetchError",
        "FetchFailure",
        "FetchOptions",
        "Fetched",
        "Options",
        "PageTimeoutError",
        "PageTooLargeError",
        "Removal",
        "RulesError",
        "UserRules",
        "__version__",
        "clean_page",
        "fetch_urls",
        "load_rules",
        "parse_rules",
    ]
    for name in clean.__all__:
        assert hasattr(clean, name)


def test_article_and_options_are_frozen() -> None:
    article = clean_page(ARTICLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().kind = "html"  # type: ignore[misc]


def test_to_dict_keys() -> None:
    assert set(clean_page(ARTICLE).to_dict()) == KEYS
    explained = clean_page(ARTICLE, explain=True).to_dict()
    assert set(explained) == KEYS | {"removed"}
    assert all(set(r) == {"rule", "text", "at"} for r in explained["removed"])


def test_same_input_gives_identical_json() -> None:
    first = clean_page(ARTICLE, explain=True, url="https://e.org/a").to_dict()
    second = clean_page(ARTICLE, explain=True, url="https://e.org/a").to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert clean_page(ARTICLE.encode("utf-8")).to_dict() == clean_page(ARTICLE).to_dict()


def test_kind_auto_sniffs_html_and_text() -> None:
    assert clean_page(HTML_PAGE).kind == "html"
    assert clean_page(ARTICLE).kind == "text"
    assert clean_page(HTML_PAGE, kind="text").kind == "text"
    assert clean_page("<p>just one tag quoted in a text dump</p>\n" + ARTICLE).kind == "text"


def test_article_fields() -> None:
    article = clean_page(ARTICLE, page_id="p1", source_path="x/p1.txt")
    assert isinstance(article, Article)
    assert (article.id, article.source_path) == ("p1", "x/p1.txt")
    assert article.word_count == len(article.text.split())
    assert article.clean_version == clean.__version__
    assert article.removed is None


def test_page_too_large_is_a_typed_error() -> None:
    with pytest.raises(PageTooLargeError) as info:
        clean_page(ARTICLE, options=Options(max_bytes=100))
    assert isinstance(info.value, CleanError)
    assert info.value.reason == "too-large"


def test_undecodable_bytes_are_a_typed_error() -> None:
    with pytest.raises(DecodeError) as info:
        clean_page(UNDECODABLE)
    assert isinstance(info.value, CleanError)
    assert info.value.reason == "undecodable"


def test_error_reasons_are_distinct_slugs() -> None:
    reasons = [cls.reason for cls in (CleanError, DecodeError, PageTooLargeError, clean.EmptyPageError)]
    assert len(set(reasons)) == len(reasons)
    assert all(r.replace("-", "").isalpha() and r.islower() for r in reasons)


def test_headers_charset_decodes_bytes_without_bom() -> None:
    body = ARTICLE.replace("council", "Bär läuft über").encode("latin-1", "replace")
    article = clean_page(body, kind="text", headers={"Content-Type": "text/plain; charset=ISO-8859-1"})
    assert "Bär läuft über" in article.text


def test_markdown_has_title_heading_and_paragraphs() -> None:
    article = clean_page(ARTICLE, kind="text")
    md = article.to_markdown()
    if article.title:
        assert md.startswith(f"# {article.title}\n\n")
    assert md.endswith(article.paragraphs[-1] + "\n")


def test_an_article_with_nothing_found_is_just_its_identity() -> None:
    empty = Article(id="p", url=None, source_path=None, kind="text", clean_version=clean.__version__)
    assert (empty.title, empty.authors, empty.text, empty.language, empty.word_count) == (None, (), "", None, 0)
    with pytest.raises(TypeError):
        Article("p", None, None, "text", clean.__version__)  # type: ignore[misc]
