"""Speed of `clean fetch` against trafilatura's fetcher, on WCXB pages served from loopback.

Serves the first N WCXB dev pages from a local HTTP server (127.0.0.1, no network) and
times, in the same run:

- fetch only: `clean.fetch.fetch_urls` (robots, pacing with delay 0, caps) vs
  `trafilatura.fetch_url` one after the other (its plain use);
- fetch and extract: `clean.crawl.crawl` (writes JSON files) vs
  `trafilatura.fetch_url` + `trafilatura.extract`.

Pages per second and the ratio clean/trafilatura are printed. With `--delay 0` this
measures the client's own overhead; a real crawl is bound by the per-host delay.

    .venv/bin/python bench/fetch_local.py --pages 100 --concurrency 4
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from trafilatura.settings import use_config
from wcxb import load_pages

from clean.crawl import crawl
from clean.fetch import FetchOptions, fetch_urls


def serve(pages: list[bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            index = self.path.removeprefix("/p/")
            body = pages[int(index)] if index.isdigit() and int(index) < len(pages) else None
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timed(label: str, run: object) -> float:
    assert callable(run)
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:7.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    pages = [page.html().encode("utf-8") for _, page in zip(range(args.pages), load_pages(), strict=False)]
    server = serve(pages)
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}/p/{i}" for i in range(len(pages))]
    # both refuse loopback by default (SSRF protection); the bench server is on loopback
    options = FetchOptions(delay=0.0, concurrency=args.concurrency, allow_private=True)
    config = use_config()
    config.set("DEFAULT", "SSRF_PROTECTION", "False")
    print(f"{len(urls)} WCXB pages from 127.0.0.1, {sum(map(len, pages)) / 1e6:.1f} MB, delay 0")

    def clean_fetch() -> None:
        assert all(r.__class__.__name__ == "Fetched" for r in fetch_urls(urls, options))

    def traf_fetch() -> None:
        got = sum(trafilatura.fetch_url(url, config=config) is not None for url in urls)
        assert got == len(urls), f"trafilatura fetched {got} of {len(urls)}"

    def clean_crawl() -> None:
        with tempfile.TemporaryDirectory() as out:
            summary = crawl(urls, Path(out), fetch_options=options)
            assert summary.failed == 0, summary

    def traf_crawl() -> None:
        for url in urls:
            trafilatura.extract(trafilatura.fetch_url(url, config=config), url=url)

    results = {
        "clean fetch_urls (fetch only)": timed("clean fetch_urls (fetch only)", clean_fetch),
        "trafilatura fetch_url (fetch only)": timed("trafilatura fetch_url (fetch only)", traf_fetch),
        "clean crawl (fetch + clean + write)": timed("clean crawl (fetch + clean + write)", clean_crawl),
        "trafilatura fetch_url + extract": timed("trafilatura fetch_url + extract", traf_crawl),
    }
    server.shutdown()
    print("pages/s:")
    for label, seconds in results.items():
        print(f"  {label:<44} {len(urls) / seconds:7.1f}")
    fetch_ratio = results["trafilatura fetch_url (fetch only)"] / results["clean fetch_urls (fetch only)"]
    crawl_ratio = results["trafilatura fetch_url + extract"] / results["clean crawl (fetch + clean + write)"]
    print(f"clean/trafilatura speed: fetch only {fetch_ratio:.2f}x, fetch + extract {crawl_ratio:.2f}x")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
