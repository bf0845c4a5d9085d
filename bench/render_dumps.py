"""Render the WCXB dev pages to plain text with two HTML-to-text converters.

Text mode is judged on what real text dumps look like, and converters differ in
how they lay out blocks, so we keep one dump per converter:

- ``html-text`` with layout guessing (newlines between block elements),
- ``inscriptis`` (CSS-aware layout, tables rendered as aligned text).

Two more are rendered for `unseen_converters.py` only; the line model never learns
from them, so they say how text mode fares on dumps laid out in a way it never saw:

- ``html2text``: Markdown (links, headings, emphasis), as LLM pipelines and crawler
  "reader" services write pages; ``html2text-78`` the same hard-wrapped at 78 columns,
  html2text's default (as `lynx -dump` and `fmt` wrap text),
- ``bs4``: BeautifulSoup's `get_text("\\n", strip=True)` after dropping scripts and
  styles, the scraper's one-liner: every text node on its own line, no blank lines.

Dumps are cached under ``build/wcxb-text/<converter>/NNNN.txt``; they are
derived data and never committed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DATASET = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "wcxb-dev"
OUT = Path(__file__).resolve().parents[1] / "build" / "wcxb-text"
CONVERTERS = ("html-text", "inscriptis")
UNSEEN = ("html2text", "html2text-78", "bs4")


def render(converter: str, html: str) -> str:
    if converter == "html-text":
        import html_text

        return str(html_text.extract_text(html, guess_layout=True))
    if converter == "inscriptis":
        from inscriptis import get_text

        return str(get_text(html))
    if converter in ("html2text", "html2text-78"):
        import html2text

        maker = html2text.HTML2Text()
        # html2text-78 keeps the default hard wrapping; html2text has none: one
        # paragraph a line, as the page has it
        maker.body_width = 78 if converter == "html2text-78" else 0
        maker.ignore_images = False
        return str(maker.handle(html))
    if converter == "bs4":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(html, "lxml")
        for element in soup(["script", "style", "template"]):  # <noscript> is text: forums serve posts there
            element.decompose()
        return str(soup.get_text("\n", strip=True))
    raise ValueError(converter)


def _one(args: tuple[str, Path, Path]) -> str:
    converter, src, dst = args
    if dst.exists():
        return dst.name
    html = gzip.decompress(src.read_bytes()).decode("utf-8", errors="replace")
    try:
        text = render(converter, html)
    except Exception as exc:  # a converter failing on a page is a fact to record, not a crash
        text = ""
        print(f"{converter} failed on {src.name}: {exc}", file=sys.stderr)
    tmp = dst.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, dst)
    return dst.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jobs = []
    for converter in (*CONVERTERS, *UNSEEN):
        folder = args.out / converter
        folder.mkdir(parents=True, exist_ok=True)
        for src in sorted((args.dataset / "html").glob("*.html.gz")):
            jobs.append((converter, src, folder / (src.name.split(".")[0] + ".txt")))
    with ProcessPoolExecutor(args.workers) as pool:
        for _ in pool.map(_one, jobs, chunksize=8):
            pass
    print(f"rendered {len(jobs)} dumps into {args.out}")


if __name__ == "__main__":
    main()
