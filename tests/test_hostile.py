"""A corpus of hostile pages: each one gives an Article or a CleanError, never a crash, a
hang, a fetched entity or a file outside the output folder.

The pages are built here rather than checked in: several are megabytes of one byte.
Container-level hostility (truncated gzip and WARC, invalid JSONL lines, symlink loops,
ids like ../../etc/passwd) is in test_readers.py and test_batch_scale.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clean import Article, CleanError, clean_page
from clean.cli import app

LOL = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>'
    b"<html><body><p>&lol5;</p></body></html>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    b'<!ENTITY net SYSTEM "http://127.0.0.1:9/secret">]><html><body><p>Text &xxe; and &net;</p></body></html>'
)
PROSE = "The council voted on Tuesday to approve a new footbridge over the river. "

HOSTILE: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "binary": lambda: bytes(range(256)) * 64,
    "nul-bytes": lambda: (PROSE.replace(" ", "\x00 ") * 20).encode(),
    "utf16-without-bom": lambda: (PROSE * 30).encode("utf-16-le"),
    "utf16-be-without-bom": lambda: (PROSE * 30).encode("utf-16-be"),
    "invalid-surrogates": lambda: (PROSE + "\ud800 \udfff " + PROSE).encode("utf-8", "surrogatepass"),
    "nested-100k": lambda: b"<div>" * 100_000 + PROSE.encode() + b"</div>" * 100_000,
    "unclosed-100k": lambda: b"<html><body>" + b"<p><b><i>" * 33_000 + PROSE.encode(),
    "entity-bomb": lambda: LOL,
    "external-entities": lambda: XXE,
    "gigantic-attribute": lambda: b'<html><body><p title="' + b"a" * 2_000_000 + b'">' + PROSE.encode() + b"</p>",
    "html-comment-unclosed": lambda: b"<html><body><!-- " + PROSE.encode() * 10_000,
    "script-only": lambda: b"<script>" + b"var x = '<p>';" * 50_000 + b"</script>",
    "control-chars": lambda: bytes(range(32)) * 500 + PROSE.encode(),
    "long-word": lambda: b"x" * 1_000_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("kind", ["auto", "html", "text"])
def test_hostile_page_gives_an_article_or_a_clean_error(name: str, kind: str) -> None:
    raw = HOSTILE[name]()
    try:
        article = clean_page(raw, kind=kind, timeout=20)  # type: ignore[arg-type]
    except CleanError as exc:
        assert exc.reason in {"undecodable", "too-large", "timeout"}
        return
    assert isinstance(article, Article)
    assert "\x00" not in article.text
    assert "root:" not in article.text  # /etc/passwd never read
    assert "lollollol" not in article.text  # entities never expanded


def test_nul_bytes_do_not_become_replacement_characters_in_html() -> None:
    page = b"<p>" + PROSE.replace(" ", " \x00").encode() + b"</p>"
    assert clean_page(page, kind="html").text == clean_page(page.replace(b"\x00", b""), kind="html").text


@pytest.mark.slow
def test_a_20_mb_single_line_ends_within_its_budget() -> None:
    raw = b"word " * 4_000_000
    with pytest.raises(CleanError) as caught:
        clean_page(raw, kind="text", timeout=0.5)
    assert caught.value.reason == "timeout"
    article = clean_page(raw, kind="html", timeout=30)  # one text node: no article, quickly
    assert isinstance(article, Article)


def test_hostile_corpus_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page is accounted for: an output file or an error line, and the batch finishes."""
    monkeypatch.chdir(tmp_path)
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, make in HOSTILE.items():
        (pages / f"{name}.html").write_bytes(make())
    (pages / "zero-bytes.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["run", "pages", "-o", "out", "--workers", "2"], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.output
    out = tmp_path / "out"
    written = {p.stem for p in out.glob("*.json") if p.name != "run.json"}
    errors_file = out / "errors.jsonl"
    lines = errors_file.read_text().splitlines() if errors_file.exists() else []
    failed = {json.loads(line)["id"] for line in lines}
    assert written | failed == {*HOSTILE, "zero-bytes"}
    assert not written & failed
