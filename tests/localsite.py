"""A tiny web site on 127.0.0.1 for crawl tests: fixed pages with their own headers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["ARTICLE_TEXT", "PAGES", "serve"]

ARTICLE_TEXT = (
    "The council voted on Tuesday to rebuild the harbour wall, which storms damaged twice in the last three winters.",
    "Residents had asked for the repairs since 2021, and the cost is shared between the town and the region.",
    "The harbour master said boats could still use the inner basin while the work goes on next year.",
)
_NAV = '<nav><a href="/">Home</a> | <a href="/harbour.html">Harbour</a> | <a href="/muenchen.html">München</a></nav>'
_FOOT = "<footer>© 2026 Example Gazette. All rights reserved. <a href='/empty.html'>Imprint</a></footer>"


def _page(title: str, paragraphs: tuple[str, ...] | list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body>{_NAV}<article><h1>{title}</h1>{body}</article>{_FOOT}</body></html>"


# path -> (body bytes, content type); the Munich page is windows-1252 with the charset
# only in the HTTP header, so it decodes right only if the headers reach clean_page
PAGES: dict[str, tuple[bytes, str]] = {
    "/": (_page("Example Gazette", ["Today's stories."]).encode(), "text/html; charset=utf-8"),
    "/harbour.html": (_page("Harbour wall to be rebuilt", list(ARTICLE_TEXT)).encode(), "text/html; charset=utf-8"),
    "/muenchen.html": (
        _page(
            "Café in München öffnet wieder",
            [
                "Das Café am Marienplatz in München öffnet nach zwei Jahren Umbau wieder für Gäste.",
                "Die Besitzerin sagte, die Gäste müssten sich auf höhere Preise einstellen, weil die Kosten stiegen.",
                "Der Stadtrat begrüßte die Wiedereröffnung und lobte die sorgfältige Restaurierung des Gebäudes.",
            ],
        ).encode("cp1252"),
        "text/html; charset=windows-1252",
    ),
    "/empty.html": (b"<html><body>" + _NAV.encode() + _FOOT.encode("utf-8") + b"</body></html>", "text/html"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        found = PAGES.get(self.path)
        if found is None:
            self.send_error(404)
            return
        body, content_type = found
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve() -> Iterator[str]:
    """The site's base URL on a free loopback port, for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
