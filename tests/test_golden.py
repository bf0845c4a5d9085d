"""golden.py: loading case folders, comparing results, the stability check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import clean
from clean import golden
from clean.article import Article, Removal
from conftest import ARTICLE, UNDECODABLE


def make_case(root: Path, name: str, files: dict[str, str | bytes]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for file_name, content in files.items():
        path = folder / file_name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


BASE: dict[str, Any] = {
    "id": "case",
    "title": "Bridge",
    "text": "One.\n\nTwo.\n\nThree.",
    "word_count": 3,
    "removed": [
        {"rule": "menu", "text": "Home | News", "at": 0},
        {"rule": "cookie", "text": "We use cookies", "at": 3},
    ],
}


def test_load_cases_skips_folders_without_input(tmp_path: Path) -> None:
    make_case(tmp_path, "b-text", {"input.txt": ARTICLE})
    make_case(tmp_path, "a-html", {"input.html": "<p>x</p>", "options.json": '{"kind": "html"}'})
    make_case(tmp_path, "draft", {"about.md": "input still being written"})
    make_case(tmp_path, ".hidden", {"input.txt": ARTICLE})
    (tmp_path / "README.md").write_text("not a case", encoding="utf-8")
    cases = golden.load_cases(tmp_path)
    assert [(c.name, c.input.name, c.kind) for c in cases] == [
        ("a-html", "input.html", "html"),
        ("b-text", "input.txt", "auto"),
    ]


@pytest.mark.parametrize(
    "files",
    [
        {"input.txt": "x", "input.html": "<p>x</p>"},
        {"input.txt": "x", "options.json": '{"URL": "https://example.org"}'},
        {"input.txt": "x", "options.json": '{"kind": "pdf"}'},
        {"input.txt": "x", "options.json": '{"url": 3}'},
        {"input.txt": "x", "options.json": "[]"},
        {"input.txt": "x", "options.json": "{not json"},
        {"input.txt": "x", "options.json": '{"headers": ["Content-Type: text/html"]}'},
        {"input.txt": "x", "options.json": '{"headers": {"Content-Length": 3}}'},
    ],
    ids=["two-inputs", "unknown-key", "bad-kind", "bad-url", "not-object", "not-json", "headers-list", "header-number"],
)
def test_malformed_cases_are_errors(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    make_case(tmp_path, "bad", files)
    with pytest.raises(golden.CaseError):
        golden.load_cases(tmp_path)


def test_run_case_fixes_id_source_path_and_explain(tmp_path: Path) -> None:
    folder = make_case(tmp_path, "my-case", {"input.txt": ARTICLE, "options.json": '{"url": "https://e.org/x"}'})
    result = golden.run_case(golden.load_case(folder))
    expected = clean.clean_page(ARTICLE, url="https://e.org/x", explain=True, page_id="my-case").to_dict()
    assert result == expected
    assert result["source_path"] is None
    assert "removed" in result


def test_case_headers_decode_the_page_like_fetched_ones(tmp_path: Path) -> None:
    # cp1252 bytes whose <meta> names latin-2: only the HTTP header gives the right letters
    page = '<html><head><meta charset="iso-8859-2"></head><body><p>Crème brûlée à la carte, señor.</p></body></html>'
    headers = {"Content-Type": "text/html; charset=windows-1252"}
    folder = make_case(
        tmp_path, "trap", {"input.html": page.encode("cp1252"), "options.json": json.dumps({"headers": headers})}
    )
    case = golden.load_case(folder)
    assert case.headers == (("Content-Type", "text/html; charset=windows-1252"),)
    assert "Crème brûlée à la carte, señor." in golden.run_case(case)["text"]
    added = golden.add_case(folder / "input.html", tmp_path, name="added", headers=headers)
    assert json.loads((added.folder / "options.json").read_text(encoding="utf-8")) == {"headers": headers}
    assert golden.read_expected(added) == golden.run_case(case) | {"id": "added"}


def test_run_case_records_a_refused_page_as_its_reason(tmp_path: Path) -> None:
    folder = make_case(tmp_path, "binary", {"input.txt": UNDECODABLE})
    assert golden.run_case(golden.load_case(folder)) == {"error": "undecodable"}


def test_compare_equal_is_empty() -> None:
    assert golden.compare(BASE, dict(BASE)) == []


def test_compare_missing_expected() -> None:
    [problem] = golden.compare(None, BASE)
    assert "missing" in problem


def test_compare_diffs_text_by_paragraph_and_fields_old_to_new() -> None:
    actual = dict(BASE, text="One.\n\nTwo, changed.\n\nThree.", word_count=4, title=None)
    problems = golden.compare(BASE, actual)
    assert problems == [
        "--- expected text",
        "+++ actual text",
        "@@ -1,3 +1,3 @@",
        " One.",
        "-Two.",
        "+Two, changed.",
        " Three.",
        'title: "Bridge" -> null',
        "word_count: 3 -> 4",
    ]


def test_compare_absent_field() -> None:
    actual = {k: v for k, v in BASE.items() if k != "title"}
    assert golden.compare(BASE, actual) == ['title: "Bridge" -> (absent)']


def test_compare_diffs_removed_as_rule_text_lines() -> None:
    removed = [BASE["removed"][0], {"rule": "share", "text": "Share this", "at": 3}]
    problems = golden.compare(BASE, dict(BASE, removed=removed))
    assert "-cookie: We use cookies" in problems
    assert "+share: Share this" in problems


def test_compare_reports_removed_blocks_that_moved() -> None:
    removed = [BASE["removed"][0], dict(BASE["removed"][1], at=2)]
    assert golden.compare(BASE, dict(BASE, removed=removed)) == ["removed moved: cookie: We use cookies: at 3 -> 2"]


def test_format_diff_indents_problems_under_the_case_name() -> None:
    assert golden.format_diff("x", ["a", "b"], "new") == "x (new)\n  a\n  b"


def test_check_stable_on_real_output() -> None:
    assert golden.check_stable(clean.clean_page(ARTICLE)) == []


def test_check_stable_reports_what_a_second_pass_removes(monkeypatch: pytest.MonkeyPatch) -> None:
    def second_pass(raw: str | bytes, **kwargs: Any) -> Article:
        return Article(
            id="x",
            url=None,
            source_path=None,
            kind="text",
            text="Body.",
            clean_version=clean.__version__,
            removed=(Removal(rule="title", text="Looks like a title", at=0),),
        )

    monkeypatch.setattr(golden, "clean_page", second_pass)
    article = clean.clean_page(ARTICLE)
    assert golden.check_stable(article) == ["unstable: cleaning the text again removes [title] Looks like a title"]


def test_check_case_result(tmp_path: Path) -> None:
    folder = make_case(tmp_path, "c", {"input.txt": ARTICLE})
    case = golden.load_case(folder)
    first = golden.check_case(case)
    assert (first.label, first.ok, first.expected) == ("new", False, None)
    golden.write_expected(case, first.actual)
    second = golden.check_case(case)
    assert (second.label, second.ok, second.changes, second.unstable) == ("ok", True, (), ())
    assert json.loads(case.expected_path.read_text(encoding="utf-8")) == first.actual


def test_add_case_copies_html_and_saves_kind(tmp_path: Path) -> None:
    page = tmp_path / "My Page (1).HTM"
    page.write_text("<html><body><p>Hello there, this is a page.</p></body></html>")
    case = golden.add_case(page, tmp_path / "cases", kind="html")
    assert case.name == "my-page-1"
    assert case.input.name == "input.html"
    assert case.kind == "html"
    assert json.loads((case.folder / "options.json").read_text()) == {"kind": "html"}
    assert case.expected_path.exists()


@pytest.mark.parametrize("name", ["../x", ".hidden", "a/b", ""])
def test_add_case_refuses_unsafe_names(tmp_path: Path, name: str) -> None:
    page = tmp_path / "p.txt"
    page.write_text(ARTICLE)
    if name == "":  # empty means "derive from the file name"
        assert golden.add_case(page, tmp_path / "cases", name=name).name == "p"
        return
    with pytest.raises(golden.CaseError):
        golden.add_case(page, tmp_path / "cases", name=name)


def test_a_case_may_hold_a_rules_file(tmp_path: Path) -> None:
    case_dir = tmp_path / "c"
    case_dir.mkdir()
    (case_dir / "input.txt").write_text("Buy our mugs today\n\nThe council met on Tuesday and agreed.\n", "utf-8")
    (case_dir / "rules.toml").write_text('[[lines]]\nrule = "mug-promo"\nphrases = ["buy our mugs today"]\n', "utf-8")
    article = golden.clean_case(golden.load_case(case_dir))
    assert ("mug-promo", "Buy our mugs today") in [(r.rule, r.text) for r in article.removed or ()]
    (case_dir / "rules.toml").write_text("[[lines]]\nrule = 'x'\n", "utf-8")
    with pytest.raises(golden.CaseError, match="give phrases or patterns"):
        golden.load_case(case_dir)
