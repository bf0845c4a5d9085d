"""The examples in examples/ run as documented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from localsite import ARTICLE_TEXT, serve

ROOT = Path(__file__).resolve().parent.parent


def test_own_crawl_loop() -> None:
    with serve() as base:
        run = subprocess.run(
            [
                sys.executable,
                str(ROOT / "examples" / "own_crawl_loop.py"),
                *(f"{base}/{page}" for page in ("harbour.html", "muenchen.html", "missing.html")),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 2  # one page failed; the others were written
    articles = [json.loads(line) for line in run.stdout.splitlines()]
    assert [a["title"] for a in articles] == ["Harbour wall to be rebuilt", "Café in München öffnet wieder"]
    assert articles[0]["text"].split("\n\n") == list(ARTICLE_TEXT)
    errors = [json.loads(line) for line in run.stderr.splitlines()]
    assert [(e["url"].removeprefix(base), e["reason"]) for e in errors] == [("/missing.html", "fetch")]
