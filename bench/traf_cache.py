"""trafilatura's output on each WCXB page, computed once and kept under build/.

The HTML benchmark and the block-classifier training both need trafilatura's text and
metadata for every page; computing them costs more than cleaning, so they are cached
(one JSON file per page, keyed by file id and trafilatura's version) and repeated runs
only pay for `clean`. CPU seconds of the calls are cached too, for the speed ratio.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import trafilatura
from wcxb import ROOT, Page

CACHE = ROOT / "build" / "trafilatura" / trafilatura.__version__


def _quiet() -> None:
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def compute(page: Page, html: str) -> dict[str, Any]:
    """trafilatura 2.x default settings: `extract` for the text, `extract_metadata` for the fields."""
    _quiet()
    start = time.process_time()
    text = trafilatura.extract(html, url=page.url) or ""
    extract_s = time.process_time() - start
    meta = trafilatura.extract_metadata(html, default_url=page.url)
    return {
        "text": text,
        "cpu_s": extract_s,
        "title": meta.title if meta else None,
        "authors": [a for a in ((meta.author if meta else None) or "").split("; ") if a],
        "date": meta.date if meta else None,
    }


def trafilatura_output(page: Page, html: str | None = None, cache: Path = CACHE) -> dict[str, Any]:
    path = cache / f"{page.file_id}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    out = compute(page, html if html is not None else page.html())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(out), encoding="utf-8")
    tmp.replace(path)
    return out


if __name__ == "__main__":
    from concurrent.futures import ProcessPoolExecutor

    from wcxb import load_pages

    pages = list(load_pages())
    with ProcessPoolExecutor(2) as pool:
        for i, _ in enumerate(pool.map(trafilatura_output, pages, chunksize=8), 1):
            if i % 200 == 0:
                print(i, flush=True)
