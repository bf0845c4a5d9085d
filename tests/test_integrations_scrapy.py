"""The Scrapy item pipeline: unit tests on items, and a real crawl of a loopback site."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Headers
from scrapy.settings import Settings

from clean import Options
from clean.integrations.scrapy import CleanPipeline, PipelineSettings, plain_headers
from localsite import ARTICLE_TEXT, PAGES, serve

ROOT = Path(__file__).resolve().parent.parent


def _pipeline(**settings: Any) -> CleanPipeline:
    return CleanPipeline(PipelineSettings.from_settings(Settings(settings)))


def _item(path: str) -> dict[str, Any]:
    body, content_type = PAGES[path]
    return {"url": f"https://gazette.example{path}", "body": body, "headers": Headers({"Content-Type": content_type})}


def test_adds_article_fields_and_decodes_by_header() -> None:
    item = _pipeline().process_item(_item("/muenchen.html"))
    assert item["title"] == "Café in München öffnet wieder"
    assert "Marienplatz in München" in item["text"]
    assert item["language"] == "de" and item["kind"] == "html" and "removed" not in item
    assert item["url"] == "https://gazette.example/muenchen.html"
    assert item["headers"] == {"Content-Type": "text/html; charset=windows-1252"}


def test_settings_explain_keep_body_and_drop_empty() -> None:
    pipeline = _pipeline(CLEAN_EXPLAIN=True, CLEAN_KEEP_BODY=False, CLEAN_DROP_EMPTY=True)
    item = pipeline.process_item(_item("/harbour.html"))
    assert "body" not in item and item["removed"]
    assert item["text"].split("\n\n") == list(ARTICLE_TEXT)
    with pytest.raises(DropItem, match="no article"):
        pipeline.process_item(_item("/empty.html"))
    assert _pipeline().process_item(_item("/empty.html"))["text"] == ""


def test_items_without_a_body_pass_through() -> None:
    assert _pipeline().process_item({"name": "not a page"}) == {"name": "not a page"}


def test_a_page_that_fails_is_marked_or_dropped() -> None:
    big = PipelineSettings(options=Options(max_bytes=10))
    marked = CleanPipeline(big).process_item({"url": "u", "body": b"x" * 200})
    assert marked["clean_error"]["reason"] == "too-large"
    dropping = CleanPipeline(PipelineSettings(options=big.options, drop_errors=True))
    with pytest.raises(DropItem, match="too-large"):
        dropping.process_item({"url": "u", "body": b"x" * 200})


def test_bad_settings_stop_the_crawl_at_start(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        _pipeline(CLEAN_MODE="pdf")
    bad = tmp_path / "rules.toml"
    bad.write_text("[[lines]]\nrule = 'x'\n", encoding="utf-8")
    from clean import RulesError

    with pytest.raises(RulesError, match=r"rules\.toml"):
        _pipeline(CLEAN_RULES=str(bad))


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (Headers({"Content-Type": "text/html; charset=latin-1"}), {"Content-Type": "text/html; charset=latin-1"}),
        ({b"X": [b"a", b"b"]}, {"X": "a"}),
        ({"X": "y"}, {"X": "y"}),
        (None, None),
        ("text/html", None),
    ],
)
def test_plain_headers(headers: Any, expected: dict[str, str] | None) -> None:
    assert plain_headers(headers) == expected


@pytest.mark.slow
def test_real_crawl_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    with serve() as base:
        run = subprocess.run(
            [
                *(sys.executable, "-m", "scrapy", "runspider", str(ROOT / "examples" / "scrapy_spider.py")),
                *("-a", f"start={base}/harbour.html", "-O", str(out)),
                *("-s", "LOG_LEVEL=INFO", "-s", "TELNETCONSOLE_ENABLED=False"),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    items = {i["url"].removeprefix(base): i for i in map(json.loads, out.read_text("utf-8").splitlines())}
    assert "/empty.html" not in items  # no article: dropped by CLEAN_DROP_EMPTY
    assert "Dropped: clean: no article" in run.stderr
    harbour = items["/harbour.html"]
    assert harbour["text"].split("\n\n") == list(ARTICLE_TEXT)
    assert harbour["title"] == "Harbour wall to be rebuilt"
    assert "body" not in harbour and {r["rule"] for r in harbour["removed"]} >= {"title"}
    assert items["/muenchen.html"]["title"] == "Café in München öffnet wieder"
    assert items["/muenchen.html"]["language"] == "de"
