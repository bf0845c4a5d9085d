"""A small threaded HTTP server on 127.0.0.1 for the fetch tests: routes reply with
canned responses (statuses, headers, slow or dripping bodies, endless streams) and every
request is recorded with its arrival and end time, so tests can check what the fetcher
did from the server's side rather than by timing the client.

Only loopback, a random port, and every loop bounded: a test can never reach the network
or hang on a server thread.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pytest
import trustme

__all__ = ["Hit", "Reply", "Site", "TlsSite", "site", "tls_site"]


@dataclass(frozen=True)
class Reply:
    """One canned response. `drip` sends the body one byte at a time with that pause;
    `stream` sends that many 64 KiB chunks of filler (without Content-Length unless
    `length` says so); `stall` waits before sending anything."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    stall: float = 0.0
    drip: float = 0.0
    stream: int = 0
    length: int | None = None
    hold: float = 0.0  # keep the request open this long after the headers (concurrency tests)


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    start: float
    end: float
    sent: int  # body bytes written before the client went away or the body ended


Route = Reply | Sequence[Reply] | Callable[[int], Reply]
_S = TypeVar("_S", bound="Site")


@dataclass
class Site:
    """The routes the server answers and the requests it saw."""

    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict[str, int] = field(default_factory=dict)
    arrivals: list[str] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        """Requested paths in arrival order (recorded before the reply is sent, so a
        test sees every request its fetch made as soon as the fetch returns)."""
        with self.lock:
            return list(self.arrivals)

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [hit for hit in self.hits if hit.path == path]

    def wait_for(self, path: str, count: int = 1, timeout: float = 5.0) -> list[Hit]:
        """The hits for `path` once `count` have finished on the server (bounded wait)."""
        end = time.monotonic() + timeout
        while len(hits := self.hits_for(path)) < count and time.monotonic() < end:
            time.sleep(0.01)
        return hits

    def reply_for(self, path: str) -> Reply:
        """Called under `lock` as a request arrives; `count` = earlier requests for `path`."""
        count = self.counts.get(path, 0)
        self.counts[path] = count + 1
        self.arrivals.append(path)
        route = self.routes.get(path)
        if route is None:
            return Reply(404, b"not found", (("Content-Type", "text/plain"),))
        if isinstance(route, Reply):
            return route
        if callable(route):
            return route(count)
        return route[min(count, len(route) - 1)]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            start = time.monotonic()
            self.sent = 0
            with site.lock:
                reply = site.reply_for(self.path)
                site.in_flight += 1
                site.max_in_flight = max(site.max_in_flight, site.in_flight)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                pass  # the client gave up, as the tests intend
            finally:
                with site.lock:
                    site.in_flight -= 1
                    site.hits.append(Hit(self.path, dict(self.headers.items()), start, time.monotonic(), self.sent))

        def _send(self, reply: Reply) -> None:
            time.sleep(reply.stall)
            self.send_response(reply.status)
            for name, value in reply.headers:
                self.send_header(name, value)
            if reply.length is not None:
                self.send_header("Content-Length", str(reply.length))
            elif not reply.stream:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            time.sleep(reply.hold)
            if reply.drip:
                for i in range(len(reply.body)):
                    self.wfile.write(reply.body[i : i + 1])
                    self.wfile.flush()
                    self.sent += 1
                    time.sleep(reply.drip)
            else:
                self.wfile.write(reply.body)
                self.sent += len(reply.body)
            for _ in range(reply.stream):
                self.wfile.write(b"x" * 65536)
                self.sent += 65536

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh server per test; robots.txt is absent (404) unless a test routes it."""
    yield from _serve(Site())


@dataclass
class TlsSite(Site):
    ca_file: str = ""

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"


@pytest.fixture
def tls_site(tmp_path: Path) -> Iterator[TlsSite]:
    """The same server over https, with a certificate for 127.0.0.1 from a test CA
    (`ca_file`, a PEM file) that no system trusts."""
    ca = trustme.CA()
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    yield from _serve(TlsSite(ca_file=str(ca_file)), context)


def _serve(state: _S, context: ssl.SSLContext | None = None) -> Iterator[_S]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
