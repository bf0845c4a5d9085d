"""Same output, byte for byte: record what `clean_page` returns, then check a change kept it.

A speed change must not change a single article. This records a SHA-256 of
`json.dumps(article.to_dict(), sort_keys=True)` (explain on) for every text dump in
`build/wcxb-text/{html-text,inscriptis}/` and for an evenly spaced sample of the raw
WCXB HTML pages (the HTML path puts its output through the text stages too), and
compares a later run with it, page by page. It also prints text mode's CPU time per
page, so the same run says whether the change was worth it.

    .venv/bin/python bench/identity.py record            # on the untouched code: the baseline
    .venv/bin/python bench/identity.py check             # after a change: 0 differences, or a list
    .venv/bin/python bench/identity.py check --text-only # skip the (slow) HTML sample
    .venv/bin/python bench/identity.py check --limit 300 # every 10th dump: a quick look

The baseline lives in `build/identity.json` (not committed: it depends on the shipped
models and rules, and is re-recorded from the branch point whenever those change).
One process, CPU time (`time.process_time`): the figures do not depend on other load.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import clean

ROOT = Path(__file__).resolve().parents[1]
DUMPS = ROOT / "build" / "wcxb-text"
CONVERTERS = ("html-text", "inscriptis")
HTML_PAGES = ROOT.parent / "shared" / "datasets" / "wcxb-dev" / "html"
BASELINE = ROOT / "build" / "identity.json"
HTML_SAMPLE = 100


def digest(article: clean.Article) -> str:
    return hashlib.sha256(json.dumps(article.to_dict(), sort_keys=True).encode("utf-8")).hexdigest()


def text_inputs(limit: int | None) -> Iterator[tuple[str, str]]:
    """(key, dump) for every dump of both converters; `limit` takes that many, evenly spaced."""
    paths = [p for c in CONVERTERS for p in sorted((DUMPS / c).glob("*.txt"))]
    if limit:
        paths = paths[:: max(1, len(paths) // limit)][:limit]
    for path in paths:
        yield f"text:{path.parent.name}/{path.stem}", path.read_text(encoding="utf-8")


def html_inputs() -> Iterator[tuple[str, str]]:
    paths = sorted(HTML_PAGES.glob("*.html.gz"))
    for path in paths[:: max(1, len(paths) // HTML_SAMPLE)][:HTML_SAMPLE]:
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        yield f"html:{path.name.removesuffix('.html.gz')}", html


def run(kind: str, inputs: Iterator[tuple[str, str]], out: dict[str, str]) -> tuple[int, float]:
    """Clean each input into `out` (key -> digest, or the error); (pages, CPU seconds)."""
    pages = 0
    cpu = 0.0
    for key, raw in inputs:
        start = time.process_time()
        try:
            out[key] = digest(clean.clean_page(raw, kind=kind, url=None, explain=True))  # type: ignore[arg-type]
        except clean.CleanError as error:
            out[key] = f"error:{type(error).__name__}"
        cpu += time.process_time() - start
        pages += 1
    return pages, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["record", "check"])
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--text-only", action="store_true", help="skip the HTML sample")
    parser.add_argument("--limit", type=int, help="this many text dumps, evenly spaced")
    args = parser.parse_args()
    if not (DUMPS / CONVERTERS[0]).is_dir():
        sys.exit("no text dumps: run bench/render_dumps.py first")
    clean.clean_page("Warm-up sentence for the models.", kind="text")
    now: dict[str, str] = {}
    pages, cpu = run("text", text_inputs(args.limit), now)
    print(f"text mode: {pages} pages, {1000 * cpu / pages:.2f} ms CPU/page, {pages / cpu:.1f} pages/s")
    if not args.text_only:
        pages, cpu = run("html", html_inputs(), now)
        print(f"HTML mode: {pages} pages, {1000 * cpu / pages:.2f} ms CPU/page, {pages / cpu:.1f} pages/s")
    record_or_check(args.mode, args.baseline, now)


def record_or_check(mode: str, baseline: Path, now: dict[str, str]) -> None:
    """`record`: write `now` as the baseline. `check`: compare with it and exit 1 when any
    page differs (the identity scripts all end so)."""
    if mode == "record":
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_text(json.dumps(now, indent=0, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(now)} pages in {baseline}")
        return
    before = json.loads(baseline.read_text(encoding="utf-8"))
    missing = [k for k in now if k not in before]
    differ = sorted(k for k in now if k in before and before[k] != now[k])
    print(f"compared {len(now) - len(missing)} pages with {baseline}: {len(differ)} differ")
    for key in differ[:50]:
        print(f"  differs: {key}")
    if missing:
        print(f"  {len(missing)} pages not in the baseline (first: {missing[0]})")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
