"""cleaned/ is the committed output of `make run`: it must be exactly what the code writes now.

When this fails, the cleaning changed: review the diff, then run `make run` and commit
cleaned/ together with the change that caused it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clean.cli import app
from conftest import CLEANED, REPO

HINT = "cleaned/ is out of date: review the change, then run `make run` and commit cleaned/"


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "run.json"  # timings: differs every run, not committed
    }


def test_cleaned_matches_a_fresh_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # source_path is recorded relative to where `make run` runs
    result = CliRunner().invoke(app, ["run", "seeds", "-o", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    if not CLEANED.is_dir():
        pytest.fail("cleaned/ is missing: run `make run` and commit it", pytrace=False)
    committed, fresh = files(CLEANED), files(tmp_path)
    problems: list[str] = []
    for name in sorted(committed.keys() - fresh.keys()):
        problems.append(f"cleaned/{name}: no longer written (delete it)")
    for name in sorted(fresh.keys() - committed.keys()):
        problems.append(f"cleaned/{name}: missing")
    for name in sorted(committed.keys() & fresh.keys()):
        if committed[name] != fresh[name]:
            problems += difflib.unified_diff(
                committed[name].splitlines(),
                fresh[name].splitlines(),
                f"cleaned/{name} (committed)",
                f"cleaned/{name} (now)",
                lineterm="",
            )
    if problems:
        pytest.fail("\n".join([HINT, *problems, HINT]), pytrace=False)
