"""Scale figures for batch runs, printed: what issue 4 asks `make bench` to show.

1. pages/s per core, text mode (html-text dumps) and HTML mode, with trafilatura on the
   same HTML in the same run, as a ratio (one process, CPU time of the calls alone);
2. `clean run` throughput (wall time) with 1 and 2 workers on the same pages, and the
   ratio: it can only reach 2x when two cores are free, so the load average is printed;
3. peak RSS of a one-worker `clean run` over N and 10 x N pages (a JSONL.gz container of
   dev pages repeated under new ids), for the run's process and its worker apart.

    .venv/bin/python bench/scale.py            # N = 2,000: ~15 min on one free core
    .venv/bin/python bench/scale.py --quick    # N = 200: about a minute

The dumps come from bench/render_dumps.py (build/wcxb-text/). Figures depend on the
machine and on what else runs on it: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import trafilatura
from wcxb import DUMPS, Page, load_pages

import clean
from clean.batch import BatchWriter, Source, run_batch
from clean.pipeline import Options


def per_second(fn: Callable[[str], object], inputs: Sequence[str]) -> float:
    """Pages per CPU second of this process: per core, and not skewed by other load."""
    start = time.process_time()
    for item in inputs:
        with contextlib.suppress(clean.CleanError):
            fn(item)
    return len(inputs) / (time.process_time() - start)


def speed_per_core(pages: list[Page]) -> None:
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    htmls = [p.html() for p in pages]
    dumps = [p.dump("html-text") for p in pages]
    clean.clean_page("Warm-up sentence for the models.")
    trafilatura.extract("<html><body><p>Warm up, a short page.</p></body></html>")
    text = per_second(lambda d: clean.clean_page(d, kind="text"), dumps)
    html = per_second(lambda h: clean.clean_page(h, kind="html"), htmls)
    traf = per_second(trafilatura.extract, htmls)
    print(f"per core (CPU time of the calls), {len(pages)} pages, one process:")
    print(f"  clean, text mode (html-text dumps): {text:7.1f} pages/s")
    print(f"  clean, HTML mode:                   {html:7.1f} pages/s  ({html / traf:.2f}x trafilatura)")
    print(f"  trafilatura on the same HTML:       {traf:7.1f} pages/s")


def write_pages(pages: list[Page], folder: Path) -> list[Source]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for page in pages:
        path = folder / f"{page.file_id}.html"
        path.write_text(page.html(), encoding="utf-8")
        sources.append(Source(id=page.file_id, source_path=str(path), path=str(path)))
    return sources


def workers_scaling(pages: list[Page], tmp: Path) -> None:
    sources = write_pages(pages, tmp / "pages")
    rates: dict[int, float] = {}
    per_cpu: dict[int, float] = {}
    for workers in (1, 2):
        out = tmp / f"out{workers}.jsonl"
        before = os.times()
        with BatchWriter(outdir=None, jsonl=out, errors_path=tmp / f"err{workers}.jsonl") as writer:
            summary = run_batch(sources, writer, options=Options(), workers=workers)
        after = os.times()
        fields = ("user", "system", "children_user", "children_system")
        cpu = sum(getattr(after, f) - getattr(before, f) for f in fields)
        rates[workers] = summary.pages_per_second
        per_cpu[workers] = len(sources) / cpu
    print(f"clean run, {len(pages)} HTML pages, JSONL out (reading, cleaning, writing):")
    print(f"  1 worker:  {rates[1]:7.1f} pages/s")
    print(f"  2 workers: {rates[2]:7.1f} pages/s  ({rates[2] / rates[1]:.2f}x; the target is >= 1.8x on 2 cores)")
    print(f"  cores on this machine: {os.cpu_count()}; load average now: {os.getloadavg()[0]:.1f}")
    print(
        f"  pages per CPU second (run + workers): {per_cpu[1]:.1f} with 1, {per_cpu[2]:.1f} with 2 "
        f"({per_cpu[2] / per_cpu[1]:.2f}: the share of the 1-worker efficiency kept; "
        "times the workers, it bounds the speed-up on free cores)"
    )


# The run's own peak is VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so it
# would report this (large) bench process, which forked the probe. The worker's peak is
# ru_maxrss of the children: forked without exec, its figure is its own.
_RSS_PROBE = """
import re, resource, sys
from pathlib import Path
from clean.cli import main
sys.argv = ["clean", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
hwm = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def build_container(dumps: list[str], n: int, path: Path) -> None:
    """n text records, the dev dumps repeated under new ids (each its own page to the run)."""
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"r{i}", "text": dumps[i % len(dumps)]}) + "\n")


def peak_rss(dumps: list[str], sizes: Sequence[int], tmp: Path) -> None:
    print("peak RSS of `clean run --workers 1`, text records from one .jsonl.gz (MB):")
    peaks = []
    for n in sizes:
        container = tmp / f"records{n}.jsonl.gz"
        build_container(dumps, n, container)
        start = time.perf_counter()
        command = ["run", str(container), "-o", str(tmp / f"rss{n}"), "--workers", "1", "--format", "jsonl"]
        proc = subprocess.run(
            [sys.executable, "-c", _RSS_PROBE, *command],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
        main_kb, worker_kb = map(int, proc.stdout.split()[-2:])
        peaks.append((main_kb, worker_kb))
        print(
            f"  {n:>6} pages: run process {main_kb / 1024:6.1f}, worker {worker_kb / 1024:6.1f}"
            f"  ({n / seconds:.1f} pages/s)"
        )
        container.unlink()
    (small_main, small_worker), (big_main, big_worker) = peaks[0], peaks[-1]
    print(
        f"  growth {sizes[0]} -> {sizes[-1]} pages: run process {100 * (big_main / small_main - 1):+.1f}%, "
        f"worker {100 * (big_worker / small_worker - 1):+.1f}% (target: within 10%)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 200 instead of 2,000; about a minute")
    parser.add_argument("--pages", type=int, default=400, help="dev pages for the speed figures")
    parser.add_argument("--only", choices=["speed", "workers", "rss"], help="one part of the report")
    args = parser.parse_args()
    if not (DUMPS / "html-text").is_dir():
        sys.exit("no text dumps: run bench/render_dumps.py first (make bench does)")
    everything = list(load_pages())
    n_speed = 100 if args.quick else args.pages
    step = max(1, len(everything) // n_speed)
    sample = everything[::step][:n_speed]  # evenly spaced: file ids cluster by page type
    n = 200 if args.quick else 2000
    print(f"clean {clean.__version__}, scale figures{' (quick)' if args.quick else ''}\n")
    if args.only in (None, "speed"):
        speed_per_core(sample)
        print()
    with tempfile.TemporaryDirectory(prefix="clean-scale-") as name:
        tmp = Path(name)
        if args.only in (None, "workers"):
            workers_scaling(sample, tmp)
            print()
        if args.only in (None, "rss"):
            peak_rss([p.dump("html-text") for p in everything], (n, 10 * n), tmp)


if __name__ == "__main__":
    main()
