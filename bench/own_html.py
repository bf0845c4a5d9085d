"""HTML mode's CPU cost per stage of speed work: `clean_page` on raw WCXB pages.

Decoding, parsing, the DOM walk, block features, the block model, metadata and the text
stages are all ours (HTML mode does not call trafilatura), and this times them in one
process over a fixed sample, round after round, for before/after comparisons of speed
work; trafilatura's own CPU time on the same pages is printed beside it for scale.

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

import trafilatura
from wcxb import DATASET, load_pages

import clean
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

    traf_cpu: list[float] = []
    for _, url, raw in raws[:5] + raws:  # the first five again: a warm-up
        html = raw.decode("utf-8", errors="replace")
        start = time.process_time()
        with contextlib.suppress(Exception):  # a third-party parser on hostile input
            trafilatura.extract(html, url=url)
        traf_cpu.append(time.process_time() - start)

    def one_round() -> list[float]:
        cpu = []
        for _, url, raw in raws:
            start = time.process_time()
            with contextlib.suppress(clean.CleanError):
                clean.clean_page(raw, url=url, options=options)
            cpu.append(time.process_time() - start)
        return cpu

    traf_cpu = traf_cpu[5:]
    one_round()  # warm-up
    print(
        f"trafilatura.extract: {1000 * statistics.mean(traf_cpu):.2f} ms/page mean, "
        f"{1000 * statistics.median(traf_cpu):.2f} median"
    )
    for r in range(args.rounds):
        cpu = one_round()
        print(
            f"round {r + 1}: clean HTML mode {1000 * statistics.mean(cpu):.2f} ms/page mean, "
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
