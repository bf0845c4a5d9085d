"""Quality and speed of text mode on the WCXB dev pages, next to the baselines.

Text mode is the part of `clean` that has no DOM to lean on, so it is judged on what
real text dumps look like: every page rendered by two converters (see
`render_dumps.py`), since a method that only works on one converter's layout is
overfitted to that layout. For each page and each dump this runs

- ``raw``: the dump as is (the floor: what you get by doing nothing),
- ``c4``: the C4 line rule on the dump (the cheap heuristic we must beat),
- ``clean-text``: ``clean_page(dump, kind="text", url=page.url)``,

and, for reference, ``trafilatura-html``: trafilatura with default settings on the
page's HTML. It has the DOM, so it is the ceiling text mode is compared to, not a
baseline on the same input.

Figures are given for the tune split, the held-out split (by domain, see `wcxb.py`)
and all pages, so a gap between tune and holdout shows overfitting to the dev sites.
Per-page results go to ``build/bench/quality_text.jsonl`` so anyone can look up the
pages that score worst.

Speed is CPU time of the ``clean_page`` / ``trafilatura.extract`` calls alone (no file
reading, no scoring) measured inside each worker process: CPU time rather than wall
time so the per-core figure does not move when other jobs share the machine.

Run: ``python bench/quality_text.py [--limit N] [--split all|tune|holdout] [--workers N]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import signal
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import trafilatura
from wcxb import CONVERTERS, ROOT, Page, c4_lines, load_pages, word_f1

from clean import clean_page

OUT = ROOT / "build" / "bench" / "quality_text.jsonl"
PAGE_TYPES = ("article", "service", "product", "collection", "forum", "listing", "documentation")
METHODS = ("raw", "c4", "clean-text", "trafilatura-html")
META_FIELDS = ("title", "author", "published")
SPLITS = ("tune", "holdout", "all")
MEAN = "mean"  # the pseudo-converter: per-page mean over both converters
CALL_TIMEOUT_S = 60.0  # one pathological page must not stall the whole run

# Targets from the issue, for text mode (clean-text averaged over both converters).
TARGET_ARTICLE_F1 = 0.90
TARGET_OVERALL_F1 = 0.82
TARGET_HOLDOUT_GAP = 0.02
TARGET_PAGES_PER_S = 300.0

T = TypeVar("T")


class CallTimeout(Exception):
    """A single extraction call ran past `CALL_TIMEOUT_S`."""


@dataclass(frozen=True, slots=True)
class Call:
    """The outcome of one timed extraction call; `error` is set instead of raising."""

    value: Any
    cpu_s: float
    error: str | None


def _on_alarm(signum: int, frame: object) -> None:
    raise CallTimeout(f"over {CALL_TIMEOUT_S:.0f}s")


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Call:
    """Run one call, timing its CPU seconds; a crash or timeout is recorded, not raised.

    `src/` is being edited while the benchmark runs, so a page that trips a bug must cost
    that page a score of 0, not the whole run.
    """
    signal.setitimer(signal.ITIMER_REAL, CALL_TIMEOUT_S)
    start = time.process_time()
    try:
        value, error = fn(*args, **kwargs), None
    except Exception as exc:
        value = None
        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        if not isinstance(exc, CallTimeout):
            error += " @ " + traceback.extract_tb(exc.__traceback__)[-1].filename.split("/")[-1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return Call(value, time.process_time() - start, error)


# --- metadata matching --------------------------------------------------------------


def norm_title(value: str | None) -> str:
    """Case- and whitespace-insensitive form of a title."""
    return " ".join((value or "").split()).casefold()


_WORD = re.compile(r"\w+")


def norm_name(value: str | None) -> str:
    """Lower-case word tokens of a name, so "Jane Doe," and "jane  doe" compare equal."""
    return " ".join(_WORD.findall((value or "").casefold()))


def title_ok(found: str | None, truth: str) -> bool:
    return bool(found) and norm_title(found) == norm_title(truth)


def author_ok(found: Sequence[str], truth: str) -> bool:
    """True when any one found author is the ground-truth author string, normalized."""
    want = norm_name(truth)
    return any(norm_name(name) == want for name in found)


def date_ok(found: str | None, truth: str) -> bool:
    return bool(found) and (found or "")[:10] == truth[:10]


def meta_matches(page: Page, title: str | None, authors: Sequence[str], date: str | None) -> dict[str, bool | None]:
    """Per field: exact match, or None when the ground truth has no value (not scored)."""
    return {
        "title": title_ok(title, page.title) if page.title else None,
        "author": author_ok(authors, page.author) if page.author else None,
        "published": date_ok(date, page.published) if page.published else None,
    }


# --- the per-page work (runs in the worker processes) ---------------------------------


def _init_worker() -> None:
    # trafilatura logs every page it discards; that is a score of 0 here, not news.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    signal.signal(signal.SIGALRM, _on_alarm)
    # First calls pay for lazy imports and model loading; keep that out of the speed figure.
    # A crash here is left for the scored calls to record, page by page.
    with contextlib.suppress(Exception):
        clean_page("Warm up.\n\nA short page of text, two paragraphs long.", kind="text")
        trafilatura.extract("<html><body><p>Warm up, a short page.</p></body></html>")


def score_page(page: Page) -> list[dict[str, Any]]:
    """All methods on one page: one record per converter (trafilatura repeated in each)."""
    html = page.html()
    traf = timed(trafilatura.extract, html, url=page.url)
    traf_text = traf.value or ""
    meta = timed(trafilatura.extract_metadata, html, default_url=page.url)
    if meta.value is not None:
        traf_authors = [a for a in (meta.value.author or "").split("; ") if a]
        traf_meta = meta_matches(page, meta.value.title, traf_authors, meta.value.date)
    else:
        traf_meta = meta_matches(page, None, (), None)
    records = []
    for converter in CONVERTERS:
        dump = page.dump(converter)
        clean = timed(clean_page, dump, kind="text", url=page.url)
        if clean.value is not None:
            art = clean.value
            text, clean_meta = art.text, meta_matches(page, art.title, art.authors, art.published)
        else:
            text, clean_meta = "", meta_matches(page, None, (), None)
        records.append(
            {
                "file_id": page.file_id,
                "converter": converter,
                "page_type": page.page_type,
                "split": page.split,
                "domain": page.domain,
                "words": {"truth": len(page.main_content.split()), "dump": len(dump.split())},
                "f1": {
                    "raw": word_f1(dump, page.main_content),
                    "c4": word_f1(c4_lines(dump), page.main_content),
                    "clean-text": word_f1(text, page.main_content),
                    "trafilatura-html": word_f1(traf_text, page.main_content),
                },
                "meta": {"clean-text": clean_meta, "trafilatura-html": traf_meta},
                "cpu_s": {"clean-text": clean.cpu_s, "trafilatura-html": traf.cpu_s},
                "error": {"clean-text": clean.error, "trafilatura-html": traf.error or meta.error},
            }
        )
    return records


# --- aggregation and printing ---------------------------------------------------------


def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def fmt(value: float | None, width: int = 6) -> str:
    return f"{value:{width}.3f}" if value is not None else " " * (width - 1) + "-"


def in_split(record: dict[str, Any], split: str) -> bool:
    return split == "all" or record["split"] == split


def page_f1(records: list[dict[str, Any]], converter: str) -> dict[str, dict[str, Any]]:
    """file_id -> {page_type, f1 per method} for one converter, or the mean of both."""
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in records:
        if converter in (MEAN, rec["converter"]):
            by_page[rec["file_id"]].append(rec)
    return {
        fid: {
            "page_type": recs[0]["page_type"],
            "f1": {m: sum(r["f1"][m] for r in recs) / len(recs) for m in METHODS},
        }
        for fid, recs in by_page.items()
    }


def f1_table(records: list[dict[str, Any]], converter: str) -> dict[str, dict[str, float | None]]:
    """method -> column ("all" or a page type) -> mean F1 over pages."""
    pages = page_f1(records, converter)
    table: dict[str, dict[str, float | None]] = {}
    for method in METHODS:
        row = {"all": mean(p["f1"][method] for p in pages.values())}
        for ptype in PAGE_TYPES:
            row[ptype] = mean(p["f1"][method] for p in pages.values() if p["page_type"] == ptype)
        table[method] = row
    return table


def print_f1_table(records: list[dict[str, Any]], converter: str, split: str) -> None:
    pages = page_f1(records, converter)
    counts = {t: sum(p["page_type"] == t for p in pages.values()) for t in PAGE_TYPES}
    label = "mean of both converters" if converter == MEAN else f"converter {converter}"
    print(f"\nword F1 | split {split} ({len(pages)} pages) | {label}")
    head = f"{'method':<17}{'overall':>8}" + "".join(f"{t[:8]:>9}" for t in PAGE_TYPES)
    print(head)
    print(f"{'  (pages)':<17}{len(pages):>8}" + "".join(f"{counts[t]:>9}" for t in PAGE_TYPES))
    for method, row in f1_table(records, converter).items():
        cells = "".join(f"{fmt(row[t], 9)}" for t in PAGE_TYPES)
        print(f"{method:<17}{fmt(row['all'], 8)}{cells}")


def print_meta_table(records: list[dict[str, Any]], split: str) -> None:
    """Exact-match rates, each over the pages whose ground truth has that field."""
    print(f"\nmetadata exact match | split {split} | over pages with a ground-truth value")
    print(f"{'method':<30}" + "".join(f"{f:>18}" for f in META_FIELDS))
    rows: list[tuple[str, str, str]] = [("clean-text", c, f"clean-text [{c}]") for c in CONVERTERS]
    rows.append(("trafilatura-html", CONVERTERS[0], "trafilatura-html"))
    for method, converter, label in rows:
        cells = []
        for field in META_FIELDS:
            marks = [
                r["meta"][method][field]
                for r in records
                if r["converter"] == converter and r["meta"][method][field] is not None
            ]
            rate = sum(marks) / len(marks) if marks else None
            cells.append(f"{fmt(rate)} ({sum(marks)}/{len(marks)})")
        print(f"{label:<30}" + "".join(f"{c:>18}" for c in cells))


def pages_per_s(records: list[dict[str, Any]], method: str, converter: str) -> float | None:
    cpu = [r["cpu_s"][method] for r in records if r["converter"] == converter]
    total = sum(cpu)
    return len(cpu) / total if total > 0 else None


def mark(ok: bool) -> str:
    return "ok" if ok else "MISS"


def print_targets(records: list[dict[str, Any]], splits: Sequence[str]) -> None:
    """The issue's targets for text mode, next to where clean-text stands now."""
    print("\ntargets (clean-text, mean of both converters)")
    # a target met on all pages but not on the held-out ones is not met on pages nobody saw
    for split in [s for s in ("holdout", "all") if s in splits] or [splits[0]]:
        subset = records if split == "all" else [r for r in records if r["split"] == split]
        table = f1_table(subset, MEAN)["clean-text"]
        for name, value, target in (
            ("article F1", table["article"], TARGET_ARTICLE_F1),
            ("overall F1", table["all"], TARGET_OVERALL_F1),
        ):
            if value is not None:
                verdict = mark(value >= target)
                print(f"  {name}  {value:.3f}  target >= {target:.2f}  {verdict}  [split {split}]")
    if "tune" in splits and "holdout" in splits:
        tune = f1_table([r for r in records if r["split"] == "tune"], MEAN)["clean-text"]["all"]
        hold = f1_table([r for r in records if r["split"] == "holdout"], MEAN)["clean-text"]["all"]
        if tune is not None and hold is not None:
            gap = hold - tune
            print(
                f"  holdout gap {gap:+.3f}  (tune {tune:.3f}, holdout {hold:.3f})  "
                f"target within ±{TARGET_HOLDOUT_GAP:.2f}  {mark(abs(gap) <= TARGET_HOLDOUT_GAP)}"
            )
        # trafilatura learned from neither split: its own gap is how much harder the
        # held-out sites are, the part of ours that is not memory of the tune sites
        traf = {
            split: f1_table([r for r in records if r["split"] == split], MEAN)["trafilatura-html"]["all"]
            for split in ("tune", "holdout")
        }
        if traf["tune"] is not None and traf["holdout"] is not None:
            print(f"  for scale, trafilatura-html (trained on neither): {traf['holdout'] - traf['tune']:+.3f}")


def print_speed(records: list[dict[str, Any]]) -> None:
    traf = pages_per_s(records, "trafilatura-html", CONVERTERS[0])
    parts = []
    worst: float | None = None
    for converter in CONVERTERS:
        rate = pages_per_s(records, "clean-text", converter)
        worst = rate if worst is None or (rate is not None and rate < worst) else worst
        ratio = f" ({rate / traf:.1f}x trafilatura)" if rate and traf else ""
        parts.append(f"{converter} {rate:.0f}{ratio}" if rate else f"{converter} -")
    print("\nspeed, pages/s per core (CPU time of the extraction calls only)")
    print(f"  clean-text: {'; '.join(parts)}")
    print(f"  trafilatura-html: {traf:.0f}" if traf else "  trafilatura-html: -")
    if worst is not None:
        print(f"  target >= {TARGET_PAGES_PER_S:.0f} pages/s  {mark(worst >= TARGET_PAGES_PER_S)}")
    slow = sorted(records, key=lambda r: -r["cpu_s"]["clean-text"])[:5]
    print(
        "  slowest clean-text pages: "
        + ", ".join(f"{r['file_id']}/{r['converter']} {r['cpu_s']['clean-text'] * 1000:.0f}ms" for r in slow)
    )


def print_worst(records: list[dict[str, Any]], n: int = 15) -> None:
    """The pages to look at first: lowest clean-text F1 where there was something to find.

    Pages whose raw dump scores 0 are set aside (they stay in every average): the truth
    is empty (21 pages), so any output scores 0, or the dump lacks the article (a page
    rendered by script), so no text-mode method can recover it. Left in, they fill the
    list and hide the pages a better model could fix.
    """
    usable = [r for r in records if r["f1"]["raw"] > 0]
    print(f"\n{n} worst clean-text pages ({len(records) - len(usable)} page dumps with raw F1 = 0 set aside)")
    print(f"{'file_id':<9}{'converter':<12}{'type':<15}{'split':<9}{'clean':>7}{'c4':>7}{'raw':>7}")
    worst = sorted(usable, key=lambda r: (r["f1"]["clean-text"], r["file_id"], r["converter"]))[:n]
    for r in worst:
        f1 = r["f1"]
        print(
            f"{r['file_id']:<9}{r['converter']:<12}{r['page_type']:<15}{r['split']:<9}"
            f"{f1['clean-text']:>7.3f}{f1['c4']:>7.3f}{f1['raw']:>7.3f}"
        )


def print_errors(records: list[dict[str, Any]]) -> None:
    for method in ("clean-text", "trafilatura-html"):
        errs = [r for r in records if r["error"][method]]
        if errs:
            print(f"\n{len(errs)} {method} calls failed (scored 0); first ones:")
            for r in errs[:5]:
                print(f"  {r['file_id']}/{r['converter']}: {r['error'][method]}")


# --- driver -----------------------------------------------------------------------------


def select(pages: list[Page], split: str, limit: int | None) -> list[Page]:
    """Pages of the split; with a limit, evenly spaced ones, since ids cluster by type."""
    chosen = [p for p in pages if split == "all" or p.split == split]
    if limit is not None and limit < len(chosen):
        chosen = [chosen[i * len(chosen) // limit] for i in range(limit)]
    return chosen


def run(pages: list[Page], workers: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    start = time.monotonic()
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        for done, recs in enumerate(pool.map(score_page, pages, chunksize=2), start=1):
            records.extend(recs)
            if done % 100 == 0 or done == len(pages):
                elapsed = time.monotonic() - start
                print(f"  {done}/{len(pages)} pages, {elapsed:.0f}s", file=sys.stderr, flush=True)
    return records


def write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, sort_keys=True) + "\n")
    os.replace(tmp, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="score only N pages (evenly spaced)")
    parser.add_argument("--split", choices=("all", "tune", "holdout"), default="all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT, help="per-page results (JSON lines)")
    args = parser.parse_args()

    wall = time.monotonic()
    pages = select(list(load_pages()), args.split, args.limit)
    print(
        f"scoring {len(pages)} pages x {len(CONVERTERS)} converters with {args.workers} workers",
        file=sys.stderr,
    )
    records = run(pages, args.workers)
    write_jsonl(records, args.out)

    splits = SPLITS if args.split == "all" else (args.split,)
    for split in splits:
        subset = [r for r in records if in_split(r, split)]
        if not subset:
            continue
        print(f"\n=================== split: {split} ===================")
        for converter in (*CONVERTERS, MEAN):
            print_f1_table(subset, converter, split)
        print_meta_table(subset, split)
    print_targets(records, splits)
    print_speed(records)
    print_worst(records)
    print_errors(records)
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"\nper-page results: {shown}")
    print(f"took {time.monotonic() - wall:.0f}s wall with {args.workers} workers")


if __name__ == "__main__":
    main()
