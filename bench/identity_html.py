"""HTML mode, byte for byte: `identity.py`'s guard on a bigger sample of raw WCXB pages.

`identity.py` checks 100 HTML pages without their URL; a change to the HTML path alone
(parsing, DOM walk, block features, metadata) wants more pages, read as a crawl reads
them: the page's bytes (so charset decoding is in) and its URL (trafilatura and the
metadata use it). Each article is hashed as `identity.py` does (explain on).

    .venv/bin/python bench/identity_html.py record --baseline build/identity-html.json
    .venv/bin/python bench/identity_html.py check --baseline build/identity-html.json

One process, CPU time (`time.process_time`) of the `clean_page` calls alone.
"""

from __future__ import annotations

import argparse
import gzip
import time
from pathlib import Path

from identity import digest, record_or_check
from wcxb import DATASET, load_pages

import clean
from clean.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("--baseline", type=Path, default=ROOT / "build" / "identity-html.json")
    parser.add_argument("--pages", type=int, default=400, help="this many pages, evenly spaced")
    args = parser.parse_args()
    pages = list(load_pages())
    pages = pages[:: max(1, len(pages) // args.pages)][: args.pages]
    options = Options(kind="html", explain=True)
    clean.clean_page(b"<html><body><p>Warm-up sentence for the models.</p></body></html>", options=options)
    now: dict[str, str] = {}
    cpu = 0.0
    for page in pages:
        raw = gzip.decompress((DATASET / "html" / f"{page.file_id}.html.gz").read_bytes())
        start = time.process_time()
        try:
            now[page.file_id] = digest(clean.clean_page(raw, url=page.url, options=options))
        except clean.CleanError as error:
            now[page.file_id] = f"error:{type(error).__name__}"
        cpu += time.process_time() - start
    print(f"HTML mode: {len(pages)} pages, {1000 * cpu / len(pages):.2f} ms CPU/page, {len(pages) / cpu:.1f} pages/s")
    record_or_check(args.mode, args.baseline, now)


if __name__ == "__main__":
    main()
