"""The fuzz target's checked-in corpus, replayed on every test run (no atheris needed):
inputs the fuzzer found interesting stay fixed once saved to fuzz/corpus/."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import REPO

FUZZ = REPO / "fuzz"
CORPUS = sorted((FUZZ / "corpus").iterdir())


@functools.cache
def _target() -> object:
    spec = importlib.util.spec_from_file_location("fuzz_clean", FUZZ / "fuzz_clean.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_clean"] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_covers_every_target() -> None:
    selectors = {path.read_bytes()[0] for path in CORPUS}
    assert {s % 2 for s in selectors} == {0, 1}
    assert len({(s // 2) % 5 for s in selectors if s % 2}) == 5  # every container reader


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_input_passes_the_target(path: Path) -> None:
    target = _target()
    target.one_input(path.read_bytes())  # type: ignore[attr-defined]
