"""The fetcher, end to end against a local server on 127.0.0.1: robots, timeouts,
redirects, retries, size caps, content types and pacing, checked from the server's side."""

from __future__ import annotations

import gzip
import itertools
import socket
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clean import FetchError
from clean.fetch import (
    DEFAULT_USER_AGENT,
    FETCH_REASONS,
    Fetched,
    Fetcher,
    FetchFailure,
    FetchOptions,
    _check_peer,
    fetch_urls,
    normalize_url,
    parse_retry_after,
)
from httpserver import Reply, Site, site

__all__ = ["site"]  # the fixture, imported for pytest

PAGE = b"<html><head><title>T</title></head><body><p>Hello there, reader.</p></body></html>"
TEXT = (("Content-Type", "text/plain"),)

# Tiny times so the suite stays fast; every loop in the server is bounded too.
FAST = FetchOptions(
    delay=0.0,
    connect_timeout=2.0,
    read_timeout=2.0,
    deadline=3.0,
    retries=2,
    backoff=0.0,
    max_backoff=2.0,
    max_bytes=100_000,
    allow_private=True,  # the test server is on loopback
)


def fetch_one(url: str, options: FetchOptions = FAST) -> Fetched | FetchFailure:
    (result,) = fetch_urls([url], options)
    return result


def failed(result: Fetched | FetchFailure) -> FetchFailure:
    assert isinstance(result, FetchFailure), result
    return result


def fetched(result: Fetched | FetchFailure) -> Fetched:
    assert isinstance(result, Fetched), result
    return result


# --- a plain fetch -------------------------------------------------------------------


def test_fetches_a_page_with_headers_and_user_agent(site: Site) -> None:
    site.routes["/a"] = Reply(200, PAGE)
    page = fetched(fetch_one(site.url("/a#section")))
    assert page.url == page.final_url == site.url("/a")
    assert (page.status, page.body, page.redirects) == (200, PAGE, ())
    assert page.header("content-type") == "text/html; charset=utf-8"
    assert page.header_map["Content-Type"] == "text/html; charset=utf-8"
    (hit,) = site.wait_for("/a")
    assert hit.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("clean/")


def test_results_come_in_input_order(site: Site) -> None:
    for i in range(6):
        site.routes[f"/p{i}"] = Reply(200, f"page {i}".encode(), TEXT, stall=0.05 * (i % 3))
    urls = [site.url(f"/p{i}") for i in range(6)]
    results = list(fetch_urls(urls, FetchOptions(**{**_fast(), "concurrency": 3})))
    assert [fetched(r).body for r in results] == [f"page {i}".encode() for i in range(6)]


def _fast() -> dict[str, object]:
    return {name: getattr(FAST, name) for name in FAST.__dataclass_fields__}


def test_gzip_body_is_decoded_and_raw_kept(site: Site) -> None:
    site.routes["/z"] = Reply(200, gzip.compress(PAGE), (("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    page = fetched(fetch_one(site.url("/z")))
    assert page.body == PAGE
    assert gzip.decompress(page.raw_body) == PAGE


@pytest.mark.parametrize(
    ("content_type", "ok"),
    [("text/html", True), ("text/plain; charset=utf-8", True), ("application/xhtml+xml", True), ("image/png", False)],
)
def test_only_page_content_types_are_kept(site: Site, content_type: str, ok: bool) -> None:
    site.routes["/c"] = Reply(200, PAGE, (("Content-Type", content_type),))
    result = fetch_one(site.url("/c"))
    assert isinstance(result, Fetched) is ok
    if not ok:
        assert failed(result).reason == "unsupported-content-type"


# --- robots.txt ----------------------------------------------------------------------

ROBOTS = b"""User-agent: *
Disallow: /private/
Allow: /private/open

User-agent: otherbot
Disallow: /
"""


def test_robots_disallow_is_honoured_and_fetched_once(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(200, ROBOTS, TEXT)
    for path in ("/public", "/private/secret", "/private/open"):
        site.routes[path] = Reply(200, PAGE)
    results = list(fetch_urls([site.url(p) for p in ("/public", "/private/secret", "/private/open")], FAST))
    assert isinstance(results[0], Fetched)
    assert failed(results[1]).reason == "robots-disallowed"
    assert isinstance(results[2], Fetched)  # the longer Allow wins over the shorter Disallow
    assert "/private/secret" not in site.paths()
    assert site.paths().count("/robots.txt") == 1


def test_robots_groups_match_the_user_agent_token(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(200, ROBOTS, TEXT)
    site.routes["/public"] = Reply(200, PAGE)
    options = FetchOptions(**{**_fast(), "user_agent": "otherbot/2.0 (+mailto:ops@example.org)"})
    assert failed(fetch_one(site.url("/public"), options)).reason == "robots-disallowed"
    assert "/public" not in site.paths()


@pytest.mark.parametrize(
    ("robots", "reason"),
    [
        (Reply(404, b"", TEXT), None),  # absent: everything allowed
        (Reply(403, b"", TEXT), None),  # 4xx counts as absent (RFC 9309)
        (Reply(500, b"", TEXT), "robots-unreachable"),  # 5xx: fetch nothing
        (Reply(200, b"x", TEXT, stall=1.0), "robots-unreachable"),  # too slow
    ],
)
def test_robots_status_policy(site: Site, robots: Reply, reason: str | None) -> None:
    site.routes["/robots.txt"] = robots
    site.routes["/page"] = Reply(200, PAGE)
    options = FetchOptions(**{**_fast(), "read_timeout": 0.3, "retries": 0})
    result = fetch_one(site.url("/page"), options)
    if reason is None:
        assert isinstance(result, Fetched)
    else:
        assert failed(result).reason == reason
        assert "/page" not in site.paths()


def test_robots_crawl_delay_paces_the_host(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nCrawl-delay: 0.3\n", TEXT)
    site.routes["/a"] = site.routes["/b"] = Reply(200, PAGE)
    list(fetch_urls([site.url("/a"), site.url("/b")], FAST))
    first, second = site.wait_for("/a")[0], site.wait_for("/b")[0]
    assert second.start - first.end >= 0.25


# --- timeouts and size ---------------------------------------------------------------


def test_slow_headers_time_out(site: Site) -> None:
    site.routes["/slow"] = Reply(200, PAGE, stall=1.0)
    options = FetchOptions(**{**_fast(), "read_timeout": 0.2, "retries": 0})
    assert failed(fetch_one(site.url("/slow"), options)).reason == "timeout"


def test_slow_drip_hits_the_total_deadline(site: Site) -> None:
    # Each byte comes well within the read timeout; only the deadline can stop this.
    site.routes["/drip"] = Reply(200, b"x" * 200, TEXT, drip=0.02)
    options = FetchOptions(**{**_fast(), "read_timeout": 1.0, "deadline": 0.4, "retries": 0})
    result = failed(fetch_one(site.url("/drip"), options))
    assert result.reason == "timeout"
    assert "0.4 s" in result.message
    # the client hung up early rather than reading on and judging afterwards
    (hit,) = site.wait_for("/drip")
    assert hit.sent < 100


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, b"", TEXT, stream=40),  # no Content-Length: the stream is cut
        Reply(200, b"", TEXT, stream=3, length=50_000_000),  # declared too big: not read
        Reply(200, gzip.compress(b"a" * 2_000_000), (("Content-Type", "text/plain"), ("Content-Encoding", "gzip"))),
    ],
    ids=["streamed", "declared", "gzip-bomb"],
)
def test_huge_bodies_are_refused(site: Site, reply: Reply) -> None:
    site.routes["/big"] = reply
    result = failed(fetch_one(site.url("/big")))
    assert result.reason == "too-large"
    assert result.status == 200


def test_corrupt_gzip_is_a_clear_failure(site: Site) -> None:
    site.routes["/bad"] = Reply(200, b"not gzip at all", (("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    assert failed(fetch_one(site.url("/bad"))).reason == "bad-content-encoding"


def test_cut_response_is_a_connection_error_and_retried(site: Site) -> None:
    site.routes["/cut"] = Reply(200, b"short", TEXT, length=1000)  # the server closes early
    result = failed(fetch_one(site.url("/cut")))
    assert result.reason == "connection-error"
    assert site.paths().count("/cut") == FAST.retries + 1


def test_an_unexpected_error_is_a_failure_not_a_crash(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(Fetcher, "_exchange", broken)
    result = failed(fetch_one(site.url("/a")))
    assert (result.reason, result.message) == ("internal-error", "RuntimeError: bug")


def test_refused_connection_makes_robots_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on the port any more; robots fails first, which stops the page
    result = failed(fetch_one(f"http://127.0.0.1:{port}/x", FetchOptions(**{**_fast(), "retries": 1})))
    assert result.reason == "robots-unreachable"
    assert "connection-error" in result.message or "Connection" in result.message


# --- redirects -----------------------------------------------------------------------


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, b"", (("Location", location), ("Content-Type", "text/html")))


def test_redirects_are_followed_to_the_final_url(site: Site) -> None:
    site.routes["/old"] = redirect("/mid", 301)
    site.routes["/mid"] = redirect(site.url("/new"), 308)
    site.routes["/new"] = Reply(200, PAGE)
    page = fetched(fetch_one(site.url("/old")))
    assert page.url == site.url("/old")
    assert page.final_url == site.url("/new")
    assert page.redirects == (site.url("/old"), site.url("/mid"))


def test_redirect_loop_is_detected(site: Site) -> None:
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    result = failed(fetch_one(site.url("/a")))
    assert result.reason == "redirect-loop"
    assert site.paths().count("/a") == 1


def test_redirect_limit(site: Site) -> None:
    for i in range(10):
        site.routes[f"/r{i}"] = redirect(f"/r{i + 1}")
    result = failed(fetch_one(site.url("/r0"), FetchOptions(**{**_fast(), "max_redirects": 3})))
    assert result.reason == "too-many-redirects"
    assert [p for p in site.paths() if p.startswith("/r") and p != "/robots.txt"] == ["/r0", "/r1", "/r2", "/r3"]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("ftp://127.0.0.1/file", "unsupported-scheme"),
        ("file:///etc/passwd", "unsupported-scheme"),
        ("", "bad-redirect"),
    ],
)
def test_redirect_targets_are_checked(site: Site, location: str, reason: str) -> None:
    site.routes["/go"] = redirect(location) if location else Reply(302, b"", TEXT)
    assert failed(fetch_one(site.url("/go"))).reason == reason


def test_redirect_into_a_disallowed_path_is_not_followed(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(200, ROBOTS, TEXT)
    site.routes["/go"] = redirect("/private/secret")
    site.routes["/private/secret"] = Reply(200, PAGE)
    result = failed(fetch_one(site.url("/go")))
    assert (result.reason, result.final_url) == ("robots-disallowed", site.url("/private/secret"))
    assert "/private/secret" not in site.paths()


# --- retries -------------------------------------------------------------------------


def test_5xx_then_success_is_retried(site: Site) -> None:
    site.routes["/flaky"] = [Reply(500, b"oops", TEXT), Reply(503, b"busy", TEXT), Reply(200, PAGE)]
    assert fetched(fetch_one(site.url("/flaky"))).body == PAGE
    assert site.paths().count("/flaky") == 3


def test_retries_are_bounded(site: Site) -> None:
    site.routes["/down"] = Reply(502, b"bad gateway", TEXT)
    result = failed(fetch_one(site.url("/down")))
    assert (result.reason, result.status) == ("http-502", 502)
    assert site.paths().count("/down") == FAST.retries + 1


def test_url_budget_stops_retries(site: Site) -> None:
    site.routes["/down"] = Reply(503, b"busy", TEXT)
    options = FetchOptions(**{**_fast(), "retries": 50, "backoff": 0.1, "url_budget": 0.5})
    result = failed(fetch_one(site.url("/down"), options))
    assert result.reason == "http-503"
    assert 2 <= site.paths().count("/down") <= 5  # 0.1 + 0.2 + 0.4 s of backoff fit, not 50


def test_url_budget_stops_a_slow_redirect_chain(site: Site) -> None:
    for i in range(10):
        site.routes[f"/r{i}"] = Reply(302, b"", (("Location", f"/r{i + 1}"),), stall=0.1)
    options = FetchOptions(**{**_fast(), "url_budget": 0.35})
    result = failed(fetch_one(site.url("/r0"), options))
    assert result.reason == "timeout"
    assert "for this URL" in result.message
    assert len([p for p in site.paths() if p.startswith("/r") and p != "/robots.txt"]) <= 5


@pytest.mark.parametrize("status", [404, 410, 501])
def test_permanent_errors_are_not_retried(site: Site, status: int) -> None:
    site.routes["/gone"] = Reply(status, b"no", TEXT)
    assert failed(fetch_one(site.url("/gone"))).reason == f"http-{status}"
    assert site.paths().count("/gone") == 1


def test_retry_after_is_respected(site: Site) -> None:
    site.routes["/busy"] = [Reply(429, b"slow down", (*TEXT, ("Retry-After", "1"))), Reply(200, PAGE)]
    assert isinstance(fetch_one(site.url("/busy")), Fetched)
    first, second = site.wait_for("/busy", 2)
    assert second.start - first.end >= 0.95


def test_retry_after_beyond_the_cap_ends_the_retries(site: Site) -> None:
    site.routes["/busy"] = Reply(429, b"come back tomorrow", (*TEXT, ("Retry-After", "86400")))
    result = failed(fetch_one(site.url("/busy")))
    assert result.reason == "http-429"
    assert site.paths().count("/busy") == 1


# --- pacing and concurrency ----------------------------------------------------------


def test_per_host_delay_spaces_requests(site: Site) -> None:
    for i in range(4):
        site.routes[f"/p{i}"] = Reply(200, PAGE)
    options = FetchOptions(**{**_fast(), "delay": 0.15, "concurrency": 4})
    list(fetch_urls([site.url(f"/p{i}") for i in range(4)], options))
    hits = sorted((h for i in range(4) for h in site.wait_for(f"/p{i}")), key=lambda h: h.start)
    assert len(hits) == 4
    for before, after in itertools.pairwise(hits):
        assert after.start - before.end >= 0.14  # never overlapping, always a pause
    assert site.max_in_flight == 1


# --- addresses -----------------------------------------------------------------------


def test_non_public_addresses_are_refused_by_default(site: Site) -> None:
    site.routes["/a"] = Reply(200, PAGE)
    options = FetchOptions(**{**_fast(), "allow_private": False})
    result = failed(fetch_one(site.url("/a"), options))
    assert result.reason == "blocked-address"
    assert "127.0.0.1" in result.message
    assert site.paths() == []  # not even robots.txt was asked for


class _Peer:
    def __init__(self, address: str) -> None:
        self.address = address

    def getpeername(self) -> tuple[str, int]:
        return (self.address, 80)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("169.254.169.254", False),  # cloud metadata endpoint
        ("0.0.0.0", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("fe80::1%eth0", False),
        ("fd00::5", False),
        ("93.184.216.34", True),
        ("2606:2800:220:1::1", True),
    ],
)
def test_peer_address_check(address: str, public: bool) -> None:
    # every connection is checked, so a redirect into the local network is refused too
    peer: object = _Peer(address)
    if public:
        _check_peer(peer, "http://x/")  # type: ignore[arg-type]
    else:
        with pytest.raises(FetchError) as info:
            _check_peer(peer, "http://x/")  # type: ignore[arg-type]
        assert info.value.reason == "blocked-address"


# --- URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file", "unsupported-scheme"),
        ("file:///etc/passwd", "unsupported-scheme"),
        ("javascript:alert(1)", "unsupported-scheme"),
        ("example.org/page", "unsupported-scheme"),
        ("http://", "invalid-url"),
        ("http://host:99999/", "invalid-url"),
        ("http://user:pw@host/", "invalid-url"),
        ("http://host/a b", "invalid-url"),
    ],
)
def test_unusable_urls_fail_without_a_request(url: str, reason: str) -> None:
    result = failed(fetch_one(url))
    assert result.reason == reason
    assert result.reason in FETCH_REASONS
    with pytest.raises(FetchError) as info:
        normalize_url(url)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.ORG", "http://example.org/"),
        ("https://example.org/a?b=1#frag", "https://example.org/a?b=1"),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
        ("  http://example.org/p  ", "http://example.org/p"),
        ("http://bücher.de/straße?q=größe&x=%20", "http://xn--bcher-kva.de/stra%C3%9Fe?q=gr%C3%B6%C3%9Fe&x=%20"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-5", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert parse_retry_after(value, now) == seconds


def test_options_are_validated() -> None:
    with pytest.raises(ValueError):
        FetchOptions(concurrency=0)
    with pytest.raises(ValueError):
        FetchOptions(deadline=0)
    with pytest.raises(ValueError):
        FetchOptions(delay=-1)
    for agent in ("", "bot\r\nX-Injected: 1", "bøt/1.0"):
        with pytest.raises(ValueError):
            FetchOptions(user_agent=agent)


def test_non_ascii_paths_are_sent_percent_encoded(site: Site) -> None:
    site.routes["/stra%C3%9Fe"] = Reply(200, PAGE)
    assert fetched(fetch_one(site.url("/straße"))).final_url == site.url("/stra%C3%9Fe")


URLS = st.one_of(
    st.text(max_size=200),
    st.builds(
        "{}://{}/{}?{}#{}".format,
        st.sampled_from(["http", "HTTPS", "ftp"]),
        st.text(max_size=30),
        st.text(max_size=60),
        st.text(max_size=30),
        st.text(max_size=10),
    ),
)


@given(URLS)
def test_normalize_url_fails_only_with_fetch_errors(url: str) -> None:
    try:
        normal = normalize_url(url)
    except FetchError as exc:
        assert exc.reason in FETCH_REASONS
    else:
        assert normal.isascii() and normalize_url(normal) == normal
