"""clean_page is safe to call from many threads at once: same results as one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from clean import Options, clean_page, parse_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = parse_rules('bylines = ["EBR"]\n\n[[lines]]\nrule = "house"\nphrases = ["READ ALSO"]\n')


def _inputs() -> list[tuple[bytes, str]]:
    pages = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").glob("*/input.*"))
    return [(p.read_bytes(), f"https://site{i % 3}.example/{p.stem}") for i, p in enumerate(pages)]


def _clean(page: tuple[bytes, str], options: Options) -> object:
    raw, url = page
    try:
        return clean_page(raw, url=url, options=options).to_dict()
    except Exception as exc:  # an error is an outcome too: it must be the same in threads
        return (type(exc).__name__, str(exc))


@pytest.mark.slow
@pytest.mark.parametrize("options", [Options(explain=True), Options(explain=True, rules=RULES)], ids=["plain", "rules"])
def test_many_threads_give_the_single_threaded_results(options: Options) -> None:
    pages = _inputs()
    alone = [_clean(p, options) for p in pages]
    work = pages * 3  # each page several times, interleaved across threads
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda p: _clean(p, options), work))
    assert together == alone * 3
