"""The WARC a fetch run keeps, read back with warcio: the same payloads and headers, so
a run can be cleaned again without refetching."""

from __future__ import annotations

import gzip
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from clean import clean_page
from clean.batch import dump_pretty
from clean.crawl import crawl, url_id
from clean.fetch import DEFAULT_USER_AGENT, Fetched, FetchOptions, fetch_urls
from clean.warc_writer import WarcArchive
from conftest import HTML_PAGE
from httpserver import Reply, Site, site

__all__ = ["site"]

FAST = FetchOptions(delay=0.0, connect_timeout=2.0, read_timeout=2.0, deadline=3.0, retries=0, allow_private=True)
LATIN = "Grüße aus Köln".encode("cp1252")


def test_round_trip_payloads_and_headers(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode(), (("Content-Type", "text/html; charset=utf-8"), ("X-Test", "1")))
    site.routes["/z"] = Reply(
        200, gzip.compress(LATIN), (("Content-Type", "text/plain; charset=cp1252"), ("Content-Encoding", "gzip"))
    )
    site.routes["/r"] = Reply(302, b"", (("Location", "/a?from=r"),))
    site.routes["/a?from=r"] = site.routes["/a"]
    site.routes["/gone"] = Reply(404, b"", (("Content-Type", "text/plain"),))
    urls = [site.url("/a"), site.url("/z"), site.url("/r"), site.url("/gone")]
    pages = [p for p in fetch_urls(urls, FAST) if isinstance(p, Fetched)]
    path = tmp_path / "run.warc.gz"
    with WarcArchive(path, user_agent=DEFAULT_USER_AGENT) as archive:
        for page in pages:
            archive.add(page)

    with path.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read()) for r in ArchiveIterator(stream)
        ]
    assert [r[0] for r in records] == ["warcinfo"] + ["response", "request"] * 3
    assert b"clean/" in records[0][3]
    responses = [r for r in records if r[0] == "response"]
    requests = [r for r in records if r[0] == "request"]
    assert [r[1].get_header("WARC-Target-URI") for r in responses] == [
        site.url("/a"),
        site.url("/z"),
        site.url("/a?from=r"),
    ]
    assert [r[3] for r in responses] == [HTML_PAGE.encode(), LATIN, HTML_PAGE.encode()]
    first = responses[0][2]
    assert first.get_statuscode() == "200"
    assert first.protocol == "HTTP/1.0"  # what the test server speaks
    assert first.get_header("Content-Type") == "text/html; charset=utf-8"
    assert first.get_header("X-Test") == "1"
    assert responses[1][2].get_header("Content-Type") == "text/plain; charset=cp1252"
    for (_, req_headers, req_http, _), (_, resp_headers, _, _) in zip(requests, responses, strict=True):
        assert req_headers.get_header("WARC-Concurrent-To") == resp_headers.get_header("WARC-Record-ID")
        assert req_http.get_header("User-Agent") == DEFAULT_USER_AGENT
    assert requests[2][2].protocol == "GET"


def test_crawl_keeps_a_warc_of_fetched_pages_only(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    warc = tmp_path / "pages.warc.gz"
    crawl([site.url("/a"), site.url("/missing")], tmp_path / "out", fetch_options=FAST, warc=warc)
    with warc.open("rb") as stream:
        kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(stream)]
    assert kinds[1:] == [("response", site.url("/a")), ("request", site.url("/a"))]


def test_a_warc_cleans_again_to_the_same_articles(site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    site.routes["/z"] = Reply(
        200, gzip.compress(LATIN * 20), (("Content-Type", "text/plain; charset=cp1252"), ("Content-Encoding", "gzip"))
    )
    urls = [site.url("/a"), site.url("/z")]
    warc = tmp_path / "pages.warc.gz"
    out = tmp_path / "out"
    crawl(urls, out, fetch_options=FAST, warc=warc)
    with warc.open("rb") as stream:
        responses = [
            (r.rec_headers.get_header("WARC-Target-URI"), dict(r.http_headers.headers), r.content_stream().read())
            for r in ArchiveIterator(stream)
            if r.rec_type == "response"
        ]
    assert len(responses) == 2
    for url, (target, headers, body) in zip(urls, responses, strict=True):
        again = clean_page(body, url=target, headers=headers, page_id=url_id(url))
        assert dump_pretty(again.to_dict()) == (out / f"{url_id(url)}.json").read_text(encoding="utf-8")
