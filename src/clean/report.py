"""The review report: one self-contained HTML file showing what `clean run --explain` removed.

People trust a cleaner when they can see what it did. This module reads a run's output
(a folder of `<id>.json` files, JSONL files, `errors.jsonl`) and writes a single HTML
file with the data embedded as JSON and rendered by a small inline script: no network,
no CDN, nothing to install, opens from disk.

Decisions:
- The overview figures are computed here, in Python, where they are tested; the page
  only draws them. Pages are sorted by removed words, most first, so the pages most
  worth a look come first.
- The page list is paged (`PAGE_SIZE` rows) and a page's text is rendered only when it
  is opened, so 10,000 pages do not freeze the browser.
- Page text is hostile. The data goes in a `<script type="application/json">` block
  with `<`, `>`, `&` and the JS line separators escaped as `\\uXXXX`, so no text can close
  the block; the script only ever puts text into the page with `textContent`.
- Output written without `--explain` has no `removed`: such pages show their kept text
  and count as "not explained"; `meta_sources` (where each metadata value came from)
  is shown when a page has it and left out when not.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__

__all__ = ["PAGE_SIZE", "Problem", "ReportData", "build_report", "collect", "embed_json", "render_html", "write_report"]

PAGE_SIZE = 50
_META_FIELDS = ("title", "authors", "published", "publisher", "original_source", "language", "url", "source_path")
_SKIP_JSON = frozenset({"run.json"})


@dataclass(frozen=True, slots=True)
class Problem:
    """An output file or line the report could not read: shown, never fatal."""

    where: str
    message: str


@dataclass(slots=True)
class ReportData:
    """Everything read from one run's output, before it is summarised."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    run: dict[str, Any] | None = None


# --- reading -------------------------------------------------------------------------


def _is_errors_file(path: Path) -> bool:
    return path.name == "errors.jsonl" or path.name.endswith(".errors.jsonl")


def _jsonl(path: Path, data: ReportData, into: list[dict[str, Any]]) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        data.problems.append(Problem(str(path), f"cannot read: {exc}"))
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            data.problems.append(Problem(f"{path}:{n}", f"not JSON: {exc}"))
            continue
        if not isinstance(obj, dict):
            data.problems.append(Problem(f"{path}:{n}", "not a JSON object"))
            continue
        into.append(obj)


def _article_ok(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("text"), str) and isinstance(obj.get("id"), str)


def collect(paths: Iterable[Path]) -> ReportData:
    """Read output folders and files: `*.json` pages, `*.jsonl` pages, `errors.jsonl`
    (and `<name>.errors.jsonl`), and `run.json` when another tool wrote one."""
    data = ReportData()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            files.append(path)
            sibling = path.with_name(f"{path.stem}.errors.jsonl")
            if path.suffix == ".jsonl" and not _is_errors_file(path) and sibling.is_file():
                files.append(sibling)
        else:
            raise FileNotFoundError(f"no such output folder or file: {path}")
    for path in dict.fromkeys(files):
        if _is_errors_file(path):
            _jsonl(path, data, data.errors)
        elif path.suffix == ".jsonl":
            rows: list[dict[str, Any]] = []
            _jsonl(path, data, rows)
            for n, row in enumerate(rows, 1):
                if _article_ok(row):
                    data.articles.append(row)
                else:
                    data.problems.append(Problem(f"{path} record {n}", "not an article (no id or text)"))
        elif path.suffix == ".json":
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                data.problems.append(Problem(str(path), f"cannot read: {exc}"))
                continue
            if path.name in _SKIP_JSON:
                data.run = obj if isinstance(obj, dict) else None
            elif _article_ok(obj):
                data.articles.append(obj)
            else:
                data.problems.append(Problem(str(path), "not an article (no id or text)"))
    return data


# --- summarising ---------------------------------------------------------------------


def _words(text: Any) -> int:
    return len(text.split()) if isinstance(text, str) else 0


def _removed(article: dict[str, Any]) -> list[tuple[str, str, int]] | None:
    raw = article.get("removed")
    if not isinstance(raw, list):
        return None
    out = []
    for r in raw:
        if isinstance(r, dict) and isinstance(r.get("text"), str):
            at = r.get("at")
            out.append((str(r.get("rule") or "boilerplate"), r["text"], at if isinstance(at, int) else 0))
    return out


def _meta(article: dict[str, Any]) -> list[list[str]]:
    """[field, value, source] rows; source is "" when the page does not say."""
    sources = article.get("meta_sources")
    sources = sources if isinstance(sources, dict) else {}
    rows = []
    for name in _META_FIELDS:
        value = article.get(name)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        rows.append([name, "" if value is None else str(value), str(sources.get(name) or "")])
    return rows


def _page(article: dict[str, Any]) -> dict[str, Any]:
    removed = _removed(article)
    rules = Counter(r[0] for r in removed or ())
    return {
        "id": article["id"],
        "title": article.get("title") or "",
        "url": article.get("url") or "",
        "language": article.get("language") or "",
        "meta": _meta(article),
        "has_sources": isinstance(article.get("meta_sources"), dict),
        "text": article["text"],
        "removed": [list(r) for r in removed] if removed is not None else None,
        "kept_words": _words(article["text"]),
        "removed_words": sum(_words(r[1]) for r in removed or ()),
        "rules": dict(sorted(rules.items())),
    }


def build_report(data: ReportData) -> dict[str, Any]:
    """The JSON the HTML page draws: overview figures and the pages, most removed first."""
    pages = sorted((_page(a) for a in data.articles), key=lambda p: (-p["removed_words"], p["id"]))
    by_rule_blocks: Counter[str] = Counter()
    by_rule_words: Counter[str] = Counter()
    by_rule_pages: Counter[str] = Counter()
    for p in pages:
        for rule, text, _at in p["removed"] or ():
            by_rule_blocks[rule] += 1
            by_rule_words[rule] += _words(text)
        by_rule_pages.update(p["rules"].keys())
    errors = Counter(str(e.get("reason") or "error") for e in data.errors)
    errors.update("unreadable-output" for _ in data.problems)
    return {
        "version": __version__,
        "page_size": PAGE_SIZE,
        "overview": {
            "pages": len(pages),
            "failed": len(data.errors),
            "explained": sum(p["removed"] is not None for p in pages),
            "kept_words": sum(p["kept_words"] for p in pages),
            "removed_words": sum(p["removed_words"] for p in pages),
            "rules": [
                {"rule": r, "blocks": n, "words": by_rule_words[r], "pages": by_rule_pages[r]}
                for r, n in sorted(by_rule_blocks.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "languages": sorted(
                Counter(p["language"] or "unknown" for p in pages).items(), key=lambda kv: (-kv[1], kv[0])
            ),
            "errors": sorted(errors.items(), key=lambda kv: (-kv[1], kv[0])),
        },
        "errors": [{k: str(e.get(k) or "") for k in ("id", "source_path", "reason", "message")} for e in data.errors]
        + [
            {"id": "", "source_path": p.where, "reason": "unreadable-output", "message": p.message}
            for p in data.problems
        ],
        "run": {k: v for k, v in (data.run or {}).items() if isinstance(v, str | int | float | bool)},
        "pages": pages,
    }


# --- rendering -----------------------------------------------------------------------


def embed_json(value: Any) -> str:
    """JSON safe inside a <script> block: nothing in it can close the block or start
    markup, whatever the page text holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def render_html(report: dict[str, Any]) -> str:
    """The page: `data/report.html` (markup, CSS and script, kept as a file so it reads
    as one) with the report JSON in its data block."""
    template = resources.files("clean").joinpath("data/report.html").read_text(encoding="utf-8")
    return template.replace("/*DATA*/", embed_json(report), 1)


def write_report(inputs: Iterable[Path], out: Path) -> dict[str, Any]:
    """Read a run's outputs and write the report file; returns the report data."""
    report = build_report(collect(inputs))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_html(report), encoding="utf-8")
    tmp.replace(out)
    return report
