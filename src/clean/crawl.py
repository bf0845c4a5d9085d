"""Fetch URLs and clean them in one go: the work behind `clean fetch`.

Kept apart from `cli.py` (testable without argument parsing) and from `fetch.py` (which
knows nothing of articles). Output is laid out as `clean run` lays it out:

- `OUTDIR/<id>.json` per page, written atomically, with `url` = the final URL;
- `OUTDIR/errors.jsonl`, one line per URL that gave no article: `id`, `url`,
  `final_url`, `status`, `reason`, `message`; removed at the start of a run, so its
  presence always means "this run had failures";
- optionally a WARC with every page fetched (`warc_writer.py`).

A page's id comes from its URL as given (fragment dropped): a readable slug of host and
path, then a hash of the whole URL, so ids are safe file names, stable across runs, and
unique however similar two URLs look. The same URL listed twice is fetched once.

Pages are cleaned in this thread while the fetch threads carry on; cleaning is quick
next to polite fetching, so one core is enough.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from .batch import dump_line, dump_pretty, sanitize_id, write_atomic
from .errors import CleanError, FetchError
from .fetch import Fetched, FetchFailure, FetchOptions, fetch_urls, normalize_url
from .pipeline import Options, clean_page
from .warc_writer import WarcArchive

__all__ = ["CrawlSummary", "crawl", "read_url_list", "unique_urls", "url_id"]

_SLUG_CHARS = 80


def url_id(url: str) -> str:
    """A safe, stable, unique file id for a URL: "example.org_news_a-1f2e3d4c5b"."""
    try:
        key = normalize_url(url)
    except FetchError:
        key = url.strip()
    parts = urlsplit(key)
    readable = f"{parts.hostname or ''}{parts.path}".rstrip("/")
    slug = sanitize_id(readable)[:_SLUG_CHARS].strip("_-.") or "page"
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}"


def read_url_list(text: str) -> list[str]:
    """URLs from a list file: one a line; blank lines and `#` comments skipped."""
    urls = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            urls.append(stripped)
    return urls


def unique_urls(urls: Iterable[str]) -> list[str]:
    """Drop repeats (same URL once normalised), keeping the first occurrence's order."""
    seen: set[str] = set()
    kept = []
    for url in urls:
        key = url_id(url)
        if key not in seen:
            seen.add(key)
            kept.append(url)
    return kept


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    urls: int
    fetched: int
    cleaned: int
    failed: int
    seconds: float

    def line(self) -> str:
        return (
            f"{self.urls} urls, {self.fetched} fetched, {self.cleaned} cleaned, "
            f"{self.failed} failed, {self.seconds:.1f} s"
        )


def _failure_line(page_id: str, failure: FetchFailure) -> dict[str, Any]:
    return {
        "id": page_id,
        "url": failure.url,
        "final_url": failure.final_url,
        "status": failure.status,
        "reason": failure.reason,
        "message": failure.message,
    }


def _clean(page: Fetched, page_id: str, options: Options) -> dict[str, Any] | FetchFailure:
    """The article for a fetched page, or the reason it could not be cleaned."""
    try:
        article = clean_page(page.body, url=page.final_url, headers=page.header_map, page_id=page_id, options=options)
    except CleanError as exc:
        return FetchFailure(page.url, page.final_url, exc.reason, str(exc), page.status)
    except Exception as exc:  # one bad page must not end a crawl of thousands
        message = f"{type(exc).__name__}: {exc}"
        return FetchFailure(page.url, page.final_url, "internal-error", message, page.status)
    return article.to_dict()


def crawl(
    urls: Sequence[str],
    outdir: Path,
    *,
    fetch_options: FetchOptions | None = None,
    options: Options | None = None,
    warc: Path | None = None,
    on_page: Callable[[], None] = lambda: None,
) -> CrawlSummary:
    """Fetch and clean every URL into `outdir`; every URL ends as a file or an error line."""
    start = time.perf_counter()
    fopts = fetch_options or FetchOptions()
    opts = options or Options()
    wanted = unique_urls(urls)
    outdir.mkdir(parents=True, exist_ok=True)
    errors_path = outdir / "errors.jsonl"
    errors_path.unlink(missing_ok=True)
    fetched = cleaned = 0
    with ExitStack() as stack:
        archive = stack.enter_context(WarcArchive(warc, user_agent=fopts.user_agent)) if warc is not None else None
        errors: IO[str] | None = None
        for url, result in zip(wanted, fetch_urls(wanted, fopts), strict=True):
            page_id = url_id(url)
            if isinstance(result, Fetched):
                fetched += 1
                if archive is not None:
                    archive.add(result)
                outcome = _clean(result, page_id, opts)
            else:
                outcome = result
            path = outdir / f"{page_id}.json"
            if isinstance(outcome, FetchFailure):
                if errors is None:
                    errors = stack.enter_context(errors_path.open("w", encoding="utf-8", newline="\n"))
                errors.write(dump_line(_failure_line(page_id, outcome)))
                errors.flush()
                path.unlink(missing_ok=True)  # an article from an earlier run would contradict it
            else:
                write_atomic(path, dump_pretty(outcome))
                cleaned += 1
            on_page()
    return CrawlSummary(
        urls=len(wanted),
        fetched=fetched,
        cleaned=cleaned,
        failed=len(wanted) - cleaned,
        seconds=time.perf_counter() - start,
    )
