"""Batch runs at crawl scale: containers, formats, budgets, run.json, --resume after SIGKILL, Dask."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

import clean
from clean import batch
from clean.batch import BatchWriter, Source, dump_line, dump_pretty, run_batch
from clean.pipeline import Options
from conftest import ARTICLE, HTML_PAGE, REPO, UNDECODABLE, article_variant

Cli = Callable[..., Result]


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def crawl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """in/: three page files (one gzipped), a JSONL file of three records, one bad page; cwd = tmp_path."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(article_variant(1), encoding="utf-8")
    (root / "b.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode()))
    (root / "bad.txt").write_bytes(UNDECODABLE)
    records = [
        {"url": "https://example.org/x", "html": HTML_PAGE},
        {"text": article_variant(2), "id": "my-id"},
        "not json",
    ]
    (root / "crawl.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    return root


def test_containers_and_pages_in_one_run(cli: Cli, crawl: Path) -> None:
    result = cli("run", "in", "-o", "out", "--workers", "2")
    assert result.exit_code == 2, result.output
    out = Path("out")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["a.json", "b.json", "crawl~0.json", "crawl~1~my-id.json", "errors.jsonl", "run.json"]
    x = json.loads((out / "crawl~0.json").read_text())
    assert x["url"] == "https://example.org/x" and x["kind"] == "html"
    assert x["source_path"] == "in/crawl.jsonl"
    expected = clean.clean_page(article_variant(2), kind="text", page_id="crawl~1~my-id", source_path="in/crawl.jsonl")
    assert (out / "crawl~1~my-id.json").read_text() == dump_pretty(expected.to_dict())
    assert json.loads((out / "b.json").read_text())["kind"] == "html"
    errors = {e["id"]: e["reason"] for e in read_lines(out / "errors.jsonl")}
    assert errors == {"bad": "undecodable", "crawl~2": "bad-record"}


def test_run_json_says_what_happened(cli: Cli, crawl: Path) -> None:
    assert cli("run", "in", "-o", "out", "--explain", "--timeout", "20").exit_code == 2
    run = json.loads(Path("out/run.json").read_text())
    assert (run["pages"], run["cleaned"], run["failed"], run["skipped"]) == (6, 4, 2, 0)
    assert run["errors_by_reason"] == {"bad-record": 1, "undecodable": 1}
    removed = [
        r["rule"]
        for p in Path("out").glob("*.json")
        if p.name != "run.json"
        for r in json.loads(p.read_text())["removed"]
    ]
    assert run["drops_by_rule"] == {rule: removed.count(rule) for rule in set(removed)}
    assert run["options"] == {"kind": "auto", "explain": True, "max_bytes": 50_000_000, "timeout": 20.0, "rules": None}
    assert run["clean_version"] == clean.__version__
    assert run["pages_per_second"] > 0 and run["run"]["format"] == "json"


def test_run_json_names_the_rules_file(cli: Cli, crawl: Path) -> None:
    Path("site.toml").write_text('[[lines]]\nrule = "house-promo"\nphrases = ["our shop"]\n', encoding="utf-8")
    cli("run", "in", "-o", "out", "--rules", "site.toml")
    assert json.loads(Path("out/run.json").read_text())["options"]["rules"] == "site.toml"


def test_jsonl_run_json_goes_next_to_the_file(cli: Cli, crawl: Path) -> None:
    assert cli("run", "in/a.txt", "--jsonl", "all.jsonl").exit_code == 0
    assert json.loads(Path("all.run.json").read_text())["cleaned"] == 1


@pytest.mark.parametrize("fmt", ["jsonl", "md", "txt"])
def test_formats(cli: Cli, crawl: Path, fmt: str) -> None:
    assert cli("run", "in/a.txt", "in/b.html.gz", "-o", "out", "--format", fmt).exit_code == 0
    a = clean.clean_page(article_variant(1), page_id="a", source_path="in/a.txt")
    b = clean.clean_page(HTML_PAGE.encode(), page_id="b", source_path="in/b.html.gz")
    out = Path("out")
    if fmt == "jsonl":
        assert (out / "articles.jsonl").read_text() == dump_line(a.to_dict()) + dump_line(b.to_dict())
    elif fmt == "md":
        assert (out / "a.md").read_text() == a.to_markdown()
        assert (out / "b.md").read_text() == b.to_markdown()
    else:
        assert (out / "a.txt").read_text() == a.text + "\n"


def test_timeout_and_size_cap_are_error_records(cli: Cli, crawl: Path) -> None:
    big = "\n\n".join(ARTICLE.replace("Wend", f"Wend{i}") for i in range(400))
    (crawl / "slow.txt").write_text(big, encoding="utf-8")
    result = cli("run", "in/slow.txt", "in/a.txt", "-o", "out", "--timeout", "0.000001")
    assert result.exit_code == 2
    assert {e["id"]: e["reason"] for e in read_lines(Path("out/errors.jsonl"))} == {"slow": "timeout", "a": "timeout"}
    result = cli("run", "in/slow.txt", "in/a.txt", "-o", "out2", "--max-bytes", "10000")
    assert result.exit_code == 2
    assert [(e["id"], e["reason"]) for e in read_lines(Path("out2/errors.jsonl"))] == [("slow", "too-large")]
    assert (Path("out2") / "a.json").exists()


def test_resume_skips_done_pages_and_keeps_errors(cli: Cli, crawl: Path) -> None:
    assert cli("run", "in", "-o", "out").exit_code == 2
    first = {p.name: p.read_bytes() for p in Path("out").iterdir() if p.name != "run.json"}
    (Path("out") / "a.json").unlink()
    result = cli("run", "in", "-o", "out", "--resume")
    assert result.exit_code == 2  # the job has failures, from the first run
    assert "5 skipped" in result.stderr
    assert {p.name: p.read_bytes() for p in Path("out").iterdir() if p.name != "run.json"} == first
    run = json.loads(Path("out/run.json").read_text())
    assert (run["pages"], run["cleaned"], run["skipped"]) == (6, 1, 5)


def test_resume_repairs_a_cut_jsonl_line(cli: Cli, crawl: Path) -> None:
    assert cli("run", "in", "--jsonl", "all.jsonl").exit_code == 2
    whole = Path("all.jsonl").read_bytes()
    lines = whole.splitlines(keepends=True)
    Path("all.jsonl").write_bytes(b"".join(lines[:-1]) + lines[-1][:25])  # killed mid-line
    assert cli("run", "in", "--jsonl", "all.jsonl", "--resume").exit_code == 2
    assert Path("all.jsonl").read_bytes() == whole


def test_symlink_loop_in_an_input_folder(cli: Cli, crawl: Path) -> None:
    (crawl / "loop").symlink_to(crawl, target_is_directory=True)
    (crawl / "self.txt").symlink_to(crawl / "self.txt")
    result = cli("run", "in", "-o", "out")
    assert result.exit_code == 2
    assert {e["id"]: e["reason"] for e in read_lines(Path("out/errors.jsonl"))}["self"] == "unreadable"


def test_hostile_ids_and_urls_stay_inside_the_output(cli: Cli, tmp_path: Path, crawl: Path) -> None:
    hostile = [
        {"id": "../../etc/passwd", "text": ARTICLE, "url": "../../etc/passwd"},
        {"id": "/abs/path", "text": ARTICLE},
        {"id": "..", "text": ARTICLE},
        {"id": "x" * 1000, "text": ARTICLE},
        {"id": "a\x00b\nc", "text": ARTICLE},
    ]
    (crawl / "evil.jsonl").write_text("".join(json.dumps(r) + "\n" for r in hostile), encoding="utf-8")
    assert cli("run", "in/evil.jsonl", "-o", "out/inner").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["inner"]
    written = [p for p in (tmp_path / "out" / "inner").iterdir() if p.name != "run.json"]
    assert len(written) == len(hostile)
    assert all(p.resolve().parent == (tmp_path / "out" / "inner").resolve() for p in written)
    assert json.loads((tmp_path / "out/inner/evil~0~_.._etc_passwd.json").read_text())["url"] == "../../etc/passwd"


# --- SIGKILL and --resume -------------------------------------------------------------


def _expected_ids(root: Path, n_files: int, n_records: int) -> set[str]:
    return {f"p{i:02d}" for i in range(n_files)} | {f"box~{i}" for i in range(n_records)} | {"bad"}


def _make_corpus(root: Path, n_files: int, n_records: int) -> None:
    root.mkdir()
    for i in range(n_files):
        (root / f"p{i:02d}.txt").write_text(article_variant(i), encoding="utf-8")
    (root / "bad.txt").write_bytes(UNDECODABLE)
    with (root / "box.jsonl").open("w", encoding="utf-8") as handle:
        for i in range(n_records):
            handle.write(json.dumps({"text": article_variant(100 + i)}) + "\n")


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen(
        [sys.executable, "-m", "clean", "run", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill_run(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the run's own process only; its workers must notice and exit by themselves."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30  # a worker finishes its page, or sees it is orphaned within 1 s
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # the session started with the run: its workers are in it
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("workers outlived their killed run")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_sigkill_at_random_points_then_resume_loses_and_repeats_nothing(tmp_path: Path, fmt: str) -> None:
    n_files, n_records = 40, 30
    _make_corpus(tmp_path / "in", n_files, n_records)
    args = ["in", "-o", "out", "--workers", "2", "--format", fmt, "--resume"]
    rng = random.Random(f"sigkill-{fmt}")  # the same kill points on every run: no flaky CI
    for _ in range(4):
        proc = _start(args, tmp_path)
        time.sleep(rng.uniform(0.3, 2.5))
        _kill_run(proc)
    final = _start(args, tmp_path)
    assert final.wait(timeout=300) == 2  # "bad" failed (in this run or an earlier one)

    out = tmp_path / "out"
    if fmt == "json":
        pages = [json.loads(p.read_text(encoding="utf-8"))["id"] for p in out.glob("*.json") if p.name != "run.json"]
    else:
        pages = [json.loads(line)["id"] for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [e["id"] for e in read_lines(out / "errors.jsonl")]
    seen = pages + errors
    assert sorted(seen) == sorted(set(seen)), "a page was written twice"
    assert set(seen) == _expected_ids(tmp_path / "in", n_files, n_records)
    assert errors == ["bad"]


# --- Dask -----------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_engine_matches_the_local_engine_byte_for_byte(tmp_path: Path) -> None:
    """A LocalCluster of 2 worker processes, driven through the CLI in a subprocess (the
    cluster's threads must not share a process with the tests that fork workers)."""
    _make_corpus(tmp_path / "in", 12, 6)
    local = subprocess.run(
        [sys.executable, "-m", "clean", "run", "in", "--jsonl", "local.jsonl", "--workers", "2"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert local.returncode == 2, local.stderr
    dask = subprocess.run(
        [sys.executable, "-m", "clean", "run", "in", "-o", "dask", "--engine", "dask", "--workers", "2"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert dask.returncode == 2, dask.stderr
    parts = sorted((tmp_path / "dask").glob("part-*.jsonl"))
    assert len(parts) == 3  # bad.txt, the JSONL container on its own, then p00-p11
    lines = sorted(line for p in parts for line in p.read_text(encoding="utf-8").splitlines())
    assert lines == sorted((tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines())
    errors = sorted(line for p in (tmp_path / "dask").glob("errors-*.jsonl") for line in p.read_text().splitlines())
    assert errors == sorted((tmp_path / "local.errors.jsonl").read_text(encoding="utf-8").splitlines())
    run = json.loads((tmp_path / "dask" / "run.json").read_text())
    assert (run["cleaned"], run["failed"], run["run"]["engine"]) == (18, 1, "dask")


def test_clean_partition_for_users_own_pipelines() -> None:
    from clean.dask import clean_partition

    out = clean_partition([{"text": ARTICLE, "id": "a"}, {"html": HTML_PAGE, "url": "https://e.org/"}, {"nope": 1}])
    assert out[0] == {"article": clean.clean_page(ARTICLE, kind="text", page_id="a").to_dict()}
    assert out[1]["article"]["kind"] == "html" and out[1]["article"]["url"] == "https://e.org/"
    assert out[2]["error"]["reason"] == "bad-record"


# --- budgets enforced by the pool, and no state between pages --------------------------


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patching reaches workers by fork")
def test_a_page_stuck_past_the_hard_budget_is_killed_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page stuck where the cooperative deadline cannot see it (here: a sleep standing in
    for a regex in C) becomes a `timeout` error line; its worker is replaced."""
    real = batch.clean_page

    def stuck_on_marker(raw: str | bytes, **kwargs: Any) -> clean.Article:
        if b"STUCK" in (raw if isinstance(raw, bytes) else raw.encode()):
            time.sleep(120)
        return real(raw, **kwargs)

    monkeypatch.setattr(batch, "clean_page", stuck_on_marker)
    sources = [
        Source(id=f"p{i}", source_path=None, data=(b"STUCK" if i == 1 else b"") + article_variant(i).encode())
        for i in range(5)
    ]
    with BatchWriter(outdir=None, jsonl=tmp_path / "out.jsonl", errors_path=tmp_path / "errors.jsonl") as writer:
        summary = run_batch(sources, writer, options=Options(timeout=0.1), workers=2)
    assert (summary.cleaned, summary.errors) == (4, (("timeout", 1),))
    assert [e["id"] for e in read_lines(tmp_path / "errors.jsonl")] == ["p1"]
    assert [line["id"] for line in read_lines(tmp_path / "out.jsonl")] == ["p0", "p2", "p3", "p4"]


def test_no_state_carries_from_one_page_to_the_next(tmp_path: Path) -> None:
    """The same page gives the same JSON after hostile and unrelated pages in the same worker."""
    target = Source(id="t", source_path=None, data=article_variant(5).encode())
    before = [
        Source(id=f"h{i}", source_path=None, data=data)
        for i, data in enumerate([UNDECODABLE, b"<div>" * 5000, HTML_PAGE.encode(), article_variant(6).encode()])
    ]
    outputs = []
    for n, sources in enumerate([[target], [*before, target]]):
        out = tmp_path / f"{n}.jsonl"
        with BatchWriter(outdir=None, jsonl=out, errors_path=tmp_path / f"{n}.errors.jsonl") as writer:
            run_batch(sources, writer, options=Options(), workers=1)
        outputs.append(out.read_text(encoding="utf-8").splitlines()[-1])
    assert outputs[0] == outputs[1]


def test_a_page_named_run_does_not_collide_with_run_json(cli: Cli, crawl: Path) -> None:
    (crawl / "run.txt").write_text(article_variant(9), encoding="utf-8")
    assert cli("run", "in/run.txt", "-o", "out").exit_code == 0
    (page,) = [p for p in Path("out").iterdir() if p.name != "run.json"]
    assert page.name.startswith("run-") and json.loads(page.read_text())["source_path"] == "in/run.txt"
    assert json.loads(Path("out/run.json").read_text())["cleaned"] == 1
