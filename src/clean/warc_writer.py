"""Keep fetched pages in a WARC file, so a run can be cleaned again without refetching.

Decisions:
- One `warcinfo` record first (software, user agent, format), then a `request` and a
  `response` record per page that was fetched with a 2xx status, linked by
  WARC-Concurrent-To. Pages the fetcher refused (robots, too large, errors) and
  redirect hops are not archived: the WARC holds exactly the pages that were cleaned
  (or that failed only at cleaning, which re-cleaning can retry), so `clean run` on it
  sees the same pages as the fetch run did.
- The response keeps the body bytes as received, with their Content-Encoding header, so
  warcio's `content_stream()` gives the page back; the Transfer-Encoding header is left
  out because the body is stored de-chunked.
- WARC-Target-URI is the final URL (after redirects), the one the article records.
- gzip per record (`.warc.gz` is what tools expect); records are flushed as written, so a
  run that is killed leaves a readable file up to its last page.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import __version__
from .fetch import Fetched

__all__ = ["WarcArchive"]

# Hop-by-hop framing that no longer describes the stored (de-chunked) body.
_DROPPED = frozenset({"transfer-encoding"})


class WarcArchive:
    """A WARC file being written; use as a context manager and `add` each page."""

    def __init__(self, path: Path, *, user_agent: str, gzip: bool = True) -> None:
        self.path = path
        self.user_agent = user_agent
        self.gzip = gzip
        self._handle: IO[bytes] | None = None
        self._writer: Any = None
        self.records = 0

    def __enter__(self) -> WarcArchive:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("wb")
        self._writer = WARCWriter(self._handle, gzip=self.gzip)
        info = {
            "software": f"clean/{__version__}",
            "format": "WARC File Format 1.0",
            "http-header-user-agent": self.user_agent,
            "description": "pages fetched by `clean fetch`",
        }
        self._write(self._writer.create_warcinfo_record(self.path.name, info))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _write(self, record: Any) -> None:
        assert self._writer is not None and self._handle is not None, "use WarcArchive as a context manager"
        self._writer.write_record(record)
        self._handle.flush()
        self.records += 1

    def add(self, page: Fetched) -> None:
        """Archive the request and response that gave `page`."""
        writer = self._writer
        assert writer is not None, "use WarcArchive as a context manager"
        date = page.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        target = _request_target(page.final_url)
        request = writer.create_warc_record(
            page.final_url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", list(page.request_headers), protocol="", is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": date},
        )
        headers = [(k, v) for k, v in page.headers if k.lower() not in _DROPPED]
        response = writer.create_warc_record(
            page.final_url,
            "response",
            payload=BytesIO(page.raw_body),
            length=len(page.raw_body),
            http_headers=StatusAndHeaders(f"{page.status} {page.reason}".strip(), headers, protocol=page.http_version),
            warc_headers_dict={"WARC-Date": date},
        )
        request.rec_headers.replace_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        self._write(response)
        self._write(request)


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))
