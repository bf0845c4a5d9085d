"""The command line: run, show, golden, --version; exit codes and output files."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

import clean
from clean import batch, golden
from clean import cli as cli_module
from clean.batch import Failure, Source, dump_pretty, sanitize_id
from clean.pipeline import Options
from conftest import ARTICLE, HTML_PAGE, REPO, UNDECODABLE, article_variant

Cli = Callable[..., Result]


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/pages with three pages, plus files a directory walk must skip; cwd = tmp_path."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(article_variant(1), encoding="utf-8")
    (root / "sub" / "b.txt").write_text(article_variant(2), encoding="utf-8")
    (root / "c.html").write_text(HTML_PAGE, encoding="utf-8")
    (root / "notes.md").write_text("not a page", encoding="utf-8")
    (root / ".secret.txt").write_text("hidden file", encoding="utf-8")
    (root / ".hidden" / "d.txt").write_text("hidden dir", encoding="utf-8")
    return root


def expected_json(raw: str | bytes, page_id: str, source_path: str | None, **kw: Any) -> str:
    article = clean.clean_page(raw, page_id=page_id, source_path=source_path, **kw)
    return dump_pretty(article.to_dict())


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tree(root: Path) -> dict[str, bytes]:
    """The page outputs under root; run.json (timings, options) is checked on its own."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != "run.json"
    }


def listing(root: Path | str) -> list[str]:
    """File names in root, but run.json, which every run writes."""
    return sorted(p.name for p in Path(root).iterdir() if p.name != "run.json")


# --- version and help ----------------------------------------------------------------


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"clean {clean.__version__}\n"


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "clean", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"clean {clean.__version__}\n"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["run"],
        ["show"],
        ["golden"],
        ["golden", "check"],
        ["golden", "update"],
        ["golden", "add"],
    ],
    ids=lambda c: " ".join(c) or "clean",
)
def test_help_on_every_command(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


# --- run: discovery, ids, output format ----------------------------------------------


def test_run_writes_one_pretty_file_per_page(cli: Cli, pages: Path) -> None:
    result = cli("run", "pages", "-o", "out", "--workers", "1")
    assert result.exit_code == 0, result.output
    out = Path("out")
    assert listing(out) == ["a.json", "b.json", "c.json"]
    assert (out / "a.json").read_text(encoding="utf-8") == expected_json(article_variant(1), "a", "pages/a.txt")
    assert (out / "b.json").read_text(encoding="utf-8") == expected_json(article_variant(2), "b", "pages/sub/b.txt")
    c = json.loads((out / "c.json").read_text(encoding="utf-8"))
    assert c["kind"] == "html"
    assert c["source_path"] == "pages/c.html"
    assert "removed" not in c
    assert "3 pages, 3 cleaned, 0 failed" in result.stderr


def test_output_is_utf8_sorted_and_ends_with_newline(cli: Cli, pages: Path) -> None:
    (pages / "a.txt").write_text(ARTICLE.replace("Maria Lopez", "Zoë Müller"), encoding="utf-8")
    assert cli("run", "pages/a.txt", "-o", "out", "--explain").exit_code == 0
    text = Path("out/a.json").read_bytes().decode("utf-8")
    data = json.loads(text)
    assert text.endswith("}\n")
    assert list(data) == sorted(data)
    assert "Zoë Müller" in text  # not \u-escaped
    assert "removed" in data


def test_absolute_input_is_recorded_relative_to_cwd(cli: Cli, pages: Path) -> None:
    assert cli("run", str(pages.resolve() / "a.txt"), "-o", "out").exit_code == 0
    assert json.loads(Path("out/a.json").read_text())["source_path"] == "pages/a.txt"


def test_same_file_twice_is_cleaned_once(cli: Cli, pages: Path) -> None:
    result = cli("run", "pages", "pages/a.txt", "./pages/a.txt", "-o", "out")
    assert result.exit_code == 0
    assert listing(Path("out")) == ["a.json", "b.json", "c.json"]


def test_globs(cli: Cli, pages: Path) -> None:
    assert cli("run", "pages/*.txt", "-o", "flat").exit_code == 0
    assert listing(Path("flat")) == ["a.json"]
    assert cli("run", "pages/**/*.txt", "-o", "deep").exit_code == 0
    assert listing(Path("deep")) == ["a.json", "b.json"]


def test_stdin(cli: Cli, pages: Path) -> None:
    data = article_variant(7).encode("utf-8")
    result = cli("run", "-", "-o", "out", input=data)
    assert result.exit_code == 0, result.output
    page_id = hashlib.sha1(data).hexdigest()[:16]
    written = Path("out") / f"{page_id}.json"
    assert written.read_text(encoding="utf-8") == expected_json(data, page_id, None)


def test_colliding_stems_get_a_path_hash(cli: Cli, pages: Path) -> None:
    (pages / "sub" / "a.txt").write_text(article_variant(3), encoding="utf-8")
    (pages / "A.TXT").write_text(article_variant(4), encoding="utf-8")  # same on macOS
    assert cli("run", "pages", "-o", "out").exit_code == 0
    by_source = {
        data["source_path"]: data["id"]
        for data in (json.loads(p.read_text()) for p in Path("out").glob("*.json") if p.name != "run.json")
    }

    def hashed(stem: str, path: str) -> str:
        return f"{stem}-{hashlib.sha1(path.encode()).hexdigest()[:8]}"

    assert by_source["pages/a.txt"] == hashed("a", "pages/a.txt")
    assert by_source["pages/sub/a.txt"] == hashed("a", "pages/sub/a.txt")
    assert by_source["pages/A.TXT"] == hashed("A", "pages/A.TXT")
    assert by_source["pages/sub/b.txt"] == "b"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../etc/passwd", "_etc_passwd"),
        ("..", "page"),
        (".", "page"),
        ("", "page"),
        (".hidden", "hidden"),
        ("a/b\\c", "a_b_c"),
        ("nul\x00byte", "nul_byte"),
        ("new\nline", "new_line"),
        ("Zoë-Müller_2.v1", "Zoë-Müller_2.v1"),
        ("x" * 300, "x" * 200),
    ],
)
def test_sanitize_id(name: str, expected: str) -> None:
    assert sanitize_id(name) == expected


@settings(derandomize=True, max_examples=300)
@given(st.text())
def test_sanitized_ids_stay_inside_the_output_dir(name: str) -> None:
    page_id = sanitize_id(name)
    outdir = Path("/srv/out")
    assert page_id and "/" not in page_id and "\x00" not in page_id
    assert not page_id.startswith(".")
    assert os.path.normpath(outdir / f"{page_id}.json").startswith("/srv/out/")
    assert len(page_id.encode("utf-8")) <= 200


def test_path_traversal_file_names_stay_in_outdir(cli: Cli, tmp_path: Path, pages: Path) -> None:
    weird = pages / "weird"
    weird.mkdir()
    for name in ["...txt", "a\\..\\..\\b.txt", "x\ny.txt"]:  # stems "..", "a\..\..\b", "x\ny"
        (weird / name).write_text(ARTICLE, encoding="utf-8")
    result = cli("run", *(str(p) for p in sorted(weird.iterdir())), "-o", "out/inner")
    assert result.exit_code == 0, result.output
    written = listing(tmp_path / "out" / "inner")
    assert written == ["a_.._.._b.json", "page.json", "x_y.json"]
    assert listing(tmp_path / "out") == ["inner"]


# --- run: failures and exit codes ----------------------------------------------------


def test_bad_pages_go_to_errors_jsonl_and_exit_2(cli: Cli, pages: Path) -> None:
    (pages / "binary.txt").write_bytes(UNDECODABLE)
    (pages / "gone.txt").symlink_to(pages / "does-not-exist.txt")  # unreadable
    result = cli("run", "pages", "-o", "out")
    assert result.exit_code == 2
    assert "5 pages, 3 cleaned, 2 failed" in result.stderr
    errors = read_lines(Path("out/errors.jsonl"))
    assert [(e["id"], e["source_path"], e["reason"]) for e in errors] == [
        ("binary", "pages/binary.txt", "undecodable"),
        ("gone", "pages/gone.txt", "unreadable"),
    ]
    assert all(set(e) == {"id", "source_path", "reason", "message"} for e in errors)
    assert all(e["message"] for e in errors)
    assert listing(Path("out")) == [
        "a.json",
        "b.json",
        "c.json",
        "errors.jsonl",
    ]


def test_errors_jsonl_only_when_pages_fail_and_stale_one_removed(cli: Cli, pages: Path) -> None:
    (pages / "binary.txt").write_bytes(UNDECODABLE)
    assert cli("run", "pages", "-o", "out").exit_code == 2
    assert Path("out/errors.jsonl").exists()
    (pages / "binary.txt").unlink()
    assert cli("run", "pages", "-o", "out").exit_code == 0
    assert not Path("out/errors.jsonl").exists()


def test_page_that_now_fails_loses_its_old_output(cli: Cli, pages: Path) -> None:
    assert cli("run", "pages", "-o", "out").exit_code == 0
    (pages / "a.txt").write_bytes(UNDECODABLE)
    assert cli("run", "pages", "-o", "out").exit_code == 2
    assert not Path("out/a.json").exists()


def test_unexpected_exception_in_clean_page_is_a_failure(pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> clean.Article:
        raise RuntimeError("bug in a rule")

    monkeypatch.setattr(batch, "clean_page", boom)
    source = Source(id="a", source_path="pages/a.txt", path=str(pages / "a.txt"))
    assert batch.clean_source(source, Options()) == Failure(
        "a", "pages/a.txt", "internal-error", "RuntimeError: bug in a rule"
    )


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patching reaches workers by fork")
def test_a_page_that_kills_its_worker_is_blamed_alone(pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.clean_page

    def crash_on_marker(raw: str | bytes, **kwargs: Any) -> clean.Article:
        if b"CRASH" in (raw if isinstance(raw, bytes) else raw.encode()):
            os._exit(3)
        return real(raw, **kwargs)

    monkeypatch.setattr(batch, "clean_page", crash_on_marker)
    sources = [
        Source(id=f"p{i}", source_path=None, data=(b"CRASH" if i == 2 else b"") + ARTICLE.encode()) for i in range(6)
    ]
    outcomes = list(batch.clean_all(sources, Options(), workers=2))
    failures = [o for o in outcomes if isinstance(o, Failure)]
    assert [(f.id, f.reason) for f in failures] == [("p2", "worker-died")]
    assert [o["id"] for o in outcomes if isinstance(o, dict)] == ["p0", "p1", "p3", "p4", "p5"]


@pytest.mark.parametrize(
    "args",
    [
        ["run", "pages"],  # no output
        ["run", "missing.txt", "-o", "out"],
        ["run", "pages/*.nothing", "-o", "out"],
        ["run", "pages", "-o", "out", "--kind", "pdf"],
        ["run", "pages", "-o", "out", "--workers", "0"],
        ["run", "pages/sub/..", "-o", "out", "--bogus"],
        ["nope"],
    ],
    ids=["no-output", "missing", "glob-no-match", "bad-kind", "zero-workers", "bad-option", "cmd"],
)
def test_usage_errors_exit_1(cli: Cli, pages: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert not Path("out").exists()


def test_no_pages_found_is_a_usage_error(cli: Cli, pages: Path) -> None:
    Path("empty").mkdir()
    result = cli("run", "empty", "-o", "out")
    assert result.exit_code == 1
    assert "no pages" in result.stderr


# --- run: jsonl and workers ----------------------------------------------------------


def test_jsonl(cli: Cli, pages: Path) -> None:
    (pages / "binary.txt").write_bytes(UNDECODABLE)
    result = cli("run", "pages", "--jsonl", "all.jsonl", "--explain")
    assert result.exit_code == 2
    lines = Path("all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "c", "b"]  # walk order
    for line in lines:
        assert list(json.loads(line)) == sorted(json.loads(line))
        assert "removed" in json.loads(line)
    assert [e["id"] for e in read_lines(Path("all.errors.jsonl"))] == ["binary"]
    assert not Path("out").exists()


def test_jsonl_with_output_dir_puts_errors_there(cli: Cli, pages: Path) -> None:
    (pages / "binary.txt").write_bytes(UNDECODABLE)
    assert cli("run", "pages", "--jsonl", "all.jsonl", "-o", "out").exit_code == 2
    assert listing(Path("out")) == ["errors.jsonl"]


def test_workers_do_not_change_the_output(cli: Cli, pages: Path) -> None:
    for n in range(8):
        (pages / f"n{n}.txt").write_text(article_variant(n), encoding="utf-8")
    (pages / "binary.txt").write_bytes(UNDECODABLE)
    for workers in ("1", "2"):
        assert cli("run", "pages", "-o", f"out{workers}", "--workers", workers).exit_code == 2
        assert cli("run", "pages", "--jsonl", f"all{workers}.jsonl", "--workers", workers)
    assert tree(Path("out1")) == tree(Path("out2"))
    assert Path("all1.jsonl").read_bytes() == Path("all2.jsonl").read_bytes()
    assert Path("all1.errors.jsonl").read_bytes() == Path("all2.errors.jsonl").read_bytes()


# --- show ----------------------------------------------------------------------------


def test_show_prints_metadata_then_text(cli: Cli, pages: Path) -> None:
    result = cli("show", "pages/a.txt")
    assert result.exit_code == 0
    article = clean.clean_page(article_variant(1))
    header, _, body = result.stdout.partition("\n\n")
    labels = [line.split(":")[0] for line in header.splitlines()]
    assert labels == ["title", "authors", "date", "publisher", "source", "language"]
    assert f"title:     {article.title}" in header
    assert body == (article.text or "(no article text)") + "\n"
    assert "[" not in body


def test_show_explain_puts_removed_blocks_in_place(cli: Cli, pages: Path) -> None:
    result = cli("show", "pages/a.txt", "--explain")
    assert result.exit_code == 0
    article = clean.clean_page(article_variant(1), explain=True)
    assert article.removed
    body = result.stdout.split("\n\n", 1)[1].rstrip("\n").split("\n\n")
    kept = [block for block in body if not block.startswith("[")]
    assert kept == article.paragraphs
    for removal in article.removed:
        marker = f"[{removal.rule}] {removal.text}"
        position = body.index(marker)
        assert sum(1 for block in body[:position] if not block.startswith("[")) == removal.at


def test_show_reads_stdin_and_reports_errors(cli: Cli, pages: Path) -> None:
    assert cli("show", "-", input=ARTICLE).exit_code == 0
    bad = cli("show", "-", input=UNDECODABLE)
    assert bad.exit_code == 2
    assert "undecodable" in bad.stderr
    assert cli("show", "missing.txt").exit_code == 1


# --- golden --------------------------------------------------------------------------


def test_golden_add_check_update(cli: Cli, pages: Path) -> None:
    result = cli("golden", "add", "pages/a.txt", "cases", "--url", "https://example.org/a")
    assert result.exit_code == 0, result.output
    case = Path("cases/a")
    assert listing(case) == ["expected.json", "input.txt", "options.json"]
    assert json.loads((case / "options.json").read_text()) == {"url": "https://example.org/a"}
    expected = json.loads((case / "expected.json").read_text())
    assert expected["id"] == "a"
    assert expected["source_path"] is None
    assert expected["url"] == "https://example.org/a"
    assert "removed" in expected

    assert cli("golden", "add", "pages/a.txt", "cases").exit_code == 1  # exists
    assert cli("golden", "add", "pages/a.txt", "cases", "--name", "../x").exit_code == 1

    ok = cli("golden", "check", "cases")
    assert (ok.exit_code, ok.stdout) == (0, "1 cases OK\n")

    stale = dict(expected, title="An old title")
    (case / "expected.json").write_text(json.dumps(stale), encoding="utf-8")
    changed = cli("golden", "check", "cases")
    assert changed.exit_code == 1
    assert f'title: "An old title" -> {json.dumps(expected["title"])}' in changed.stdout

    updated = cli("golden", "update", "cases")
    assert updated.exit_code == 0
    assert "1 of 1 cases updated" in updated.stdout
    assert (case / "expected.json").read_text(encoding="utf-8") == dump_pretty(expected)
    assert cli("golden", "check", "cases").exit_code == 0


def test_golden_add_saves_http_headers(cli: Cli, pages: Path) -> None:
    header = "Content-Type: text/plain; charset=windows-1252"
    assert cli("golden", "add", "pages/a.txt", "cases", "--header", header).exit_code == 0
    options = json.loads(Path("cases/a/options.json").read_text(encoding="utf-8"))
    assert options == {"headers": {"Content-Type": "text/plain; charset=windows-1252"}}
    assert cli("golden", "check", "cases").exit_code == 0
    assert cli("golden", "add", "pages/a.txt", "cases", "--name", "b", "--header", "no colon").exit_code == 1


def test_golden_check_reports_new_cases_and_bad_folders(cli: Cli, pages: Path) -> None:
    new = Path("cases/fresh")
    new.mkdir(parents=True)
    (new / "input.html").write_text(HTML_PAGE, encoding="utf-8")
    result = cli("golden", "check", "cases")
    assert result.exit_code == 1
    assert "fresh (new)" in result.stdout

    (new / "options.json").write_text('{"kidn": "html"}', encoding="utf-8")
    assert cli("golden", "check", "cases").exit_code == 1
    assert cli("golden", "check", "nowhere").exit_code == 1
    Path("empty").mkdir()
    assert cli("golden", "check", "empty").exit_code == 1


def test_golden_update_writes_like_run(cli: Cli, pages: Path) -> None:
    case = Path("cases/c")
    case.mkdir(parents=True)
    (case / "input.html").write_text(HTML_PAGE, encoding="utf-8")
    assert cli("golden", "update", "cases").exit_code == 0
    assert (case / "expected.json").read_text(encoding="utf-8") == expected_json(HTML_PAGE, "c", None, explain=True)


def test_show_on_a_terminal_keeps_rule_names_visible(capsys: pytest.CaptureFixture[str]) -> None:
    article = clean.clean_page(ARTICLE, explain=True)
    assert article.removed
    cli_module._print_rich(article)  # rich must not read "[menu]" as markup
    out = capsys.readouterr().out
    for removal in article.removed:
        assert f"[{removal.rule}]" in out
    for paragraph in article.paragraphs[:1]:  # what the pipeline keeps is not ours to pin
        assert paragraph[:40] in out


def test_golden_reports_unstable_cases(cli: Cli, pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("golden", "add", "pages/a.txt", "cases").exit_code == 0
    monkeypatch.setattr(
        golden, "check_stable", lambda article, rules=None: ["unstable: cleaning the text again removes x"]
    )
    checked = cli("golden", "check", "cases")
    assert checked.exit_code == 1
    assert "a (unstable)" in checked.stdout
    updated = cli("golden", "update", "cases")
    assert updated.exit_code == 1
    assert "0 of 1 cases updated" in updated.stdout
