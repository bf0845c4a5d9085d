"""Fetch-and-clean runs against the loopback server: output files like `clean run`,
error lines, ids, charsets, and the WARC a run keeps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clean import clean_page
from clean.batch import dump_pretty, sanitize_id
from clean.crawl import crawl, read_url_list, unique_urls, url_id
from clean.fetch import FetchOptions
from clean.pipeline import Options
from conftest import ARTICLE, HTML_PAGE
from httpserver import Reply, Site, site

__all__ = ["site"]

FAST = FetchOptions(
    delay=0.0, connect_timeout=2.0, read_timeout=2.0, deadline=3.0, retries=1, backoff=0.0, allow_private=True
)
ACCENTED = ARTICLE.replace("council", "Bär läuft über die Brücke — «Café»")


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pages_and_failures_land_like_clean_run(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private\n", (("Content-Type", "text/plain"),))
    site.routes["/html"] = Reply(200, HTML_PAGE.encode())
    site.routes["/old"] = Reply(301, b"", (("Location", "/text"),))
    site.routes["/text"] = Reply(200, ARTICLE.encode(), (("Content-Type", "text/plain; charset=utf-8"),))
    urls = [site.url("/html"), site.url("/old"), site.url("/private/x"), site.url("/missing"), "ftp://h/x"]
    summary = crawl(urls, tmp_path / "out", fetch_options=FAST)
    assert (summary.urls, summary.fetched, summary.cleaned, summary.failed) == (5, 2, 2, 3)
    out = tmp_path / "out"
    html = json.loads((out / f"{url_id(urls[0])}.json").read_text(encoding="utf-8"))
    text = (out / f"{url_id(urls[1])}.json").read_text(encoding="utf-8")
    expected = clean_page(
        ARTICLE.encode(),
        url=site.url("/text"),
        page_id=url_id(urls[1]),
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    assert text == dump_pretty(expected.to_dict())  # the final URL is the article's url
    assert html["kind"] == "html" and html["url"] == urls[0]
    errors = lines(out / "errors.jsonl")
    assert [(e["url"], e["reason"]) for e in errors] == [
        (urls[2], "robots-disallowed"),
        (urls[3], "http-404"),
        (urls[4], "unsupported-scheme"),
    ]
    assert all(set(e) == {"id", "url", "final_url", "status", "reason", "message"} for e in errors)
    assert errors[1]["status"] == 404
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["errors.jsonl", f"{url_id(urls[0])}.json", f"{url_id(urls[1])}.json"]
    )


def test_a_clean_rerun_removes_stale_errors_and_articles(site: Site, tmp_path: Path) -> None:
    site.routes["/p"] = [Reply(500, b"down", (("Content-Type", "text/plain"),))] * 2 + [Reply(200, HTML_PAGE.encode())]
    out = tmp_path / "out"
    assert crawl([site.url("/p")], out, fetch_options=FAST).failed == 1
    assert (out / "errors.jsonl").exists()
    assert crawl([site.url("/p")], out, fetch_options=FAST).failed == 0
    assert not (out / "errors.jsonl").exists()
    assert (out / f"{url_id(site.url('/p'))}.json").exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (ACCENTED.encode("cp1252", "replace"), "text/plain; charset=windows-1252"),  # declared, not UTF-8
        (ACCENTED.encode("utf-8"), "text/plain; charset=iso-8859-1"),  # wrong label: UTF-8 under latin-1
        (ACCENTED.encode("latin-1", "replace"), "text/plain; charset=utf-8"),  # labelled UTF-8, is not
        (ACCENTED.encode("utf-8"), "text/plain"),  # no charset at all
    ],
    ids=["cp1252-declared", "utf8-labelled-latin1", "latin1-labelled-utf8", "undeclared"],
)
def test_charsets(site: Site, tmp_path: Path, body: bytes, content_type: str) -> None:
    site.routes["/p"] = Reply(200, body, (("Content-Type", content_type),))
    crawl([site.url("/p")], tmp_path, fetch_options=FAST, options=Options(kind="text"))
    article = json.loads((tmp_path / f"{url_id(site.url('/p'))}.json").read_text(encoding="utf-8"))
    assert "Bär läuft über die Brücke" in article["text"]


def test_the_same_url_is_fetched_once(site: Site, tmp_path: Path) -> None:
    site.routes["/p"] = Reply(200, HTML_PAGE.encode())
    summary = crawl([site.url("/p"), site.url("/p#top"), site.url("/p")], tmp_path, fetch_options=FAST)
    assert summary.urls == 1
    assert site.paths().count("/p") == 1


def test_undecodable_page_is_an_error_line(site: Site, tmp_path: Path) -> None:
    site.routes["/u"] = Reply(200, b"\xff\xfe\x00\xd8\x00", (("Content-Type", "text/plain"),))
    summary = crawl([site.url("/u")], tmp_path, fetch_options=FAST)
    assert summary.failed == 1 and summary.fetched == 1
    (error,) = lines(tmp_path / "errors.jsonl")
    assert (error["reason"], error["status"]) == ("undecodable", 200)


# --- ids and URL lists ----------------------------------------------------------------


def test_url_ids_are_readable_and_stable() -> None:
    page_id = url_id("https://Example.org/news/2024/a-story?x=1#c")
    assert page_id.startswith("example.org_news_2024_a-story-")
    assert page_id == url_id("https://example.org/news/2024/a-story?x=1")
    assert url_id("https://example.org/a?x=1") != url_id("https://example.org/a?x=2")


@given(st.text(max_size=300))
def test_url_ids_are_safe_file_names(url: str) -> None:
    page_id = url_id(url)
    assert page_id == sanitize_id(page_id)
    assert "/" not in page_id and not page_id.startswith(".")
    assert len(page_id.encode("utf-8")) <= 200


def test_read_url_list_and_unique() -> None:
    text = "# seeds\nhttps://a.org/1\n\n  https://a.org/2  \n# done\nhttps://a.org/1#x\n"
    assert read_url_list(text) == ["https://a.org/1", "https://a.org/2", "https://a.org/1#x"]
    assert unique_urls(read_url_list(text)) == ["https://a.org/1", "https://a.org/2"]
