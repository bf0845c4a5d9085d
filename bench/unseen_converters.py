"""Text mode on dumps laid out in ways the line model never saw.

The line model learned from two converters' dumps (html-text, inscriptis). Pages
nobody here has seen will come from other tools, so this scores `clean_page(...,
kind="text")` on the WCXB dev pages rendered by three converters it never learned from
(`render_dumps.py` writes them): ``html2text`` (Markdown), ``html2text-78`` (the same,
hard-wrapped at 78 columns, html2text's default) and ``bs4`` (BeautifulSoup's
`get_text("\\n")`: every text node on its own line, no blank lines). Next to it, on
the same dumps, the C4 line rule and the raw dump, per split, overall and articles.

A figure well below the two known converters' says the model leans on a layout, not
on what lines say; below C4 says it does worse than a one-line heuristic.

Run: ``python bench/unseen_converters.py [--limit N] [--workers N]`` (after
``python bench/render_dumps.py``). Per-page results: ``build/bench/unseen_converters.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from quality_text import META_FIELDS, _init_worker, meta_matches, select, timed
from render_dumps import UNSEEN
from wcxb import ROOT, Page, c4_lines, load_pages, word_f1

from clean import clean_page

OUT = ROOT / "build" / "bench" / "unseen_converters.jsonl"
METHODS = ("clean-text", "c4", "raw")


def score_page(page: Page) -> list[dict[str, Any]]:
    records = []
    for converter in UNSEEN:
        dump = page.dump(converter)
        clean = timed(clean_page, dump, kind="text", url=page.url)
        art = clean.value
        text = art.text if art is not None else ""
        meta = meta_matches(page, art.title, art.authors, art.published) if art else meta_matches(page, None, (), None)
        records.append(
            {
                "file_id": page.file_id,
                "converter": converter,
                "page_type": page.page_type,
                "split": page.split,
                "f1": {
                    "clean-text": word_f1(text, page.main_content),
                    "c4": word_f1(c4_lines(dump), page.main_content),
                    "raw": word_f1(dump, page.main_content),
                },
                "meta": meta,
                "cpu_s": clean.cpu_s,
                "error": clean.error,
            }
        )
    return records


def _mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "    -"


def report(records: list[dict[str, Any]]) -> None:
    print("\nword F1 on converters the line model never saw | overall / articles")
    print(f"{'converter':<14}{'split':<9}{'pages':>6}" + "".join(f"{m:>16}" for m in METHODS) + f"{'pages/s':>9}")
    for converter in UNSEEN:
        for split in ("tune", "holdout", "all"):
            rows = [r for r in records if r["converter"] == converter and split in ("all", r["split"])]
            if not rows:
                continue
            articles = [r for r in rows if r["page_type"] == "article"]
            pair = {
                m: _mean([r["f1"][m] for r in rows]) + " / " + _mean([r["f1"][m] for r in articles]) for m in METHODS
            }
            cells = "".join(f"{pair[m]:>16}" for m in METHODS)
            cpu = sum(r["cpu_s"] for r in rows)
            print(f"{converter:<14}{split:<9}{len(rows):>6}{cells}{len(rows) / cpu if cpu else 0:>9.0f}")
    print("\nmetadata exact match, all pages, over pages with a ground-truth value")
    print(f"{'converter':<14}" + "".join(f"{f:>12}" for f in META_FIELDS))
    for converter in UNSEEN:
        cells = []
        for field in META_FIELDS:
            marks = [r["meta"][field] for r in records if r["converter"] == converter and r["meta"][field] is not None]
            cells.append(f"{sum(marks) / len(marks):.3f}" if marks else "-")
        print(f"{converter:<14}" + "".join(f"{c:>12}" for c in cells))
    errors = [r for r in records if r["error"]]
    if errors:
        print(
            f"\n{len(errors)} clean-text calls failed (scored 0); first: {errors[0]['file_id']}: {errors[0]['error']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="score only N pages (evenly spaced)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    pages = select(list(load_pages()), "all", args.limit)
    start = time.monotonic()
    with ProcessPoolExecutor(args.workers, initializer=_init_worker) as pool:
        records = [r for recs in pool.map(score_page, pages, chunksize=4) for r in recs]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, sort_keys=True) + "\n")
    report(records)
    print(f"\nper-page results: {OUT.relative_to(ROOT)}; took {time.monotonic() - start:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
