"""The review report: reading a run's output, the figures, escaping, and the page in a real browser."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from clean.cli import app
from clean.report import PAGE_SIZE, build_report, collect, embed_json, render_html, write_report

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "build" / "test-artifacts"

HOSTILE = {
    "id": "hostile",
    "url": "https://evil.example/</script><script>window.__pwned=1</script>",
    "source_path": None,
    "kind": "text",
    "title": "</script><script>window.__pwned=2</script>",
    "authors": ['<img src=x onerror="window.__pwned=3">'],
    "published": None,
    "publisher": None,
    "original_source": None,
    "language": "en",
    "text": "First <b>bold</b> paragraph &amp; more.\n\n<script>window.__pwned=4</script>\u2028end",
    "word_count": 9,
    "clean_version": "0.1.0",
    "removed": [
        {"rule": "<i>menu</i>", "text": '<img src=x onerror="window.__pwned=5">', "at": 1},
        {"rule": "share", "text": "Share on X", "at": 0},
    ],
    "meta_sources": {"title": "h1", "authors": "byline"},
}


def _article(page_id: str, text: str, removed: list[tuple[str, str, int]] | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": page_id, "title": None, "language": "de", "text": text, "url": None, **extra}
    if removed is not None:
        out["removed"] = [{"rule": r, "text": t, "at": a} for r, t, a in removed]
    return out


def test_collect_reads_json_jsonl_errors_and_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(_article("a", "one two", [("menu", "Home", 0)])), encoding="utf-8")
    (tmp_path / "pages.jsonl").write_text(
        json.dumps(_article("b", "x", None)) + "\n\nnot json\n" + json.dumps({"no": "text"}) + "\n", encoding="utf-8"
    )
    (tmp_path / "errors.jsonl").write_text(
        json.dumps({"id": "c", "source_path": "c.txt", "reason": "undecodable", "message": "bytes"}) + "\n",
        encoding="utf-8",
    )
    (tmp_path / "run.json").write_text(json.dumps({"pages": 3, "started": "today", "nested": {"x": 1}}), "utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    data = collect([tmp_path])
    assert sorted(a["id"] for a in data.articles) == ["a", "b"]
    assert [e["reason"] for e in data.errors] == ["undecodable"]
    assert len(data.problems) == 3  # broken.json, the non-JSON line, the record with no text
    report = build_report(data)
    assert report["run"] == {"pages": 3, "started": "today"}
    assert dict(report["overview"]["errors"]) == {"undecodable": 1, "unreadable-output": 3}


def test_a_jsonl_file_brings_its_errors_file(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").write_text(json.dumps(_article("a", "t", [])) + "\n", encoding="utf-8")
    (tmp_path / "out.errors.jsonl").write_text(json.dumps({"id": "z", "reason": "too-large"}) + "\n", "utf-8")
    data = collect([tmp_path / "out.jsonl"])
    assert [a["id"] for a in data.articles] == ["a"] and [e["id"] for e in data.errors] == ["z"]
    with pytest.raises(FileNotFoundError):
        collect([tmp_path / "missing"])


def test_overview_figures() -> None:
    from clean.report import ReportData

    data = ReportData(
        articles=[
            _article("small", "a b c", [("menu", "Home", 0)]),
            _article("big", "a b", [("menu", "Top Stories", 0), ("share", "Share on X now", 2)]),
            _article("plain", "a b c d", None, language=None),
        ]
    )
    report = build_report(data)
    o = report["overview"]
    assert [p["id"] for p in report["pages"]] == ["big", "small", "plain"]  # most removed words first
    assert (o["pages"], o["explained"], o["kept_words"], o["removed_words"]) == (3, 2, 9, 7)
    assert o["rules"] == [
        {"rule": "menu", "blocks": 2, "words": 3, "pages": 2},
        {"rule": "share", "blocks": 1, "words": 4, "pages": 1},
    ]
    assert o["languages"] == [("de", 2), ("unknown", 1)]
    assert report["pages"][2]["removed"] is None


@pytest.mark.parametrize("text", ["</script>", "<!--", "<script>", "a\u2028b", "&lt;", "]]>"])
def test_embedded_json_cannot_break_out(text: str) -> None:
    embedded = embed_json({"t": text})
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded and "\u2028" not in embedded
    assert json.loads(embedded) == {"t": text}


def test_html_is_self_contained() -> None:
    html = render_html(build_report(collect([])))
    assert "http://" not in html and "https://" not in html
    assert "/*DATA*/" not in html


def test_cli_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "hostile.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "out"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.count("</script>") == 2  # the data block's and the code's: none from the page
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html")])
    assert missing.exit_code == 1


# --- in a real browser -----------------------------------------------------------------


def _run_outputs(tmp_path: Path) -> Path:
    """A real `clean run --explain` over the seed pages, plus a hostile page, a page with
    no explanation, many filler pages (to page the list) and a failure line."""
    from typer.testing import CliRunner

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(ROOT / "seeds"), "-o", str(out), "--explain", "--workers", "1"])
    assert result.exit_code == 0, result.output
    (out / "hostile.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    (out / "plain.json").write_text(json.dumps(_article("plain", "no explanation here", None)), encoding="utf-8")
    with (out / "filler.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(PAGE_SIZE + 7):
            fh.write(json.dumps(_article(f"filler-{i:03d}", "kept words " * 3, [("tags", f"Tag {i}", 1)])) + "\n")
    with (out / "errors.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "bad", "source_path": "bad.txt", "reason": "undecodable", "message": "x"}) + "\n")
    return out


def _expected(out: Path) -> tuple[int, Counter[str], Counter[str]]:
    """Figures computed from the JSON files directly, independently of report.py."""
    pages_json = [p for p in out.glob("*.json") if p.name != "run.json"]
    articles: list[dict[str, Any]] = [json.loads(p.read_text("utf-8")) for p in pages_json]
    articles += [json.loads(line) for line in (out / "filler.jsonl").read_text("utf-8").splitlines()]
    blocks = Counter(r["rule"] for a in articles for r in a.get("removed") or [])
    pages = Counter(rule for a in articles for rule in {r["rule"] for r in a.get("removed") or []})
    return len(articles), blocks, pages


@pytest.mark.slow
def test_report_in_headless_chromium(tmp_path: Path) -> None:
    from cdp import Browser, find_chromium

    binary = find_chromium()
    assert binary, "chromium is missing: `make test` installs it (apt-get install chromium)"
    out = _run_outputs(tmp_path)
    report_path = tmp_path / "report.html"
    write_report([out], report_path)
    n_pages, blocks, pages = _expected(out)

    with Browser(binary, width=1400, height=1150) as browser:
        browser.open(report_path.as_uri())
        browser.wait_for("document.body && document.body.dataset.ready === '1'")
        text = browser.evaluate
        assert text("document.getElementById('stat-pages').textContent") == f"{n_pages:,}"
        assert text("document.getElementById('stat-failed').textContent") == "1"
        bars = text(
            "[...document.querySelectorAll('#rule-bars .bar')]"
            ".map(b => [b.dataset.rule, b.querySelector('.n').textContent])"
        )
        assert {rule: int(n.replace(",", "")) for rule, n in bars} == dict(blocks)
        assert text("document.getElementById('pager-label').textContent").startswith(f"{n_pages:,} pages · 1 of ")
        assert text("document.querySelectorAll('#page-list tr').length") == PAGE_SIZE
        browser.screenshot(ARTIFACTS / "report.png")

        # a filter click: only the pages with that rule are listed
        rule = "read-also"
        browser.click(f'#rule-bars .bar[data-rule="{rule}"]')
        browser.wait_for(f"document.getElementById('pager-label').textContent.startsWith('{pages[rule]} pages')")
        listed = text("[...document.querySelectorAll('#page-list tr')].map(r => r.dataset.index)")
        assert len(listed) == pages[rule]
        data = "JSON.parse(document.getElementById('report-data').textContent)"
        rows = "[...document.querySelectorAll('#page-list tr')]"
        assert text(f"{rows}.every(r => '{rule}' in {data}.pages[+r.dataset.index].rules)")
        # opening a page shows its removed blocks in place, labelled and struck through
        browser.click("#page-list tr")
        browser.wait_for("document.querySelectorAll('#article p.removed.hit').length > 0")
        hits = "[...document.querySelectorAll('#article p.removed.hit')]"
        assert text(f"{hits}.every(p => p.querySelector('del') && p.querySelector('.chip').textContent === '{rule}')")
        browser.screenshot(ARTIFACTS / "report-filtered.png")

        # search by page, then the hostile page: its text shows as text and never runs
        browser.click(f'#rule-bars .bar[data-rule="{rule}"]')  # clicking again clears the filter
        browser.evaluate(
            "(() => { const s = document.getElementById('search'); s.value = 'hostile';"
            " s.dispatchEvent(new Event('input')); })()"
        )
        browser.wait_for("document.getElementById('pager-label').textContent.startsWith('1 pages')")
        browser.click("#page-list tr")
        browser.wait_for("document.getElementById('detail-title').textContent.includes('window.__pwned=2')")
        assert text("typeof window.__pwned") == "undefined"
        assert text("document.querySelectorAll('#article script, #article img, #article b, #detail img').length") == 0
        shown = text("document.getElementById('article').textContent")
        assert "<script>window.__pwned=4</script>" in shown and "<img src=x" in shown
        assert text("[...document.querySelectorAll('.meta td.src')].map(td => td.textContent)")[:3] == [
            "",
            "h1",
            "byline",
        ]
    shutil.copyfile(ARTIFACTS / "report.png", ARTIFACTS / "report-overview.png")
