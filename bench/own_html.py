"""HTML mode's own CPU cost: `clean_page` on raw WCXB pages without trafilatura's share.

HTML mode asks trafilatura for its extraction of the page (`html_extract.reference_text`)
as the block model's second opinion; everything else (decoding, parsing, the DOM walk,
block features, the block model, metadata, the text stages) is ours, and is what speed
work on HTML mode can change. This computes every page's trafilatura text once, then
times `clean_page` with `reference_text` answering from that store, so the figure is
our part alone; trafilatura's own CPU time per page is printed beside it.

    .venv/bin/python bench/own_html.py                      # 200 pages, 3 timed rounds
    .venv/bin/python bench/own_html.py --profile build/own-html.prof   # and a cProfile of one round

Pages are read as `identity_html.py` reads them (bytes, with their URL), evenly spaced
over the dev set. One process, CPU time (`time.process_time`): run it with
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 on a shared machine.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gzip
import statistics
import time
from pathlib import Path

from wcxb import DATASET, load_pages

import clean
from clean import html_extract
from clean.pipeline import Options


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200, help="this many pages, evenly spaced")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds over the pages")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one more round here")
    args = parser.parse_args()
    pages = list(load_pages())
    pages = pages[:: max(1, len(pages) // args.pages)][: args.pages]
    raws = [
        (p.file_id, p.url, gzip.decompress((DATASET / "html" / f"{p.file_id}.html.gz").read_bytes())) for p in pages
    ]
    options = Options(kind="html", explain=True)

    real = html_extract.reference_text
    store: dict[str, str] = {}
    traf_cpu: list[float] = []
    current = [""]  # the page being cleaned, for the stand-in below

    def recording(html: str, url: str | None) -> str:
        start = time.process_time()
        store[current[0]] = text = real(html, url)
        traf_cpu.append(time.process_time() - start)
        return text

    def stored(html: str, url: str | None) -> str:
        return store[current[0]]

    def one_round() -> list[float]:
        cpu = []
        for file_id, url, raw in raws:
            current[0] = file_id
            start = time.process_time()
            with contextlib.suppress(clean.CleanError):
                clean.clean_page(raw, url=url, options=options)
            cpu.append(time.process_time() - start)
        return cpu

    html_extract.reference_text = recording
    one_round()  # warm-up, and every page's trafilatura text
    print(
        f"trafilatura.extract: {1000 * statistics.mean(traf_cpu):.2f} ms/page mean, "
        f"{1000 * statistics.median(traf_cpu):.2f} median"
    )
    html_extract.reference_text = stored
    for r in range(args.rounds):
        cpu = one_round()
        print(
            f"round {r + 1}: own part {1000 * statistics.mean(cpu):.2f} ms/page mean, "
            f"{1000 * statistics.median(cpu):.2f} median ({len(raws)} pages)"
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        one_round()
        profile.disable()
        profile.dump_stats(args.profile)
        print(f"profile of one round in {args.profile}")


if __name__ == "__main__":
    main()
