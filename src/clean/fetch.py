"""Fetch web pages politely and safely, for `clean fetch`.

`fetch_urls(urls, options)` yields one `Fetched` or `FetchFailure` per URL, in input order.
What it promises, and how:

- robots.txt is honoured for every request, redirect hops included (`robots.py`).
- One request at a time per host, `delay` seconds apart (`pacing.py`); at most
  `concurrency` requests in flight overall (a thread pool of that size).
- Timeouts: `connect_timeout`, `read_timeout` (longest silence), and `deadline` for a whole
  response. The deadline is enforced by a timer that shuts the socket down, so a server
  that drips one byte a second (each read under the read timeout) cannot hold a thread.
- Bodies are streamed and reading stops past `max_bytes`, before and after undoing
  gzip/deflate (a small compressed body cannot expand without bound).
- Retries on 429 and transient 5xx (500, 502, 503, 504) and on dropped connections, with
  exponential backoff; Retry-After (seconds or HTTP date) is respected. A Retry-After
  longer than `max_backoff` ends the retries instead: we do not come back earlier than
  the server asked, and we do not stall the run either.
- A URL gets `url_budget` seconds in all (retries, redirects): no new attempt starts
  after that, so the worst case per URL is bounded, not retries x redirects x deadline.
- Redirects are followed by hand, at most `max_redirects`, a URL seen twice is a loop;
  each hop is checked again for scheme (http/https only) and robots.
- A clear User-Agent; its product token ("clean") is what robots.txt rules match.
- No requests to non-public addresses (loopback, private networks, link-local such as
  cloud metadata endpoints) unless `allow_private`: a public page must not be able to
  redirect the crawler into the network it runs in. The address is checked on the
  connected socket, after DNS, so a name that resolves differently the second time
  (DNS rebinding) cannot slip past; nothing is sent before the check.

The HTTP client is urllib3, used one connection per request: it is already a dependency
(through trafilatura), typed, and its connection objects expose the socket, which the
deadline timer needs. Connection reuse matters little with a per-host delay.

Only GET is ever sent. DNS resolution is not covered by the deadline (the standard
library gives no way to bound it); the connect timeout starts after it.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import re
import socket
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from . import __version__
from .errors import FetchError
from .pacing import HostPacer
from .robots import MAX_ROBOTS_BYTES, RobotsCache, agent_token
from .schedule import run_per_key

__all__ = [
    "DEFAULT_USER_AGENT",
    "FETCH_REASONS",
    "FetchFailure",
    "FetchOptions",
    "Fetched",
    "Fetcher",
    "fetch_urls",
    "normalize_url",
    "parse_retry_after",
]

DEFAULT_USER_AGENT = f"clean/{__version__} (article cleaner; set a contact URL or e-mail with --user-agent)"

# Every reason a fetch can fail with, besides "http-<status>" for an error status.
FETCH_REASONS = (
    "invalid-url",
    "unsupported-scheme",
    "robots-disallowed",
    "robots-unreachable",
    "timeout",
    "connection-error",
    "too-large",
    "too-many-redirects",
    "redirect-loop",
    "bad-redirect",
    "unsupported-content-type",
    "bad-content-encoding",
    "blocked-address",
    "internal-error",
)

_SCHEMES = frozenset({"http", "https"})
_URL_SAFE = "/%:@!$&'()*+,;=-._~"
_HOST = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# 501 (not implemented) and 505 (version not supported) will not change on a retry.
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 asks for at least five
_CHUNK = 64 * 1024
# What `clean_page` can read; anything else (images, PDF, archives) is refused up front.
_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How to fetch. Defaults suit a polite crawl of public sites; tests shrink the times."""

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host (end of one to start of next)
    concurrency: int = 4  # requests in flight, all hosts together
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # longest silence while waiting for bytes
    deadline: float = 60.0  # a whole response, first byte sent to last byte read
    max_bytes: int = 10_000_000  # body cap, compressed and decompressed
    max_redirects: int = 10
    retries: int = 3  # extra attempts after the first, for 429/5xx and dropped connections
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_backoff: float = 60.0  # cap on any wait; a longer Retry-After ends the retries
    max_crawl_delay: float = 30.0  # cap on a robots.txt Crawl-delay
    allow_private: bool = False  # connect to loopback/private/link-local addresses too
    ca_certs: str | None = None  # PEM file of CAs to trust instead of the system's (https)
    url_budget: float = 300.0  # one URL, all retries and redirects: no new attempt after this

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if min(self.delay, self.backoff, self.max_backoff, self.max_crawl_delay) < 0:
            raise ValueError("delays must not be negative")
        if min(self.connect_timeout, self.read_timeout, self.deadline, self.url_budget) <= 0:
            raise ValueError("timeouts must be positive")
        if not (self.user_agent.isascii() and self.user_agent.isprintable() and self.user_agent.strip()):
            raise ValueError("the user agent must be printable ASCII, without line breaks")
        if self.max_bytes < 1 or self.max_redirects < 0 or self.retries < 0:
            raise ValueError("max_bytes must be positive, max_redirects and retries not negative")


Headers = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page fetched with a 2xx status.

    `body` has any Content-Encoding undone; `raw_body` is the bytes as sent (what a WARC
    keeps, next to the unchanged headers). `redirects` lists the URLs that redirected.
    """

    url: str
    final_url: str
    status: int
    reason: str
    headers: Headers
    body: bytes
    raw_body: bytes
    request_headers: Headers
    fetched_at: datetime
    redirects: tuple[str, ...] = ()
    http_version: str = "HTTP/1.1"  # as the server answered, for the WARC status line

    def header(self, name: str) -> str | None:
        return _header(self.headers, name)

    @property
    def header_map(self) -> dict[str, str]:
        """The headers as a mapping (a repeated header keeps its last value)."""
        return dict(self.headers)


@dataclass(frozen=True, slots=True)
class FetchFailure:
    """A URL that gave no page. `final_url` is where it failed (after redirects)."""

    url: str
    final_url: str
    reason: str
    message: str
    status: int | None = None

    @property
    def error(self) -> FetchError:
        return FetchError(self.reason, self.message)


@dataclass(frozen=True, slots=True)
class _Exchange:
    """One request and its response, before any policy is applied."""

    url: str
    status: int
    reason: str
    headers: Headers
    raw_body: bytes
    body: bytes
    truncated: bool
    request_headers: Headers
    fetched_at: datetime = field(compare=False)
    http_version: str = "HTTP/1.1"


def _header(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    found = None
    for key, value in headers:
        if key.lower() == wanted:
            found = value
    return found


def normalize_url(url: str) -> str:
    """The URL as it will be requested: scheme and host lower-cased, fragment dropped
    (it is never sent), an empty path made "/". Raises FetchError for unusable URLs."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a malformed port
    except ValueError as exc:
        raise FetchError("invalid-url", f"cannot parse URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = scheme or "none"
        raise FetchError("unsupported-scheme", f"only http and https URLs are fetched, not {shown}: {url!r}")
    host = parts.hostname
    if not host:
        raise FetchError("invalid-url", f"no host in URL {url!r}")
    if any(c in url for c in "\r\n\t ") or any(ord(c) < 32 for c in url):
        raise FetchError("invalid-url", f"control characters or spaces in URL {url!r}")
    try:
        host = host.encode("idna").decode("ascii")  # bücher.de -> xn--bcher-kva.de
    except UnicodeError as exc:
        raise FetchError("invalid-url", f"bad host name in URL {url!r}") from exc
    if not (_HOST.fullmatch(host) or _is_ipv6(host)):
        raise FetchError("invalid-url", f"bad host name in URL {url!r}")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    if parts.username or parts.password:
        raise FetchError("invalid-url", f"credentials in URL are not sent: {url!r}")
    # non-ASCII in path and query is sent percent-encoded as UTF-8, as browsers do;
    # existing escapes and reserved characters are left alone
    path = quote(parts.path or "/", safe=_URL_SAFE)
    query = quote(parts.query, safe=_URL_SAFE + "?")
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_ipv6(host: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        return False


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _decode_content(raw: bytes, encoding: str | None, limit: int) -> tuple[bytes, bool]:
    """Undo gzip/deflate, stopping past `limit` bytes out: (body, truncated)."""
    coding = (encoding or "identity").strip().lower()
    if coding in ("", "identity"):
        return raw, False
    if coding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif coding == "deflate":
        # servers send both zlib-wrapped and raw deflate under this name
        decoder = zlib.decompressobj(zlib.MAX_WBITS if raw[:1] == b"\x78" else -zlib.MAX_WBITS)
    else:
        raise FetchError("bad-content-encoding", f"unsupported Content-Encoding {encoding!r}")
    try:
        out = decoder.decompress(raw, limit + 1)
    except zlib.error as exc:
        raise FetchError("bad-content-encoding", f"corrupt {coding} body: {exc}") from exc
    return out[:limit], len(out) > limit


class _Deadline:
    """Shuts the request's socket down when the deadline passes, waking a thread blocked
    in a read. The socket is captured right after connecting: http.client drops the
    connection's reference to it once the response owns it."""

    def __init__(self, seconds: float) -> None:
        self.expired = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired.is_set():
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired.set()
            _shutdown(self._sock)


def _shutdown(sock: socket.socket | None) -> None:
    if sock is not None:
        # the plain socket method, also on TLS sockets, whose own shutdown would tear
        # down SSL state under the reading thread
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Fetcher:
    """Fetches URLs under one set of options; holds the run's robots cache and pacer.

    Thread-safe: `fetch` may be called from many threads (as `fetch_urls` does). The
    state belongs to the instance, so two runs never share a cache.
    """

    def __init__(self, options: FetchOptions | None = None, *, pacer: HostPacer | None = None) -> None:
        self.options = options or FetchOptions()
        self.pacer = pacer or HostPacer(self.options.delay)
        self.agent = agent_token(self.options.user_agent)
        self.robots = RobotsCache(self._fetch_robots)

    # --- one URL ---------------------------------------------------------------------

    def fetch(self, url: str) -> Fetched | FetchFailure:
        """Fetch one URL, following redirects; every failure is a `FetchFailure`."""
        current = url
        try:
            current = normalize_url(url)
            return self._follow(current)
        except _FailedAt as failed:
            return FetchFailure(url, failed.url, failed.error.reason, str(failed.error), failed.status)
        except FetchError as exc:
            return FetchFailure(url, current, exc.reason, str(exc))
        except Exception as exc:  # a bug or an odd server must not end a crawl of thousands
            return FetchFailure(url, current, "internal-error", f"{type(exc).__name__}: {exc}")

    def _follow(self, start: str) -> Fetched:
        current = start
        seen = {start}
        hops: list[str] = []
        budget_end = time.monotonic() + self.options.url_budget
        while True:
            if time.monotonic() > budget_end:
                error = FetchError("timeout", f"over {self.options.url_budget:g} s for this URL (retries, redirects)")
                raise _FailedAt(current, error)
            self._check_robots(current)
            exchange = self._with_retries(current, self.options.max_bytes, page=True, budget_end=budget_end)
            if exchange.status in _REDIRECTS:
                target = self._redirect_target(exchange)
                if target in seen:
                    raise _FailedAt(
                        current, FetchError("redirect-loop", f"{current} redirects back to {target}"), exchange.status
                    )
                if len(hops) >= self.options.max_redirects:
                    raise _FailedAt(
                        current,
                        FetchError("too-many-redirects", f"more than {self.options.max_redirects} redirects"),
                        exchange.status,
                    )
                hops.append(current)
                seen.add(target)
                current = target
                continue
            if not 200 <= exchange.status < 300:
                error = FetchError(f"http-{exchange.status}", f"{current} answered {exchange.status} {exchange.reason}")
                raise _FailedAt(current, error, exchange.status)
            self._check_page(exchange)
            return Fetched(
                url=start,
                final_url=current,
                status=exchange.status,
                reason=exchange.reason,
                headers=exchange.headers,
                body=exchange.body,
                raw_body=exchange.raw_body,
                request_headers=exchange.request_headers,
                fetched_at=exchange.fetched_at,
                redirects=tuple(hops),
                http_version=exchange.http_version,
            )

    def _redirect_target(self, exchange: _Exchange) -> str:
        location = _header(exchange.headers, "location")
        if not location or not location.strip():
            error = FetchError("bad-redirect", f"{exchange.status} without a Location header")
            raise _FailedAt(exchange.url, error, exchange.status)
        try:
            return normalize_url(urljoin(exchange.url, location.strip()))
        except FetchError as exc:
            raise _FailedAt(exchange.url, FetchError(exc.reason, f"redirect to {exc}"), exchange.status) from exc

    def _check_page(self, exchange: _Exchange) -> None:
        content_type = _header(exchange.headers, "content-type")
        mime = (content_type or "").split(";", 1)[0].strip().lower()
        if mime and mime not in _PAGE_TYPES:
            error = FetchError("unsupported-content-type", f"{mime} is not a web page")
            raise _FailedAt(exchange.url, error, exchange.status)
        if exchange.truncated:
            error = FetchError("too-large", f"body over the cap of {self.options.max_bytes} bytes")
            raise _FailedAt(exchange.url, error, exchange.status)

    def _check_robots(self, url: str) -> None:
        rules, fresh = self.robots.get(url)
        host = urlsplit(url).hostname or ""
        if fresh:
            delay = rules.crawl_delay(self.agent)
            if delay is not None:
                self.pacer.set_delay(host, min(delay, self.options.max_crawl_delay))
        if rules.state == "unreachable":
            raise _FailedAt(url, FetchError("robots-unreachable", f"cannot read robots.txt: {rules.detail}"))
        if not rules.allows(url, self.agent):
            raise _FailedAt(url, FetchError("robots-disallowed", f"robots.txt disallows {url} for {self.agent}"))

    def _fetch_robots(self, url: str) -> tuple[int | None, bytes, str]:
        """robots.txt, following up to five redirects (http/https only, no robots check
        on robots itself). Returns (status, body, detail); status None when unreachable."""
        current = url
        try:
            for _ in range(_ROBOTS_MAX_REDIRECTS + 1):
                exchange = self._with_retries(current, MAX_ROBOTS_BYTES, page=False)
                if exchange.status not in _REDIRECTS:
                    return exchange.status, exchange.body, f"{current} answered {exchange.status}"
                current = self._redirect_target(exchange)
        except _FailedAt as failed:
            if failed.error.reason == "blocked-address":
                raise failed.error from failed  # the page's own reason, not "robots unreachable"
            return None, b"", str(failed.error)
        except FetchError as exc:
            if exc.reason == "blocked-address":
                raise
            return None, b"", str(exc)
        return 404, b"", "too many redirects for robots.txt: treated as absent"

    # --- retries -----------------------------------------------------------------------

    def _with_retries(self, url: str, limit: int, *, page: bool, budget_end: float | None = None) -> _Exchange:
        """One request, repeated on 429/5xx and dropped connections while the retries,
        the wait caps and the URL's time budget allow."""
        host = urlsplit(url).hostname or ""
        opts = self.options
        end = budget_end if budget_end is not None else time.monotonic() + opts.url_budget
        for attempt in range(opts.retries + 1):
            backoff = min(opts.backoff * 2**attempt, opts.max_backoff)
            try:
                exchange = self._exchange(url, limit, page=page)
            except FetchError as exc:
                if exc.reason != "connection-error" or attempt == opts.retries or time.monotonic() + backoff > end:
                    raise _FailedAt(url, exc) from exc
                self.pacer.hold(host, backoff)
                continue
            if exchange.status not in _RETRY_STATUSES or attempt == opts.retries:
                return exchange
            asked = parse_retry_after(_header(exchange.headers, "retry-after"))
            if asked is not None and asked > opts.max_backoff:
                return exchange  # fails with http-429/503; we do not come back earlier than asked
            wait = max(backoff, asked or 0.0)
            if time.monotonic() + wait > end:
                return exchange  # no time left in this URL's budget for another attempt
            self.pacer.hold(host, wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    # --- one request -------------------------------------------------------------------

    def _exchange(self, url: str, limit: int, *, page: bool) -> _Exchange:
        """One GET under the host's pacing slot, with timeouts, deadline and size cap."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        request_headers: Headers = (
            ("User-Agent", self.options.user_agent),
            ("Accept", _ACCEPT if page else "text/plain,*/*;q=0.1"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Connection", "close"),
        )
        with self.pacer.slot(host):
            return self._request(url, target, request_headers, limit, page=page)

    def _request(self, url: str, target: str, request_headers: Headers, limit: int, *, page: bool) -> _Exchange:
        opts = self.options
        parts = urlsplit(url)
        timeout = min(opts.connect_timeout, opts.deadline)
        conn: HTTPConnection
        if parts.scheme == "https":
            # certificates and host names are verified (urllib3's default), against the
            # system's CAs or `ca_certs`
            conn = HTTPSConnection(parts.hostname or "", parts.port, timeout=timeout, ca_certs=opts.ca_certs)
        else:
            conn = HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
        fetched_at = datetime.now(UTC)
        response: urllib3.BaseHTTPResponse | None = None
        deadline = _Deadline(opts.deadline)
        expired = deadline.expired
        deadline.start()
        try:
            conn.connect()
            deadline.watch(conn.sock)
            if not opts.allow_private:
                _check_peer(conn.sock, url)
            conn.timeout = min(opts.read_timeout, opts.deadline)
            conn.request("GET", target, headers=dict(request_headers), preload_content=False, decode_content=False)
            response = conn.getresponse()
            headers: Headers = tuple((k, v) for k, v in response.headers.items())
            sent: Headers = (("Host", parts.netloc), *request_headers)
            declared = response.headers.get("content-length", "")
            if page and declared.isdigit() and int(declared) > limit and response.status < 300:
                error = FetchError("too-large", f"Content-Length {declared} is over the cap of {limit} bytes")
                raise _FailedAt(url, error, response.status)
            raw, truncated = _read_capped(response, limit)
            if expired.is_set():
                raise _deadline_error(opts.deadline)
            body, over = _decode_content(raw, response.headers.get("content-encoding"), limit) if raw else (raw, False)
            return _Exchange(
                url=url,
                status=response.status,
                reason=response.reason or "",
                headers=headers,
                raw_body=raw,
                body=body,
                truncated=truncated or over,
                request_headers=sent,
                fetched_at=fetched_at,
                http_version="HTTP/1.0" if response.version == 10 else "HTTP/1.1",
            )
        except (_FailedAt, FetchError):
            raise
        except (TimeoutError, urllib3.exceptions.TimeoutError) as exc:
            raise (_deadline_error(opts.deadline) if expired.is_set() else FetchError("timeout", str(exc))) from exc
        except (OSError, http.client.HTTPException, urllib3.exceptions.HTTPError) as exc:
            if expired.is_set():
                raise _deadline_error(opts.deadline) from exc
            raise FetchError("connection-error", f"{type(exc).__name__}: {exc}") from exc
        finally:
            deadline.cancel()
            if response is not None:
                response.close()  # the body's file object holds the socket open otherwise
            conn.close()


class _FailedAt(Exception):
    """A FetchError together with the URL it happened at and the status, if any."""

    def __init__(self, url: str, error: FetchError, status: int | None = None) -> None:
        super().__init__(str(error))
        self.url = url
        self.error = error
        self.status = status


def _check_peer(sock: socket.socket | None, url: str) -> None:
    """Refuse a connection whose peer is not a public address (see the module notes)."""
    if sock is None:
        return
    peer = str(sock.getpeername()[0]).split("%", 1)[0]  # an IPv6 zone id is not part of the address
    ip = ipaddress.ip_address(peer)
    mapped = getattr(ip, "ipv4_mapped", None)
    if not (mapped or ip).is_global:
        raise FetchError("blocked-address", f"{url} resolves to {peer}, not a public address (see --allow-private)")


def _deadline_error(deadline: float) -> FetchError:
    return FetchError("timeout", f"no complete response within {deadline:g} s")


def _read_capped(response: urllib3.BaseHTTPResponse, limit: int) -> tuple[bytes, bool]:
    """Read at most `limit` bytes of the body: (bytes, whether more was coming)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.stream(_CHUNK, decode_content=False):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks)[:limit], True
    return b"".join(chunks), False


def fetch_urls(
    urls: Iterable[str], options: FetchOptions | None = None, *, fetcher: Fetcher | None = None
) -> Iterator[Fetched | FetchFailure]:
    """Fetch every URL, yielding one result per URL in input order.

    Up to `concurrency` URLs are fetched at once, on different hosts (`schedule.py`); at
    most a bounded window of finished results waits for an earlier slow one, so memory
    stays flat on long lists. Pass a
    `fetcher` to share its robots cache and pacing with other calls.
    """
    fetcher = fetcher or Fetcher(options)
    yield from _in_order(fetcher, list(urls))


def _host_key(url: str) -> str:
    """The pacing key of a URL (its host); an unusable URL is its own key, failing at once."""
    try:
        return urlsplit(url.strip()).hostname or url
    except ValueError:
        return url


def _in_order(fetcher: Fetcher, urls: Sequence[str]) -> Iterator[Fetched | FetchFailure]:
    workers = fetcher.options.concurrency
    yield from run_per_key(urls, fetcher.fetch, _host_key, workers=workers, lookahead=max(32, 8 * workers))
