"""https: certificates are verified, a given CA file is trusted, and the deadline also
cuts a TLS connection that drips."""

from __future__ import annotations

from clean.fetch import Fetched, FetchFailure, FetchOptions, fetch_urls
from httpserver import Reply, TlsSite, tls_site

__all__ = ["tls_site"]

PAGE = b"<html><body><p>Served over TLS to a careful client.</p></body></html>"
FAST = FetchOptions(delay=0.0, connect_timeout=2.0, read_timeout=2.0, deadline=3.0, retries=0, allow_private=True)


def fetch_one(url: str, options: FetchOptions) -> Fetched | FetchFailure:
    (result,) = fetch_urls([url], options)
    return result


def test_unknown_certificate_authority_is_refused(tls_site: TlsSite) -> None:
    tls_site.routes["/a"] = Reply(200, PAGE)
    result = fetch_one(tls_site.url("/a"), FAST)
    assert isinstance(result, FetchFailure)
    # robots.txt is the first request to fail verification, which stops the page
    assert result.reason == "robots-unreachable"
    assert "CERTIFICATE_VERIFY_FAILED" in result.message
    assert tls_site.paths() == []


def test_trusted_ca_file_fetches(tls_site: TlsSite) -> None:
    tls_site.routes["/a"] = Reply(200, PAGE)
    options = FetchOptions(**{**_fields(FAST), "ca_certs": tls_site.ca_file})
    result = fetch_one(tls_site.url("/a"), options)
    assert isinstance(result, Fetched), result
    assert result.body == PAGE


def test_deadline_cuts_a_dripping_tls_response(tls_site: TlsSite) -> None:
    tls_site.routes["/drip"] = Reply(200, b"x" * 200, (("Content-Type", "text/plain"),), drip=0.02)
    options = FetchOptions(**{**_fields(FAST), "ca_certs": tls_site.ca_file, "read_timeout": 1.0, "deadline": 0.4})
    result = fetch_one(tls_site.url("/drip"), options)
    assert isinstance(result, FetchFailure)
    assert result.reason == "timeout"
    (hit,) = tls_site.wait_for("/drip")
    assert hit.sent < 100


def _fields(options: FetchOptions) -> dict[str, object]:
    return {name: getattr(options, name) for name in options.__dataclass_fields__}
