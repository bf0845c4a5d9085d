"""`clean fetch` on the command line: inputs, exit codes, summary, WARC option."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result
from warcio.archiveiterator import ArchiveIterator

from clean.crawl import url_id
from conftest import HTML_PAGE
from httpserver import Reply, Site, site

__all__ = ["site"]

Cli = Callable[..., Result]
FAST = ("--delay", "0", "--timeout", "3", "--retries", "0", "--allow-private")


def test_all_fetched_exits_0(cli: Cli, site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    out = tmp_path / "out"
    result = cli("fetch", site.url("/a"), "-o", str(out), *FAST)
    assert result.exit_code == 0, result.output
    assert "1 urls, 1 fetched, 1 cleaned, 0 failed" in result.stderr
    article = json.loads((out / f"{url_id(site.url('/a'))}.json").read_text(encoding="utf-8"))
    assert article["url"] == site.url("/a")
    assert not (out / "errors.jsonl").exists()


def test_some_failed_exits_2_with_error_lines(cli: Cli, site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# list\n{site.url('/a')}\n{site.url('/nope')}\nmailto:x@y.org\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("fetch", "--urls", str(url_file), "-o", str(out), *FAST)
    assert result.exit_code == 2
    assert "3 urls, 1 fetched, 1 cleaned, 2 failed" in result.stderr
    reasons = [json.loads(line)["reason"] for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reasons == ["http-404", "unsupported-scheme"]


def test_urls_from_stdin_and_warc(cli: Cli, site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    warc = tmp_path / "run.warc.gz"
    result = cli("fetch", "--urls", "-", "-o", str(tmp_path / "out"), "--warc", str(warc), *FAST, input=site.url("/a"))
    assert result.exit_code == 0, result.output
    with warc.open("rb") as stream:
        bodies = [r.content_stream().read() for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert bodies == [HTML_PAGE.encode()]


def test_user_agent_option_is_sent(cli: Cli, site: Site, tmp_path: Path) -> None:
    site.routes["/a"] = Reply(200, HTML_PAGE.encode())
    agent = "clean/0.1.0 (+mailto:crawl@example.org)"
    assert cli("fetch", site.url("/a"), "-o", str(tmp_path), "--user-agent", agent, *FAST).exit_code == 0
    assert {hit.headers["User-Agent"] for hit in site.wait_for("/a")} == {agent}


def test_usage_errors_exit_1(cli: Cli, tmp_path: Path) -> None:
    assert cli("fetch", "http://127.0.0.1:9/").exit_code == 1  # no -o
    assert cli("fetch", "-o", str(tmp_path)).exit_code == 1  # no URLs
    assert cli("fetch", "--urls", str(tmp_path / "missing.txt"), "-o", str(tmp_path)).exit_code == 1
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert cli("fetch", "--urls", str(empty), "-o", str(tmp_path)).exit_code == 1
    assert cli("fetch", "http://127.0.0.1:9/", "-o", str(tmp_path), "--concurrency", "0").exit_code == 1
    bad_agent = cli("fetch", "http://127.0.0.1:9/", "-o", str(tmp_path), "--user-agent", "bot\nX-Evil: 1")
    assert bad_agent.exit_code == 1
    assert "user agent" in bad_agent.stderr
